"""Turning the reader's stream into the work of one run: each new article once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from akhbar.model import Article, Quarantined

T = TypeVar("T")


@dataclass(slots=True)
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    duplicates: int = 0  # same text seen again within this run
    already_processed: int = 0  # in the lake from an earlier run, same extractor
    already_quarantined: int = 0  # bad items already in the lake's quarantine


def unique_new_articles(items: Iterable[Article | Quarantined], processed: set[str]) -> IngestResult:
    """Split the stream into new distinct articles and quarantined items (order kept)."""
    result = IngestResult()
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Quarantined):
            result.quarantined.append(item)
        elif item.article_id in processed:
            result.already_processed += 1
        elif item.article_id in seen:
            result.duplicates += 1
        else:
            seen.add(item.article_id)
            result.articles.append(item)
    return result


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
