-- Diplomacy: pairs of entities that consult, agree or cooperate, both directions added up.
with pairs as (
    select
        least(actor_name, target_name) as side_a,
        greatest(actor_name, target_name) as side_b,
        event_type,
        event_count
    from marts.actor_interactions
    where event_type in ('CONSULT', 'AGREE', 'COOPERATE')
)

select
    side_a,
    side_b,
    sum(event_count) as events,
    string_agg(distinct event_type, ', ' order by event_type) as types
from pairs
group by side_a, side_b
order by events desc, side_a, side_b
limit 30;
