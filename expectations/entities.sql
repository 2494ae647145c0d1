-- entities (warehouse only): entities full-joined with the entity_ids that entity_mentions use.
WITH referenced AS (
    SELECT DISTINCT entity_id FROM entity_mentions WHERE entity_id IS NOT NULL
)
SELECT
    coalesce(e.entity_id, r.entity_id) AS entity_id,
    e.entity_id IS NOT NULL AS listed,
    r.entity_id IS NOT NULL AS mentioned,
    e.label,
    e.canonical_name,
    e.mention_count,
    e.article_count,
    CAST(e.first_seen_date AS VARCHAR) AS first_seen_date,
    try_cast(e.first_seen_date AS TIMESTAMP_NS) AS first_seen_date_ts,
    CAST(e.last_seen_date AS VARCHAR) AS last_seen_date,
    try_cast(e.last_seen_date AS TIMESTAMP_NS) AS last_seen_date_ts
FROM entities AS e
FULL JOIN referenced AS r ON r.entity_id = e.entity_id
