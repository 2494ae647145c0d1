"""Faults: a corrupt lake file, a full disk and two builds at once leave the last good lake and warehouse."""

from __future__ import annotations

import errno
import threading
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

import akhbar.storage.lake as lake_module
import akhbar.storage.warehouse as warehouse_module
from akhbar.storage.warehouse import CorruptLakeFile, build_warehouse
from tests.factories import (
    INGESTED_AT,
    SQL_DIR,
    kadhimi_batch_item,
    load_lake,
    rockets_batch_item,
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _articles(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [r[0] for r in con.execute("select external_id from marts.articles order by 1").fetchall()]


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupt_lake_file_is_named_and_nothing_of_it_is_loaded(tmp_path: Path, damage: str):
    lake, warehouse = tmp_path / "lake", tmp_path / "wh.duckdb"
    load_lake(lake, [rockets_batch_item()])
    build_warehouse(lake, warehouse, SQL_DIR)
    before = warehouse.read_bytes()
    files = load_lake(lake, [kadhimi_batch_item()], at=INGESTED_AT + timedelta(days=1))
    bad = next(f for f in files if f.parent.parent.name == "entity_mentions")
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"PAR1" + b"\x00garbage" * 64)
    for full in (False, True):  # a daily (incremental) build and a full rebuild
        with pytest.raises(CorruptLakeFile, match=str(bad)):
            build_warehouse(lake, warehouse, SQL_DIR, full=full)
        assert warehouse.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "wh.duckdb"]
    assert _articles(warehouse) == ["001_rockets.jsonl:1"]


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_no_space_left_while_writing_the_lake_keeps_the_last_good_lake(tmp_path: Path, monkeypatch):
    lake = tmp_path / "lake"
    load_lake(lake, [rockets_batch_item()])
    before = _tree(lake)
    monkeypatch.setattr(lake_module.pq, "write_table", _no_space)
    with pytest.raises(OSError, match="No space left"):
        load_lake(lake, [kadhimi_batch_item()], at=INGESTED_AT + timedelta(days=1))
    assert _tree(lake) == before  # no half file, no temp file, no new batch


@pytest.mark.parametrize("step", ["copy", "checkpoint"])
def test_no_space_left_while_building_keeps_the_last_good_warehouse(tmp_path: Path, monkeypatch, step: str):
    lake, warehouse = tmp_path / "lake", tmp_path / "wh.duckdb"
    load_lake(lake, [rockets_batch_item()])
    build_warehouse(lake, warehouse, SQL_DIR)
    before, lake_before = warehouse.read_bytes(), _tree(lake)
    load_lake(lake, [kadhimi_batch_item()], at=INGESTED_AT + timedelta(days=1))
    if step == "copy":  # copying the warehouse aside for an incremental build
        monkeypatch.setattr(warehouse_module.shutil, "copyfile", _no_space)
    else:  # the last write of the new file
        monkeypatch.setattr(warehouse_module, "marts_counts", _no_space)
    with pytest.raises(OSError, match="No space left"):
        build_warehouse(lake, warehouse, SQL_DIR)
    assert warehouse.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "wh.duckdb"]
    assert set(lake_before.items()) <= set(_tree(lake).items())
    monkeypatch.undo()
    build_warehouse(lake, warehouse, SQL_DIR)  # space again: the next run catches up
    assert _articles(warehouse) == ["000_kadhimi.txt", "001_rockets.jsonl:1"]


def test_two_builds_at_once_on_one_warehouse_lose_nothing(tmp_path: Path):
    """B builds (and is slow to check); A's batch lands and A builds meanwhile. A must wait for B and
    build on B's result: without the lock, B would swap in a warehouse that lacks A's article."""
    lake, warehouse = tmp_path / "lake", tmp_path / "wh.duckdb"
    load_lake(lake, [rockets_batch_item()])
    in_gate, release = threading.Event(), threading.Event()

    def slow_gate(con: duckdb.DuckDBPyConnection, changes: object) -> None:
        in_gate.set()
        assert release.wait(30)

    errors: list[BaseException] = []

    def run(**kwargs: object) -> None:
        try:
            build_warehouse(lake, warehouse, SQL_DIR, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    b = threading.Thread(target=run, kwargs={"gate": slow_gate})
    b.start()
    assert in_gate.wait(60)
    load_lake(lake, [kadhimi_batch_item()], at=INGESTED_AT + timedelta(days=1))
    a = threading.Thread(target=run)
    a.start()
    a.join(2)
    release.set()
    b.join(60)
    a.join(60)
    assert not errors, errors
    assert _articles(warehouse) == ["000_kadhimi.txt", "001_rockets.jsonl:1"]
