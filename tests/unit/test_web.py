"""The polite HTTP client, against servers on 127.0.0.1 only."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug import Request, Response

from akhbar.ingest.web import FetchFailed, WebClient, WebConfig, is_url
from tests.fixtures.website import requests_to

FAST = WebConfig(contact="ops@example.org", timeout=0.5, retries=1, backoff=0.01, delay=0)
PAGE = "<html><body><p>خبر عاجل من العاصمة</p></body></html>"


def _robots(server, rules: str = "User-agent: *\nDisallow: /private/\n") -> str:
    server.expect_request("/robots.txt").respond_with_data(rules, content_type="text/plain")
    return f"http://{server.host}:{server.port}"


def test_is_url():
    assert is_url("https://example.com/rss.xml") and is_url("HTTP://x.org/a")
    assert not is_url("seeds/") and not is_url("/tmp/http://x") and not is_url(None)


def test_user_agent_names_akhbar_and_the_contact(site_server):
    base = _robots(site_server)
    site_server.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    with WebClient(FAST) as client:
        fetched = client.get(f"{base}/a")
    assert fetched.status == 200 and fetched.body.decode() == PAGE
    agents = {request.headers["User-Agent"] for request, _ in site_server.log}
    assert len(agents) == 1 and agents.pop().startswith("Akhbar/")
    assert "ops@example.org" in site_server.log[0][0].headers["User-Agent"]


def test_5xx_is_retried_with_backoff_then_given_up(site_server):
    base = _robots(site_server)
    answers = iter([503, 502, 200])
    site_server.expect_request("/flaky").respond_with_handler(
        lambda request: Response(PAGE, status=next(answers), content_type="text/html"))
    with WebClient(WebConfig(timeout=1, retries=2, backoff=0.05, delay=0)) as client:
        started = time.monotonic()
        assert client.get(f"{base}/flaky").status == 200
        assert time.monotonic() - started >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s
    assert requests_to(site_server, "/flaky") == 3

    site_server.expect_request("/down").respond_with_data("", status=500)
    with WebClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/down")
    assert failed.value.reason == "http_error" and not failed.value.permanent
    assert requests_to(site_server, "/down") == 1 + FAST.retries


def test_404_is_permanent_and_not_retried(site_server):
    base = _robots(site_server)
    site_server.expect_request("/gone").respond_with_data("no", status=404)
    with WebClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/gone")
    assert (failed.value.reason, failed.value.status, failed.value.permanent) == ("http_error", 404, True)
    assert "404" in failed.value.detail and requests_to(site_server, "/gone") == 1


def test_slow_page_times_out_after_bounded_retries(site_server):
    base = _robots(site_server)
    asked = []

    def slow(request: Request) -> Response:
        asked.append(request.path)  # the server logs a request only once answered
        time.sleep(1.5)
        return Response(PAGE, content_type="text/html")
    site_server.expect_request("/slow").respond_with_handler(slow)
    with WebClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/slow")
    assert failed.value.reason == "timeout" and not failed.value.permanent
    assert len(asked) == 1 + FAST.retries


def test_a_body_trickling_past_the_timeout_is_cut(site_server):
    base = _robots(site_server)

    def trickle(request: Request) -> Response:
        def chunks():
            for _ in range(10):
                time.sleep(0.2)  # each read is quick; the whole body is not
                yield b"<p>" + "كلمة ".encode() * 10 + b"</p>"
        return Response(chunks(), content_type="text/html")
    site_server.expect_request("/trickle").respond_with_handler(trickle)
    with WebClient(WebConfig(timeout=0.7, retries=0, delay=0)) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/trickle")
    assert failed.value.reason == "timeout"


def test_redirects_are_followed_and_bounded(site_server):
    base = _robots(site_server)
    site_server.expect_request("/old").respond_with_data("", status=301, headers={"Location": f"{base}/new"})
    site_server.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    site_server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": f"{base}/loop"})
    with WebClient(FAST) as client:
        fetched = client.get(f"{base}/old")
        assert (fetched.url, fetched.final_url) == (f"{base}/old", f"{base}/new")
        with pytest.raises(FetchFailed) as failed:
            client.get(f"{base}/loop")
    assert failed.value.reason == "too_many_redirects" and failed.value.permanent


@pytest.mark.parametrize("streamed", [False, True])
def test_size_limit(site_server, streamed):
    base = _robots(site_server)
    big = ("<p>" + "خبر " * 2000 + "</p>").encode()
    body = iter([big[:5000], big[5000:]]) if streamed else big  # a generator: no Content-Length
    site_server.expect_request("/big").respond_with_handler(lambda request: Response(body, content_type="text/html"))
    with WebClient(WebConfig(max_bytes=4000, delay=0)) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/big")
    assert failed.value.reason == "too_large" and failed.value.permanent


def test_robots_txt_is_read_once_and_respected(site_server):
    base = _robots(site_server)
    site_server.expect_request("/private/x").respond_with_data(PAGE, content_type="text/html")
    site_server.expect_request("/public").respond_with_data(PAGE, content_type="text/html")
    with WebClient(FAST) as client:
        with pytest.raises(FetchFailed) as failed:
            client.get(f"{base}/private/x")
        client.get(f"{base}/public")
        client.get(f"{base}/public")
    assert failed.value.reason == "robots_disallowed"
    assert requests_to(site_server, "/private/x") == 0
    assert requests_to(site_server, "/robots.txt") == 1


def test_robots_txt_missing_allows_and_unreachable_disallows(site_server):
    base = f"http://{site_server.host}:{site_server.port}"
    site_server.expect_request("/robots.txt").respond_with_data("", status=404)
    site_server.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    with WebClient(FAST) as client:
        assert client.get(f"{base}/a").status == 200
    site_server.clear()
    site_server.expect_request("/robots.txt").respond_with_data("", status=503)
    site_server.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    with WebClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{base}/a")
    assert failed.value.reason == "robots_unreachable" and requests_to(site_server, "/a") == 0


def test_conditional_get_answered_304(site_server):
    base = _robots(site_server)

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"' or request.headers.get("If-Modified-Since"):
            return Response(status=304)
        return Response("<rss/>", content_type="application/rss+xml",
                        headers={"ETag": '"v1"', "Last-Modified": "Mon, 04 Mar 2024 09:00:00 GMT"})
    site_server.expect_request("/rss.xml").respond_with_handler(feed)
    with WebClient(FAST) as client:
        first = client.get(f"{base}/rss.xml")
        assert (first.etag, first.last_modified) == ('"v1"', "Mon, 04 Mar 2024 09:00:00 GMT")
        again = client.get(f"{base}/rss.xml", etag=first.etag)
        by_date = client.get(f"{base}/rss.xml", last_modified=first.last_modified)
    assert not first.not_modified and again.not_modified and by_date.not_modified and again.body == b""


def test_per_host_slots_and_delay(site_server):
    base = _robots(site_server)
    active, peak, starts, lock = [0], [0], [], threading.Lock()

    def page(request: Request) -> Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            starts.append(time.monotonic())
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        return Response(PAGE, content_type="text/html")
    site_server.expect_request("/p").respond_with_handler(page)
    with WebClient(WebConfig(per_host=2, delay=0, timeout=5)) as client, ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda i: client.get(f"{base}/p?i={i}"), range(6)))
    assert peak[0] == 2  # two at once, never more

    starts.clear()
    with WebClient(WebConfig(per_host=2, delay=0.15, timeout=5)) as client, ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: client.get(f"{base}/p?i={i}"), range(4)))
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:])]
    assert min(gaps) >= 0.13, gaps
