"""Measure web ingestion on a loopback news site (issue 15's "done when").

Serves, on 127.0.0.1 only, an RSS and an Atom feed of N real news articles (read at run time from
../shared/data/news, never copied into the repository), each page wrapped in menus, related links,
share bars, footers and scripts, plus one dead link (404) and one binary link; runs
`akhbar run --source URL --source URL` twice into a fresh folder and prints: articles loaded with
url, title and date; body similarity to the original (difflib ratio, min and mean); boilerplate
left in any body; the quarantine rows; the second run's summary and the article pages it
downloaded again; the User-Agent of the requests.

    PYTHONPATH=src:. .venv/bin/python scripts/measure_feeds.py [--articles 60] [--news FILE]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import duckdb
from pytest_httpserver import HTTPServer

from tests.fixtures.website import FOOTER, MENU, NEWSLETTER, SHARE, Story, serve_site

REPO = Path(__file__).resolve().parents[1]

DEFAULT_NEWS = REPO.parent / "shared" / "data" / "news" / "ant_v2.1_multisource_sample.part01.jsonl"
BOILERPLATE = [FOOTER[:30], NEWSLETTER[:30], "اقرأ أيضا", "لا توجد تعليقات", "عاجل: تابعوا", "dataLayer",
               *SHARE, " ".join(MENU[:4])]


def stories_from(path: Path, count: int) -> list[Story]:
    stories = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("title") and record.get("published_at") and len(record["text"]) > 300:
                stories.append(Story(f"a{len(stories):03d}", record["title"].strip(), record["text"].strip(),
                                     datetime.fromisoformat(record["published_at"])))
            if len(stories) == count:
                return stories
    raise SystemExit(f"{path}: fewer than {count} usable articles")


def run(base: str, out: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "akhbar.cli", "run", "--source", f"{base}/rss.xml",
                           "--source", f"{base}/atom.xml", "--warehouse", str(out / "warehouse.duckdb"),
                           "--lake", str(out / "lake"), "--workers", "1"],
                          cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"akhbar run failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    args = parser.parse_args()
    stories = stories_from(args.news, args.articles)
    out = Path(tempfile.mkdtemp(prefix="akhbar-feeds-"))
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}:{REPO}", "AKHBAR_WEB_DELAY": "0",
           "AKHBAR_WEB_CONTACT": "measure@localhost", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS":
               os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")}
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    try:
        base = serve_site(server, stories)
        first_seconds, first = run(base, out, env)
        first_log = len(server.log)
        second_seconds, second = run(base, out, env)
        second_requests = [request for request, _ in server.log[first_log:]]
        agents = {request.headers.get("User-Agent") for request, _ in server.log}
    finally:
        server.stop()

    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    rows = con.execute("select url, title, published_date, text from marts.articles").fetchall()
    quarantine = con.execute("select source_path, reason, detail from marts.quarantine order by 1").fetchall()
    by_url = {f"{base}{s.path()}": s for s in stories}
    ratios, dirty, complete = [], [], 0
    for url, title, day, text in rows:
        story = by_url.get(url)
        if story is None:
            continue
        complete += bool(title == story.title and day == story.published.date())
        ratios.append(difflib.SequenceMatcher(None, story.body, text, autojunk=False).ratio())
        dirty += [(url, b) for b in BOILERPLATE if b in text]
    print(f"site: {base} ({len(stories)} articles from {args.news.name}, 1 dead link, 1 binary link)")
    print(f"run 1: {first_seconds:.1f} s, {first_log} requests\n{first.strip()}")
    print(f"run 2: {second_seconds:.1f} s, requests: {[r.path for r in second_requests]}\n{second.strip()}")
    print(f"articles in warehouse: {len(rows)}; matched to the site by url: {len(ratios)}; "
          f"with the original title and date: {complete}")
    if ratios:
        print(f"body similarity (difflib ratio): min {min(ratios):.4f} mean {sum(ratios) / len(ratios):.4f}; "
              f"below 0.9: {sum(r < 0.9 for r in ratios)}")
    print(f"boilerplate found in bodies: {dirty or 'none'}")
    print("quarantine:", *quarantine, sep="\n  ")
    article_pages = [r.path for r in second_requests if r.path.startswith("/news/")]
    print(f"article pages downloaded again in run 2: {len(article_pages)}")
    print(f"User-Agents: {agents}")
    print(f"output kept in {out}")


if __name__ == "__main__":
    main()
