"""Ingest stage: read the sources, quarantine bad input, keep each new article once."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from akhbar.ingest.batches import IngestResult, unique_new_articles
from akhbar.ingest.readers import read_articles
from akhbar.storage.lake import processed_articles


@task(name="ingest", cache_policy=NONE)
def ingest(sources: list[Path], lake: Path, extractor: str, max_chars: int) -> IngestResult:
    logger = get_run_logger()
    items = list(read_articles(sources, max_chars=max_chars))
    result = unique_new_articles(items, processed_articles(lake, extractor))
    logger.info("ingest: %d new articles, %d already processed, %d duplicates, %d quarantined",
                len(result.articles), result.already_processed, result.duplicates, len(result.quarantined))
    return result
