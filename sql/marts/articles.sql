-- articles: one row per distinct article, with the body that every offset refers to.
-- grain: article. key: article_id.
-- Timestamps are UTC (TIMESTAMP without time zone).

with articles as (
    select * from staging.stg_articles
)

select
    article_id,
    external_id,
    source,
    url,
    title,
    published_date,
    text,
    timezone('UTC', ingested_at) as ingested_at,
    source_path,
    timezone('UTC', published_at) as published_at,
    dateline_source,
    dateline_place,
    encoding,
    char_count,
    sentence_count,
    extractor
from articles
order by published_date nulls last, external_id, article_id
