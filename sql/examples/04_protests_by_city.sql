-- Protests by city: PROTEST events that happened, per place entity that is a city (GeoNames),
-- with coordinates for a map.
select
    entities.canonical_name as city,
    entities.place_name_latin as city_latin,
    entities.place_country_code as country,
    entities.latitude,
    entities.longitude,
    sum(counts.event_count) as protests,
    min(counts.event_date) as first_date,
    max(counts.event_date) as last_date
from marts.daily_event_counts as counts
inner join marts.entities as entities on counts.place_entity_id = entities.entity_id
where counts.event_type = 'PROTEST'
    and entities.place_kind = 'city'
group by all
order by protests desc, city;
