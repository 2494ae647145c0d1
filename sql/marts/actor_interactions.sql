-- actor_interactions: who does what to whom.
-- grain: actor entity × target entity × event_type. key: (actor_entity_id, target_entity_id, event_type).
-- Only events that happened: status asserted or reported (not planned, denied, hypothetical).
-- Only events with an actor and a target that are entities; an entity acting on itself is left out.
-- Event dates: event_date, else the article's published_date.

with events as (
    select event_id, event_type, event_day
    from staging.stg_event_days
    where status in ('asserted', 'reported')
),

actors as (
    select distinct event_id, entity_id
    from staging.stg_event_participants
    where role = 'actor' and entity_id is not null
),

targets as (
    select distinct event_id, entity_id
    from staging.stg_event_participants
    where role = 'target' and entity_id is not null
),

pairs as (
    select
        actors.entity_id as actor_entity_id,
        targets.entity_id as target_entity_id,
        events.event_type,
        events.event_id,
        events.event_day
    from events
    inner join actors using (event_id)
    inner join targets using (event_id)
    where actors.entity_id <> targets.entity_id
),

interactions as (
    select
        actor_entity_id,
        target_entity_id,
        event_type,
        count(distinct event_id) as event_count,
        min(event_day) as first_date,
        max(event_day) as last_date
    from pairs
    group by actor_entity_id, target_entity_id, event_type
)

select
    interactions.actor_entity_id,
    actor.canonical_name as actor_name,
    interactions.target_entity_id,
    target.canonical_name as target_name,
    interactions.event_type,
    interactions.event_count,
    interactions.first_date,
    interactions.last_date
from interactions
inner join marts.entities as actor on interactions.actor_entity_id = actor.entity_id
inner join marts.entities as target on interactions.target_entity_id = target.entity_id
order by
    interactions.event_count desc, interactions.actor_entity_id, interactions.target_entity_id, interactions.event_type
