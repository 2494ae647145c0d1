"""Web sources: RSS/Atom feeds and article pages in, :class:`Article` / :class:`Quarantined` out.

A source URL is fetched (a feed with a conditional GET against the ETag / Last-Modified of its last
answer); a feed's items are article pages, each fetched once. A URL or feed guid that the lake's
``pages`` already holds is never downloaded again: its stored page is re-read (so a new extractor
re-extracts it, and an article whose batch a killed run never committed is still loaded), and a URL
of an article already committed is skipped. A feed item's URL that failed for good (4xx, not HTML,
too large) is kept with its reason and quarantined again from the lake; a transient failure
(timeout, connection, 5xx, robots.txt) is quarantined and asked again on a later run, as is a
source URL (a feed or page the user named) that failed in any way.

Body and metadata come from trafilatura (boilerplate removed); ``title`` and ``published_at`` are
the feed item's when it has them, else the page's; ``url`` is the page's canonical URL when it
names one; ``source`` is the feed's title, else the site's name, else the host.
"""

from __future__ import annotations

import codecs
import email.utils
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import feedparser
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from akhbar.ingest.decode import DecodeError, decode_bytes, looks_binary
from akhbar.ingest.identity import stable_id
from akhbar.ingest.readers import Rejected, build_article
from akhbar.ingest.web import Fetched, FetchFailed, WebClient, WebConfig, is_url
from akhbar.model import Article, Quarantined
from akhbar.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")
SNIFF_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
PAGES_PER_CHUNK = 50  # pages fetched together, then written to the lake and logged
MIN_BODY_CHARS = 20  # trafilatura's floor for an extracted body (its default, 250, drops short news)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str | None
    guid: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601, with the offset the feed wrote


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    items: list[FeedItem]


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura reads in one page."""

    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    sitename: str | None = None


@dataclass(slots=True)
class WebCounts:
    """What the web sources gave so far (logged as progress)."""

    feeds: int = 0
    feeds_not_modified: int = 0  # answered 304 to the conditional GET
    items: int = 0  # feed items and single pages seen
    fetched: int = 0  # pages downloaded
    skipped: int = 0  # known pages not downloaded again
    failed: int = 0  # quarantined (fetch failed, not HTML, no article)
    requests: int = 0  # HTTP requests sent (robots.txt and retries included)

    def line(self) -> str:
        return ", ".join(f"{f.name.replace('_', ' ')} {getattr(self, f.name)}" for f in fields(self))


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Feed | None:
    """The feed in ``body`` (RSS 0.9x/1.0/2.0 or Atom), or None when it is not one."""
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    xml_type = content_type is not None and "xml" in content_type and "xhtml" not in content_type
    if not (xml_type or head.startswith(FEED_STARTS)):
        return None
    parsed = feedparser.parse(body, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    if not parsed.get("version"):
        return None
    items = [FeedItem(link=urljoin(url, entry["link"]) if entry.get("link") else None,
                      guid=entry.get("id") or None, title=(entry.get("title") or "").strip() or None,
                      published=_feed_date(entry))
             for entry in parsed.entries]
    return Feed(title=(parsed.feed.get("title") or "").strip() or None, items=items)


def _feed_date(entry: dict) -> str | None:
    """The item's publication (else update) time as ISO 8601, keeping the written offset."""
    for key in ("published", "updated"):
        written = entry.get(key)
        if not written:
            continue
        for parse in (datetime.fromisoformat, email.utils.parsedate_to_datetime):
            try:
                return parse(written.strip()).isoformat()
            except (TypeError, ValueError, IndexError):
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def is_html(content_type: str | None, body: bytes) -> bool:
    """An HTML page: by its declared type, or by a look at its start when it declares none."""
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    head = body[:SNIFF_BYTES].lower()
    return not looks_binary(body) and (b"<html" in head or b"<!doctype html" in head)


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """``(text, encoding)`` of a page: the charset its header or ``<meta>`` declares, else what
    :func:`akhbar.ingest.decode.decode_bytes` finds (UTF-8 or Windows-1256). Raises DecodeError."""
    declared = _charset(content_type)
    if declared is None and (meta := _META_CHARSET.search(body[:SNIFF_BYTES * 4])):
        declared = meta.group(1).decode("ascii").lower()
    if declared:
        try:
            return body.decode(codecs.lookup(declared).name), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(body)


