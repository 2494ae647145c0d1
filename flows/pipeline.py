"""The daily pipeline: ingest → extract → validate → load (per batch) → model → validate marts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.utilities.annotations import quote

from akhbar.extract.base import extractor_tag
from akhbar.ingest.batches import chunks
from akhbar.settings import get_settings
from akhbar.storage.lake import remove_stale_temp
from flows.extract import extract, get_extractor
from flows.ingest import ingest
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
) -> dict[str, int]:
    """Run the whole pipeline once.

    Args:
        sources: Folders and files to read (`.txt`: one article each; `.jsonl`: one article a line).
            Default: the project's `seeds/` folder (setting `AKHBAR_SOURCES`).
        warehouse: DuckDB file to (re)build. Default `data/warehouse.duckdb`. Great Expectations
            Data Docs are built in the `gx/` folder beside it.
        lake: Parquet lake folder. Default `data/lake/`.
        batch_size: Articles per extraction batch (default setting `AKHBAR_BATCH_SIZE`, 500).
    """
    settings = get_settings()
    logger = get_run_logger()
    source_paths = [Path(s) for s in sources] if sources else list(settings.sources)
    warehouse_path = Path(warehouse) if warehouse else settings.warehouse
    lake_path = Path(lake) if lake else settings.lake
    size = batch_size or settings.batch_size
    started = datetime.now(UTC)
    remove_stale_temp(lake_path)

    tag = extractor_tag(get_extractor())
    found = ingest(source_paths, lake_path, tag, settings.max_article_chars)
    batches = list(chunks(found.articles, size))
    try:
        for i, articles in enumerate(batches or [[]]):
            quarantined = found.quarantined if i == 0 else []
            if not articles and not quarantined:
                continue
            tables = extract(quote(articles), quote(quarantined), started)
            label = f"batch {i + 1}/{max(len(batches), 1)}"
            validate(quote(tables), label)
            load(quote(tables), lake_path, started.date())
            logger.info("%s: %d articles extracted and loaded", label, len(articles))
        counts = model(lake_path, warehouse_path, settings.sql_dir)
    finally:
        publish_data_docs(warehouse_path.parent / "gx")

    summary = {
        "new_articles": len(found.articles),
        "already_processed": found.already_processed,
        "duplicates_in_input": found.duplicates,
        "newly_quarantined": len(found.quarantined),
        **{f"{name}_in_warehouse": counts.get(name, 0) for name in SUMMARY_TABLES},
    }
    create_table_artifact(key="run-summary", table=[{"metric": k, "value": v} for k, v in summary.items()],
                          description=f"Loaded into {warehouse_path}")
    create_markdown_artifact(key="run-summary-text", markdown=summary_markdown(summary, warehouse_path))
    return summary


def summary_markdown(summary: dict[str, int], warehouse: Path) -> str:
    lines = [f"# Akhbar run into `{warehouse}`", "", "| metric | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    return "\n".join(lines)
