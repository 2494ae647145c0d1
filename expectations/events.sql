-- events: each event with its article lookup and the span its trigger offsets give.
with checked as (
    select
        e.*,
        a.article_id is not null as article_found,
        a.text as article_text,
        case when a.article_id is not null
                then e.trigger_start >= 0 and e.trigger_end > e.trigger_start
                    and e.trigger_end <= length(a.text)
        end as offsets_in_text
    from events as e
    left join articles as a on a.article_id = e.article_id
)

select
    event_id,
    article_id,
    article_found,
    sentence_index,
    event_type,
    status,
    date_precision,
    date_source,
    (date_source = 'none') = (event_date is null) as dated_by_source,
    trigger,
    offsets_in_text,
    case when offsets_in_text
            then substr(article_text, trigger_start + 1, trigger_end - trigger_start)
    end as span,
    cast(event_date as varchar) as event_date,
    -- a planned or hypothetical event may lie ahead; any other event has happened by now
    case when status not in ('planned', 'hypothetical')
            then try_cast(event_date as timestamp_ns)
    end as event_date_ts,
    year(try_cast(event_date as date)) as event_year,
    quantity,
    confidence,
    evidence
from checked
