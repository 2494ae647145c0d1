-- Can the data be trusted? Quarantined inputs by reason, and the share of low-confidence
-- (below 0.5) mentions and events.
select 'quarantine: ' || reason as what, count(*) as items, null as share_low_confidence
from marts.quarantine
group by reason
union all
select
    'entity mentions' as what,
    count(*) as items,
    round(avg((confidence < 0.5)::integer), 3) as share_low_confidence
from marts.entity_mentions
union all
select
    'events' as what,
    count(*) as items,
    round(avg((confidence < 0.5)::integer), 3) as share_low_confidence
from marts.events
order by what;
