-- entities: canonical entities (mentions grouped by label and folded canonical name).
-- grain: entity. key: entity_id.
-- canonical_name: the most frequent name of its mentions (canonical name, else normalized),
-- ties → longest, then alphabetical; canonical_name_latin and country_code: the most frequent
-- non-null value, ties → alphabetical. Dates: the article's published_date, else its ingestion date.
-- Places (GPE, LOC, FAC): latitude, longitude (WGS84 degrees), geonames_id and the place's Latin
-- name, kind, country and geocode_rule from staging.stg_entity_places; NULL when not geocoded.

with mentions as (
    select
        mentions.entity_id,
        mentions.label,
        mentions.article_id,
        coalesce(mentions.canonical_name, mentions.normalized) as name,
        mentions.canonical_name_latin,
        mentions.country_code,
        coalesce(
            articles.published_date, cast(timezone('UTC', articles.ingested_at) as date)
        ) as seen_date
    from staging.stg_entity_mentions as mentions
    inner join staging.stg_articles as articles using (article_id)
    where mentions.entity_id is not null
),

names as (
    select entity_id, name as canonical_name
    from mentions
    group by entity_id, name
    qualify row_number() over (
            partition by entity_id order by count(*) desc, length(name) desc, name
        ) = 1
),

latin_names as (
    select entity_id, canonical_name_latin
    from mentions
    where canonical_name_latin is not null
    group by entity_id, canonical_name_latin
    qualify row_number() over (
            partition by entity_id order by count(*) desc, canonical_name_latin
        ) = 1
),

countries as (
    select entity_id, country_code
    from mentions
    where country_code is not null
    group by entity_id, country_code
    qualify row_number() over (partition by entity_id order by count(*) desc, country_code) = 1
),

totals as (
    select
        entity_id,
        min(label) as label,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        min(seen_date) as first_seen_date,
        max(seen_date) as last_seen_date
    from mentions
    group by entity_id
)

select
    totals.entity_id,
    totals.label,
    names.canonical_name,
    latin_names.canonical_name_latin,
    countries.country_code,
    totals.mention_count,
    totals.article_count,
    totals.first_seen_date,
    totals.last_seen_date,
    places.latitude,
    places.longitude,
    places.geonames_id,
    places.place_name_latin,
    places.place_kind,
    places.place_country_code,
    places.geocode_rule
from totals
inner join names using (entity_id)
left join latin_names using (entity_id)
left join countries using (entity_id)
left join staging.stg_entity_places as places using (entity_id)
order by totals.mention_count desc, totals.entity_id