_TRAFILATURA = use_config()
_TRAFILATURA.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_BODY_CHARS))
_TRAFILATURA.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # its signal-based timeout is for the CLI


def extract_page(html: str, url: str) -> PageText | None:
    """Article body and metadata of an HTML page (menus, related links, share bars, footers and
    scripts left out; a first line that repeats the headline too), or None when the page holds
    no article body. ``url`` is where the page was read; its canonical URL is the one the page
    names (``<link rel="canonical">``, else ``og:url``)."""
    tree = load_html(html)
    if tree is None:
        return None
    canonical = _canonical(tree, url)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_TRAFILATURA)
    if doc is None:
        return None
    lines = (doc.text or "").strip().split("\n")
    if doc.title and " ".join(lines[0].split()) == " ".join(doc.title.split()):  # the headline alone: no body
        lines = lines[1:]
    text = "\n".join(lines).strip()
    if not text:
        return None
    return PageText(text=text, title=doc.title or None, url=canonical, date=doc.date or None,
                    sitename=doc.sitename or None)


def _canonical(tree: HtmlElement, url: str) -> str | None:
    for found in (tree.xpath('//head/link[@rel="canonical"]/@href'),
                  tree.xpath('//head/meta[@property="og:url"]/@content')):
        for href in found:
            absolute = urljoin(url, href.strip())
            if is_url(absolute):
                return absolute
    return None


class PageStore(Protocol):
    """Where fetched pages are kept between runs (the lake's: :class:`akhbar.storage.pages.LakePages`)."""

    feeds: dict[str, dict]  # feed url → its latest row (no body)
    loaded: set[str]  # urls of the articles already loaded

    def known(self, link: str | None, guid: str | None = None) -> dict | None:
        """The latest row (no body) of the page at ``link`` (or with feed ``guid``)."""

    def bodies(self, page_ids: set[str]) -> dict[str, bytes]:
        """The kept bodies of ``page_ids``."""

    def add(self, rows: list[dict]) -> None:
        """Keep new page rows (schema :data:`akhbar.schemas.PAGES`)."""


def _page_row(kind: str, url: str, guid: str | None, fetched: Fetched | None = None,
              failure: FetchFailed | None = None) -> dict:
    """A ``pages`` row: the body is kept for a page fetched without failure."""
    at = datetime.now(UTC)
    keep_body = fetched is not None and failure is None
    return {
        "page_id": stable_id(kind, url, at.isoformat()), "url": url,
        "final_url": fetched.final_url if fetched else None, "guid": guid, "kind": kind,
        "status": failure.status if failure else fetched.status if fetched else None,
        "content_type": fetched.content_type if fetched else None,
        "etag": fetched.etag if fetched else None,
        "last_modified": fetched.last_modified if fetched else None,
        "outcome": failure.reason if failure else None,
        "detail": failure.detail if failure else None, "fetched_at": at,
        "body": fetched.body if keep_body else None,
    }


def read_web(urls: Iterable[str], store: PageStore, config: WebConfig, max_chars: int,
             progress: Progress | None = None, counts: WebCounts | None = None,
             client: WebClient | None = None) -> Iterator[Article | Quarantined]:
    """Articles and quarantined items of the web source ``urls`` (feeds or article pages), lazily,
    in source and feed order; ``counts`` is updated and ``progress`` told as it goes."""
    counts = counts if counts is not None else WebCounts()
    say = progress or (lambda message: None)
    own_client = client is None
    client = client or WebClient(config)
    try:
        reader = _WebReader(store, client, config, max_chars, counts, say)
        for url in dict.fromkeys(urls):
            yield from reader.source(url)
        say(f"all web sources read: {counts.line()}")
    finally:
        if own_client:
            client.close()


