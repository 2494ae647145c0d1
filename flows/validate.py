"""Validate stage: expectation suites on extracted batches and on the built marts.

Results go to a Prefect artifact; a failing suite raises and stops what comes after.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from akhbar.quality import build_data_docs, raise_for_failures, results_markdown, validate_batch, validate_warehouse


@task(name="validate", cache_policy=NONE)
def validate(tables: dict[str, pa.Table], batch_label: str) -> None:
    results = validate_batch(tables)
    create_markdown_artifact(markdown=f"# Data quality: {batch_label}\n\n" + results_markdown(results),
                             key="quality-extracted", description=f"Expectation results, {batch_label}")
    raise_for_failures(results)


@task(name="validate-marts", cache_policy=NONE)
def validate_marts(con: duckdb.DuckDBPyConnection) -> None:
    results = validate_warehouse(con)
    create_markdown_artifact(markdown="# Data quality: marts\n\n" + results_markdown(results),
                             key="quality-marts", description="Expectation results on the new warehouse")
    raise_for_failures(results)


@task(name="data-docs", cache_policy=NONE)
def publish_data_docs(folder: Path) -> str:
    """Build Great Expectations Data Docs of this run's validations; returns the index page."""
    index = build_data_docs(folder)
    get_run_logger().info("Data Docs: %s", index)
    return str(index)
