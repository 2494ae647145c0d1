-- Stories reported by several articles: event clusters spanning at least two articles, with the
-- outlets that carried them (articles.source) and their dates.
select
    clusters.cluster_id,
    any_value(clusters.event_type) as event_type,
    max(clusters.article_count) as articles,
    count(distinct articles.source) as outlets,
    string_agg(distinct articles.source, ', ' order by articles.source) as sources,
    min(coalesce(clusters.event_date, articles.published_date)) as first_date,
    max(coalesce(clusters.event_date, articles.published_date)) as last_date,
    any_value(clusters.trigger) as a_trigger
from marts.event_clusters as clusters
inner join marts.articles as articles using (article_id)
where clusters.article_count >= 2
group by clusters.cluster_id
order by articles desc, outlets desc, clusters.cluster_id
limit 50;
