-- stg_articles: the distinct articles of the lake.
-- grain: one row per article (article_id is derived from the normalized text). key: article_id.
-- Every column comes from the row of the article's latest extraction run (latest ingested_at, ties:
-- extractor desc, batch_id, external_id, source_path): inputs with the same article_id may differ in
-- diacritics, punctuation or title, and the offsets of that run's mentions and events refer to its
-- text. `batch_id` names that run's batch. `ingested_at` is the earliest ingestion (first seen), so
-- the same text given twice is stored once and reruns change nothing.

with ranked as (
    select
        *,
        row_number() over (
            partition by article_id
            order by ingested_at desc, extractor desc, batch_id, external_id, source_path
        ) as latest_rank,
        min(ingested_at) over (partition by article_id) as first_ingested_at
    from raw.articles
)

select
    article_id,
    external_id,
    source_path,
    source,
    url,
    title,
    published_at,
    published_date,
    dateline_source,
    dateline_place,
    encoding,
    text,
    char_count,
    sentence_count,
    extractor,
    batch_id,
    first_ingested_at as ingested_at
from ranked
where latest_rank = 1
