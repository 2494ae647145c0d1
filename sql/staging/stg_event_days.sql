-- stg_event_days: the day each event is counted on.
-- grain: event. key: event_id.
-- status is kept so marts can count only events that happened (asserted or reported).
-- event_day: the event's own date, else its article's published_date (NULL when neither is known).

with events as (
    select event_id, article_id, event_type, status, event_date
    from staging.stg_events
),

articles as (
    select article_id, published_date
    from staging.stg_articles
)

select
    events.event_id,
    events.event_type,
    events.status,
    coalesce(events.event_date, articles.published_date) as event_day
from events
inner join articles using (article_id)
