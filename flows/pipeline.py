"""The daily pipeline: ingest → extract (worker processes) → validate → load per batch, then model → validate marts."""

# No `from __future__ import annotations` here: a served flow run rebuilds the parameter model from the
# signature without this module's names, so `Literal[...]` must be an object, not a string.
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Literal

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner
from prefect.utilities.annotations import quote

from akhbar.ingest.batches import Batch, IngestCounts
from akhbar.ingest.feeds import web_config
from akhbar.ingest.web import is_url
from akhbar.quality import SuiteResult
from akhbar.report import report_dir
from akhbar.settings import Settings, get_settings
from akhbar.storage.files import check_allowed
from akhbar.storage.lake import claim_lake, remove_stale_temp
from akhbar.storage.warehouse import SUMMARY_MARTS, check_warehouse
from flows.extract import RunnerKind, extract, extraction_workers, extractor_version, runner_kind
from flows.ingest import ingest, open_sources, source_list
from flows.load import load
from flows.model import model
from flows.report import publish_report
from flows.validate import publish_data_docs, validate


@flow(name="daily-pipeline", log_prints=True)
def daily_pipeline(
    sources: list[str] | None = None,
    warehouse: str | None = None,
    lake: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    task_runner: Literal["processes", "dask"] = "processes",
    dask_address: str | None = None,
    feeds: str | None = None,
) -> dict[str, int]:
    """Run the whole pipeline once.

    Args:
        sources: Folders and files to read (`.txt`: one article each; `.jsonl`: one article a line)
            and http(s) URLs of RSS/Atom feeds or article pages. Default: the project's `seeds/`
            folder (setting `AKHBAR_SOURCES`).
        warehouse: DuckDB file to (re)build. Default `data/warehouse.duckdb`. Great Expectations
            Data Docs are built in the `gx/` folder beside it, the HTML report in `report/`.
        lake: Parquet lake folder. Default `data/lake/`.
        batch_size: Articles per extraction batch (default setting `AKHBAR_BATCH_SIZE`, 1000).
        workers: Extraction worker processes (default setting `AKHBAR_WORKERS`: the machine's cores);
            twice as many batches are in flight. A run of one batch is extracted in the flow's process.
        task_runner: `processes` (a local process pool) or `dask` (prefect-dask: a LocalCluster of
            `workers` processes, or the scheduler at `dask_address`).
        dask_address: Scheduler address such as `tcp://10.0.0.5:8786`; giving one means
            `task_runner="dask"`. Its workers need this project installed.
        feeds: A file of feed or article URLs, one a line (setting `AKHBAR_FEEDS`), read with
            `sources` (instead of the default `seeds/` when no sources are named).
    """
    settings = get_settings()
    run = resolve_options(settings, sources, warehouse, lake, batch_size, workers, task_runner, dask_address,
                          feeds)
    guard_paths(run, settings.allowed_roots)
    extractor = extractor_version()
    try:
        stream, found = open_sources(run.sources, run.lake, extractor, settings.max_article_chars,
                                     run.batch_size, web_config(settings))
        extract_validate_load(stream, run, extractor)
        log_ingest(found)
        counts, checked = model(run.lake, run.warehouse, settings.sql_dir)
    finally:
        publish_data_docs(run.warehouse.parent / "gx")
    return publish(run, found, counts, checked)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """One run's options: the flow's parameters, defaults filled in from the settings."""

    sources: list[str]  # paths and http(s) URLs
    warehouse: Path
    lake: Path
    batch_size: int
    workers: int
    runner: RunnerKind
    dask_address: str | None
    started: datetime


def resolve_options(settings: Settings, sources: list[str] | None, warehouse: str | None, lake: str | None,
                    batch_size: int | None, workers: int | None, task_runner: RunnerKind,
                    dask_address: str | None, feeds: str | None) -> RunOptions:
    """The flow's parameters with the settings' defaults, and the runner they choose."""
    return RunOptions(
        sources=source_list(sources, feeds, settings),
        warehouse=Path(warehouse) if warehouse else settings.warehouse,
        lake=Path(lake) if lake else settings.lake,
        batch_size=batch_size or settings.batch_size,
        workers=workers or settings.workers,
        runner=runner_kind(task_runner, dask_address),
        dask_address=dask_address,
        started=datetime.now(UTC),
    )


