"""Small, valid batch and warehouse data built by hand (real Arabic text, computed offsets)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from akhbar import schemas
from tests.factories import span

Rows = dict[str, list[dict[str, Any]]]

TITLE = "الكاظمي يلتقي بيلوسي"
TEXT = ("وبحث الكاظمي مع نانسي بيلوسي في واشنطن الأربعاء التعاون بين البلدين. "
        "وقال الكاظمي إن العراق يريد شراكة طويلة مع الولايات المتحدة.")
DAY = date(2021, 7, 28)
NOW = datetime(2021, 7, 29, 6, 0, tzinfo=UTC)
EXTRACTOR = "rules/1"
SENTENCES = [TEXT[:TEXT.index(".") + 1], TEXT[TEXT.index(".") + 2:]]

# Mart-only tables (columns as in marts); rows are dicts in column order.
MART_COLUMNS = {
    "entities": ["entity_id", "label", "canonical_name", "canonical_name_latin", "country_code", "mention_count",
                 "article_count", "first_seen_date", "last_seen_date", "latitude", "longitude"],
    "actor_interactions": ["actor_entity_id", "actor_name", "target_entity_id", "target_name", "event_type",
                           "event_count", "first_date", "last_date"],
    "daily_event_counts": ["event_date", "event_type", "place_entity_id", "place", "event_count"],
    "event_clusters": ["cluster_id", "event_id", "article_id", "event_type", "status", "event_date", "trigger",
                       "member_count", "article_count"],
}
MART_TYPES = {"mention_count": "INTEGER", "article_count": "INTEGER", "event_count": "INTEGER",
              "member_count": "INTEGER",
              "first_seen_date": "DATE", "last_seen_date": "DATE", "first_date": "DATE", "last_date": "DATE",
              "event_date": "DATE", "latitude": "DOUBLE", "longitude": "DOUBLE"}


def mention(mention_id: str, surface: str, label: str, entity_id: str | None, *, field: str = "text",
            occurrence: int = 0, value: str | None = None, sentence_index: int = 0) -> dict[str, Any]:
    start, end = span(TITLE if field == "title" else TEXT, surface, occurrence)
    return {"mention_id": mention_id, "article_id": "a1", "field": field, "sentence_index": sentence_index,
            "start_char": start, "end_char": end, "surface": surface, "normalized": surface.removeprefix("و"),
            "label": label, "value": value, "entity_id": entity_id, "canonical_name": None,
            "canonical_name_latin": None, "country_code": None, "confidence": 0.9, "extractor": EXTRACTOR}


def event_mention(event_mention_id: str, event_id: str, trigger: str, sentence_index: int,
                  rank: int = 0) -> dict[str, Any]:
    start, end = span(TEXT, trigger)
    return {"event_mention_id": event_mention_id, "event_id": event_id, "article_id": "a1", "mention_rank": rank,
            "sentence_index": sentence_index, "trigger": trigger, "trigger_start": start, "trigger_end": end,
            "status": "asserted", "evidence": SENTENCES[sentence_index],
            "extractor": EXTRACTOR}


def good_rows() -> Rows:
    """One article with mentions, a CONSULT event with participants and a STATEMENT, each told once,
    one quarantined item, and marts."""
    trigger_start, trigger_end = span(TEXT, "بحث")
    said_start, said_end = span(TEXT, "وقال")
    return {
        "articles": [{
            "article_id": "a1", "external_id": "000_98b8e4c306178cf7.txt", "source_path": "seeds/000.txt",
            "source": "ايلاف", "url": None, "title": TITLE, "published_at": NOW, "published_date": NOW.date(),
            "dateline_source": "ايلاف", "dateline_place": "لندن", "encoding": "utf-8", "text": TEXT,
            "char_count": len(TEXT), "sentence_count": 2, "extractor": EXTRACTOR, "batch_id": "b1",
            "ingested_at": NOW}],
        "sentences": [{"article_id": "a1", "sentence_index": 0, "start_char": 0, "end_char": TEXT.index(".") + 1}],
        "entity_mentions": [
            mention("m1", "الكاظمي", "PER", "e-kadhimi"),
            mention("m2", "نانسي بيلوسي", "PER", "e-pelosi"),
            mention("m3", "واشنطن", "GPE", "e-washington"),
            mention("m4", "الأربعاء", "DATE", None, value="2021-07-28"),
            mention("m5", "الكاظمي", "PER", "e-kadhimi", occurrence=1, sentence_index=1),
            mention("m6", "الكاظمي", "PER", "e-kadhimi", field="title"),
        ],
        "events": [{
            "event_id": "ev1", "article_id": "a1", "sentence_index": 0, "event_type": "CONSULT", "mode": None,
            "trigger": "بحث", "trigger_start": trigger_start, "trigger_end": trigger_end, "status": "asserted",
            "event_date": DAY, "date_precision": "day", "date_source": "text", "quantity": None,
            "quantity_approximate": False,
            "confidence": 0.8, "evidence": TEXT[:TEXT.index(".") + 1], "extractor": EXTRACTOR}, {
            "event_id": "ev2", "article_id": "a1", "sentence_index": 1, "event_type": "STATEMENT", "mode": None,
            "trigger": "وقال", "trigger_start": said_start, "trigger_end": said_end, "status": "asserted",
            "event_date": None, "date_precision": "unknown", "date_source": "none", "quantity": None,
            "quantity_approximate": False,
            "confidence": 0.7, "evidence": SENTENCES[1], "extractor": EXTRACTOR}],
        "event_mentions": [
            event_mention("em1", "ev1", "بحث", 0),
            event_mention("em2", "ev2", "وقال", 1),
        ],
        "event_participants": [
            {"event_id": "ev1", "article_id": "a1", "role": "actor", "surface": "الكاظمي",
             "start_char": span(TEXT, "الكاظمي")[0], "end_char": span(TEXT, "الكاظمي")[1], "entity_id": "e-kadhimi",
             "mention_id": "m1"},
            {"event_id": "ev1", "article_id": "a1", "role": "target", "surface": "نانسي بيلوسي",
             "start_char": span(TEXT, "نانسي بيلوسي")[0], "end_char": span(TEXT, "نانسي بيلوسي")[1],
             "entity_id": "e-pelosi", "mention_id": "m2"},
            {"event_id": "ev1", "article_id": "a1", "role": "location", "surface": "في واشنطن",
             "start_char": None, "end_char": None, "entity_id": None, "mention_id": None},
        ],
        "quarantine": [{
            "quarantine_id": "q1", "source_path": "seeds/bad.jsonl", "external_id": None, "line_number": 3,
            "reason": "broken_json", "detail": "Expecting value", "excerpt": "{\"id\": ", "batch_id": "b1",
            "ingested_at": NOW}],
        "entities": [
            {"entity_id": "e-kadhimi", "label": "PER", "canonical_name": "مصطفى الكاظمي",
             "canonical_name_latin": "Mustafa al-Kadhimi", "country_code": "IQ", "mention_count": 3,
             "article_count": 1, "first_seen_date": DAY, "last_seen_date": DAY, "latitude": None,
             "longitude": None},
            {"entity_id": "e-pelosi", "label": "PER", "canonical_name": "نانسي بيلوسي",
             "canonical_name_latin": "Nancy Pelosi", "country_code": "US", "mention_count": 1,
             "article_count": 1, "first_seen_date": DAY, "last_seen_date": DAY, "latitude": None,
             "longitude": None},
            {"entity_id": "e-washington", "label": "GPE", "canonical_name": "واشنطن",
             "canonical_name_latin": "Washington", "country_code": "US", "mention_count": 1,
             "article_count": 1, "first_seen_date": DAY, "last_seen_date": DAY, "latitude": 38.89511,
             "longitude": -77.03637},
        ],
        "actor_interactions": [
            {"actor_entity_id": "e-kadhimi", "actor_name": "مصطفى الكاظمي", "target_entity_id": "e-pelosi",
             "target_name": "نانسي بيلوسي", "event_type": "CONSULT", "event_count": 1, "first_date": DAY,
             "last_date": DAY}],
        "daily_event_counts": [
            {"event_date": DAY, "event_type": "CONSULT", "place_entity_id": "e-washington", "place": "واشنطن",
             "event_count": 1}],
        "event_clusters": [
            {"cluster_id": "ev1", "event_id": "ev1", "article_id": "a1", "event_type": "CONSULT",
             "status": "asserted", "event_date": DAY, "trigger": "بحث", "member_count": 1, "article_count": 1},
            {"cluster_id": "ev2", "event_id": "ev2", "article_id": "a1", "event_type": "STATEMENT",
             "status": "asserted", "event_date": None, "trigger": "وقال", "member_count": 1, "article_count": 1}],
    }


def batch_tables(rows: Rows) -> dict[str, pa.Table]:
    """The batch datasets of ``rows`` as pyarrow tables with the lake schemas."""
    return {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in schemas.DATASETS.items()
            if name in rows}


def warehouse(rows: Rows) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose ``marts`` schema holds every table of ``rows``."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    for name, table in batch_tables(rows).items():
        con.register("staged", table)
        con.execute(f"CREATE TABLE marts.{name} AS SELECT * FROM staged")
        con.unregister("staged")
    for name, columns in MART_COLUMNS.items():
        ddl = ", ".join(f"{c} {MART_TYPES.get(c, 'VARCHAR')}" for c in columns)
        con.execute(f"CREATE TABLE marts.{name} ({ddl})")
        if rows[name]:
            con.executemany(f"INSERT INTO marts.{name} VALUES ({', '.join('?' * len(columns))})",
                            [[row[c] for c in columns] for row in rows[name]])
    return con


@pytest.fixture
def rows() -> Rows:
    """A fresh, mutable copy of the good rows."""
    return copy.deepcopy(good_rows())


@pytest.fixture
def make_batch() -> Callable[[Rows], dict[str, pa.Table]]:
    """Builds batch tables from rows."""
    return batch_tables


@pytest.fixture
def make_warehouse() -> Callable[[Rows], duckdb.DuckDBPyConnection]:
    """Builds an in-memory warehouse from rows."""
    return warehouse
