-- daily_event_counts: events per day, type and place.
-- grain: event_date × event_type × place. key: (event_date, event_type, place_entity_id, place).
-- Only events that happened: status asserted or reported (not planned, denied, hypothetical).
-- event_date: the event's date, else the article's published_date (NULL when neither is known).
-- place: the canonical name of the event's first location participant (by offset; its surface
-- when it is not an entity), 'unknown' when it has none. latitude / longitude / geonames_id /
-- place_country_code: where that place entity is (marts.entities), NULL when not geocoded.

with events as (
    select event_id, event_type, event_day
    from staging.stg_event_days
    where status in ('asserted', 'reported')
),

first_locations as (
    select event_id, entity_id, surface
    from staging.stg_event_participants
    where role = 'location'
    qualify row_number() over (
            partition by event_id order by start_char nulls last, end_char, surface
        ) = 1
),

located as (
    select
        events.event_day,
        events.event_type,
        first_locations.entity_id as place_entity_id,
        coalesce(entities.canonical_name, first_locations.surface, 'unknown') as place,
        entities.latitude,
        entities.longitude,
        entities.geonames_id,
        entities.place_country_code
    from events
    left join first_locations using (event_id)
    left join marts.entities as entities on first_locations.entity_id = entities.entity_id
)

select
    event_day as event_date,
    event_type,
    place_entity_id,
    place,
    count(*) as event_count,
    any_value(latitude) as latitude,
    any_value(longitude) as longitude,
    any_value(geonames_id) as geonames_id,
    any_value(place_country_code) as place_country_code
from located
group by event_day, event_type, place_entity_id, place
order by event_day nulls last, event_type, place, place_entity_id nulls first
