"""The daily pipeline: ingest → extract (worker processes) → validate → load per batch, then model → validate marts."""

# No `from __future__ import annotations` here: a served flow run rebuilds the parameter model from the
# signature without this module's names, so `Literal[...]` must be an object, not a string.
from collections import deque
from collections.abc import Iterator
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

from akhbar.extract.base import extractor_tag
from akhbar.ingest.batches import Batch
from akhbar.settings import get_settings
from akhbar.storage.files import check_allowed
from akhbar.storage.lake import claim_lake, remove_stale_temp
from akhbar.storage.warehouse import check_warehouse
from flows.extract import extract, extraction_workers, get_extractor, runner_kind
from flows.ingest import ingest, open_sources
from flows.load import load
from flows.model import model
from flows.validate import publish_data_docs, validate

SUMMARY_TABLES = ("articles", "entity_mentions", "entities", "events", "event_participants", "quarantine")


@flow(name="daily-pipeline", log_prints=True)
def daily_pipeline(
    sources: list[str] | None = None,
    warehouse: str | None = None,
    lake: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    task_runner: Literal["processes", "dask"] = "processes",
    dask_address: str | None = None,
) -> dict[str, int]:
    """Run the whole pipeline once.

    Args:
        sources: Folders and files to read (`.txt`: one article each; `.jsonl`: one article a line).
            Default: the project's `seeds/` folder (setting `AKHBAR_SOURCES`).
        warehouse: DuckDB file to (re)build. Default `data/warehouse.duckdb`. Great Expectations
            Data Docs are built in the `gx/` folder beside it.
        lake: Parquet lake folder. Default `data/lake/`.
        batch_size: Articles per extraction batch (default setting `AKHBAR_BATCH_SIZE`, 1000).
        workers: Extraction worker processes (default setting `AKHBAR_WORKERS`: the machine's cores);
            twice as many batches are in flight. A run of one batch is extracted in the flow's process.
        task_runner: `processes` (a local process pool) or `dask` (prefect-dask: a LocalCluster of
            `workers` processes, or the scheduler at `dask_address`).
        dask_address: Scheduler address such as `tcp://10.0.0.5:8786`; giving one means
            `task_runner="dask"`. Its workers need this project installed.
    """
    settings = get_settings()
    logger = get_run_logger()
    source_paths = [Path(s) for s in sources] if sources else list(settings.sources)
    warehouse_path = Path(warehouse) if warehouse else settings.warehouse
    lake_path = Path(lake) if lake else settings.lake
    size = batch_size or settings.batch_size
    slots = workers or settings.workers
    started = datetime.now(UTC)
    # before anything is written: paths outside the allowed roots, or not Akhbar's, are refused
    check_allowed({"source": source_paths, "warehouse": [warehouse_path], "lake": [lake_path]},
                  settings.allowed_roots)
    check_warehouse(warehouse_path)
    claim_lake(lake_path)
    remove_stale_temp(lake_path)

    tag = extractor_tag(get_extractor())
    try:
        stream, found = open_sources(source_paths, lake_path, tag, settings.max_article_chars, size)
        first, second = ingest(stream), ingest(stream)
        if second is None:  # one batch at most: extracting it here costs less than starting workers
            if first is not None:
                store("batch 1", extract(first, tag, started), lake_path, started.date())
        else:
            more = iter(partial(ingest, stream), None)
            with extraction_workers(runner_kind(task_runner, dask_address), slots, dask_address) as runner:
                extract_in(runner, chain([first, second], more), 2 * slots, tag, started, lake_path)
        logger.info("ingest: %d new articles, %d already processed, %d duplicates, %d newly quarantined "
                    "(%d known)", found.new_articles, found.already_processed, found.duplicates,
                    found.quarantined, found.already_quarantined)
        counts = model(lake_path, warehouse_path, settings.sql_dir)
    finally:
        publish_data_docs(warehouse_path.parent / "gx")

    summary = {
        "new_articles": found.new_articles,
        "already_processed": found.already_processed,
        "duplicates_in_input": found.duplicates,
        "newly_quarantined": found.quarantined,
        **{f"{name}_in_warehouse": counts.get(name, 0) for name in SUMMARY_TABLES},
    }
    create_table_artifact(key="run-summary", table=[{"metric": k, "value": v} for k, v in summary.items()],
                          description=f"Loaded into {warehouse_path}")
    create_markdown_artifact(key="run-summary-text", markdown=summary_markdown(summary, warehouse_path))
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


def summary_markdown(summary: dict[str, int], warehouse: Path) -> str:
    lines = [f"# Akhbar run into `{warehouse}`", "", "| metric | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    return "\n".join(lines)
