"""Warehouse build mechanics: model ordering, atomic swap, quality gate, stale build cleanup."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from akhbar.storage.warehouse import build_warehouse, load_models, load_raw, update_models
from tests.factories import INGESTED_AT, SQL_DIR, dead_pid, load_lake, rockets_batch_item, sample_batch


def _write_models(sql_dir: Path, models: dict[str, str]) -> Path:
    for name, sql in models.items():
        path = sql_dir / f"{name.replace('.', '/')}.sql"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    return sql_dir


def test_models_run_in_dependency_order():
    order = [m.qualified for m in load_models(SQL_DIR)]
    assert order.index("staging.stg_batches") < order.index("staging.stg_events")
    assert order.index("staging.stg_events") < order.index("staging.stg_event_participants")
    assert order.index("marts.entities") < order.index("marts.actor_interactions")
    assert order.index("marts.entities") < order.index("marts.daily_event_counts")


def test_a_cycle_and_an_unknown_reference_are_clear_errors(tmp_path: Path):
    cyclic = _write_models(tmp_path / "cyclic", {
        "marts.a": "select * from marts.b", "marts.b": "select * from marts.a"})
    with pytest.raises(ValueError, match="cycle"):
        load_models(cyclic)
    unknown = _write_models(tmp_path / "unknown", {"marts.a": "select * from staging.missing"})
    with pytest.raises(ValueError, match="staging.missing"):
        load_models(unknown)
    commented = _write_models(tmp_path / "commented", {"marts.a": "-- built from staging.old\nselect 1;"})
    assert [m.refs for m in load_models(commented)] == [frozenset()]


def test_models_run_on_an_empty_lake_in_memory(tmp_path: Path):
    con = duckdb.connect()
    load_raw(con, tmp_path / "no-lake")
    assert update_models(con, SQL_DIR, [], full=True) == []
    created = {r[0] for r in con.execute("select table_schema || '.' || table_name "
                                         "from information_schema.tables").fetchall()}
    assert {"marts.articles", "staging.stg_articles", "stage.stg_articles"} <= created
    assert con.execute("select count(*) from marts.daily_event_counts").fetchone() == (0,)
    columns = [r[0] for r in con.execute("describe marts.articles").fetchall()]
    assert columns[:8] == ["article_id", "external_id", "source", "url", "title", "published_date", "text",
                           "ingested_at"]


def test_build_returns_marts_counts_and_leaves_no_temp(tmp_path: Path):
    load_lake(tmp_path / "lake", *sample_batch())
    counts = build_warehouse(tmp_path / "lake", tmp_path / "wh" / "warehouse.duckdb", SQL_DIR)
    assert counts["articles"] == 2 and counts["events"] == 2 and counts["quarantine"] == 1
    assert sorted(p.name for p in (tmp_path / "wh").iterdir()) == ["warehouse.duckdb"]


def test_a_failing_gate_keeps_the_previous_warehouse(tmp_path: Path):
    lake, warehouse = tmp_path / "lake", tmp_path / "warehouse.duckdb"
    load_lake(lake, [rockets_batch_item()])
    build_warehouse(lake, warehouse, SQL_DIR)
    load_lake(lake, *sample_batch(), at=INGESTED_AT + timedelta(days=1))

    def gate(con: duckdb.DuckDBPyConnection, changes) -> None:
        if con.execute("select count(*) from marts.articles").fetchone()[0] > 1:
            raise RuntimeError("quality gate failed")

    with pytest.raises(RuntimeError, match="quality gate"):
        build_warehouse(lake, warehouse, SQL_DIR, gate=gate)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "warehouse.duckdb"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.articles").fetchone() == (1,)


def test_a_reader_of_the_old_file_keeps_reading_across_a_swap(tmp_path: Path):
    lake, warehouse = tmp_path / "lake", tmp_path / "warehouse.duckdb"
    load_lake(lake, [rockets_batch_item()])
    build_warehouse(lake, warehouse, SQL_DIR)
    reader = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert reader.execute("select count(*) from marts.articles").fetchone() == (1,)
        load_lake(lake, *sample_batch(), at=INGESTED_AT + timedelta(days=1))
        build_warehouse(lake, warehouse, SQL_DIR)
        assert reader.execute("select count(*) from marts.entity_mentions").fetchone()[0] == len(
            rockets_batch_item()[1].mentions)
    finally:
        reader.close()
    with duckdb.connect(str(warehouse), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.articles").fetchone() == (2,)


def test_stale_builds_of_dead_processes_are_removed(tmp_path: Path):
    load_lake(tmp_path / "lake", *sample_batch())
    warehouse = tmp_path / "warehouse.duckdb"
    dead = dead_pid()
    stale = [tmp_path / f"warehouse.duckdb.building-{dead}", tmp_path / f"warehouse.duckdb.building-{dead}.wal"]
    live = tmp_path / f"warehouse.duckdb.building-{os.getppid()}"
    other = tmp_path / f"other.duckdb.building-{dead}"
    for path in (*stale, live, other):
        path.write_bytes(b"partial")
    build_warehouse(tmp_path / "lake", warehouse, SQL_DIR)
    assert not any(p.exists() for p in stale)
    assert live.exists() and other.exists() and warehouse.exists()


def test_a_build_caps_duckdb_memory(tmp_path):
    limits = []
    build_warehouse(tmp_path / "lake", tmp_path / "wh.duckdb", SQL_DIR,
                    gate=lambda con, changes: limits.append(
                        con.execute("select current_setting('memory_limit')").fetchall()))
    assert limits == [[("953.6 MiB",)]]  # 1 GB
