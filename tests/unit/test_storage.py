"""Arrow records and the Parquet lake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from akhbar.model import EventMention, Mention
from akhbar.schemas import DATASETS
from akhbar.storage.files import remove_files_of_dead_writers
from akhbar.storage.lake import (
    batch_path,
    known_quarantine_ids,
    processed_articles,
    remove_stale_temp,
    write_batch,
)
from akhbar.storage.records import (
    batch_id,
    build_tables,
    entity_id,
    event_id,
    event_mention_id,
    mention_id,
    quarantine_id,
    tables_batch_id,
)
from tests.factories import EXTRACTOR, INGESTED_AT, dead_pid, quarantined_item, sample_batch

DAY = date(2021, 7, 30)


def test_tables_have_exact_schemas_and_rows():
    items, quarantined = sample_batch()
    tables = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)
    assert set(tables) == set(DATASETS)
    for name, schema in DATASETS.items():
        assert tables[name].schema.equals(schema), name
    assert tables["articles"].num_rows == 2
    assert tables["events"].num_rows == 2
    assert tables["quarantine"].num_rows == 1
    n_mentions = sum(len(e.mentions) for _, e in items)
    assert tables["entity_mentions"].num_rows == n_mentions
    articles = tables["articles"].to_pylist()
    assert [a["sentence_count"] for a in articles] == [2, 2]
    assert articles[0]["char_count"] == len(items[0][0].text)


def test_offsets_survive_the_round_trip():
    items, quarantined = sample_batch()
    texts = {a.article_id: a.text for a, _ in items}
    rows = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)["entity_mentions"].to_pylist()
    for row in rows:
        assert texts[row["article_id"]][row["start_char"]:row["end_char"]] == row["surface"]


def test_event_mentions_own_trigger_first_then_merged_ones():
    items, quarantined = sample_batch()
    (kadhimi, extraction), (rockets, _) = items
    consult = extraction.events[0]
    lede = kadhimi.text.index("مغادرته")  # as if a second telling had been merged into the meeting
    told = EventMention("مغادرته", lede, lede + len("مغادرته"), 0, "الجملة الأولى", "reported")
    consult.mentions = [told]  # recorded without the own trigger: it is still first, once
    tables = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)
    rows = tables["event_mentions"].to_pylist()
    assert tables["event_mentions"].schema.equals(DATASETS["event_mentions"])
    consult_id = event_id(kadhimi.article_id, consult)
    mine = [r for r in rows if r["event_id"] == consult_id]
    assert [(r["mention_rank"], r["trigger"], r["sentence_index"], r["status"]) for r in mine] == [
        (0, "وبحث", consult.sentence_index, "asserted"), (1, "مغادرته", 0, "reported")]
    assert mine[0]["evidence"] == consult.evidence and mine[0]["trigger_start"] == consult.trigger_start
    assert mine[1]["event_mention_id"] == event_mention_id(consult_id, told)
    # an event built without mentions is told once, by its own trigger
    others = [r for r in rows if r["event_id"] != consult_id]
    assert [(r["article_id"], r["mention_rank"], r["trigger"]) for r in others] == [(rockets.article_id, 0, "سقطا")]
    texts = {a.article_id: a.text for a, _ in items}
    assert all(texts[r["article_id"]][r["trigger_start"]:r["trigger_end"]] == r["trigger"] for r in rows)
    assert len({r["event_mention_id"] for r in rows}) == len(rows) == 3
    assert {r["extractor"] for r in rows} == {EXTRACTOR}
    again = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT + timedelta(hours=1))["event_mentions"]
    assert again.equals(tables["event_mentions"])


def test_entity_id_folds_spelling_and_is_null_for_values():
    a = Mention(0, 9, "الأميركية", "NORP", "الأميركية")
    b = Mention(5, 14, "الاميركية", "NORP", "الاميركية")
    assert entity_id(a) == entity_id(b)
    assert entity_id(Mention(0, 9, "الأميركية", "GPE", "الأميركية")) != entity_id(a)
    assert entity_id(Mention(0, 6, "الخميس", "DATE", "الخميس", value="2021-07-29")) is None
    kadhimi = Mention(0, 7, "الكاظمي", "PER", "الكاظمي", canonical="مصطفى الكاظمي")
    assert entity_id(kadhimi) == entity_id(Mention(0, 13, "مصطفى الكاظمي", "PER", "مصطفى الكاظمي"))


def test_ids_are_deterministic_and_keyed():
    m = Mention(10, 17, "الكاظمي", "PER", "الكاظمي")
    assert mention_id("a1", m) == mention_id("a1", Mention(10, 17, "الكاظمي", "PER", "الكاظمي"))
    assert mention_id("a1", m) != mention_id("a2", m)
    assert len(mention_id("a1", m)) == 16
    items, quarantined = sample_batch()
    first = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)
    again = build_tables(*sample_batch(), EXTRACTOR, INGESTED_AT + timedelta(hours=1))
    for name in ("entity_mentions", "events", "event_participants", "event_mentions"):
        assert first[name].equals(again[name]), name
    assert tables_batch_id(first) == tables_batch_id(again)


def test_batch_id_ignores_order_but_not_extractor():
    q = [quarantine_id(item) for item in sample_batch()[1]]
    assert batch_id(["b", "a"], q, "x/1") == batch_id(["a", "b"], q, "x/1")
    assert batch_id(["a", "b"], q, "x/1") != batch_id(["a", "b"], q, "x/2")
    assert batch_id(["a", "b"], [], "x/1") != batch_id(["a", "b"], q, "x/1")


def test_naive_ingested_at_is_utc():
    items, quarantined = sample_batch()
    naive = build_tables(items, quarantined, EXTRACTOR, datetime(2021, 7, 30, 6, 0))
    stamp = naive["articles"].column("ingested_at")[0].as_py()
    assert stamp == datetime(2021, 7, 30, 6, 0, tzinfo=UTC)


def test_write_batch_layout_schemas_and_commit_last(tmp_path: Path):
    tables = build_tables(*sample_batch(), EXTRACTOR, INGESTED_AT)
    bid = tables_batch_id(tables)
    written = write_batch(tmp_path, tables, DAY, bid)
    assert written[-1] == batch_path(tmp_path, "articles", DAY, bid)
    assert {p.parent.parent.name for p in written} == set(DATASETS)
    for path in written:
        assert path.parent.name == "ingest_date=2021-07-30" and path.name == f"{bid}.parquet"
        name = path.parent.parent.name
        assert pq.read_schema(path).equals(DATASETS[name]), name
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert not list(tmp_path.rglob(".*"))


def test_write_batch_skips_empty_children_but_keeps_the_marker(tmp_path: Path):
    _, quarantined = sample_batch()
    tables = build_tables([], quarantined, EXTRACTOR, INGESTED_AT)
    written = write_batch(tmp_path, tables, DAY, tables_batch_id(tables))
    assert [p.parent.parent.name for p in written] == ["quarantine", "articles"]
    empty = build_tables([], [], EXTRACTOR, INGESTED_AT)
    assert write_batch(tmp_path, empty, DAY, "0" * 16) == []


def test_write_batch_rejects_a_foreign_schema(tmp_path: Path):
    tables = build_tables(*sample_batch(), EXTRACTOR, INGESTED_AT)
    tables["events"] = tables["events"].drop_columns(["mode"])
    with pytest.raises(ValueError, match="events"):
        write_batch(tmp_path, tables, DAY, "b")
    assert not tmp_path.joinpath("articles").exists()


def test_processed_articles_needs_the_commit_marker_and_the_extractor(tmp_path: Path):
    items, quarantined = sample_batch()
    assert processed_articles(tmp_path, EXTRACTOR) == set()
    tables = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)
    bid = tables_batch_id(tables)
    write_batch(tmp_path, tables, DAY, bid)
    assert processed_articles(tmp_path, EXTRACTOR) == {a.article_id for a, _ in items}
    assert processed_articles(tmp_path, "other/2") == set()
    batch_path(tmp_path, "articles", DAY, bid).unlink()  # as if killed before the commit
    assert processed_articles(tmp_path, EXTRACTOR) == set()


def test_remove_stale_temp_keeps_live_writers(tmp_path: Path):
    folder = tmp_path / "events" / "ingest_date=2021-07-30"
    folder.mkdir(parents=True)
    stale = folder / f".abc.parquet.tmp-{dead_pid()}"
    live = folder / f".def.parquet.tmp-{os.getpid()}"
    kept = folder / "abc.parquet"
    for path in (stale, live, kept):
        path.write_bytes(b"x")
    assert remove_stale_temp(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and kept.exists()


def test_remove_files_of_dead_writers_reads_the_pid_from_the_name(tmp_path: Path):
    pid_in_name = re.compile(r"\.lock-(\d+)$")
    dead, live = tmp_path / f"a.lock-{dead_pid()}", tmp_path / f"b.lock-{os.getpid()}"
    unrelated, folder = tmp_path / "c.lock-x", tmp_path / f"d.lock-{dead_pid()}"
    for path in (dead, live, unrelated):
        path.write_bytes(b"x")
    folder.mkdir()
    assert remove_files_of_dead_writers([dead, live, unrelated, folder], pid_in_name) == [dead]
    assert not dead.exists() and live.exists() and unrelated.exists() and folder.exists()


def test_known_quarantine_ids_come_from_committed_batches_only(tmp_path: Path):
    assert known_quarantine_ids(tmp_path) == set()
    items, quarantined = sample_batch()
    committed = build_tables(items, quarantined, EXTRACTOR, INGESTED_AT)
    write_batch(tmp_path, committed, DAY, tables_batch_id(committed))
    assert known_quarantine_ids(tmp_path) == {quarantine_id(q) for q in quarantined}
    other = quarantined_item()
    other.line_number = 9
    killed = build_tables([], [other], EXTRACTOR, INGESTED_AT)
    bid = tables_batch_id(killed)
    write_batch(tmp_path, killed, DAY, bid)
    batch_path(tmp_path, "articles", DAY, bid).unlink()  # killed before its commit marker
    assert known_quarantine_ids(tmp_path) == {quarantine_id(q) for q in quarantined}


def test_importing_the_lake_does_not_load_the_warehouse_engine():
    code = "import sys, akhbar.storage.lake, akhbar.storage.records; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
