-- Events that happened in one country, per day and type (here Iraq, ISO code IQ).
-- A place is the event's first location participant, geocoded in marts.entities; an event placed
-- at a city of Iraq (بغداد) or at the country itself (العراق) both count.
select
    event_date,
    event_type,
    sum(event_count) as events,
    string_agg(distinct place, '، ' order by place) as places
from marts.daily_event_counts
where place_country_code = 'IQ'
    and event_date is not null
group by event_date, event_type
order by event_date, events desc, event_type;
