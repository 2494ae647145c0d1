-- stg_sentences: sentence spans of the distinct articles.
-- grain: one row per article sentence. key: (article_id, sentence_index).
-- Only rows of committed batches (staging.stg_batches) count.
-- Duplicates across batches: the earliest lake file wins.

with ranked as (
    select
        sentences.*,
        row_number() over (
            partition by sentences.article_id, sentences.sentence_index
            order by sentences.ingest_date, sentences.lake_file
        ) as file_rank
    from raw.sentences as sentences
    inner join staging.stg_articles as articles using (article_id)
    where parse_filename(sentences.lake_file, true) in (select batch_id from staging.stg_batches)
)

select
    article_id,
    sentence_index,
    start_char,
    end_char
from ranked
where file_rank = 1
