-- Who attacked whom in the last 7 days of the data (ASSAULT and COERCE events that happened).
-- "This week" is the 7 days up to the latest event date in the warehouse, so the query also works
-- on an old warehouse; replace the subquery with current_date for a live one.
select
    actor_name,
    target_name,
    event_type,
    event_count,
    first_date,
    last_date
from marts.actor_interactions
where event_type in ('ASSAULT', 'COERCE')
    and last_date > (select max(latest.last_date) from marts.actor_interactions as latest) - interval 7 day
order by event_count desc, actor_name, target_name
limit 50;
