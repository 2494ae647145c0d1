-- event_mentions: each mention with its event and article lookups and the span its trigger offsets
-- give, plus one row (listed = false) for every event that has no mention at all.
with checked as (
    select
        m.*,
        e.event_id is not null as event_found,
        case when e.event_id is not null then e.article_id = m.article_id end as article_matches_event,
        case when m.mention_rank = 0 and e.event_id is not null
                then m.trigger_start = e.trigger_start and m.trigger_end = e.trigger_end
                    and m.trigger = e.trigger
        end as own_mention_is_event_trigger,
        a.text as article_text,
        case when a.article_id is not null
                then coalesce(
                        m.trigger_start >= 0 and m.trigger_end > m.trigger_start
                        and m.trigger_end <= length(a.text), false
                    )
        end as offsets_in_text
    from event_mentions as m
    left join events as e on e.event_id = m.event_id
    left join articles as a on a.article_id = m.article_id
),

own_mentions as (
    select distinct event_id from event_mentions
    where mention_rank = 0
),

unmentioned as (
    select e.event_id, e.article_id
    from events as e
    where e.event_id not in (
            select event_id from event_mentions
            where event_id is not null
        )
)

select
    true as listed,
    event_mention_id,
    event_id,
    event_found,
    true as event_has_mention,
    event_id in (select event_id from own_mentions) as event_has_own_mention,
    article_id,
    article_matches_event,
    mention_rank,
    sentence_index,
    status,
    trigger,
    offsets_in_text,
    case when offsets_in_text
            then substr(article_text, trigger_start + 1, trigger_end - trigger_start)
    end as span,
    own_mention_is_event_trigger,
    case when evidence is not null and trigger is not null
            then strpos(evidence, trigger) > 0
    end as trigger_in_evidence,
    evidence
from checked
union all
select
    false as listed,
    null as event_mention_id,
    event_id,
    true as event_found,
    false as event_has_mention,
    null as event_has_own_mention,
    article_id,
    null as article_matches_event,
    null as mention_rank,
    null as sentence_index,
    null as status,
    null as trigger,
    null as offsets_in_text,
    null as span,
    null as own_mention_is_event_trigger,
    null as trigger_in_evidence,
    null as evidence
from unmentioned
