"""Files in, :class:`Article` or :class:`Quarantined` out: streaming, never raising for bad content."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from akhbar.ingest.clean import clean_text
from akhbar.ingest.decode import DecodeError, decode_bytes
from akhbar.ingest.identity import article_id
from akhbar.ingest.segment import parse_dateline, split_sentences
from akhbar.model import Article, Quarantined
from akhbar.settings import get_settings
from akhbar.text.arabic import arabic_ratio

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".jsonl")
EXCERPT_CHARS = 200
MIN_ARABIC_RATIO = 0.5
MIN_ARABIC_LETTERS = 5  # a one-line news sentence is a valid input
# Raw bytes allowed per character of max_chars before an item is refused unread
# (UTF-8 Arabic is 2 bytes a char; markup and JSON escapes add more).
_BYTES_PER_CHAR = 8
_CHUNK = 1 << 20
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Publication years kept; other dates (sentinels such as 0001-01-01 or 9999-12-31) are dropped.
MIN_YEAR, MAX_YEAR = 1900, 2100
# UTF-16 halves without their pair (JSON "\ud83d"): no UTF-8 encoding, so Parquet refuses them.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BASIC_ARABIC_RUN = re.compile("[\u0621-\u063a\u0641-\u064a]+")  # hamza..ghain, feh..yeh: letters
_WORD_RUN = re.compile(r"[^\W\d_]+")  # letters and the few numeric characters that are not digits


class Rejected(Exception):
    """An item to quarantine: ``reason`` code plus human ``detail``."""

    def __init__(self, reason: str, detail: str, excerpt: str | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.excerpt = reason, detail, excerpt


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named in ``paths`` and the ``.txt``/``.jsonl`` files under named folders
    (recursive, sorted, hidden entries skipped), each once, as resolved absolute paths.
    Named files are yielded whatever their extension. Raises FileNotFoundError for a missing path."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"source path does not exist: {path}")
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*")
                 if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                 and not any(part.startswith(".") for part in p.relative_to(path).parts)),
                key=lambda p: p.relative_to(path).as_posix())
        else:
            found = [path]
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def read_articles(paths: Iterable[str | Path], max_chars: int | None = None,
                  ids: Collection[str] | None = None) -> Iterator[Article | Quarantined]:
    """Articles and quarantined items from every source file, in file order. With ``ids``, only
    the items of those external ids (a ``.txt`` file's is its name), the others skipped before their
    text is cleaned and split: the evaluation and training commands pick a few hundred articles out of
    tens of thousands."""
    max_chars = get_settings().max_article_chars if max_chars is None else max_chars
    for path in iter_source_files(paths):
        suffix = path.suffix.lower()
        if ids is not None and suffix != ".jsonl" and path.name not in ids:
            continue
        if suffix == ".txt":
            yield _read_txt(path, max_chars)
        elif suffix == ".jsonl":
            yield from _read_jsonl(path, max_chars, ids)
        else:
            yield Quarantined(str(path), "unsupported_file_type", external_id=path.name,
                              detail=f"only {', '.join(SUPPORTED_SUFFIXES)} files are read, "
                                     f"not {suffix or 'files without extension'}")


def _read_txt(path: Path, max_chars: int) -> Article | Quarantined:
    try:
        size = path.stat().st_size
        if size > max_chars * _BYTES_PER_CHAR:
            raise Rejected("too_large", f"file is {size} bytes (limit {max_chars} characters)")
        raw, encoding = _decode(path.read_bytes())
        return build_article(raw, encoding, str(path), path.name, {}, max_chars)
    except Rejected as r:
        return Quarantined(str(path), r.reason, external_id=path.name, detail=r.detail,
                           excerpt=r.excerpt)
    except OSError as exc:
        return Quarantined(str(path), "unreadable_file", external_id=path.name,
                           detail=f"{type(exc).__name__}: {exc}")


def _read_jsonl(path: Path, max_chars: int, ids: Collection[str] | None = None
                ) -> Iterator[Article | Quarantined]:
    line_number = 0
    try:
        with path.open("rb") as f:
            for line_number, line in enumerate(_bounded_lines(f, max_chars * _BYTES_PER_CHAR), 1):
                if line is not None and not line.strip():
                    continue
                if (item := _jsonl_item(line, str(path), line_number, max_chars, ids)) is not None:
                    yield item
    except OSError as exc:
        yield Quarantined(str(path), "unreadable_file", line_number=line_number or None,
                          detail=f"{type(exc).__name__}: {exc}")


def _bounded_lines(f: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of ``f``; a line longer than ``limit`` bytes is skipped unread and yields None."""
    while line := f.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _jsonl_item(line: bytes | None, source_path: str, line_number: int, max_chars: int,
                ids: Collection[str] | None = None) -> Article | Quarantined | None:
    """The line's article or why it is quarantined; None when ``ids`` are given and the line is
    not one of them (or has no id to tell)."""
    external_id = None
    try:
        if line is None:
            raise Rejected("too_large", f"line is longer than {max_chars * _BYTES_PER_CHAR} bytes")
        raw, encoding = _decode(line)
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise Rejected("broken_json", f"invalid JSON: {exc.msg} at column {exc.colno}",
                           _excerpt(raw)) from None
        except RecursionError:
            raise Rejected("broken_json", "JSON nested too deeply", _excerpt(raw)) from None
        if not isinstance(record, dict):
            raise Rejected("broken_json", f"a JSON {type(record).__name__}, not an object",
                           _excerpt(raw))
        record_id = _external_id(record.get("id"))
        if record_id is None:
            raise Rejected("missing_id", '"id" is missing or empty', _excerpt(raw))
        if _LONE_SURROGATE.search(record_id):
            raise Rejected("undecodable", '"id" has a lone UTF-16 surrogate', _excerpt(raw))
        external_id = record_id
        if ids is not None and external_id not in ids:
            return None
        text = record.get("text")
        if not isinstance(text, str):
            raise Rejected("null_text", '"text" is missing' if "text" not in record else
                           f'"text" is {"null" if text is None else type(text).__name__}',
                           _excerpt(raw))
        return build_article(text, encoding, source_path, external_id, record, max_chars)
    except Rejected as r:
        if ids is not None and external_id not in ids:
            return None
        return Quarantined(source_path, r.reason, external_id=external_id, line_number=line_number,
                           detail=r.detail, excerpt=r.excerpt)


def _external_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        excerpt = None if exc.reason == "binary" else _excerpt(data[:1024].decode("utf-8", "replace"))
        raise Rejected(exc.reason, exc.detail, excerpt) from None


def build_article(raw: str, encoding: str, source_path: str, external_id: str,
                   record: dict[str, Any], max_chars: int) -> Article:
    """One checked Article from raw body text; ``record`` holds jsonl fields (empty for .txt).
    A title, source or url that cannot be stored (lone surrogates) is dropped with a warning,
    as is an implausible publication date (see :func:`_plausible`)."""
    text = clean_text(raw)
    _check_text(text, max_chars)
    where = f"{source_path} {external_id}"
    dateline = parse_dateline(text)
    published_at, published_date = _published(record.get("published_at"), where)
    if published_date is None and dateline and dateline.date:
        if _plausible(dateline.date):
            published_date = dateline.date
        else:
            log.warning("%s: ignoring dateline date %s (not a plausible publication date)",
                        where, dateline.date)
    source = _optional_str(record, "source", where) or (dateline.source if dateline else None)
    title = _optional_str(record, "title", where)
    return Article(
        article_id=article_id(text),
        external_id=external_id,
        source_path=source_path,
        text=text,
        title=(clean_text(title) or None) if title else None,
        source=source,
        url=_optional_str(record, "url", where),
        published_at=published_at,
        published_date=published_date,
        dateline_source=dateline.source if dateline else None,
        dateline_place=dateline.place if dateline else None,
        encoding=encoding,
        sentences=split_sentences(text),
    )


def _check_text(text: str, max_chars: int) -> None:
    if not text:
        raise Rejected("empty_text", "no text after cleaning")
    if _LONE_SURROGATE.search(text):
        raise Rejected("undecodable", "lone UTF-16 surrogate in text", _excerpt(text))
    if len(text) > max_chars:
        raise Rejected("too_large", f"{len(text)} characters (limit {max_chars})", _excerpt(text))
    if _surely_arabic(text):
        return
    ratio = arabic_ratio(text)
    letters = sum(1 for c in text if c.isalpha())
    if ratio < MIN_ARABIC_RATIO or ratio * letters < MIN_ARABIC_LETTERS:
        raise Rejected("not_arabic", f"{ratio:.0%} of {letters} letters are Arabic", _excerpt(text))


def _surely_arabic(text: str) -> bool:
    """A fast sufficient test for the Arabic check: basic Arabic letters (a lower bound of the
    Arabic letters) are at least half of the word characters (an upper bound of the letters),
    with a margin of one letter over the minimum so float rounding cannot matter."""
    arabic = sum(map(len, _BASIC_ARABIC_RUN.findall(text)))
    return arabic > MIN_ARABIC_LETTERS and 2 * arabic >= sum(map(len, _WORD_RUN.findall(text)))


def _excerpt(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text.strip()[:EXCERPT_CHARS])


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if not isinstance(value, str):
        return None
    if _LONE_SURROGATE.search(value):
        log.warning("%s: ignoring %s (lone UTF-16 surrogate)", where, key)
        return None
    return value.strip() or None


def _published(value: Any, where: str) -> tuple[datetime | None, date | None]:
    """``published_at`` (aware UTC; naive times are taken as UTC) and the date as written.
    A value that is not an ISO 8601 date or datetime, or not a plausible date, is ignored
    with a warning."""
    if value is None:
        return None, None
    text = value.strip() if isinstance(value, str) else ""
    at: datetime | None = None
    try:
        if _ISO_DATE.fullmatch(text):
            day = date.fromisoformat(text)
        else:
            written = datetime.fromisoformat(text)
            at = (written if written.tzinfo else written.replace(tzinfo=UTC)).astimezone(UTC)
            day = written.date()
    except (ValueError, OverflowError):
        log.warning("%s: ignoring published_at %r (not an ISO 8601 date)", where, value)
        return None, None
    if not _plausible(day) or (at is not None and not _plausible(at.date())):
        log.warning("%s: ignoring published_at %r (not a plausible publication date)", where, value)
        return None, None
    return at, day


def _plausible(day: date) -> bool:
    """A year within MIN_YEAR..MAX_YEAR and not after tomorrow (UTC); other dates are
    placeholders or errors, not publication dates."""
    return MIN_YEAR <= day.year <= MAX_YEAR and day <= datetime.now(UTC).date() + timedelta(days=1)
