"""The offline HTML report (akhbar report) on a small warehouse: content, not rendering
(tests/e2e/test_report_browser.py opens it in Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from akhbar.cli import main
from akhbar.quality import SuiteResult
from akhbar.report import ReportPathError, report_dir, write_report
from akhbar.report.page import SECTIONS
from tests.factories import sample_warehouse

OUTSIDE_RESOURCE = re.compile(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)\s*=",
                              re.IGNORECASE)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("report")
    warehouse = sample_warehouse(folder)
    index = write_report(warehouse, folder / "out")
    return index, index.read_text(encoding="utf-8")


def specs(html: str) -> dict[str, dict]:
    block = re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', html, re.S)
    return json.loads(block.group(1).replace("<\\/script", "</script"))


def test_the_page_is_arabic_right_to_left_and_self_contained(report):
    index, html = report
    assert index.name == "index.html" and not list(index.parent.glob(".*tmp"))
    assert '<html lang="ar" dir="rtl">' in html
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)  # tags, not code
    assert markup.count("<script") == 3 and "<link" not in markup
    assert OUTSIDE_RESOURCE.search(markup) is None  # every script, style and map shape is inline
    assert "vegaEmbed" in html and len(html) > 500_000  # the Vega runtime is in the page


def test_every_chart_has_a_spec_with_its_data_inline(report):
    charts = specs(report[1])
    assert list(charts) == [chart_id for chart_id, *_ in SECTIONS] and len(charts) >= 8
    for chart_id in charts:
        assert f"id='{chart_id}'" in report[1]
    flat = json.dumps(charts)
    assert '"url"' not in flat  # no chart loads data from anywhere
    layers = charts["event-map"]["layer"]
    assert layers[0]["data"]["format"] == {"type": "topojson", "feature": "countries"}
    assert layers[0]["data"]["values"]["type"] == "Topology"
    # the CONSULT of the Kadhimi article happened in واشنطن: a circle at Washington
    assert any(p["place"] == "واشنطن" and abs(p["latitude"] - 38.9) < 0.2 for p in layers[1]["data"]["values"])
    actors = {r["name"] for r in charts["top-participants"]["data"]["values"] if r["role"] == "actor"}
    assert "مصطفى الكاظمي" in actors
    matrix = charts["who-acts-on-whom"]["data"]["values"]
    assert {"actor": "مصطفى الكاظمي", "target": "نانسي بيلوسي"}.items() <= matrix[0].items()
    assert {r["reason"] for r in charts["quarantine-reasons"]["data"]["values"]} == {"broken_json"}
    suites = {r["suite"] for r in charts["quality-suites"]["data"]["values"]}
    assert {"articles", "entities", "events", "quarantine"} <= suites
    types = {r["event_type"] for r in charts["events-per-day"]["data"]["values"]}
    assert types == {"CONSULT"}  # the dated event that happened (the ASSAULT has no date)


def test_the_most_mentioned_entities_are_named(report):
    html = report[1]
    top = re.search(r"<table id='top-entities'>(.*?)</table>", html, re.S).group(1)
    first_cells = re.findall(r"<tr><td>([^<]+)</td>", top)
    assert first_cells[:2] == ["مصطفى الكاظمي", "واشنطن"]  # 3 and 2 mentions: most mentioned first
    for name in first_cells[:3]:
        assert html.count(name) >= 2  # in the table and in the sentence naming the top three


def test_a_foreign_index_html_is_never_overwritten(tmp_path, report):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html>someone's page</html>", encoding="utf-8")
    with pytest.raises(ReportPathError):
        write_report(report[0].parents[1] / "warehouse.duckdb", out)
    assert (out / "index.html").read_text(encoding="utf-8") == "<html>someone's page</html>"
    assert main(["report", "--warehouse", str(report[0].parents[1] / "warehouse.duckdb"), "--out", str(out),
                 "--no-quality"]) == 2
    # its own report is rewritten in place
    again = write_report(report[0].parents[1] / "warehouse.duckdb", report[0].parent, quality=False)
    assert again == report[0] and "Expectation suites were not run" in again.read_text(encoding="utf-8")


def test_a_runs_own_results_are_shown_without_running_the_suites(tmp_path, report, monkeypatch):
    import akhbar.report.data

    def not_again(*args, **kwargs):
        raise AssertionError("the suites ran again")

    monkeypatch.setattr(akhbar.report.data, "validate_warehouse", not_again)
    checked = [SuiteResult("events", success=False, rows=7, evaluated=3, failed=1)]
    index = write_report(report[0].parents[1] / "warehouse.duckdb", tmp_path / "out", quality=checked)
    values = specs(index.read_text(encoding="utf-8"))["quality-suites"]["data"]["values"]
    assert {r["suite"] for r in values} == {"events"}


def test_cli_report_needs_a_warehouse(tmp_path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r")]) == 2
    assert "no warehouse" in capsys.readouterr().err
    assert report_dir(tmp_path / "data" / "warehouse.duckdb") == tmp_path / "data" / "report"


def test_the_run_summary_says_where_the_report_is(tmp_path):
    from flows.pipeline import summary_markdown

    index = report_dir(tmp_path / "warehouse.duckdb") / "index.html"
    text = summary_markdown({"new_articles": 2, "events_in_warehouse": 5}, tmp_path / "warehouse.duckdb", index)
    assert f"Report: `{index}`" in text and "| events_in_warehouse | 5 |" in text
    assert "Report: not written" in summary_markdown({"new_articles": 0}, tmp_path / "warehouse.duckdb")
