-- events: PLOVER events (plus STATEMENT) found in article bodies.
-- grain: event. key: event_id.
-- mention_count: how many times the article tells the event (its rows in marts.event_mentions).

with events as (
    select * from staging.stg_events
),

mention_counts as (
    select event_id, count(*) as mention_count
    from staging.stg_event_mentions
    group by event_id
)

select
    events.event_id,
    events.article_id,
    events.sentence_index,
    events.event_type,
    events.trigger,
    events.trigger_start,
    events.trigger_end,
    events.status,
    events.event_date,
    events.date_precision,
    events.date_source,
    events.quantity,
    events.confidence,
    events.evidence,
    events.mode,
    events.quantity_approximate,
    events.extractor,
    coalesce(mention_counts.mention_count, 0) as mention_count
from events
left join mention_counts using (event_id)
order by
    events.article_id, events.sentence_index, events.trigger_start, events.trigger_end, events.event_type
