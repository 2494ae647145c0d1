-- daily_event_counts (warehouse only): counts per day, type and place with the place lookup.
SELECT
    CAST(d.event_date AS VARCHAR) AS event_date,
    try_cast(d.event_date AS TIMESTAMP_NS) AS event_date_ts,
    d.event_type,
    d.place_entity_id,
    d.place,
    d.event_count,
    CASE WHEN d.place_entity_id IS NOT NULL
        THEN d.place_entity_id IN (SELECT entity_id FROM entities) END AS place_found
FROM daily_event_counts AS d
