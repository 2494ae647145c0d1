-- quarantine: input items that were not ingested, and why (never silently dropped).
-- grain: quarantined item. key: quarantine_id.

with quarantined as (
    select * from staging.stg_quarantine
)

select
    source_path,
    external_id,
    reason,
    quarantine_id,
    line_number,
    detail,
    excerpt,
    batch_id,
    timezone('UTC', ingested_at) as ingested_at
from quarantined
order by source_path, line_number nulls first, external_id nulls first, reason