def guard_paths(run: RunOptions, allowed_roots: list[Path]) -> None:
    """Before anything is written: paths outside the allowed roots, a warehouse file or a lake folder
    that is not Akhbar's are refused; then the lake is claimed and a dead writer's temp files removed."""
    files = [Path(s) for s in run.sources if not is_url(s)]
    check_allowed({"source": files, "warehouse": [run.warehouse], "lake": [run.lake]}, allowed_roots)
    check_warehouse(run.warehouse)
    claim_lake(run.lake)
    remove_stale_temp(run.lake)


def extract_validate_load(stream: Iterator[Batch], run: RunOptions, extractor: str) -> None:
    """Extract, validate and load every batch of ``stream``: a run of one batch in this process (that
    costs less than starting workers), more on a pool of workers."""
    first, second = ingest(stream), ingest(stream)
    if second is None:
        if first is not None:
            store("batch 1", extract(first, extractor, run.started), run.lake, run.started.date())
        return
    more = iter(partial(ingest, stream), None)
    with extraction_workers(run.runner, run.workers, run.dask_address) as runner:
        extract_in(runner, chain([first, second], more), 2 * run.workers, extractor, run.started, run.lake)


def log_ingest(found: IngestCounts) -> None:
    get_run_logger().info("ingest: %d new articles, %d already processed, %d duplicates, %d newly quarantined "
                          "(%d known)", found.new_articles, found.already_processed, found.duplicates,
                          found.quarantined, found.already_quarantined)


def publish(run: RunOptions, found: IngestCounts, counts: dict[str, int],
            checked: list[SuiteResult]) -> dict[str, int]:
    """Write the HTML report beside the warehouse (with the marts' results of this run, ``checked``) and
    the run-summary artifacts; return the summary."""
    report = publish_report(run.warehouse, report_dir(run.warehouse), quote(checked))
    summary = {
        "new_articles": found.new_articles,
        "already_processed": found.already_processed,
        "duplicates_in_input": found.duplicates,
        "newly_quarantined": found.quarantined,
        **found.web_summary(),
        **{f"{name}_in_warehouse": counts.get(name, 0) for name in SUMMARY_MARTS},
    }
    where = f"Loaded into {run.warehouse}; report: {report or 'not written (see the logs)'}"
    create_table_artifact(key="run-summary", table=[{"metric": k, "value": v} for k, v in summary.items()],
                          description=where)
    create_markdown_artifact(key="run-summary-text", markdown=summary_markdown(summary, run.warehouse, report))
    return summary


def extract_in(runner: TaskRunner, batches: Iterator[Batch], in_flight: int, extractor: str,
               started: datetime, lake: Path) -> None:
    """Extract ``batches`` on ``runner``'s workers, at most ``in_flight`` at a time (memory stays
    flat), and validate and load each in order as it comes back."""
    pending: deque[tuple[str, PrefectFuture]] = deque()
    for number, batch in enumerate(batches, 1):
        parameters = {"batch": batch, "extractor": extractor, "ingested_at": started}
        pending.append((f"batch {number}", runner.submit(extract, parameters)))
        if len(pending) >= in_flight:
            label, future = pending.popleft()
            store(label, future.result(), lake, started.date())
    for label, future in pending:
        store(label, future.result(), lake, started.date())


def store(label: str, tables: dict[str, pa.Table], lake: Path, ingest_date: date) -> None:
    """Validate one extracted batch, then write it to the lake."""
    validate(quote(tables), label)
    load(quote(tables), lake, ingest_date)
    get_run_logger().info("%s: %d articles extracted and loaded", label, tables["articles"].num_rows)


def summary_markdown(summary: dict[str, int], warehouse: Path, report: Path | None = None) -> str:
    lines = [f"# Akhbar run into `{warehouse}`", "",
             f"Report: `{report}` (open it in a browser; it works offline)" if report else
             "Report: not written (see the logs)", "", "| metric | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    return "\n".join(lines)
