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

from akhbar.quality import (
    SuiteResult,
    build_data_docs,
    raise_for_failures,
    results_markdown,
    validate_batch,
    validate_warehouse,
)
from akhbar.storage.warehouse import Changes


@task(name="validate", cache_policy=NONE)
def validate(tables: dict[str, pa.Table], batch_label: str) -> None:
    """Check one extracted batch with its datasets' suites before it is written; publish the results
    and fail the run on a failed expectation (nothing of the batch reaches the lake)."""
    results = validate_batch(tables)
    create_markdown_artifact(markdown=f"# Data quality: {batch_label}\n\n" + results_markdown(results),
                             key="quality-extracted", description=f"Expectation results, {batch_label}")
    raise_for_failures(results)


@task(name="validate-marts", cache_policy=NONE)
def validate_marts(con: duckdb.DuckDBPyConnection, changes: Changes) -> list[SuiteResult]:
    """The suites on the rows a build changed (all rows after a full build), plus global key checks;
    returns their results (the run's report shows them)."""
    results = validate_warehouse(con) if changes.full else validate_warehouse(con, changes.articles, changes.batches)
    create_markdown_artifact(markdown="# Data quality: marts\n\n" + results_markdown(results),
                             key="quality-marts", description="Expectation results on the new warehouse")
    raise_for_failures(results)
    return results


@task(name="data-docs", cache_policy=NONE)
def publish_data_docs(folder: Path) -> str | None:
    """Build Great Expectations Data Docs of this run's validations; returns the index page.

    Docs are a report, not data: failing to build them is logged and never hides the run's result.
    """
    logger = get_run_logger()
    try:
        index = build_data_docs(folder)
    except Exception as exc:  # noqa: BLE001 - any GX failure; the run's own outcome must stand
        logger.warning("Data Docs were not built: %s: %s", type(exc).__name__, exc)
        return None
    logger.info("Data Docs: %s", index)
    return str(index)
