"""Parallel, distributed and incremental runs: worker processes and a Dask LocalCluster store the rows one
process stores; a daily run extracts only what is new for the extractor version; the benchmark runs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from prefect.testing.utilities import prefect_test_harness

import flows.extract
import flows.pipeline
from akhbar.bench import bench, format_report, replicate
from akhbar.extract.base import extractor_tag
from akhbar.ingest.readers import read_articles
from akhbar.model import Article, Quarantined
from tests.conftest import SHARED_DATA
from tests.e2e.test_pipeline import make_inputs, snapshot

NEWS = SHARED_DATA / "news" / "ant_v2.1_multisource_sample.part01.jsonl"


@pytest.fixture(scope="module")
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def corpus(folder: Path, news: int = 6) -> Path:
    """The e2e inputs (seed, duplicate, bad items) and a few real news articles when the shared data is here."""
    make_inputs(folder)
    if NEWS.exists():
        with NEWS.open(encoding="utf-8") as f:
            (folder / "news.jsonl").write_text("".join(next(f) for _ in range(news)), encoding="utf-8")
    return folder


def run(inputs: Path, out: Path, **options: object) -> dict[str, int]:
    return flows.pipeline.daily_pipeline(sources=[str(inputs)], warehouse=str(out / "wh.duckdb"),
                                         lake=str(out / "lake"), **options)


@pytest.mark.slow
def test_worker_processes_and_dask_store_the_rows_of_one_process(prefect_api, tmp_path):
    inputs = corpus(tmp_path / "in")
    run(inputs, tmp_path / "one", batch_size=1000)  # a single batch: extracted in the flow's process
    one = snapshot(tmp_path / "one" / "wh.duckdb")
    assert len(one["articles"]) >= 10 and len(one["entity_mentions"]) > 100

    run(inputs, tmp_path / "pool", batch_size=2, workers=2)
    assert len(list((tmp_path / "pool" / "lake" / "articles").rglob("*.parquet"))) > 2
    assert snapshot(tmp_path / "pool" / "wh.duckdb") == one

    run(inputs, tmp_path / "dask", batch_size=3, workers=2, task_runner="dask")
    assert snapshot(tmp_path / "dask" / "wh.duckdb") == one


@pytest.mark.slow
def test_daily_run_extracts_what_is_new_for_the_extractor_version(prefect_api, tmp_path, monkeypatch):
    inputs = make_inputs(tmp_path / "in")
    first = run(inputs, tmp_path, batch_size=1000)
    articles = tmp_path / "lake" / "articles"
    files = set(articles.rglob("*.parquet"))

    paragraph = next(a.text for a in read_articles([inputs / "articles.jsonl"]) if isinstance(a, Article))
    (inputs / "today.jsonl").write_text(json.dumps({"id": "today", "text": paragraph + " اليوم"},
                                                   ensure_ascii=False) + "\n", encoding="utf-8")
    second = run(inputs, tmp_path, batch_size=1000)
    assert second["new_articles"] == 1
    assert second["already_processed"] == first["new_articles"] + first["duplicates_in_input"]
    [new_file] = set(articles.rglob("*.parquet")) - files
    assert pq.read_metadata(new_file).num_rows == 1

    newer = copy.copy(flows.extract.get_extractor())
    newer.version += ".next"
    monkeypatch.setattr(flows.extract, "get_extractor", lambda: newer)
    monkeypatch.setattr(flows.pipeline, "extractor_version", lambda: extractor_tag(newer))
    third = run(inputs, tmp_path, batch_size=1000)
    assert third["new_articles"] == first["new_articles"] + 1 and third["already_processed"] == 0
    assert third["articles_in_warehouse"] == first["articles_in_warehouse"] + 1
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        for table in ("articles", "entity_mentions", "events"):
            tags = con.execute(f"select distinct extractor from marts.{table}").fetchall()
            assert tags == [(extractor_tag(newer),)], table


def test_replicas_are_distinct_articles_and_bad_lines_are_copied(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [json.dumps({"id": "a", "text": "قال وزير الخارجية إن المحادثات ستستأنف"}, ensure_ascii=False),
            "{broken json"]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = list(read_articles([replicate([str(source)], 6, tmp_path / "out.jsonl")]))
    found = [i for i in items if isinstance(i, Article)]
    assert [a.external_id for a in found] == ["a", "a~r1", "a~r2"]
    assert len({a.article_id for a in found}) == 3
    assert [q.reason for q in items if isinstance(q, Quarantined)] == ["broken_json"] * 3


@pytest.mark.slow
def test_bench_reports_stages_memory_ratio_and_a_daily_run(prefect_api, tmp_path):
    inputs = corpus(tmp_path / "in", news=4)
    report = bench([str(inputs / "articles.jsonl")], tmp_path / "bench", articles=14, daily=2, workers=2,
                   batch_size=5, task_runner="processes", dask_address=None, max_chars=200_000)
    assert report.full.summary["new_articles"] == report.distinct_articles > 7
    assert report.daily.summary["new_articles"] == 2 and report.daily.summary["already_processed"] == 0
    assert {"ingest", "extract", "validate", "load", "model"} <= report.full.stages.keys()
    assert report.full.stages["extract"].tasks == report.full.stages["load"].tasks > 1
    assert report.tokens > 0 and report.ratio > 1 and report.full.peak_rss_mb > report.full.peak_main_rss_mb > 0
    assert len(report.tokenize_runs) == 3 and report.tokenize_s == sorted(report.tokenize_runs)[1]
    text = format_report(report)
    assert "ratio pipeline / tokenization" in text and "daily run (+2 new articles)" in text
    assert "median of 3" in text
    assert len(list((tmp_path / "bench").glob("run-*/bench.json"))) == 1


def test_a_replica_keeps_a_lone_surrogate_as_an_escape(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "s", "text": "نص \\ud83d مكسور"}\n', encoding="utf-8")
    lines = replicate([str(source)], 2, tmp_path / "out.jsonl").read_bytes().splitlines()
    assert json.loads(lines[1])["text"] == "نص \ud83d مكسور\n\nreplica-a"
