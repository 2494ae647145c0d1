-- articles: one row per article with derived check columns (batch tables or marts).
SELECT
    article_id,
    external_id,
    length(text) AS text_chars,
    char_count,
    CAST(published_date AS VARCHAR) AS published_date,
    try_cast(published_date AS TIMESTAMP_NS) AS published_date_ts,
    ingested_at
FROM articles
