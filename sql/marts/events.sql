-- events: PLOVER events (plus STATEMENT) found in article bodies.
-- grain: event. key: event_id.

with events as (
    select * from staging.stg_events
)

select
    event_id,
    article_id,
    sentence_index,
    event_type,
    trigger,
    trigger_start,
    trigger_end,
    status,
    event_date,
    date_precision,
    quantity,
    confidence,
    evidence,
    mode,
    quantity_approximate,
    extractor
from events
order by article_id, sentence_index, trigger_start, trigger_end, event_type