class _WebReader:
    def __init__(self, store: PageStore, client: WebClient, config: WebConfig, max_chars: int,
                 counts: WebCounts, say: Progress) -> None:
        self.store, self.client, self.config, self.max_chars = store, client, config, max_chars
        self.counts, self.say = counts, say
        self.seen: set[str] = set()  # links read in this run (a page in two feeds is read once)
        self.first_request = client.requests

    def source(self, url: str) -> Iterator[Article | Quarantined]:
        known = self.store.known(url)
        if (known is not None and known["outcome"] is None) or url in self.store.loaded:
            self.say(f"{url}: a known page, not downloaded again")
            yield from self._items(None, [FeedItem(link=url)])
            return
        last = self.store.feeds.get(url)
        stored = self.store.bodies({last["page_id"]}).get(last["page_id"]) if last else None
        try:
            fetched = self._get(url, last["etag"] if last else None, last["last_modified"] if last else None)
            if fetched.not_modified and stored is None:  # a 304 we cannot read from the lake: ask plainly
                fetched = self._get(url)
        except FetchFailed as failure:  # a source the user named is asked again on every run
            self.counts.failed += 1
            self.say(f"{url}: {failure.reason} ({failure.detail})")
            yield Quarantined(url, failure.reason, external_id=url, detail=failure.detail)
            return
        unchanged = stored is not None and (fetched.not_modified or stored == fetched.body)
        body, content_type = fetched.body, fetched.content_type
        if fetched.not_modified:
            self.counts.feeds_not_modified += 1
            body, content_type = stored, last["content_type"]
        feed = parse_feed(body, fetched.final_url, content_type)
        if feed is None:  # a single article page
            self.counts.items += 1
            self.counts.fetched += 1
            self.seen.add(url)
            yield self._single_page(url, fetched)
            return
        self.counts.feeds += 1
        if not unchanged:  # kept for the next conditional GET (and re-reading after a 304)
            self.store.add([_page_row("feed", url, None, fetched)])
        self.say(f"feed {url}: {len(feed.items)} items" + (" (not modified since the last run)"
                                                          if fetched.not_modified else ""))
        yield from self._items(feed, feed.items, source_path=url)

    def _items(self, feed: Feed | None, items: list[FeedItem], source_path: str | None = None
               ) -> Iterator[Article | Quarantined]:
        for start in range(0, len(items), PAGES_PER_CHUNK):
            chunk = items[start:start + PAGES_PER_CHUNK]
            yield from self._chunk(feed, chunk, source_path)
            self.say(f"{source_path or chunk[0].link}: {min(start + PAGES_PER_CHUNK, len(items))} of "
                     f"{len(items)} items read; {self.counts.line()}")

    def _chunk(self, feed: Feed | None, items: list[FeedItem], feed_url: str | None
               ) -> Iterator[Article | Quarantined]:
        plan: list[tuple[FeedItem, dict | None]] = []
        to_fetch: list[FeedItem] = []
        for item in items:
            self.counts.items += 1
            if not item.link:
                self.counts.failed += 1
                plan.append((item, None))
                continue
            if item.link in self.seen:
                continue
            self.seen.add(item.link)
            row = self.store.known(item.link, item.guid)
            if row is not None or item.link in self.store.loaded:
                self.counts.skipped += 1
                if row is not None:
                    plan.append((item, row))
            else:
                to_fetch.append(item)
                plan.append((item, None))
        answers: dict[str, tuple[Fetched | FetchFailed, dict | None]] = {}
        if to_fetch:
            with ThreadPoolExecutor(max_workers=self.config.workers) as pool:
                answers = dict(zip((i.link for i in to_fetch), pool.map(self._fetch_item, to_fetch)))
        self.store.add([row for _, row in answers.values() if row is not None])
        stored = self.store.bodies({row["page_id"] for _, row in plan
                                    if row is not None and row["outcome"] is None})
        for item, row in plan:
            if not item.link:
                yield Quarantined(feed_url or "", "no_link", external_id=item.guid,
                                  detail="feed item without a link")
            elif item.link in answers:
                answer, new_row = answers[item.link]
                if isinstance(answer, FetchFailed):
                    self.counts.failed += 1
                    yield Quarantined(item.link, answer.reason, external_id=item.guid or item.link,
                                      detail=answer.detail)
                else:
                    self.counts.fetched += 1
                    yield self._article(item, feed, new_row, answer.body)
            elif row is not None:
                yield self._article(item, feed, row, stored.get(row["page_id"]))

    def _fetch_item(self, item: FeedItem) -> tuple[Fetched | FetchFailed, dict | None]:
        """Download one item's page; the page row to keep (None for a transient failure)."""
        try:
            fetched = self._get(item.link)
        except FetchFailed as failure:
            return failure, (_page_row("page", item.link, item.guid, failure=failure)
                             if failure.permanent else None)
        failure = _not_html(fetched)
        return failure or fetched, _page_row("page", item.link, item.guid, fetched, failure)

    def _get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        try:
            return self.client.get(url, etag, last_modified)
        finally:
            self.counts.requests = self.client.requests - self.first_request

    def _single_page(self, url: str, fetched: Fetched) -> Article | Quarantined:
        """A single page given as a source: kept in the lake, then read."""
        failure = _not_html(fetched)
        row = _page_row("page", url, None, fetched, failure)
        self.store.add([row])
        if failure is not None:
            self.counts.failed += 1
            return Quarantined(url, failure.reason, external_id=url, detail=failure.detail)
        return self._article(FeedItem(link=url), None, row, fetched.body)

    def _article(self, item: FeedItem, feed: Feed | None, row: dict, body: bytes | None
                 ) -> Article | Quarantined:
        """The article of a fetched (or stored) page, or why there is none."""
        link = item.link or row["url"]
        external_id = item.guid or link
        if row["outcome"] is not None:
            self.counts.failed += 1
            return Quarantined(link, row["outcome"], external_id=external_id, detail=row["detail"])
        try:
            html, encoding = decode_html(body or b"", row["content_type"])
        except DecodeError as exc:
            self.counts.failed += 1
            return Quarantined(link, exc.reason, external_id=external_id, detail=exc.detail)
        page = extract_page(html, row["final_url"] or link) if html.strip() else None
        if page is None:
            self.counts.failed += 1
            return Quarantined(link, "no_article", external_id=external_id,
                               detail="no article body found in the page")
        url = page.url or row["final_url"] or link
        record = {"title": item.title or page.title, "url": url,
                  "source": (feed.title if feed else None) or page.sitename or urlsplit(url).hostname,
                  "published_at": item.published or page.date}
        try:
            return build_article(page.text, encoding, link, url, record, self.max_chars)
        except Rejected as r:
            self.counts.failed += 1
            return Quarantined(link, r.reason, external_id=external_id, detail=r.detail, excerpt=r.excerpt)


def _not_html(fetched: Fetched) -> FetchFailed | None:
    if is_html(fetched.content_type, fetched.body):
        return None
    return FetchFailed("not_html", f"content type {fetched.content_type or 'unknown'}, {len(fetched.body)} bytes",
                       permanent=True, status=fetched.status)


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def web_config(settings: Settings) -> WebConfig:
    """The :class:`WebConfig` of the ``web_*`` settings (see :mod:`akhbar.settings`)."""
    return WebConfig(contact=settings.web_contact, timeout=settings.web_timeout,
                     retries=settings.web_retries, max_bytes=settings.web_max_bytes,
                     per_host=settings.web_per_host, delay=settings.web_delay)


def read_url_list(path: Path) -> list[str]:
    """URLs of a feeds file: one a line; blank lines and ``#`` comments ignored."""
    urls = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            if not is_url(line):
                raise ValueError(f"{path}:{number}: not an http(s) URL: {line}")
            urls.append(line)
    return urls

