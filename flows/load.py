"""Load stage: write a validated batch to the Parquet lake (atomic, deterministic paths)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from akhbar.storage.lake import write_batch
from akhbar.storage.records import tables_batch_id


@task(name="load", cache_policy=NONE, retries=2, retry_delay_seconds=2)
def load(tables: dict[str, pa.Table], lake: Path, ingest_date: date) -> int:
    """Write every dataset of the batch; returns the number of files written."""
    return len(write_batch(lake, tables, ingest_date, tables_batch_id(tables)))
