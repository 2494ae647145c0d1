-- stg_articles: the distinct articles of the lake.
-- grain: one row per article (article_id is derived from the text). key: article_id.
-- The earliest ingestion wins (ties: external_id, source_path), so the same text given twice is
-- stored once and reruns change nothing. `extractor` is the tag of the latest extraction run of the
-- article, so re-extracting with a new extractor version replaces the older outputs downstream.

with ranked as (
    select
        *,
        row_number() over (
            partition by article_id order by ingested_at, external_id, source_path
        ) as first_rank,
        row_number() over (
            partition by article_id order by ingested_at desc, extractor desc
        ) as latest_rank
    from raw.articles
),

first_seen as (
    select * from ranked where first_rank = 1
),

latest_run as (
    select article_id, extractor from ranked where latest_rank = 1
)

select
    first_seen.article_id,
    first_seen.external_id,
    first_seen.source_path,
    first_seen.source,
    first_seen.url,
    first_seen.title,
    first_seen.published_at,
    first_seen.published_date,
    first_seen.dateline_source,
    first_seen.dateline_place,
    first_seen.encoding,
    first_seen.text,
    first_seen.char_count,
    first_seen.sentence_count,
    latest_run.extractor,
    first_seen.batch_id,
    first_seen.ingested_at
from first_seen
inner join latest_run using (article_id)
