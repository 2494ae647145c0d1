-- event_participants: each argument with its event, mention and article lookups.
with checked as (
    select
        p.*,
        e.event_id is not null as event_found,
        case when e.event_id is not null then e.article_id = p.article_id end as article_matches_event,
        case when p.mention_id is not null then m.mention_id is not null end as mention_found,
        a.text as article_text,
        case when p.start_char is not null or p.end_char is not null
                then coalesce(
                        p.start_char >= 0 and p.end_char > p.start_char
                        and p.end_char <= length(a.text), false
                    )
        end as offsets_in_text
    from event_participants as p
    left join events as e on e.event_id = p.event_id
    left join entity_mentions as m on m.mention_id = p.mention_id
    left join articles as a on a.article_id = p.article_id
)

select
    event_id,
    event_found,
    article_id,
    article_matches_event,
    role,
    surface,
    mention_id,
    mention_found,
    offsets_in_text,
    case when offsets_in_text then substr(article_text, start_char + 1, end_char - start_char) end as span
from checked
