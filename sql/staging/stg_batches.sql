-- stg_batches: committed lake batches. A batch writes its articles file last, so a batch is
-- complete exactly when it has rows in raw.articles; files of a batch killed half-way are ignored.
-- grain: one row per batch. key: batch_id.

with batches as (
    select
        batch_id,
        min(ingested_at) as ingested_at,
        count(*) as article_rows
    from raw.articles
    group by batch_id
)

select * from batches
