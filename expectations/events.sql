-- events: each event with its article lookup and the span its trigger offsets give.
WITH checked AS (
    SELECT
        e.*,
        a.article_id IS NOT NULL AS article_found,
        a.text AS article_text,
        CASE WHEN a.article_id IS NOT NULL
            THEN e.trigger_start >= 0 AND e.trigger_end > e.trigger_start
                 AND e.trigger_end <= length(a.text)
        END AS offsets_in_text
    FROM events AS e
    LEFT JOIN articles AS a ON a.article_id = e.article_id
)
SELECT
    event_id,
    article_id,
    article_found,
    sentence_index,
    event_type,
    status,
    date_precision,
    trigger,
    offsets_in_text,
    CASE WHEN offsets_in_text
        THEN substr(article_text, trigger_start + 1, trigger_end - trigger_start)
    END AS span,
    CAST(event_date AS VARCHAR) AS event_date,
    try_cast(event_date AS TIMESTAMP_NS) AS event_date_ts,
    quantity,
    confidence,
    evidence
FROM checked
