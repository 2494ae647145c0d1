"""Ingest stage: read the sources as a stream of batches, quarantine bad input, keep each new article once."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from akhbar.ingest.batches import Batch, IngestCounts, new_batches
from akhbar.ingest.feeds import WebCounts, read_url_list, read_web
from akhbar.ingest.readers import read_articles
from akhbar.ingest.web import WebConfig, is_url
from akhbar.settings import Settings
from akhbar.storage.lake import known_quarantine_ids, processed_articles
from akhbar.storage.pages import LakePages


def source_list(sources: list[str] | None, feeds: str | None, settings: Settings) -> list[str]:
    """The run's sources: ``sources`` (else the setting's, unless only a feeds file is given) and
    the URLs of the feeds file (``feeds``, else the setting ``AKHBAR_FEEDS``)."""
    feeds_file = Path(feeds) if feeds else settings.feeds
    urls = read_url_list(feeds_file) if feeds_file else []
    if sources:
        return [*sources, *urls]
    if urls and "sources" not in settings.model_fields_set:
        return urls
    return [str(s) for s in settings.sources] + urls


def open_sources(sources: list[str], lake: Path, extractor: str, max_chars: int, size: int,
                 web: WebConfig | None = None) -> tuple[Iterator[Batch], IngestCounts]:
    """The lazy batch stream of ``sources`` (paths and http(s) URLs; nothing is read yet) and the
    counts it keeps: articles the lake holds from ``extractor`` and items it already quarantined
    are left out; web pages the lake holds are not downloaded again."""
    counts = IngestCounts()
    urls = [s for s in sources if is_url(s)]
    items = read_articles([Path(s) for s in sources if not is_url(s)], max_chars=max_chars)
    if urls:
        counts.web = WebCounts()
        items = chain(items, read_web(urls, LakePages(lake), web or WebConfig(), max_chars, _log_web, counts.web))
    return new_batches(items, processed_articles(lake, extractor), known_quarantine_ids(lake), size, counts), counts


def _log_web(message: str) -> None:
    get_run_logger().info("web: %s", message)


@task(name="ingest", cache_policy=NONE)
def ingest(batches: Iterator[Batch]) -> Batch | None:
    """Read the next batch of new distinct articles and new quarantined items; None at the end."""
    batch = next(batches, None)
    if batch is not None:
        get_run_logger().info("ingest: %d new articles, %d newly quarantined", len(batch.articles),
                              len(batch.quarantined))
    return batch
