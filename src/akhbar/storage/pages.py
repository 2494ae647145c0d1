"""The fetched web pages kept in the lake's ``pages/`` folder, as the web reader reads and adds them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from akhbar.ingest.identity import stable_id
from akhbar.schemas import PAGES
from akhbar.storage.lake import article_urls, read_pages, write_pages

PAGE_COLUMNS = [f.name for f in PAGES if f.name != "body"]


class LakePages:
    """The lake's fetched pages (the web reader's :class:`~akhbar.ingest.feeds.PageStore`): their
    index read once, bodies read when needed, new ones written."""

    def __init__(self, lake: Path) -> None:
        self.lake = lake
        self.pages: dict[str, dict] = {}  # url, final url or guid → latest page row (no body)
        self.feeds: dict[str, dict] = {}  # feed url → its latest row
        self.loaded = article_urls(lake)
        self._add_to_index(read_pages(lake, PAGE_COLUMNS).to_pylist())

    def _add_to_index(self, rows: Iterable[dict]) -> None:
        for row in sorted(rows, key=lambda r: r["fetched_at"]):
            if row["kind"] == "feed":
                self.feeds[row["url"]] = row
                continue
            for key in (row["url"], row["final_url"], row["guid"]):
                if key:
                    self.pages[key] = row

    def known(self, link: str | None, guid: str | None = None) -> dict | None:
        return self.pages.get(link) if link in self.pages else self.pages.get(guid) if guid else None

    def bodies(self, page_ids: set[str]) -> dict[str, bytes]:
        table = read_pages(self.lake, ["page_id", "body"], page_ids)
        return dict(zip(table.column("page_id").to_pylist(), table.column("body").to_pylist()))

    def add(self, rows: list[dict]) -> None:
        if not rows:
            return
        day = min(r["fetched_at"] for r in rows).date()
        write_pages(self.lake, pa.Table.from_pylist(rows, schema=PAGES), day,
                    stable_id(*sorted(r["page_id"] for r in rows)))
        self._add_to_index([{k: v for k, v in r.items() if k != "body"} for r in rows])
