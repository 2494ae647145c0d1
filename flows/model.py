"""Model stage: bring the DuckDB warehouse up to date with the lake (new files only) with the SQL models, aside,
then swap."""

from __future__ import annotations

from pathlib import Path

import duckdb
from prefect import task
from prefect.cache_policies import NONE

from akhbar.quality import SuiteResult
from akhbar.storage.warehouse import Changes, build_warehouse
from flows.validate import validate_marts


@task(name="model", cache_policy=NONE)
def model(lake: Path, warehouse: Path, sql_dir: Path) -> tuple[dict[str, int], list[SuiteResult]]:
    """Row counts of the marts and the results of their suites; the old warehouse stays when the marts
    fail them."""
    checked: list[SuiteResult] = []

    def gate(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
        checked.extend(validate_marts(con, changes))

    return build_warehouse(lake, warehouse, sql_dir, gate=gate), checked
