-- stg_sentences: sentence spans of the distinct articles.
-- grain: one row per article sentence. key: (article_id, sentence_index).
-- Only rows of the batch of the article's latest extraction run (stg_articles.batch_id) count, so the
-- spans refer to the text in stg_articles; that batch is committed. The same batch written on two
-- ingest dates: the earliest lake file wins.

with ranked as (
    select
        sentences.*,
        row_number() over (
            partition by sentences.article_id, sentences.sentence_index
            order by sentences.ingest_date, sentences.lake_file
        ) as file_rank
    from raw.sentences as sentences
    inner join staging.stg_articles as articles
        on sentences.article_id = articles.article_id
        and parse_filename(sentences.lake_file, true) = articles.batch_id
)

select
    article_id,
    sentence_index,
    start_char,
    end_char
from ranked
where file_rank = 1
