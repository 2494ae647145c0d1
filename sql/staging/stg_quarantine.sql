-- stg_quarantine: input items that could not be ingested.
-- grain: one row per quarantined item (source_path, line_number, external_id, reason).
-- key: quarantine_id. Duplicates across runs: the earliest ingestion wins.

with ranked as (
    select
        *,
        row_number() over (
            partition by quarantine_id order by ingested_at, lake_file
        ) as first_rank
    from raw.quarantine
)

select
    quarantine_id,
    source_path,
    external_id,
    line_number,
    reason,
    detail,
    excerpt,
    batch_id,
    ingested_at
from ranked
where first_rank = 1
