"""Feeds and article pages: parsing, extraction, and the web reader on a loopback site."""

from __future__ import annotations

import time
from datetime import date

import pytest

from akhbar.ingest.feeds import WebCounts, decode_html, extract_page, is_html, parse_feed, read_url_list, read_web
from akhbar.ingest.web import WebConfig
from akhbar.model import Article, Quarantined
from akhbar.settings import Settings
from akhbar.storage.pages import LakePages
from flows.ingest import source_list
from tests.factories import article, load_lake
from tests.fixtures.website import (
    FOOTER,
    MENU,
    NEWSLETTER,
    SHARE,
    SITE_NAME,
    Extra,
    atom,
    page_html,
    requests_to,
    rss,
    sample_stories,
    serve_site,
)

CONFIG = WebConfig(contact="tests@localhost", timeout=0.5, retries=1, backoff=0.01, delay=0)
BASE = "http://news.example"
BOILERPLATE = [FOOTER[:30], NEWSLETTER[:30], "اقرأ أيضا", "التعليقات", "عاجل", "dataLayer", "وسوم", *SHARE,
               MENU[0], MENU[-1]]


def read(urls, lake, counts=None):
    return list(read_web(urls, LakePages(lake), CONFIG, 200_000, counts=counts))


# --- feeds -------------------------------------------------------------------------------------------

def test_rss2_items_keep_link_guid_title_and_written_offset():
    stories = sample_stories()
    feed = parse_feed(rss(stories, BASE, {}).encode(), f"{BASE}/rss.xml", "application/rss+xml")
    assert feed.title == SITE_NAME and len(feed.items) == len(stories)
    first = feed.items[0]
    assert (first.link, first.guid, first.title) == (f"{BASE}/news/story-0.html", "story-0", stories[0].title)
    assert first.published == "2024-03-04T09:30:00+03:00"


def test_atom_entries():
    stories = sample_stories()
    feed = parse_feed(atom(stories, BASE).encode(), f"{BASE}/atom.xml", None)
    assert [i.link for i in feed.items] == [f"{BASE}{s.path()}" for s in stories]
    assert feed.items[1].guid == "tag:loopback,2024:story-1" and feed.items[1].published.startswith("2024-03-05")


@pytest.mark.parametrize("body", [
    # RSS 1.0 (RDF), relative link resolved against the feed's URL
    """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="/"><title>وكالة</title><link>/</link><description>d</description></channel>
    <item rdf:about="/a/1"><title>قمة عربية في الجزائر</title><link>/a/1</link>
    <dc:date>2022-11-01T10:00:00+01:00</dc:date></item></rdf:RDF>""",
    # RSS 0.91
    """<?xml version="1.0"?><rss version="0.91"><channel><title>وكالة</title><link>/</link>
    <description>d</description><language>ar</language><item><title>قمة عربية في الجزائر</title>
    <link>/a/1</link></item></channel></rss>""",
])
def test_older_rss_versions(body):
    feed = parse_feed(body.encode(), f"{BASE}/feed", "text/xml")
    assert feed.title == "وكالة" and feed.items[0].link == f"{BASE}/a/1"
    assert feed.items[0].title == "قمة عربية في الجزائر"


def test_a_page_is_not_a_feed():
    story = sample_stories()[0]
    assert parse_feed(page_html(story, BASE, []).encode(), BASE, "text/html") is None
    assert parse_feed(b"<?xml version='1.0'?><note>x</note>", BASE, "application/xml") is None


# --- pages -------------------------------------------------------------------------------------------

def test_extract_page_leaves_the_boilerplate_out():
    stories = sample_stories()
    page = extract_page(page_html(stories[1], BASE, stories[2:5]), f"{BASE}/go/1")
    assert page.text == stories[1].body  # headline, menus, share bar, related links, footer, scripts: gone
    assert not [b for b in BOILERPLATE if b in page.text]
    assert page.url == f"{BASE}/news/story-1.html"  # the canonical URL, not where it was read
    assert page.title == stories[1].title and page.date == "2024-03-05" and page.sitename == SITE_NAME


