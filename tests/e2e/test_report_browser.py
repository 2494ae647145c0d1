"""The report opened in headless Chromium with every outside request blocked: charts render, the page
asks for nothing outside the machine, no script error. Skipped when Chromium is not installed.

The page is driven over the DevTools protocol (websockets, a Prefect dependency), so the requests
and console messages are the page's own, not the browser's background traffic."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from websockets.sync.client import connect

from akhbar.report import write_report
from akhbar.report.page import SECTIONS
from tests.factories import sample_warehouse

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine")
LOCAL = ("file:", "data:", "about:", "blob:")
RENDERED = "[...document.querySelectorAll('.chart[data-rendered=\"true\"]')].map(e => e.id)"


@dataclass
class PageVisit:
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    rendered: list[str] = field(default_factory=list)  # ids of charts that finished rendering
    text: str = ""  # the page's visible text


def visit(index: Path, wait: float = 60) -> PageVisit:
    """Open ``index`` in headless Chromium (outside hosts unresolvable) and record what it did."""
    proc = subprocess.Popen(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-port=0", "--remote-allow-origins=*",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        ws_url = None
        for line in proc.stderr:
            if "DevTools listening on " in line:
                ws_url = line.split("DevTools listening on ", 1)[1].strip()
                break
        assert ws_url, "Chromium did not open its DevTools port"
        return _drive(ws_url, index, wait)
    finally:
        proc.kill()
        proc.wait()


def _drive(ws_url: str, index: Path, wait: float) -> PageVisit:
    seen = PageVisit()
    with connect(ws_url, max_size=None) as browser:
        counter = iter(range(1, 1_000_000))

        def call(method: str, params: dict | None = None, session: str | None = None) -> dict:
            message_id = next(counter)
            message = {"id": message_id, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            browser.send(json.dumps(message))
            while True:
                reply = json.loads(browser.recv())
                if reply.get("id") == message_id:
                    return reply.get("result", {})
                record(reply)

        def record(event: dict) -> None:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                seen.requests.append(params["request"]["url"])
            elif method == "Runtime.exceptionThrown":
                seen.errors.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                seen.errors.append(json.dumps(params.get("args"))[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                seen.errors.append(params["entry"].get("text", "")[:500])

        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            call(f"{domain}.enable", session=session)
        call("Page.navigate", {"url": index.as_uri()}, session=session)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            done = call("Runtime.evaluate", {"expression": RENDERED, "returnByValue": True}, session=session)
            seen.rendered = done["result"]["value"]
            if len(seen.rendered) == len(SECTIONS):
                break
            time.sleep(0.5)
        seen.text = call("Runtime.evaluate", {"expression": "document.body.innerText", "returnByValue": True},
                         session=session)["result"]["value"]
    return seen


def test_report_renders_offline_in_chromium(tmp_path):
    warehouse = sample_warehouse(tmp_path)
    index = write_report(warehouse, tmp_path / "report", quality=False)
    seen = visit(index)
    assert sorted(seen.rendered) == sorted(chart_id for chart_id, *_ in SECTIONS)
    assert seen.requests and all(url.startswith(LOCAL) for url in seen.requests), seen.requests
    assert seen.errors == []
    assert "مصطفى الكاظمي" in seen.text and "واشنطن" in seen.text


def test_a_script_error_and_an_outside_request_would_be_seen(tmp_path):
    # the check above can fail: a page that fetches a URL and throws is caught
    page = tmp_path / "index.html"
    page.write_text("<html><body><img src='https://example.org/x.png'>"
                    "<script>throw new Error('boom')</script></body></html>", encoding="utf-8")
    seen = visit(page, wait=3)
    assert any(url.startswith("https://example.org/") for url in seen.requests)
    assert any("boom" in error for error in seen.errors)
