"""The ingest stream: lazy batches of new distinct articles, quarantine kept, counts of what was skipped."""

from __future__ import annotations

from collections.abc import Iterator

from akhbar.ingest.batches import IngestCounts, new_batches
from akhbar.ingest.identity import quarantine_id
from akhbar.model import Article, Quarantined
from tests.factories import KADHIMI_TEXT, ROCKETS_TEXT, article

BAD = Quarantined("in.jsonl", "broken_json", line_number=3)
OLD_BAD = Quarantined("in.jsonl", "missing_id", line_number=9)


def _stream() -> list[Article | Quarantined]:
    kadhimi, rockets = article(KADHIMI_TEXT, "a"), article(ROCKETS_TEXT, "b")
    again = article(KADHIMI_TEXT.replace("،", ","), "a-copy")  # same content id: a duplicate
    return [kadhimi, BAD, rockets, again, OLD_BAD, *(article(f"{ROCKETS_TEXT} {i}", f"r{i}") for i in range(5))]


def test_batches_keep_order_and_semantics():
    items = _stream()
    counts = IngestCounts()
    processed = {items[2].article_id}  # rockets: already in the lake with this extractor
    batches = list(new_batches(items, processed, {quarantine_id(OLD_BAD)}, 3, counts))
    assert [[a.external_id for a in b.articles] for b in batches] == [["a", "r0"], ["r1", "r2", "r3"], ["r4"]]
    assert [b.quarantined for b in batches] == [[BAD], [], []]
    assert all(len(b) <= 3 for b in batches)
    assert counts == IngestCounts(batches=3, new_articles=6, quarantined=1, duplicates=1, already_processed=1,
                                  already_quarantined=1)


def test_the_stream_is_read_one_batch_at_a_time():
    consumed = []

    def source() -> Iterator[Article | Quarantined]:
        for item in _stream():
            consumed.append(item)
            yield item

    batches = new_batches(source(), set(), set(), 2, IngestCounts())
    first = next(batches)
    assert (first.articles, first.quarantined) == ([_stream()[0]], [BAD])
    assert len(consumed) == 2  # nothing past the first batch was read
    assert sum(len(b) for b in batches) == len(_stream()) - 2 - 1  # the rest, less the duplicate


def test_an_empty_stream_has_no_batch():
    counts = IngestCounts()
    assert list(new_batches([], set(), set(), 10, counts)) == [] and counts == IngestCounts()
