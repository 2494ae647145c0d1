"""A polite HTTP client for web sources: plain Python, no Prefect.

Every request names Akhbar (and the operator's contact, when set) in its User-Agent, has a
timeout (per operation and for the whole body), a size limit and a bounded number of redirects.
Timeouts, connection errors, 429 and 5xx answers are retried a bounded number of times with
exponential backoff (a short ``Retry-After`` is honoured). At most ``per_host`` requests run at once
on one host, and two requests to one host start at least ``delay`` seconds apart (or the host's
robots.txt ``Crawl-delay``, when longer). robots.txt is read once per host and respected; a
robots.txt that answers 5xx or cannot be reached disallows the host (RFC 9309, section 2.3.1.4).
Feeds are fetched with a conditional GET (``If-None-Match`` / ``If-Modified-Since``).

A failure raises :class:`FetchFailed` with a short ``reason`` (the quarantine reason) and a
``detail``; ``permanent`` says whether asking again later could help.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Self
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _akhbar_version() -> str:
    try:
        return version("akhbar")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How politely web sources are fetched (the pipeline fills it from the settings)."""

    contact: str | None = None  # e-mail or URL where a site operator can reach the user
    timeout: float = 20.0  # seconds per connect/read, and for a whole response body
    retries: int = 2  # further attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_backoff: float = 30.0  # longest wait before a retry (caps Retry-After and Crawl-delay too)
    max_bytes: int = 5_000_000  # a larger response is refused (too_large)
    per_host: int = 2  # requests at once on one host
    delay: float = 1.0  # seconds between the starts of two requests to one host
    max_redirects: int = 5
    workers: int = 8  # pages fetched at once over all hosts

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"Akhbar/{_akhbar_version()} (Arabic news event pipeline{contact})"


class FetchFailed(Exception):
    """A URL that gave no usable response: ``reason`` is the quarantine reason."""

    def __init__(self, reason: str, detail: str, *, permanent: bool, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.permanent, self.status = reason, detail, permanent, status
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)


@dataclass(slots=True)
class Fetched:
    """One answered GET: ``status`` 200 (with ``body``) or 304 (conditional GET, empty body)."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class _HostGate:
    """At most ``slots`` requests at once on a host, their starts ``delay`` seconds apart."""

    slots: int
    delay: float
    _semaphore: threading.BoundedSemaphore = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_start: float = 0.0

    def __post_init__(self) -> None:
        self._semaphore = threading.BoundedSemaphore(self.slots)

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._semaphore:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


class WebClient:
    """Fetch URLs politely (see the module docstring); thread-safe, use as a context manager."""

    def __init__(self, config: WebConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._client = httpx.Client(
            headers={"User-Agent": config.user_agent}, follow_redirects=True,
            max_redirects=config.max_redirects, timeout=httpx.Timeout(config.timeout),
            transport=transport)
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotFileParser | FetchFailed] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests = 0  # HTTP requests sent (retries and robots.txt included)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` if robots.txt allows it, retrying transient failures; conditional when
        ``etag`` or ``last_modified`` is given (a 304 answer comes back as ``not_modified``)."""
        origin = _origin(url)
        self._check_robots(url, origin)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._once(url, origin, headers)
            except FetchFailed as failure:
                if failure.permanent or attempt >= self.config.retries:
                    raise
                wait = failure.retry_after
                time.sleep(min(self.config.max_backoff,
                               wait if wait is not None else self.config.backoff * 2 ** attempt))
                attempt += 1

    def _gate(self, origin: str, delay: float | None = None) -> _HostGate:
        with self._lock:
            gate = self._gates.get(origin)
            if gate is None:
                gate = self._gates[origin] = _HostGate(self.config.per_host, self.config.delay)
            if delay is not None:
                gate.delay = max(gate.delay, min(delay, self.config.max_backoff))
            return gate

    def _once(self, url: str, origin: str, headers: dict[str, str]) -> Fetched:
        """One request (redirects followed) with the size and whole-body time limits."""
        with self._gate(origin).turn():
            with self._lock:
                self.requests += 1
            deadline = time.monotonic() + self.config.timeout
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    return self._read(url, response, deadline)
            except httpx.TimeoutException as exc:
                raise FetchFailed("timeout", f"no answer within {self.config.timeout:g} s "
                                             f"({type(exc).__name__})", permanent=False) from None
            except httpx.TooManyRedirects:
                raise FetchFailed("too_many_redirects", f"more than {self.config.max_redirects} redirects",
                                  permanent=True) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchFailed("bad_url", str(exc), permanent=True) from None
            except httpx.TransportError as exc:
                raise FetchFailed("connection_failed", f"{type(exc).__name__}: {exc}", permanent=False) from None

    def _read(self, url: str, response: httpx.Response, deadline: float) -> Fetched:
        status = response.status_code
        if status >= 400 or (status >= 300 and status != 304):
            raise FetchFailed("http_error", f"HTTP {status} {response.reason_phrase}".strip(),
                              permanent=status not in RETRY_STATUSES, status=status,
                              retry_after=_retry_after(response))
        fetched = Fetched(url=url, final_url=str(response.url), status=status,
                          content_type=response.headers.get("content-type"),
                          etag=response.headers.get("etag"),
                          last_modified=response.headers.get("last-modified"))
        if status == 304:
            return fetched
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchFailed("too_large", f"{declared} bytes (limit {limit})", permanent=True)
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchFailed("too_large", f"more than {limit} bytes", permanent=True)
            if time.monotonic() > deadline:
                raise FetchFailed("timeout", f"body not received within {self.config.timeout:g} s",
                                  permanent=False)
        fetched.body = bytes(body)
        return fetched

    def _check_robots(self, url: str, origin: str) -> None:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host, even with many pages asked at once
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._robots[origin] = self._fetch_robots(origin)
        if isinstance(rules, FetchFailed):
            raise FetchFailed("robots_unreachable", f"{origin}/robots.txt: {rules.detail}", permanent=False)
        if not rules.can_fetch(self.config.user_agent, url):
            raise FetchFailed("robots_disallowed", f"{origin}/robots.txt disallows this URL for Akhbar",
                              permanent=False)

    def _fetch_robots(self, origin: str) -> RobotFileParser | FetchFailed:
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = self._once(f"{origin}/robots.txt", origin, {})
        except FetchFailed as failure:
            if failure.status in (401, 403):
                rules.disallow_all = True
            elif failure.status is not None and 400 <= failure.status < 500:
                rules.allow_all = True
            else:
                return failure
            return rules
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(self.config.user_agent)
        if delay:
            self._gate(origin, float(delay))
        return rules


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def is_url(source: object) -> bool:
    """True for an ``http://`` or ``https://`` URL (a web source), False for a path."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))
