-- stg_event_participants: arguments of the events in stg_events.
-- grain: one row per event argument. key: (event_id, role, start_char, end_char, surface).
-- Participants come from the same batch file as their event, so an event's arguments are never
-- mixed across extraction runs.

with participants as (
    select
        *,
        parse_filename(lake_file, true) as batch_file
    from raw.event_participants
),

matched as (
    select distinct
        participants.event_id,
        participants.article_id,
        participants.role,
        participants.surface,
        participants.start_char,
        participants.end_char,
        participants.entity_id,
        participants.mention_id
    from participants
    inner join staging.stg_events as events
        on participants.event_id = events.event_id
        and participants.batch_file = events.batch_file
)

select * from matched
