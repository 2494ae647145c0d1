-- stg_entity_mentions: entity and value mentions of the distinct articles.
-- grain: one row per mention. key: mention_id.
-- Only rows of committed batches (staging.stg_batches) count.
-- Only mentions made by the article's current extractor (stg_articles.extractor) are kept;
-- duplicates across batches: the earliest lake file wins.

with ranked as (
    select
        mentions.*,
        row_number() over (
            partition by mentions.mention_id order by mentions.ingest_date, mentions.lake_file
        ) as file_rank
    from raw.entity_mentions as mentions
    inner join staging.stg_articles as articles
        on mentions.article_id = articles.article_id
        and mentions.extractor = articles.extractor
    where parse_filename(mentions.lake_file, true) in (select batch_id from staging.stg_batches)
)

select * exclude (lake_file, ingest_date, file_rank)
from ranked
where file_rank = 1
