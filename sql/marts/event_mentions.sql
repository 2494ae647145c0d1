-- event_mentions: the evidence of each event, one row per place its article tells it (trigger
-- span and sentence). The event's own trigger (marts.events.trigger) is mention_rank 0; the
-- sentences merged into it follow in text order.
-- grain: event mention. key: event_mention_id.

with mentions as (
    select * from staging.stg_event_mentions
),

events as (
    select event_id, event_type
    from staging.stg_events
)

select
    mentions.event_mention_id,
    mentions.event_id,
    mentions.article_id,
    events.event_type,
    mentions.mention_rank,
    mentions.sentence_index,
    mentions.trigger,
    mentions.trigger_start,
    mentions.trigger_end,
    mentions.status,
    mentions.evidence,
    mentions.extractor
from mentions
inner join events using (event_id)
order by mentions.article_id, mentions.event_id, mentions.mention_rank, mentions.event_mention_id
