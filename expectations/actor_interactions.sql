-- actor_interactions (warehouse only): actor/target pairs with entity lookups.
select
    i.actor_entity_id,
    i.actor_name,
    i.target_entity_id,
    i.target_name,
    i.event_type,
    i.event_count,
    case when i.actor_entity_id is not null
            then i.actor_entity_id in (select entity_id from entities)
    end as actor_found,
    case when i.target_entity_id is not null
            then i.target_entity_id in (select entity_id from entities)
    end as target_found,
    cast(i.first_date as varchar) as first_date,
    try_cast(i.first_date as timestamp_ns) as first_date_ts,
    cast(i.last_date as varchar) as last_date,
    try_cast(i.last_date as timestamp_ns) as last_date_ts
from actor_interactions as i
