-- stg_events: events of the distinct articles.
-- grain: one row per event. key: event_id.
-- Only rows of committed batches (staging.stg_batches) count.
-- Only events made by the article's current extractor are kept; duplicates across batches: the
-- earliest lake file wins, and `batch_file` names that file so participants come from the same batch.

with ranked as (
    select
        events.*,
        parse_filename(events.lake_file, true) as batch_file,
        row_number() over (
            partition by events.event_id order by events.ingest_date, events.lake_file
        ) as file_rank
    from raw.events as events
    inner join staging.stg_articles as articles
        on events.article_id = articles.article_id
        and events.extractor = articles.extractor
    where parse_filename(events.lake_file, true) in (select batch_id from staging.stg_batches)
)

select * exclude (lake_file, ingest_date, file_rank)
from ranked
where file_rank = 1
