"""An incremental build (new lake files added to a copy of the warehouse) equals a full rebuild row for
row, after each of a sequence of runs; what it checks is the changed rows, and a warehouse that cannot
be extended is built in full."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import duckdb

from akhbar.model import Extraction
from akhbar.quality import validate_warehouse
from akhbar.storage.warehouse import LAKE_FILES_TABLE, Changes, build_warehouse
from tests import factories as fx

FOLLOW_UP = "وبحث الكاظمي مع بايدن في واشنطن مساء الاربعاء سبل تعزيز التعاون بين البلدين."


def follow_up_item():
    """A new article whose event joins the Kadhimi article's cluster and whose entities exist already."""
    art = fx.article(FOLLOW_UP, "002_follow_up.txt", date(2021, 7, 29))
    kadhimi = fx.mention(art, "الكاظمي", "PER", canonical="مصطفى الكاظمي", canonical_latin="Mustafa Al-Kadhimi")
    biden = fx.mention(art, "بايدن", "PER", canonical="جو بايدن", canonical_latin="Joe Biden")
    washington = fx.mention(art, "واشنطن", "GPE", canonical="واشنطن", canonical_latin="Washington", country_code="US")
    consult = fx.event(art, "CONSULT", "وبحث", [fx.participant("actor", kadhimi), fx.participant("target", biden),
                                               fx.participant("location", washington)],
                    event_date=date(2021, 7, 28), date_precision="day", date_source="text",
                    confidence=0.8)
    return art, Extraction(mentions=[kadhimi, biden, washington], events=[consult])


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts table, every column, rows sorted."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by table_name").fetchall()]
        return {name: con.execute(f"select * from marts.{name} order by all").fetchall() for name in names}


def test_incremental_builds_equal_full_rebuilds_after_a_sequence_of_runs(tmp_path: Path):
    lake, warehouse = tmp_path / "lake", tmp_path / "wh" / "warehouse.duckdb"
    seen: list[Changes] = []

    checked: list[dict[str, int]] = []

    def gate(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
        seen.append(changes)
        results = (validate_warehouse(con) if changes.full
                   else validate_warehouse(con, changes.articles, changes.batches))
        # every suite's query runs on the changed rows; the fixtures' TIME value is not ISO (a suite failure
        # that is the same in both modes), so only query errors and the global checks must be clean
        assert not [f for r in results for f in r.failures if f.expectation == "query"], results
        if not changes.full:
            assert results[-1].dataset == "marts" and results[-1].success, results[-1]
            checked.append({r.dataset: r.rows for r in results})

    other = fx.quarantined_item()
    other.line_number = 7
    runs = {
        "first run": lambda day: fx.load_lake(lake, *fx.sample_batch(), at=day),
        "a new article joining a cluster": lambda day: fx.load_lake(lake, [follow_up_item()], at=day),
        "a duplicate of a known article": lambda day: fx.load_lake(lake, [fx.rockets_batch_item()], at=day),
        "a quarantined item only": lambda day: fx.load_lake(lake, [], [other], at=day),
        "a new extractor version": lambda day: fx.load_lake(lake, [fx.kadhimi_batch_item()], at=day,
                                                         extractor="fixture/2"),
    }
    for number, (name, write) in enumerate(runs.items()):
        write(fx.INGESTED_AT + timedelta(days=number))
        counts = build_warehouse(lake, warehouse, fx.SQL_DIR, gate=gate)
        assert seen[-1].full == (number == 0), name
        rebuilt = tmp_path / f"full-{number}.duckdb"
        assert build_warehouse(lake, rebuilt, fx.SQL_DIR, gate=gate, full=True) == counts, name
        assert seen[-1].full
        assert marts(warehouse) == marts(rebuilt), f"after {name}, incremental differs from a full rebuild"

    added = seen[2]  # the follow-up: its article, and one batch
    assert len(added.articles) == 1 and len(added.batches) == 1
    # its checks saw the follow-up and, through the cluster it joined, the Kadhimi article; not the rockets
    assert checked[0]["articles"] == 2 and checked[0]["events"] == 2
    assert checked[2]["articles"] == 0 and checked[2]["quarantine"] == 1  # a quarantined item only
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select member_count from marts.event_clusters where event_type = 'CONSULT' "
                           "limit 1").fetchall() == [(2,)]
        assert con.execute("select mention_count, article_count from marts.entities "
                           "where canonical_name = 'مصطفى الكاظمي'").fetchall() == [(4, 3)]
        assert con.execute("select count(*) from marts.quarantine").fetchall() == [(2,)]
        assert con.execute("select distinct extractor from marts.events order by 1").fetchall() == [
            ("fixture/1",), ("fixture/2",)]


def test_nothing_new_leaves_the_warehouse_alone_and_a_changed_file_means_a_full_build(tmp_path: Path):
    lake, warehouse = tmp_path / "lake", tmp_path / "warehouse.duckdb"
    files = fx.load_lake(lake, *fx.sample_batch())
    full = []
    build_warehouse(lake, warehouse, fx.SQL_DIR, gate=lambda con, changes: full.append(changes.full))
    stamp = warehouse.stat().st_mtime_ns
    build_warehouse(lake, warehouse, fx.SQL_DIR, gate=lambda con, changes: full.append(changes.full))
    assert full == [True] and warehouse.stat().st_mtime_ns == stamp  # nothing new: no build at all

    mentions = next(f for f in files if "entity_mentions" in str(f))
    os.utime(mentions, ns=(stamp, stamp + 10**9))  # a file the warehouse loaded was rewritten
    fx.load_lake(lake, [follow_up_item()], at=fx.INGESTED_AT + timedelta(days=1))
    build_warehouse(lake, warehouse, fx.SQL_DIR, gate=lambda con, changes: full.append(changes.full))
    assert full == [True, True]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(f"select count(*) from {LAKE_FILES_TABLE}").fetchall()[0][0] == len(
            list(lake.rglob("*.parquet")))
