-- event_clusters (warehouse only): cluster members full-joined with events, with the cluster's
-- sizes and type recounted from its members.
with recounted as (
    select
        cluster_id,
        count(*) as counted_members,
        count(distinct article_id) as counted_articles,
        count(distinct event_type) as cluster_types,
        min(event_id) as smallest_member
    from event_clusters
    group by cluster_id
)

select
    coalesce(c.event_id, e.event_id) as event_id,
    c.cluster_id,
    c.event_id is not null as clustered,
    e.event_id is not null as event_found,
    case when c.event_id is not null and e.event_id is not null
            then c.article_id = e.article_id and c.event_type = e.event_type
    end as matches_event,
    c.event_type,
    c.member_count,
    r.counted_members,
    c.article_count,
    r.counted_articles,
    r.cluster_types,
    case when c.cluster_id is not null then c.cluster_id = r.smallest_member end as cluster_id_is_smallest_member,
    case when c.member_count > 1 then c.article_count >= 2 end as spans_articles
from event_clusters as c
full join events as e on e.event_id = c.event_id
left join recounted as r on r.cluster_id = c.cluster_id
