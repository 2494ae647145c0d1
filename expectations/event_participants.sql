-- event_participants: each argument with its event, mention and article lookups.
WITH checked AS (
    SELECT
        p.*,
        e.event_id IS NOT NULL AS event_found,
        CASE WHEN e.event_id IS NOT NULL THEN e.article_id = p.article_id END AS article_matches_event,
        CASE WHEN p.mention_id IS NOT NULL THEN m.mention_id IS NOT NULL END AS mention_found,
        a.text AS article_text,
        CASE WHEN p.start_char IS NOT NULL OR p.end_char IS NOT NULL
            THEN coalesce(p.start_char >= 0 AND p.end_char > p.start_char
                          AND p.end_char <= length(a.text), false)
        END AS offsets_in_text
    FROM event_participants AS p
    LEFT JOIN events AS e ON e.event_id = p.event_id
    LEFT JOIN entity_mentions AS m ON m.mention_id = p.mention_id
    LEFT JOIN articles AS a ON a.article_id = p.article_id
)
SELECT
    event_id,
    event_found,
    article_id,
    article_matches_event,
    role,
    surface,
    mention_id,
    mention_found,
    offsets_in_text,
    CASE WHEN offsets_in_text THEN substr(article_text, start_char + 1, end_char - start_char) END AS span
FROM checked
