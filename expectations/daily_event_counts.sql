-- daily_event_counts (warehouse only): counts per day, type and place with the place lookup.
select
    cast(d.event_date as varchar) as event_date,
    try_cast(d.event_date as timestamp_ns) as event_date_ts,
    d.event_type,
    d.place_entity_id,
    d.place,
    d.event_count,
    case when d.place_entity_id is not null
            then d.place_entity_id in (select entity_id from entities)
    end as place_found
from daily_event_counts as d
