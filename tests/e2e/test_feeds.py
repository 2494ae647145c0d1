"""End-to-end: `akhbar run --source http://127.0.0.1:PORT/rss.xml` twice on a loopback news site."""

from __future__ import annotations

import duckdb
import pytest

from akhbar.cli import main
from akhbar.settings import get_settings
from tests.e2e.test_pipeline import prefect_api  # noqa: F401  (fixture: a throwaway Prefect API)
from tests.fixtures.website import Extra, sample_stories, serve_site


@pytest.fixture
def web_settings(monkeypatch):
    monkeypatch.setenv("AKHBAR_WEB_DELAY", "0")
    monkeypatch.setenv("AKHBAR_WEB_CONTACT", "e2e@localhost")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _summary(output: str) -> dict[str, int]:
    out = {}
    for line in output.split("Akhbar run complete:")[1].splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            out[parts[0]] = int(parts[1])
    return out


@pytest.mark.slow
def test_run_on_a_feed_twice(prefect_api, web_settings, site_server, tmp_path, capsys):  # noqa: F811
    stories = sample_stories()
    base = serve_site(site_server, stories, Extra(redirect="story-4"))
    args = ["run", "--source", f"{base}/rss.xml", "--warehouse", str(tmp_path / "wh.duckdb"),
            "--lake", str(tmp_path / "lake"), "--workers", "1"]
    assert main(args) == 0
    first = _summary(capsys.readouterr().out)
    assert first["new_articles"] == len(stories) and first["newly_quarantined"] == 2
    assert first["web_pages_fetched"] == len(stories)

    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        rows = con.execute("select url, title, published_date, source, text from marts.articles").fetchall()
        quarantine = con.execute("select source_path, reason from marts.quarantine").fetchall()
    assert sorted((url, title, day) for url, title, day, _, _ in rows) == sorted(
        (f"{base}{s.path()}", s.title, s.published.date()) for s in stories)
    texts = {url: text for url, _, _, _, text in rows}
    assert all(texts[f"{base}{s.path()}"] == s.body for s in stories)  # no boilerplate, nothing lost
    assert sorted(quarantine) == [(f"{base}/files/report.pdf", "not_html"),
                                  (f"{base}/news/missing.html", "http_error")]
    assert site_server.log and all("Akhbar/" in r.headers["User-Agent"] and "e2e@localhost" in r.headers["User-Agent"]
               for r, _ in site_server.log)

    site_server.clear_log()
    assert main(args) == 0
    again = _summary(capsys.readouterr().out)
    assert again["new_articles"] == 0 and again["newly_quarantined"] == 0
    assert again["web_pages_fetched"] == 0 and again["articles_in_warehouse"] == len(stories)
    assert sorted(r.path for r, _ in site_server.log) == ["/robots.txt", "/rss.xml"]  # the feed: 304
    assert [r.status_code for r in (resp for _, resp in site_server.log)].count(304) == 1
