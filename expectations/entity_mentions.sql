-- entity_mentions: each mention with its article lookup and the span its offsets give.
with checked as (
    select
        m.*,
        a.article_id is not null as article_found,
        case m.field when 'title' then a.title else a.text end as field_text
    from entity_mentions as m
    left join articles as a on a.article_id = m.article_id
),

bounded as (
    select
        *,
        case when article_found
                then coalesce(
                        start_char >= 0 and end_char > start_char
                        and end_char <= length(field_text), false
                    )
        end as offsets_in_field
    from checked
)

select
    mention_id,
    article_id,
    article_found,
    field,
    sentence_index,
    label,
    surface,
    normalized,
    value,
    case label
        when 'DATE' then value is null or regexp_full_match(value, '\d{4}(-\d{2}(-\d{2})?)?')
        when 'TIME' then coalesce(regexp_full_match(value, '\d{2}:\d{2}'), false)
        when 'QUANTITY' then try_cast(value as double) is not null
        else true
    end as value_well_formed,
    entity_id,
    confidence,
    offsets_in_field,
    case when offsets_in_field then substr(field_text, start_char + 1, end_char - start_char) end as span
from bounded
