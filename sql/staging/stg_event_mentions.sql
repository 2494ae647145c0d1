-- stg_event_mentions: every telling of the events in stg_events (an event told in several
-- sentences of one article is one event with one mention per trigger).
-- grain: one row per event mention. key: event_mention_id.
-- As stg_events: only rows of committed batches made by the article's current extractor count;
-- mentions come from the same batch file as their event (stg_events.batch_file), so an event's
-- mentions are never mixed across extraction runs. The same batch written on two ingest dates:
-- the earliest lake file wins.

with ranked as (
    select
        mentions.*,
        row_number() over (
            partition by mentions.event_mention_id order by mentions.ingest_date, mentions.lake_file
        ) as file_rank
    from raw.event_mentions as mentions
    inner join staging.stg_events as events
        on mentions.event_id = events.event_id
        and mentions.extractor = events.extractor
        and parse_filename(mentions.lake_file, true) = events.batch_file
)

select * exclude (lake_file, ingest_date, file_rank)
from ranked
where file_rank = 1
