"""Ingest stage: read the sources as a stream of batches, quarantine bad input, keep each new article once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from akhbar.ingest.batches import Batch, IngestCounts, new_batches
from akhbar.ingest.readers import read_articles
from akhbar.storage.lake import known_quarantine_ids, processed_articles


def open_sources(sources: list[Path], lake: Path, extractor: str, max_chars: int, size: int
                 ) -> tuple[Iterator[Batch], IngestCounts]:
    """The lazy batch stream of ``sources`` (nothing is read yet) and the counts it keeps:
    articles the lake holds from ``extractor`` and items it already quarantined are left out."""
    counts = IngestCounts()
    items = read_articles(sources, max_chars=max_chars)
    return new_batches(items, processed_articles(lake, extractor), known_quarantine_ids(lake), size, counts), counts


@task(name="ingest", cache_policy=NONE)
def ingest(batches: Iterator[Batch]) -> Batch | None:
    """Read the next batch of new distinct articles and new quarantined items; None at the end."""
    batch = next(batches, None)
    if batch is not None:
        get_run_logger().info("ingest: %d new articles, %d newly quarantined", len(batch.articles),
                              len(batch.quarantined))
    return batch
