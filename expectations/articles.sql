-- articles: one row per article with derived check columns (batch tables or marts).
select
    article_id,
    external_id,
    length(text) as text_chars,
    char_count,
    cast(published_date as varchar) as published_date,
    try_cast(published_date as timestamp_ns) as published_date_ts,
    ingested_at
from articles
