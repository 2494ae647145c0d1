"""Model stage: bring the DuckDB warehouse up to date with the lake (new files only) with the SQL models, aside,
then swap."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from akhbar.storage.warehouse import build_warehouse
from flows.validate import validate_marts


@task(name="model", cache_policy=NONE)
def model(lake: Path, warehouse: Path, sql_dir: Path) -> dict[str, int]:
    """Row counts of the marts; the old warehouse stays when the marts fail their suites."""
    return build_warehouse(lake, warehouse, sql_dir, gate=validate_marts)
