-- One entity's timeline: every event it takes part in, in date order, with its role and the
-- sentence that tells it (here: the entity named العراق; change the name, or use its entity_id).
with wanted as (
    select entity_id
    from marts.entities
    where canonical_name = 'العراق'
)

select
    coalesce(events.event_date, articles.published_date) as day,
    events.event_type,
    participants.role,
    events.status,
    events.trigger,
    articles.title,
    events.evidence
from marts.event_participants as participants
inner join wanted using (entity_id)
inner join marts.events as events using (event_id)
inner join marts.articles as articles on events.article_id = articles.article_id
order by day nulls last, events.event_id, participants.role;
