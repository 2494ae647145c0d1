-- entity_mentions: entity and value mentions in article bodies (field = 'text') and titles
-- (field = 'title'); offsets are Python string offsets into that field.
-- grain: mention. key: mention_id.

with mentions as (
    select * from staging.stg_entity_mentions
)

select
    mention_id,
    article_id,
    sentence_index,
    start_char,
    end_char,
    surface,
    normalized,
    label,
    value,
    entity_id,
    confidence,
    field,
    canonical_name,
    canonical_name_latin,
    country_code,
    extractor
from mentions
order by article_id, field desc, start_char, end_char, label
