-- event_participants: event arguments (actor, target, location, instrument, ...).
-- grain: event argument. key: (event_id, role, start_char, end_char, surface).
-- mention_id / entity_id are NULL when the argument is not an entity mention.

with participants as (
    select * from staging.stg_event_participants
)

select
    event_id,
    role,
    surface,
    entity_id,
    mention_id,
    article_id,
    start_char,
    end_char
from participants
order by article_id, event_id, role, start_char nulls last, end_char nulls last, surface
