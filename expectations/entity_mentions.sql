-- entity_mentions: each mention with its article lookup and the span its offsets give.
WITH checked AS (
    SELECT
        m.*,
        a.article_id IS NOT NULL AS article_found,
        CASE m.field WHEN 'title' THEN a.title ELSE a.text END AS field_text
    FROM entity_mentions AS m
    LEFT JOIN articles AS a ON a.article_id = m.article_id
), bounded AS (
    SELECT
        *,
        CASE WHEN article_found
            THEN coalesce(start_char >= 0 AND end_char > start_char
                          AND end_char <= length(field_text), false)
        END AS offsets_in_field
    FROM checked
)
SELECT
    mention_id,
    article_id,
    article_found,
    field,
    sentence_index,
    label,
    surface,
    normalized,
    value,
    CASE label
        WHEN 'DATE' THEN value IS NULL OR regexp_full_match(value, '\d{4}(-\d{2}(-\d{2})?)?')
        WHEN 'TIME' THEN coalesce(regexp_full_match(value, '\d{2}:\d{2}'), false)
        WHEN 'QUANTITY' THEN try_cast(value AS DOUBLE) IS NOT NULL
        ELSE true
    END AS value_well_formed,
    entity_id,
    confidence,
    offsets_in_field,
    CASE WHEN offsets_in_field THEN substr(field_text, start_char + 1, end_char - start_char) END AS span
FROM bounded
