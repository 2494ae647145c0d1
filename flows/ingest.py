"""Ingest stage: read the sources, quarantine bad input, keep each new article once."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from akhbar.ingest.batches import IngestResult, unique_new_articles
from akhbar.ingest.readers import read_articles
from akhbar.storage.lake import known_quarantine_ids, processed_articles
from akhbar.storage.records import quarantine_id


@task(name="ingest", cache_policy=NONE)
def ingest(sources: list[Path], lake: Path, extractor: str, max_chars: int) -> IngestResult:
    """New distinct articles, and bad items not already in the lake's quarantine."""
    logger = get_run_logger()
    result = unique_new_articles(read_articles(sources, max_chars=max_chars), processed_articles(lake, extractor))
    known = known_quarantine_ids(lake)
    new_bad = [q for q in result.quarantined if quarantine_id(q) not in known]
    result.already_quarantined = len(result.quarantined) - len(new_bad)
    result.quarantined = new_bad
    logger.info("ingest: %d new articles, %d already processed, %d duplicates, %d newly quarantined "
                "(%d known)", len(result.articles), result.already_processed, result.duplicates,
                len(result.quarantined), result.already_quarantined)
    return result
