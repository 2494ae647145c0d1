-- Events per day and type (a pivot: one column per type), the table behind the report's first
-- chart; days without a known date are left out.
pivot (
    select event_date, event_type, event_count
    from marts.daily_event_counts
    where event_date is not null
)
on event_type
using sum(event_count)
group by event_date
order by event_date;
