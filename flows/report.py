"""Report stage: the offline HTML report beside the warehouse (like the Data Docs in gx/)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from akhbar.quality import SuiteResult
from akhbar.report import write_report


@task(name="report", cache_policy=NONE)
def publish_report(warehouse: Path, out: Path, checked: list[SuiteResult]) -> Path | None:
    """Write ``out/index.html`` with the run's own expectation results (``checked``: the suites are
    not run again over the whole warehouse); returns its path. A report is not data: failing to write
    it is logged and never hides the run's result."""
    logger = get_run_logger()
    try:
        index = write_report(warehouse, out, quality=checked)
    except Exception as exc:  # noqa: BLE001 - the run's own outcome must stand
        logger.warning("The report was not written: %s: %s", type(exc).__name__, exc)
        return None
    logger.info("Report: %s", index)
    return index
