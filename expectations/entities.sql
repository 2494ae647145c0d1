-- entities (warehouse only): entities full-joined with the entity_ids that entity_mentions use.
with referenced as (
    select distinct entity_id from entity_mentions
    where entity_id is not null
)

select
    coalesce(e.entity_id, r.entity_id) as entity_id,
    e.entity_id is not null as listed,
    r.entity_id is not null as mentioned,
    e.label,
    e.canonical_name,
    e.mention_count,
    e.article_count,
    cast(e.first_seen_date as varchar) as first_seen_date,
    try_cast(e.first_seen_date as timestamp_ns) as first_seen_date_ts,
    cast(e.last_seen_date as varchar) as last_seen_date,
    try_cast(e.last_seen_date as timestamp_ns) as last_seen_date_ts,
    e.latitude,
    e.longitude,
    (e.latitude is null) = (e.longitude is null)
    and (e.latitude is null or e.label in ('GPE', 'LOC', 'FAC')) as coordinates_ok
from entities as e
full join referenced as r on r.entity_id = e.entity_id
