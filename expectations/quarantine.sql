-- quarantine: rejected input items.
SELECT quarantine_id, source_path, external_id, line_number, reason, ingested_at
FROM quarantine
