-- quarantine: rejected input items.
select quarantine_id, source_path, external_id, line_number, reason, ingested_at
from quarantine
