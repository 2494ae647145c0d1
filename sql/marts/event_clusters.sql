-- event_clusters: events of different articles that tell the same happening, grouped.
-- grain: one row per cluster member (every event is in exactly one cluster; an event that links
-- to nothing is its own cluster of one). key: event_id (cluster_id, event_id is unique too).
-- cluster_id: the smallest event_id of the cluster, so it is stable while its members are.
-- Two events link when all of these hold:
--   * they come from different articles (events of one article are already merged by the
--     extractor, and those it kept apart stay apart unless another article's event links both);
--   * same event_type;
--   * compatible status: asserted and reported link with each other, planned, denied and
--     hypothetical events only with events of the same status (a plan is not the deed);
--   * they share at least one participant entity (actor, target or location role, any role on
--     either side; arguments without entity_id are ignored);
--   * compatible dates: both event_dates known to the day and at most 1 day apart; or, when at
--     least one is not known to the day (NULL or month/year precision), the two articles were
--     published at most 2 days apart and
--     the events also share a location entity.
-- Clusters are the connected components of these links (label propagation in a recursive CTE:
-- each event takes the smallest cluster_id among its neighbours until nothing changes).
-- member_count / article_count: events and distinct articles of the cluster.

with recursive events as (
    select
        events.event_id,
        events.article_id,
        events.event_type,
        events.status,
        case when events.status in ('asserted', 'reported') then 'happened' else events.status end
            as status_class,
        events.trigger,
        events.event_date,
        case when events.date_precision = 'day' then events.event_date end
            as known_day,
        articles.published_date
    from staging.stg_events as events
    inner join staging.stg_articles as articles using (article_id)
),

participants as (
    select distinct
        participants.event_id,
        participants.entity_id,
        participants.role = 'location' as is_location,
        events.article_id,
        events.event_type,
        events.status_class
    from staging.stg_event_participants as participants
    inner join events using (event_id)
    where participants.role in ('actor', 'target', 'location')
        and participants.entity_id is not null
),

shared as (
    select
        a.event_id as event_a,
        b.event_id as event_b,
        bool_or(a.is_location and b.is_location) as shares_location
    from participants as a
    inner join participants as b
        on a.entity_id = b.entity_id
        and a.event_type = b.event_type
        and a.status_class = b.status_class
        and a.article_id <> b.article_id
        and a.event_id < b.event_id
    group by a.event_id, b.event_id
),

links as (
    select shared.event_a, shared.event_b
    from shared
    inner join events as a on shared.event_a = a.event_id
    inner join events as b on shared.event_b = b.event_id
    where
        case
            when a.known_day is not null and b.known_day is not null
                then abs(date_diff('day', a.known_day, b.known_day)) <= 1
            else shared.shares_location
                and abs(date_diff('day', a.published_date, b.published_date)) <= 2
        end
),

edges as (
    select event_a as event_id, event_b as neighbour_id from links
    union all
    select event_b as event_id, event_a as neighbour_id from links
),

components (event_id, cluster_id) using key (event_id) as (
    select event_id, event_id
    from events
    union
    select
        edges.neighbour_id as event_id,
        min(changed.cluster_id) as cluster_id
    from components as changed
    inner join edges on changed.event_id = edges.event_id
    inner join recurring.components as current on edges.neighbour_id = current.event_id
    where changed.cluster_id < current.cluster_id
    group by edges.neighbour_id
),

sizes as (
    select
        cluster_id,
        count(*) as member_count,
        count(distinct events.article_id) as article_count
    from components
    inner join events using (event_id)
    group by cluster_id
)

select
    components.cluster_id,
    events.event_id,
    events.article_id,
    events.event_type,
    events.status,
    events.event_date,
    events.trigger,
    sizes.member_count,
    sizes.article_count
from components
inner join events using (event_id)
inner join sizes using (cluster_id)
order by sizes.member_count desc, components.cluster_id, events.event_id
