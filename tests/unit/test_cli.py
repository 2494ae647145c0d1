"""CLI errors are clear, and `akhbar query` reads the warehouse read-only."""

from __future__ import annotations

import duckdb

from akhbar.cli import main


def test_run_refuses_missing_source(capsys, tmp_path):
    assert main(["run", "--source", str(tmp_path / "absent")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_query_prints_rows_and_reports_sql_errors(capsys, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.events as select 'ASSAULT' as event_type, 3 as n")
    assert main(["query", "select event_type, n from marts.events", "--warehouse", str(warehouse)]) == 0
    assert "ASSAULT" in capsys.readouterr().out
    assert main(["query", "select nope from marts.events", "--warehouse", str(warehouse)]) == 1
    assert "nope" in capsys.readouterr().err
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 2


def test_run_passes_worker_options_and_the_flow_decides_the_runner(monkeypatch, tmp_path):
    import flows.pipeline

    calls = []
    monkeypatch.setattr(flows.pipeline, "daily_pipeline", lambda **kw: calls.append(kw) or {"new_articles": 0})
    assert main(["run", "--source", str(tmp_path), "--workers", "3"]) == 0
    assert main(["run", "--source", str(tmp_path), "--dask-address", "tcp://127.0.0.1:8786"]) == 0
    assert [(c["workers"], c["task_runner"], c["dask_address"]) for c in calls] == [
        (3, "processes", None), (None, "processes", "tcp://127.0.0.1:8786")]


def test_run_takes_urls_and_a_feeds_file(monkeypatch, tmp_path, capsys):
    import flows.pipeline

    calls = []
    monkeypatch.setattr(flows.pipeline, "daily_pipeline", lambda **kw: calls.append(kw) or {"new_articles": 0})
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://a.example/rss.xml\n", encoding="utf-8")
    assert main(["run", "--source", "https://b.example/atom.xml", "--feeds", str(feeds)]) == 0
    assert (calls[0]["sources"], calls[0]["feeds"]) == (["https://b.example/atom.xml"], str(feeds))
    assert main(["run", "--feeds", str(tmp_path / "absent.txt")]) == 2
    assert "absent.txt" in capsys.readouterr().err


def test_a_dask_address_means_the_dask_runner_in_the_flow():
    from flows.extract import runner_kind

    assert runner_kind("processes", "tcp://127.0.0.1:8786") == "dask"  # as a UI-started run gets it
    assert runner_kind("processes", None) == "processes"
    assert runner_kind("dask", None) == "dask"  # a LocalCluster


def test_the_news_check_is_scored_whole_and_never_kept(capsys, tmp_path):
    assert main(["evaluate-articles", "--news-check", "--keep", str(tmp_path / "kept")]) == 2
    assert "--news-check takes no --gold, --source or --keep" in capsys.readouterr().err
    assert not (tmp_path / "kept").exists()


def test_train_entities_can_fix_its_weights(monkeypatch, tmp_path):
    import akhbar.cli
    import akhbar.entity_training

    grids = []
    corpus = akhbar.entity_training.Corpus([], 0, 0, [])
    monkeypatch.setattr(akhbar.cli, "_tagger", lambda args: None)
    monkeypatch.setattr(akhbar.entity_training, "build_corpus", lambda *a: corpus)
    monkeypatch.setattr(akhbar.entity_training, "train", lambda c, out, grid=akhbar.entity_training.GRID:
                        grids.append(grid) or {"chosen": {"c1": grid[0][0], "c2": grid[0][1]}, "seconds": 0})
    assert main(["train-entities", "--out", str(tmp_path / "m.crfsuite"), "--c", "0.05", "0.1"]) == 0
    assert main(["train-entities", "--out", str(tmp_path / "m.crfsuite")]) == 0
    assert grids == [[(0.05, 0.1)], akhbar.entity_training.GRID]
