-- Most accused: entities that are the target of ACCUSE events, with who accuses them most.
with accused as (
    select
        target_entity_id,
        target_name,
        sum(event_count) as accusations,
        arg_max(actor_name, event_count) as main_accuser
    from marts.actor_interactions
    where event_type = 'ACCUSE'
    group by target_entity_id, target_name
)

select target_name, accusations, main_accuser
from accused
order by accusations desc, target_name
limit 20;
