"""Paths that are not Akhbar's are refused before anything is written; Akhbar's own, old or new, are not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from akhbar.storage.files import PathRefused, check_allowed, within_roots
from akhbar.storage.lake import LAKE_MARKER, claim_lake, is_akhbar_lake
from akhbar.storage.warehouse import MARKER_TABLE, build_warehouse, check_warehouse
from tests.factories import SQL_DIR, load_lake, sample_batch


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def test_a_text_file_as_warehouse_is_refused_and_left_identical(tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("ملاحظاتي: لا تمسح هذا الملف\n", encoding="utf-8")
    before = notes.read_bytes(), notes.stat().st_mtime_ns
    load_lake(tmp_path / "lake", *sample_batch())
    with pytest.raises(PathRefused, match="notes.txt is not a DuckDB database"):
        build_warehouse(tmp_path / "lake", notes, SQL_DIR)
    assert (notes.read_bytes(), notes.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "notes.txt"]


def test_a_foreign_duckdb_file_is_refused_and_an_old_akhbar_warehouse_is_not(tmp_path: Path):
    foreign = tmp_path / "sales.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("create table sales as select 1 as amount")
    before = foreign.read_bytes()
    with pytest.raises(PathRefused, match="not an Akhbar warehouse"):
        check_warehouse(foreign)
    assert foreign.read_bytes() == before

    old = tmp_path / "old.duckdb"  # made before the marker table: marts.articles is enough
    with duckdb.connect(str(old)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.articles as select 'a' as article_id")
    check_warehouse(old)
    check_warehouse(tmp_path / "new.duckdb")
    with pytest.raises(PathRefused, match="not a file"):
        check_warehouse(tmp_path)


def test_a_built_warehouse_is_marked_and_accepted_again(tmp_path: Path):
    lake, warehouse = tmp_path / "lake", tmp_path / "wh.duckdb"
    load_lake(lake, *sample_batch())
    build_warehouse(lake, warehouse, SQL_DIR)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert dict(con.execute(f"select key, value from {MARKER_TABLE}").fetchall())["format"] == "akhbar-warehouse"
    check_warehouse(warehouse)
    build_warehouse(lake, warehouse, SQL_DIR)


def test_a_folder_of_photos_as_lake_is_refused_and_left_identical(tmp_path: Path):
    photos = tmp_path / "photos"
    (photos / "2021").mkdir(parents=True)
    (photos / "2021" / "baghdad.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (photos / "articles").mkdir()  # even a folder named like a dataset does not make it a lake
    (photos / "articles" / "cover.png").write_bytes(b"\x89PNG\r\n")
    before = _tree(photos)
    with pytest.raises(PathRefused, match="not an Akhbar lake"):
        claim_lake(photos)
    assert _tree(photos) == before
    with pytest.raises(PathRefused, match="is a file"):
        claim_lake(photos / "2021" / "baghdad.jpg")


def test_new_empty_old_and_marked_lakes_are_claimed(tmp_path: Path):
    claim_lake(tmp_path / "new")
    assert (tmp_path / "new" / LAKE_MARKER).is_file()
    (tmp_path / "empty").mkdir()
    claim_lake(tmp_path / "empty")
    assert [p.name for p in (tmp_path / "empty").iterdir()] == [LAKE_MARKER]

    old = tmp_path / "old"  # an Akhbar lake written before the marker existed
    load_lake(old, *sample_batch())
    assert not (old / LAKE_MARKER).exists() and is_akhbar_lake(old)
    claim_lake(old)
    assert (old / LAKE_MARKER).is_file()
    (old / "holiday.jpg").write_bytes(b"\xff\xd8")  # marked lakes stay ours whatever lands in them
    claim_lake(old)


def test_allowed_roots_confine_every_path_after_resolving_it(tmp_path: Path):
    root = tmp_path / "srv"
    (root / "news").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    assert within_roots(root / "news" / "a.jsonl", [root])
    assert not within_roots(root / ".." / "etc", [root])
    assert not within_roots(root / "link" / "wh.duckdb", [root])  # a symlink out of the root
    check_allowed({"source": [root / "news"], "warehouse": [root / "wh.duckdb"]}, [root])
    check_allowed({"warehouse": [tmp_path / "anywhere.duckdb"]}, [])  # no roots: no confinement
    with pytest.raises(PathRefused, match=r"warehouse .*wh\.duckdb; lake .*lake") as caught:
        check_allowed({"source": [root / "news"], "warehouse": [root / "link" / "wh.duckdb"],
                       "lake": [tmp_path / "lake"]}, [root])
    assert "source" not in str(caught.value).split("):", 1)[1]
