"""Every suite passes on good data and reports the right expectation on broken data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from akhbar.quality import SUITES, SuiteResult, validate_batch, validate_warehouse

Rows = dict[str, list[dict[str, Any]]]
MakeBatch = Callable[[Rows], dict[str, pa.Table]]
MakeWarehouse = Callable[[Rows], duckdb.DuckDBPyConnection]

BATCH_DATASETS = ["articles", "entity_mentions", "events", "event_participants", "event_mentions", "quarantine"]
FUTURE = date.today() + timedelta(days=30)

UNIQUE = "expect_column_values_to_be_unique"
NOT_NULL = "expect_column_values_to_not_be_null"
IN_SET = "expect_column_values_to_be_in_set"
BETWEEN = "expect_column_values_to_be_between"
PAIR_EQUAL = "expect_column_pair_values_to_be_equal"
A_GE_B = "expect_column_pair_values_a_to_be_greater_than_b"
COMPOUND_UNIQUE = "expect_compound_columns_to_be_unique"
STRFTIME = "expect_column_values_to_match_strftime_format"


def _by_dataset(results: list[SuiteResult]) -> dict[str, SuiteResult]:
    return {r.dataset: r for r in results}


def test_batch_suites_pass_on_good_data(rows: Rows, make_batch: MakeBatch) -> None:
    results = validate_batch(make_batch(rows))
    assert [r.dataset for r in results] == BATCH_DATASETS
    assert all(r.success and r.failed == 0 and r.evaluated > 0 for r in results), results


def test_warehouse_suites_pass_on_good_data(rows: Rows, make_warehouse: MakeWarehouse) -> None:
    results = validate_warehouse(make_warehouse(rows))
    assert [r.dataset for r in results] == list(SUITES)
    assert all(r.success for r in results), [f.summary() for r in results for f in r.failures]
    assert _by_dataset(results)["entity_mentions"].rows == len(rows["entity_mentions"])


def test_batch_skips_suites_whose_tables_are_absent(rows: Rows, make_batch: MakeBatch) -> None:
    tables = make_batch(rows)
    del tables["articles"]
    assert [r.dataset for r in validate_batch(tables)] == ["quarantine"]


def _set(table: str, index: int, **values: Any) -> Callable[[Rows], None]:
    def breaker(rows: Rows) -> None:
        rows[table][index].update(values)
    return breaker


def _duplicate(table: str, index: int = 0, **values: Any) -> Callable[[Rows], None]:
    def breaker(rows: Rows) -> None:
        rows[table].append({**rows[table][index], **values})
    return breaker


def _drop(table: str, index: int) -> Callable[[Rows], None]:
    def breaker(rows: Rows) -> None:
        del rows[table][index]
    return breaker


def _one_cluster(rows: Rows) -> None:
    """Both events (of one article) in one cluster with consistent sizes."""
    for row in rows["event_clusters"]:
        row.update(cluster_id="ev1", member_count=2, article_count=1)


def _shift(table: str, index: int, start: str, end: str, by: int) -> Callable[[Rows], None]:
    def breaker(rows: Rows) -> None:
        rows[table][index][start] += by
        rows[table][index][end] += by
    return breaker


# (dataset, breaker, expected failures {(expectation, column)}, row id expected in the report or None)
CASES: list[tuple[str, Callable[[Rows], None], set[tuple[str, str]], dict[str, Any] | None]] = [
    ("articles", _duplicate("articles", external_id="copy.txt"), {(UNIQUE, "article_id")}, {"article_id": "a1"}),
    ("articles", _set("articles", 0, published_date=FUTURE), {(BETWEEN, "published_date_ts")},
     {"article_id": "a1"}),
    ("articles", _set("articles", 0, char_count=3), {(PAIR_EQUAL, "char_count, text_chars")}, {"article_id": "a1"}),
    ("articles", _set("articles", 0, text="", char_count=0), {(BETWEEN, "text_chars")}, {"article_id": "a1"}),
    ("entity_mentions", _duplicate("entity_mentions", 1), {(UNIQUE, "mention_id")}, {"mention_id": "m2"}),
    ("entity_mentions", _shift("entity_mentions", 1, "start_char", "end_char", 1),
     {(PAIR_EQUAL, "surface, span")}, {"mention_id": "m2"}),
    ("entity_mentions", _shift("entity_mentions", 5, "start_char", "end_char", 2),
     {(PAIR_EQUAL, "surface, span")}, {"mention_id": "m6"}),
    ("entity_mentions", _set("entity_mentions", 2, end_char=10_000), {(IN_SET, "offsets_in_field")},
     {"mention_id": "m3"}),
    ("entity_mentions", _set("entity_mentions", 0, label="PERSON"), {(IN_SET, "label")}, {"mention_id": "m1"}),
    ("entity_mentions", _set("entity_mentions", 0, confidence=1.5), {(BETWEEN, "confidence")},
     {"mention_id": "m1"}),
    ("entity_mentions", _set("entity_mentions", 0, article_id="missing"), {(IN_SET, "article_found")},
     {"mention_id": "m1"}),
    ("entity_mentions", _set("entity_mentions", 3, value="28 July"), {(IN_SET, "value_well_formed")},
     {"mention_id": "m4"}),
    ("entity_mentions", _set("entity_mentions", 3, entity_id="e-day"), {("expect_column_values_to_be_null",
                                                                          "entity_id")}, {"mention_id": "m4"}),
    ("events", _duplicate("events"), {(UNIQUE, "event_id")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, event_type="MEETING"), {(IN_SET, "event_type")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, status="maybe"), {(IN_SET, "status")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, date_precision="week"), {(IN_SET, "date_precision")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, date_source="guessed"), {(IN_SET, "date_source")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, date_source="none"), {(IN_SET, "dated_by_source")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, event_date=FUTURE), {(BETWEEN, "event_date_ts")}, {"event_id": "ev1"}),
    ("events", _shift("events", 0, "trigger_start", "trigger_end", -1), {(PAIR_EQUAL, "trigger, span")},
     {"event_id": "ev1"}),
    ("events", _set("events", 0, confidence=-0.1), {(BETWEEN, "confidence")}, {"event_id": "ev1"}),
    ("events", _set("events", 0, article_id="missing"), {(IN_SET, "article_found")}, {"event_id": "ev1"}),
    ("event_participants", _set("event_participants", 0, role="speaker"), {(IN_SET, "role")},
     {"event_id": "ev1", "role": "speaker", "mention_id": "m1"}),
    ("event_participants", _set("event_participants", 1, event_id="ev404"), {(IN_SET, "event_found")},
     {"event_id": "ev404", "role": "target", "mention_id": "m2"}),
    ("event_participants", _set("event_participants", 1, mention_id="m404"), {(IN_SET, "mention_found")},
     {"event_id": "ev1", "role": "target", "mention_id": "m404"}),
    ("event_participants", _shift("event_participants", 0, "start_char", "end_char", 1),
     {(PAIR_EQUAL, "surface, span")}, {"event_id": "ev1", "role": "actor", "mention_id": "m1"}),
    ("event_mentions", _duplicate("event_mentions", 1), {(UNIQUE, "event_mention_id"),
                                                         (COMPOUND_UNIQUE, "event_id, mention_rank")},
     {"event_mention_id": "em2"}),
    ("event_mentions", _drop("event_mentions", 1), {(IN_SET, "event_has_mention")}, {"event_id": "ev2"}),
    ("event_mentions", _duplicate("event_mentions", 1, event_mention_id="em404", event_id="ev404"),
     {(IN_SET, "event_found")}, {"event_mention_id": "em404", "event_id": "ev404"}),
    ("event_mentions", _set("event_mentions", 1, mention_rank=1), {(IN_SET, "event_has_own_mention")},
     {"event_mention_id": "em2"}),
    ("event_mentions", _shift("event_mentions", 0, "trigger_start", "trigger_end", 1),
     {(PAIR_EQUAL, "trigger, span"), (IN_SET, "own_mention_is_event_trigger")}, {"event_mention_id": "em1"}),
    ("event_mentions", _set("event_mentions", 0, article_id="a404"), {(IN_SET, "article_matches_event")},
     {"event_mention_id": "em1"}),
    ("event_mentions", _set("event_mentions", 0, status="maybe"), {(IN_SET, "status")}, {"event_mention_id": "em1"}),
    ("event_mentions", _set("event_mentions", 1, evidence="وبحث الطرفان العلاقات."),
     {(IN_SET, "trigger_in_evidence")}, {"event_mention_id": "em2"}),
    ("quarantine", _duplicate("quarantine", external_id="x"), {(UNIQUE, "quarantine_id")}, {"quarantine_id": "q1"}),
    ("quarantine", _set("quarantine", 0, reason=""), {("expect_column_value_lengths_to_be_between", "reason")},
     {"quarantine_id": "q1"}),
]

MART_CASES: list[tuple[str, Callable[[Rows], None], set[tuple[str, str]], dict[str, Any] | None]] = [
    ("quarantine", _set("quarantine", 0, reason=None), {(NOT_NULL, "reason")}, {"quarantine_id": "q1"}),
    ("entity_mentions", _shift("entity_mentions", 1, "start_char", "end_char", -1),
     {(PAIR_EQUAL, "surface, span")}, {"mention_id": "m2"}),
    ("entities", _set("entity_mentions", 4, entity_id="e-atlantis"), {(IN_SET, "listed")},
     {"entity_id": "e-atlantis"}),
    ("entities", _duplicate("entities", 2, entity_id="e-unused"), {(IN_SET, "mentioned")},
     {"entity_id": "e-unused"}),
    ("entities", _duplicate("entities", 2), {(UNIQUE, "entity_id")}, {"entity_id": "e-washington"}),
    ("entities", _set("entities", 0, label="DATE"), {(IN_SET, "label")}, {"entity_id": "e-kadhimi"}),
    ("entities", _set("entities", 0, canonical_name=None), {(NOT_NULL, "canonical_name")},
     {"entity_id": "e-kadhimi"}),
    ("entities", _set("entities", 1, mention_count=0),
     {(BETWEEN, "mention_count"), (A_GE_B, "mention_count, article_count")}, {"entity_id": "e-pelosi"}),
    ("entities", _set("entities", 1, last_seen_date=FUTURE), {(BETWEEN, "last_seen_date_ts")},
     {"entity_id": "e-pelosi"}),
    ("entities", _set("entities", 1, first_seen_date=date(2021, 7, 29)),
     {(A_GE_B, "last_seen_date_ts, first_seen_date_ts")}, {"entity_id": "e-pelosi"}),
    ("entities", _set("entities", 2, latitude=95.0), {(BETWEEN, "latitude")}, {"entity_id": "e-washington"}),
    ("entities", _set("entities", 2, longitude=None), {(IN_SET, "coordinates_ok")}, {"entity_id": "e-washington"}),
    ("entities", _set("entities", 0, latitude=33.3, longitude=44.4), {(IN_SET, "coordinates_ok")},
     {"entity_id": "e-kadhimi"}),
    ("actor_interactions", _set("actor_interactions", 0, event_count=0), {(BETWEEN, "event_count")},
     {"actor_entity_id": "e-kadhimi"}),
    ("actor_interactions", _duplicate("actor_interactions"),
     {(COMPOUND_UNIQUE, "actor_entity_id, actor_name, target_entity_id, target_name, event_type")},
     {"actor_entity_id": "e-kadhimi"}),
    ("actor_interactions", _set("actor_interactions", 0, event_type="HUG"), {(IN_SET, "event_type")}, None),
    ("actor_interactions", _set("actor_interactions", 0, target_entity_id="e-404"), {(IN_SET, "target_found")},
     {"target_entity_id": "e-404"}),
    ("actor_interactions", _set("actor_interactions", 0, last_date=FUTURE), {(BETWEEN, "last_date_ts")}, None),
    ("daily_event_counts", _set("daily_event_counts", 0, event_date=FUTURE), {(BETWEEN, "event_date_ts")},
     {"event_date": FUTURE.isoformat()}),
    ("daily_event_counts", _set("daily_event_counts", 0, event_count=0), {(BETWEEN, "event_count")}, None),
    ("daily_event_counts", _set("daily_event_counts", 0, place_entity_id="e-404"), {(IN_SET, "place_found")},
     {"place_entity_id": "e-404"}),
    ("daily_event_counts", _duplicate("daily_event_counts"),
     {(COMPOUND_UNIQUE, "event_date, event_type, place_entity_id, place")}, None),
    ("event_mentions", _drop("event_mentions", 0), {(IN_SET, "event_has_mention")}, {"event_id": "ev1"}),
    ("event_clusters", _duplicate("event_clusters", 1),
     {(UNIQUE, "event_id"), (PAIR_EQUAL, "member_count, counted_members")}, {"event_id": "ev2"}),
    ("event_clusters", _drop("event_clusters", 1), {(IN_SET, "clustered")}, {"event_id": "ev2"}),
    ("event_clusters", _duplicate("event_clusters", 1, event_id="ev404", cluster_id="ev404"),
     {(IN_SET, "event_found")}, {"cluster_id": "ev404", "event_id": "ev404"}),
    ("event_clusters", _set("event_clusters", 1, cluster_id="ev9"), {(IN_SET, "cluster_id_is_smallest_member")},
     {"cluster_id": "ev9", "event_id": "ev2"}),
    ("event_clusters", _set("event_clusters", 1, cluster_id="ev1"),
     {(PAIR_EQUAL, "member_count, counted_members"), (BETWEEN, "cluster_types")},
     {"cluster_id": "ev1", "event_id": "ev2"}),
    ("event_clusters", _one_cluster, {(IN_SET, "spans_articles"), (BETWEEN, "cluster_types")},
     {"cluster_id": "ev1", "event_id": "ev2"}),
    ("event_clusters", _set("event_clusters", 0, article_count=2),
     {(PAIR_EQUAL, "article_count, counted_articles"), (A_GE_B, "member_count, article_count")},
     {"event_id": "ev1"}),
    ("event_clusters", _set("event_clusters", 0, event_type="STATEMENT"), {(IN_SET, "matches_event")},
     {"event_id": "ev1"}),
]


def _assert_reported(result: SuiteResult, expected: set[tuple[str, str]], row_id: dict[str, Any] | None) -> None:
    assert not result.success
    assert {(f.expectation, f.column) for f in result.failures} == expected, [f.summary() for f in result.failures]
    assert result.failed == len(expected)
    for failure in result.failures:
        assert failure.error is None and failure.unexpected_count and failure.unexpected_count >= 1
        if row_id is not None:
            assert any(row_id.items() <= ids.items() for ids in failure.row_ids), failure.row_ids


@pytest.mark.parametrize(("dataset", "breaker", "expected", "row_id"), CASES,
                         ids=[f"{c[0]}-{'+'.join(col for _, col in sorted(c[2]))}" for c in CASES])
def test_batch_suite_reports_the_broken_check(rows: Rows, make_batch: MakeBatch, dataset: str,
                                              breaker: Callable[[Rows], None], expected: set[tuple[str, str]],
                                              row_id: dict[str, Any] | None) -> None:
    breaker(rows)
    _assert_reported(_by_dataset(validate_batch(make_batch(rows)))[dataset], expected, row_id)


@pytest.mark.parametrize(("dataset", "breaker", "expected", "row_id"), MART_CASES,
                         ids=[f"{c[0]}-{'+'.join(col for _, col in sorted(c[2]))}" for c in MART_CASES])
def test_warehouse_suite_reports_the_broken_check(rows: Rows, make_warehouse: MakeWarehouse, dataset: str,
                                                  breaker: Callable[[Rows], None], expected: set[tuple[str, str]],
                                                  row_id: dict[str, Any] | None) -> None:
    breaker(rows)
    _assert_reported(_by_dataset(validate_warehouse(make_warehouse(rows)))[dataset], expected, row_id)


def test_unparseable_warehouse_date_is_reported(rows: Rows, make_warehouse: MakeWarehouse) -> None:
    con = make_warehouse(rows)
    con.execute("ALTER TABLE marts.events ALTER event_date TYPE VARCHAR")
    con.execute("UPDATE marts.events SET event_date = '2021-02-30' WHERE event_id = 'ev1'")
    result = _by_dataset(validate_warehouse(con))["events"]
    assert {(f.expectation, f.column) for f in result.failures} == {(STRFTIME, "event_date")}
    assert result.failures[0].samples == ["2021-02-30"]
