-- The most mentioned places with their coordinates (GeoNames id where one applies) and how they
-- were geocoded (geocode_rule: unique, context, population; ' contained' for a place inside a name).
select
    canonical_name,
    label,
    place_name_latin,
    place_kind,
    place_country_code,
    latitude,
    longitude,
    geonames_id,
    geocode_rule,
    mention_count,
    article_count
from marts.entities
where label in ('GPE', 'LOC', 'FAC')
    and latitude is not null
order by mention_count desc, entity_id
limit 50;
