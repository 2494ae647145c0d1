"""Reports, errors, Data Docs, the no-network guarantee and Great Expectations loaded only to validate."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from akhbar.quality import (
    QualityError,
    build_data_docs,
    raise_for_failures,
    results_markdown,
    runner,
    validate_batch,
    validate_warehouse,
)

Rows = dict[str, list[dict[str, Any]]]


def _break_mention_offsets(rows: Rows) -> None:
    rows["entity_mentions"][1]["start_char"] += 1
    rows["entity_mentions"][1]["end_char"] += 1


def test_raise_for_failures_names_expectation_and_rows(rows: Rows,
                                                       make_batch: Callable[[Rows], dict[str, pa.Table]]) -> None:
    raise_for_failures(validate_batch(make_batch(rows)))
    _break_mention_offsets(rows)
    results = validate_batch(make_batch(rows))
    with pytest.raises(QualityError) as error:
        raise_for_failures(results)
    message = str(error.value)
    assert "entity_mentions: expect_column_pair_values_to_be_equal(surface, span)" in message
    assert "failed on 1 row(s)" in message and "mention_id=m2" in message and "نانسي بيلوسي" in message
    assert [r.dataset for r in error.value.results] == ["entity_mentions"]


def test_results_markdown_lists_suites_and_failures(rows: Rows,
                                                    make_batch: Callable[[Rows], dict[str, pa.Table]]) -> None:
    _break_mention_offsets(rows)
    markdown = results_markdown(validate_batch(make_batch(rows)))
    assert "| articles | 1 | 8 | 0 | pass |" in markdown
    assert "| entity_mentions | 6 | 15 | 1 | **FAIL** |" in markdown
    assert "- **entity_mentions**: expect_column_pair_values_to_be_equal(surface, span)" in markdown


def test_missing_warehouse_table_is_a_failed_suite(rows: Rows,
                                                   make_warehouse: Callable[[Rows], duckdb.DuckDBPyConnection]) -> None:
    con = make_warehouse(rows)
    con.execute("DROP TABLE marts.daily_event_counts")
    results = {r.dataset: r for r in validate_warehouse(con)}
    failure, = results["daily_event_counts"].failures
    assert failure.expectation == "query" and "daily_event_counts" in (failure.error or "")
    assert all(r.success for name, r in results.items() if name != "daily_event_counts")
    with pytest.raises(QualityError, match="daily_event_counts: query"):
        raise_for_failures(list(results.values()))


def test_validate_warehouse_keeps_the_callers_search_path(
        rows: Rows, make_warehouse: Callable[[Rows], duckdb.DuckDBPyConnection]) -> None:
    con = make_warehouse(rows)
    validate_warehouse(con)
    assert con.execute("SELECT current_setting('search_path')").fetchone() == ("",)


def test_data_docs_are_built_without_network(rows: Rows, make_batch: Callable[[Rows], dict[str, pa.Table]],
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    runner._validator.cache_clear()  # a fresh GX context, created under the guard
    _break_mention_offsets(rows)
    validate_batch(make_batch(rows))
    index = build_data_docs(tmp_path / "docs")
    assert index == tmp_path / "docs" / "index.html" and index.is_file()
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "docs" / "validations").rglob("*.html")]
    assert any("entity_mentions" in page and "Failed" in page for page in pages)
    assert attempts == []


def test_importing_the_flow_loads_neither_great_expectations_nor_pandas() -> None:
    """Extraction workers import the flow's modules (Prefect sends the flow with each task) and never
    validate nor read the lake: GX's and pandas' imports, some 170 MB, stay out of them."""
    code = "import sys, flows.pipeline; print(sorted({'great_expectations', 'pandas'} & sys.modules.keys()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
