-- stg_entity_places: where each place entity (GPE, LOC, FAC) is, from the packaged gazetteer.
-- grain: one row per geocoded entity. key: entity_id.
-- raw.entity_places is computed at each build by akhbar.storage.places (rule: akhbar.geo.places);
-- entities that could not be placed have no row.

select
    entity_id,
    latitude,
    longitude,
    geonames_id,
    place_name_latin,
    place_kind,
    place_country_code,
    geocode_rule
from raw.entity_places