def test_a_page_without_an_article():
    empty = page_html(sample_stories()[0], BASE, []).replace('<div class="post-body">', '<div class="x">')
    empty = empty.split('<div class="x">')[0] + "</article></main></body></html>"
    assert extract_page(empty, BASE) is None
    assert extract_page("", BASE) is None


def test_decode_html_by_declared_charset():
    html = '<html><head><meta charset="windows-1256"></head><body><p>أخبار اليوم</p></body></html>'
    assert decode_html(html.encode("cp1256"), "text/html") == (html, "windows-1256")
    assert decode_html(html.encode("cp1256"), "text/html; charset=windows-1256")[0] == html
    assert decode_html("<p>خبر</p>".encode(), None) == ("<p>خبر</p>", "utf-8")


def test_is_html():
    assert is_html("text/html; charset=utf-8", b"") and is_html("application/xhtml+xml", b"")
    assert not is_html("application/pdf", b"<html>") and not is_html("image/png", b"")
    assert is_html(None, b"<!DOCTYPE html><html><body>") and not is_html(None, b"%PDF\x00\x01<html>")


def test_url_list_file(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# outlets\nhttps://a.example/rss.xml  # first\n\nhttp://b.example/feed\n", encoding="utf-8")
    assert read_url_list(path) == ["https://a.example/rss.xml", "http://b.example/feed"]
    path.write_text("seeds/\n", encoding="utf-8")
    with pytest.raises(ValueError, match="feeds.txt:1"):
        read_url_list(path)


def test_sources_with_feeds_file(tmp_path, monkeypatch):
    path = tmp_path / "feeds.txt"
    path.write_text("https://a.example/rss.xml\n", encoding="utf-8")
    settings = Settings()
    assert source_list(None, str(path), settings) == ["https://a.example/rss.xml"]  # not seeds/ too
    assert source_list(["in/"], str(path), settings) == ["in/", "https://a.example/rss.xml"]
    assert source_list(None, None, settings) == [str(settings.sources[0])]
    monkeypatch.setenv("AKHBAR_SOURCES", '["seeds", "https://b.example/atom.xml"]')
    monkeypatch.setenv("AKHBAR_FEEDS", str(path))
    assert source_list(None, None, Settings()) == ["seeds", "https://b.example/atom.xml",
                                                   "https://a.example/rss.xml"]


# --- the reader on a loopback site -----------------------------------------------------------------

def test_site_read_then_nothing_downloaded_again(site_server, tmp_path):
    stories = sample_stories()
    base = serve_site(site_server, stories, Extra(slow=1.5, disallowed=True, redirect="story-2"))
    lake = tmp_path / "lake"
    counts = WebCounts()
    items = read([f"{base}/rss.xml", f"{base}/atom.xml"], lake, counts)
    articles: dict[str, Article] = {}
    for item in items:  # story-2 comes twice: via the RSS redirect, then the Atom feed
        if isinstance(item, Article):
            articles.setdefault(item.url, item)
    assert set(articles) == {f"{base}{s.path()}" for s in stories}  # canonical: /go/story-2 too
    for story in stories:
        got = articles[f"{base}{story.path()}"]
        assert (got.text, got.title, got.published_date, got.source) == (
            story.body, story.title, story.published.date(), SITE_NAME)
    assert articles[f"{base}/news/story-2.html"].source_path == f"{base}/go/story-2"
    failed = {(q.source_path.removeprefix(base), q.reason) for q in items if isinstance(q, Quarantined)}
    assert failed == {("/news/missing.html", "http_error"), ("/files/report.pdf", "not_html"),
                      ("/news/slow.html", "timeout"), ("/private/secret.html", "robots_disallowed")}
    assert requests_to(site_server, "/private/secret.html") == 0
    assert (counts.feeds, counts.fetched, counts.failed) == (2, 5, 4)
    assert list((lake / "pages").glob("*/*.parquet"))  # raw pages kept

    _wait_for(lambda: requests_to(site_server, "/news/slow.html") == 1 + CONFIG.retries)
    site_server.clear_log()
    counts = WebCounts()
    again = read([f"{base}/rss.xml", f"{base}/atom.xml"], lake, counts)
    assert {i.url: i.text for i in again if isinstance(i, Article)} == {u: a.text for u, a in articles.items()}
    assert {(q.source_path, q.reason) for q in again if isinstance(q, Quarantined)} == {
        (q.source_path, q.reason) for q in items if isinstance(q, Quarantined)}
    asked = sorted(request.path for request, _ in site_server.log if request.path != "/news/slow.html")
    assert asked == ["/atom.xml", "/robots.txt", "/rss.xml"]  # the slow page (timed out) is asked again
    assert counts.feeds_not_modified == 2 and counts.fetched == 0


def test_known_guid_is_not_downloaded_under_a_new_link(site_server, tmp_path):
    stories = sample_stories()[:2]
    base = serve_site(site_server, stories, Extra(dead=False, binary=False))
    lake = tmp_path / "lake"
    read([f"{base}/rss.xml"], lake)
    moved = rss(stories, base, {"story-0": "/news/story-0.html?utm_source=feed"}).replace("<title>", "<title>", 1)
    site_server.expect_request("/moved.xml").respond_with_data(moved, content_type="application/rss+xml")
    site_server.clear_log()
    items = read([f"{base}/moved.xml"], lake)
    assert [r.path for r, _ in site_server.log] == ["/robots.txt", "/moved.xml"]
    assert {i.url for i in items} == {f"{base}{s.path()}" for s in stories}


def test_single_article_page_and_article_urls_already_loaded(site_server, tmp_path):
    stories = sample_stories()
    base = serve_site(site_server, stories)
    lake = tmp_path / "lake"
    loaded = article(stories[3].body, "x", url=f"{base}/news/story-3.html")
    load_lake(lake, [(loaded, _no_extraction())])
    (page,) = read([f"{base}/news/story-1.html"], lake)
    assert isinstance(page, Article) and page.url == f"{base}/news/story-1.html"
    assert page.published_date == date(2024, 3, 5)  # from the page's metadata: no feed here
    items = read([f"{base}/news/story-1.html", f"{base}/rss.xml"], lake)
    assert requests_to(site_server, "/news/story-1.html") == 1  # once, in the first read
    assert requests_to(site_server, "/news/story-3.html") == 0  # its article is in the lake already
    assert f"{base}/news/story-3.html" not in {i.url for i in items if isinstance(i, Article)}


def test_unchanged_feed_without_etag_is_stored_once(site_server, tmp_path):
    stories = sample_stories()[:1]
    base = serve_site(site_server, stories, Extra(dead=False, binary=False))
    site_server.expect_request("/plain.xml").respond_with_data(rss(stories, base, {}),
                                                               content_type="application/rss+xml")
    lake = tmp_path / "lake"
    read([f"{base}/plain.xml"], lake)
    files = sorted((lake / "pages").rglob("*.parquet"))
    read([f"{base}/plain.xml"], lake)
    assert sorted((lake / "pages").rglob("*.parquet")) == files


def test_failed_source_url_or_empty_page_is_quarantined_and_the_run_goes_on(site_server, tmp_path):
    stories = sample_stories()[:1]
    base = serve_site(site_server, stories, Extra(dead=False, binary=False))
    menus_only = page_html(stories[0], base, stories).split('<div class="post-body">')[0] + "</article></body></html>"
    site_server.expect_request("/news/empty.html").respond_with_data(menus_only, content_type="text/html")
    items = read([f"{base}/no-feed.xml", f"{base}/news/empty.html", f"{base}/rss.xml"], tmp_path / "lake")
    assert [(q.source_path, q.reason) for q in items[:2]] == [(f"{base}/no-feed.xml", "http_error"),
                                                              (f"{base}/news/empty.html", "no_article")]
    assert isinstance(items[2], Article)


def _wait_for(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _no_extraction():
    from akhbar.model import Extraction
    return Extraction()
