"""Turning the reader's stream into the work of one run: each new article once, in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from akhbar.ingest.identity import quarantine_id
from akhbar.model import Article, Quarantined

if TYPE_CHECKING:  # the web reader (httpx, feedparser, trafilatura) stays out of extraction workers
    from akhbar.ingest.feeds import WebCounts


class Batch:
    """One unit of extraction and loading: new articles and the quarantined items read with them.

    A plain class, not a dataclass: Prefect and Dask hand it to a worker as it is, without walking
    (and rebuilding) every article in it as they do with dataclasses and tuples."""

    __slots__ = ("articles", "quarantined")

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.quarantined: list[Quarantined] = []

    def __len__(self) -> int:
        return len(self.articles) + len(self.quarantined)


@dataclass(slots=True)
class IngestCounts:
    """What the stream has read so far."""

    batches: int = 0
    new_articles: int = 0
    quarantined: int = 0  # newly quarantined
    duplicates: int = 0  # same text seen again within this run
    already_processed: int = 0  # in the lake from an earlier run, same extractor
    already_quarantined: int = 0  # bad items already in the lake's quarantine
    web: WebCounts | None = None  # what the web sources gave, when there are any

    def web_summary(self) -> dict[str, int]:
        """Web figures for the run summary (none without web sources)."""
        if self.web is None:
            return {}
        return {"web_items": self.web.items, "web_pages_fetched": self.web.fetched,
                "web_pages_known": self.web.skipped, "web_failed": self.web.failed,
                "web_requests": self.web.requests}


def new_batches(items: Iterable[Article | Quarantined], processed: set[str], known_quarantine: set[str],
                size: int, counts: IngestCounts) -> Iterator[Batch]:
    """Batches of at most ``size`` new distinct articles and new quarantined items (order kept),
    read lazily from ``items``; ``counts`` is updated as the stream is read."""
    seen: set[str] = set()
    batch = Batch()
    for item in items:
        if isinstance(item, Quarantined):
            if quarantine_id(item) in known_quarantine:
                counts.already_quarantined += 1
                continue
            counts.quarantined += 1
            batch.quarantined.append(item)
        elif item.article_id in processed:
            counts.already_processed += 1
            continue
        elif item.article_id in seen:
            counts.duplicates += 1
            continue
        else:
            seen.add(item.article_id)
            counts.new_articles += 1
            batch.articles.append(item)
        if len(batch) >= size:
            counts.batches += 1
            yield batch
            batch = Batch()
    if len(batch):
        counts.batches += 1
        yield batch
