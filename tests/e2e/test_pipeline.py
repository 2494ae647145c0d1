"""End-to-end: the daily-pipeline flow under a throwaway Prefect API, on the seed plus bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.conftest import REPO, SEED

RUN_DEPENDENT = {"ingested_at", "batch_id"}
EXPECTED_REASONS = {"undecodable", "binary", "empty_text", "not_arabic", "broken_json", "missing_id",
                    "null_text", "too_large"}


@pytest.fixture(scope="module")
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        from prefect.settings import PREFECT_API_URL
        yield PREFECT_API_URL.value()


def make_inputs(folder: Path) -> Path:
    """Seed article, a copy of it (stored once), a cp1256 article, paragraphs as jsonl, and bad input."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    (folder / SEED.name).write_text(seed, encoding="utf-8")
    (folder / "copy_of_seed.txt").write_text(seed, encoding="utf-8")
    paragraphs = [p for p in seed.split("\n") if len(p) > 120]
    (folder / "legacy_1256.txt").write_bytes(paragraphs[0].encode("cp1256"))
    rows = [json.dumps({"id": f"p{i}", "text": p, "published_at": "2021-07-29T10:00:00+03:00",
                        "source": "test"}, ensure_ascii=False) for i, p in enumerate(paragraphs[1:8])]
    rows += [
        "{broken json",
        json.dumps({"text": paragraphs[1]}, ensure_ascii=False),
        json.dumps({"id": "nul", "text": None}),
        json.dumps({"id": "blank", "text": "   \n "}),
        json.dumps({"id": "english", "text": "The quick brown fox jumps over the lazy dog. " * 5}),
        json.dumps({"id": "huge", "text": "كلمة " * 60_000}, ensure_ascii=False),
    ]
    (folder / "articles.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "bad_bytes.txt").write_bytes(b"\xff\xfe\xfa" + bytes(range(128, 160)) * 10)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    return folder


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts table of the warehouse (listed from it), rows sorted, without run-dependent columns."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        marts = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by table_name").fetchall()]
        assert len(marts) >= 10, marts
        for table in marts:
            cols = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_schema='marts' "
                "and table_name=? order by ordinal_position", [table]).fetchall()]
            keep = ", ".join(f'"{c}"' for c in cols if c not in RUN_DEPENDENT)
            out[table] = con.execute(f"select {keep} from marts.{table} order by all").fetchall()
        return out
    finally:
        con.close()


def run_cli(args: list[str], api_url: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url}
    return subprocess.Popen([sys.executable, "-m", "akhbar.cli", "run", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)


def test_pipeline_end_to_end_and_rerun(prefect_api, tmp_path):
    from flows.pipeline import daily_pipeline

    inputs = make_inputs(tmp_path / "in")
    warehouse, lake = tmp_path / "wh.duckdb", tmp_path / "lake"
    summary = daily_pipeline(sources=[str(inputs)], warehouse=str(warehouse), lake=str(lake), batch_size=3)
    assert summary["duplicates_in_input"] >= 1
    first = snapshot(warehouse)

    con = duckdb.connect(str(warehouse), read_only=True)
    ids = {r[0] for r in con.execute("select external_id from marts.articles").fetchall()}
    assert {SEED.name, "legacy_1256.txt", "p0", "p6"} <= ids
    assert "copy_of_seed.txt" not in ids  # same text: stored once
    reasons = {r[0] for r in con.execute("select distinct reason from marts.quarantine").fetchall()}
    assert reasons >= EXPECTED_REASONS, reasons
    assert con.execute("select count(*) from marts.quarantine where source_path is null or reason is null"
                       ).fetchone()[0] == 0
    bad_offsets = con.execute("""
        select count(*) from marts.entity_mentions m join marts.articles a using (article_id)
        where m.field = 'text' and substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface
    """).fetchone()[0]
    assert bad_offsets == 0
    assert con.execute("select count(*) from marts.entity_mentions").fetchone()[0] > 50
    assert con.execute("select count(*) from marts.events").fetchone()[0] > 3
    con.close()
    report = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")  # written beside the warehouse
    assert '<html lang="ar" dir="rtl">' in report and "id='event-map'" in report

    lake_files = sorted(lake.rglob("*.parquet"))
    again = daily_pipeline(sources=[str(inputs)], warehouse=str(warehouse), lake=str(lake), batch_size=3)
    assert again["new_articles"] == 0 and again["newly_quarantined"] == 0
    assert snapshot(warehouse) == first  # a rerun changes nothing
    assert sorted(lake.rglob("*.parquet")) == lake_files  # and writes nothing new


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 300) -> None:
    """SIGKILL the run's process group as soon as ``ready()`` holds; the run must still be going."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, "the run ended before the kill point was reached"
        assert time.monotonic() < deadline, "kill point not reached"
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_sigkill_then_rerun_equals_clean_run(prefect_api, tmp_path):
    inputs = make_inputs(tmp_path / "in")
    clean_wh = tmp_path / "clean.duckdb"
    proc = run_cli(["--source", str(inputs), "--warehouse", str(clean_wh), "--lake", str(tmp_path / "lake0"),
                    "--batch-size", "1"], prefect_api)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    clean = snapshot(clean_wh)

    kill_points = {
        "mid-load": lambda wh, lake: len(list(lake.glob("articles/*/*.parquet"))) >= 2,
        "mid-model": lambda wh, lake: bool(list(wh.parent.glob(f"{wh.name}.building-*"))),
    }
    for name, ready in kill_points.items():
        wh, lake = tmp_path / name / "wh.duckdb", tmp_path / name / "lake"
        args = ["--source", str(inputs), "--warehouse", str(wh), "--lake", str(lake), "--batch-size", "1"]
        _kill_when(run_cli(args, prefect_api, start_new_session=True),
                   lambda ready=ready, wh=wh, lake=lake: ready(wh, lake))
        assert not wh.exists(), f"killed {name}: no warehouse may appear before the swap"
        again = run_cli(args, prefect_api)
        out, _ = again.communicate(timeout=600)
        assert again.returncode == 0, out
        assert snapshot(wh) == clean, f"killed {name}, the rerun differs from a clean run"
        assert not list(wh.parent.glob(f"{wh.name}.building-*"))


def test_run_refuses_a_text_file_warehouse_and_a_photo_folder_lake(prefect_api, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("قائمة المشتريات: خبز، تمر\n", encoding="utf-8")
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "IMG_0001.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (notes, photos / "IMG_0001.jpg")}
    cases = {"warehouse": (["--warehouse", str(notes), "--lake", str(tmp_path / "lake")], "notes.txt"),
             "lake": (["--warehouse", str(tmp_path / "wh.duckdb"), "--lake", str(photos)], "photos")}
    for what, (args, named) in cases.items():
        proc = run_cli(["--source", str(SEED), *args], prefect_api)
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 1, out
        assert f"PathRefused: {what} " in out and named in out and "left untouched" in out, out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "photos"]  # no lake, gx or warehouse
    assert [p.name for p in photos.iterdir()] == ["IMG_0001.jpg"]
