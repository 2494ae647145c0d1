-- actor_interactions (warehouse only): actor/target pairs with entity lookups.
SELECT
    i.actor_entity_id,
    i.actor_name,
    i.target_entity_id,
    i.target_name,
    i.event_type,
    i.event_count,
    CASE WHEN i.actor_entity_id IS NOT NULL
        THEN i.actor_entity_id IN (SELECT entity_id FROM entities) END AS actor_found,
    CASE WHEN i.target_entity_id IS NOT NULL
        THEN i.target_entity_id IN (SELECT entity_id FROM entities) END AS target_found,
    CAST(i.first_date AS VARCHAR) AS first_date,
    try_cast(i.first_date AS TIMESTAMP_NS) AS first_date_ts,
    CAST(i.last_date AS VARCHAR) AS last_date,
    try_cast(i.last_date AS TIMESTAMP_NS) AS last_date_ts
FROM actor_interactions AS i
