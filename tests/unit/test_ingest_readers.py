"""File readers: articles out, bad input quarantined, never raised."""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from akhbar.ingest import readers
from akhbar.ingest.readers import iter_source_files, read_articles
from akhbar.model import Article, Quarantined

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_98b8e4c306178cf7.txt"
BODY = "وقالت مصادر امنية ان صاروخي كاتيوشا سقطا في محيط السفارة الاميركية داخل المنطقة الخضراء."
BODY2 = "ولا يزال هناك نحو 3500 جندي أجنبي على الأراضي العراقيّة، من بينهم 2500 أميركي."


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def one(path: Path, **kwargs: int) -> Article | Quarantined:
    [item] = list(read_articles([path], **kwargs))
    return item


def test_seed_article() -> None:
    article = one(SEED)
    assert isinstance(article, Article)
    assert article.external_id == SEED.name
    assert (article.source, article.dateline_source, article.dateline_place) == ("ايلاف", "ايلاف", "لندن")
    assert article.published_date is None and article.published_at is None
    assert article.encoding == "utf-8" and len(article.article_id) == 16
    assert 20 <= len(article.sentences) <= 40
    assert article.text.startswith("ايلاف من لندن: أكد") and article.text.endswith("الحكومية العراقية.")


def test_txt_cp1256_and_html(tmp_path: Path) -> None:
    legacy = one(write(tmp_path / "legacy.txt", BODY.encode("cp1256")))
    assert isinstance(legacy, Article) and legacy.text == BODY and legacy.encoding == "cp1256"
    page = one(write(tmp_path / "page.txt", f"<html><body><p>{BODY}</p><p>{BODY2}</p></body></html>"))
    assert isinstance(page, Article) and page.text == f"{BODY}\n\n{BODY2}"
    assert [page.text[s.start:s.end] for s in page.sentences] == [BODY, BODY2]


def test_same_text_same_id_across_files(tmp_path: Path) -> None:
    a = one(write(tmp_path / "a.txt", BODY))
    b = one(write(tmp_path / "b.jsonl", jsonl({"id": "x", "text": "  " + BODY.replace("امنية", "أمنيّة")})))
    assert isinstance(a, Article) and isinstance(b, Article) and a.article_id == b.article_id


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("latin1.txt", "Le président a déclaré à Paris que la réunion était reportée.".encode("latin-1"),
     "undecodable"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("empty.txt", "  \n<p> </p>\n", "empty_text"),
    ("english.txt", "The Iraqi prime minister said no US combat troops would remain in Iraq.", "not_arabic"),
    ("notes.csv", "id,text\n1,نص\n", "unsupported_file_type"),
])
def test_txt_quarantine(tmp_path: Path, name: str, data: str | bytes, reason: str) -> None:
    item = one(write(tmp_path / name, data))
    assert isinstance(item, Quarantined)
    assert (item.reason, item.external_id, item.source_path) == (reason, name, str(tmp_path / name))
    assert item.detail and (item.excerpt is None or len(item.excerpt) <= 200)


def test_too_large_after_cleaning(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "<p>" + BODY * 3 + "</p>")
    item = one(path, max_chars=len(BODY) * 2)
    assert isinstance(item, Quarantined) and item.reason == "too_large" and len(item.excerpt) == 200
    assert isinstance(one(path, max_chars=len(BODY) * 3), Article)


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    item = one(write(tmp_path / "huge.txt", BODY * 20), max_chars=10)
    assert isinstance(item, Quarantined) and item.reason == "too_large" and "bytes" in item.detail


def test_naive_published_at_is_taken_as_utc(tmp_path: Path) -> None:
    item = one(write(tmp_path / "t.jsonl", jsonl({"id": "t", "text": BODY,
                                                  "published_at": "2017-01-22T18:56:00"})))
    assert isinstance(item, Article)
    assert item.published_at == datetime(2017, 1, 22, 18, 56, tzinfo=UTC)
    assert item.published_date == date(2017, 1, 22)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", BODY)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(readers.Path, "read_bytes", refuse)
    item = one(path)
    assert isinstance(item, Quarantined) and item.reason == "unreadable_file"
    assert "Permission denied" in item.detail


def test_jsonl_mixed_lines_keep_order(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.jsonl", jsonl(
        {"id": "a1", "text": BODY, "title": "<b>صاروخان</b> في محيط السفارة", "source": "ايلاف",
         "url": "https://elaph.com/x", "published_at": "2021-07-29T23:30:00-05:00"},
        '{"id": "broken", "text": "سقط',
        {"text": BODY2},
        "",
        {"id": 7, "text": None},
        {"id": "n", "text": 42},
        {"id": "e", "text": "  "},
        {"id": "en", "text": "Rockets hit the Green Zone in Baghdad."},
        ["not", "an", "object"],
        {"id": "a2", "text": BODY2, "published_at": "2021-07-29"},
        {"id": "a3", "text": "بيروت (رويترز) - " + BODY, "published_at": "الخميس"},
    ) + "\n")
    items = list(read_articles([path]))
    summary = [(type(i).__name__, i.external_id, getattr(i, "reason", None), getattr(i, "line_number", None))
               for i in items]
    assert summary == [
        ("Article", "a1", None, None),
        ("Quarantined", None, "broken_json", 2),
        ("Quarantined", None, "missing_id", 3),
        ("Quarantined", "7", "null_text", 5),
        ("Quarantined", "n", "null_text", 6),
        ("Quarantined", "e", "empty_text", 7),
        ("Quarantined", "en", "not_arabic", 8),
        ("Quarantined", None, "broken_json", 9),
        ("Article", "a2", None, None),
        ("Article", "a3", None, None),
    ]
    a1, a2, a3 = (i for i in items if isinstance(i, Article))
    assert (a1.title, a1.source, a1.url) == ("صاروخان في محيط السفارة", "ايلاف", "https://elaph.com/x")
    assert a1.published_at == datetime(2021, 7, 30, 4, 30, tzinfo=UTC)
    assert a1.published_date == date(2021, 7, 29)
    assert (a2.published_at, a2.published_date) == (None, date(2021, 7, 29))
    assert (a3.published_at, a3.published_date) == (None, None)
    assert (a3.source, a3.dateline_place) == ("رويترز", "بيروت")
    assert items[1].excerpt == '{"id": "broken", "text": "سقط'


def test_jsonl_bad_encoding_and_long_line_do_not_stop_the_file(tmp_path: Path) -> None:
    good = jsonl({"id": "ok", "text": BODY}).encode("utf-8")
    legacy = jsonl({"id": "cp", "text": BODY2}).encode("cp1256")
    long_line = jsonl({"id": "big", "text": BODY * 10}).encode("utf-8")
    path = write(tmp_path / "bytes.jsonl", b'{"id": "bad", "text": "\xff\xfe\x00"}\n' + long_line + legacy + good)
    items = list(read_articles([path], max_chars=len(BODY)))
    assert [(getattr(i, "reason", "article"), getattr(i, "line_number", None)) for i in items] == [
        ("binary", 1), ("too_large", 2), ("article", None), ("article", None)]
    assert items[2].encoding == "cp1256" and items[2].text == BODY2


def test_iter_source_files(tmp_path: Path) -> None:
    write(tmp_path / "in" / "b.txt", BODY)
    write(tmp_path / "in" / "sub" / "a.jsonl", "")
    write(tmp_path / "in" / "a.txt", BODY)
    write(tmp_path / "in" / "skip.csv", "x")
    write(tmp_path / "in" / ".cache" / "c.txt", BODY)
    named = write(tmp_path / "named.md", BODY)
    found = list(iter_source_files([tmp_path / "in", named, tmp_path / "in" / "a.txt"]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "in/a.txt", "in/b.txt", "in/sub/a.jsonl", "named.md"]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list(read_articles([tmp_path / "nowhere"]))


def test_relative_and_absolute_paths_give_the_same_source_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "in" / "a.jsonl", jsonl({"id": "a", "text": BODY}, {"id": "b"}))
    monkeypatch.chdir(tmp_path / "in")
    spellings = [Path("a.jsonl"), path, tmp_path / "in" / ".." / "in" / "a.jsonl"]
    for items in (list(read_articles([p])) for p in spellings):
        assert [i.source_path for i in items] == [str(path.resolve())] * 2


def _when(days_from_today: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days_from_today)).isoformat()


@pytest.mark.parametrize("published_at", [
    _when(2), _when(2) + "T00:30:00+00:00", "2999-01-01", "1850-03-01", "0001-01-01",
    "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00",
])
def test_implausible_published_at_is_dropped(tmp_path: Path, published_at: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    item = one(write(tmp_path / "d.jsonl", jsonl({"id": "d", "text": BODY, "published_at": published_at})))
    assert isinstance(item, Article) and (item.published_at, item.published_date) == (None, None)
    assert "ignoring published_at" in caplog.text


def test_tomorrow_is_still_a_publication_date(tmp_path: Path) -> None:
    item = one(write(tmp_path / "d.jsonl", jsonl({"id": "d", "text": BODY, "published_at": _when(1)})))
    assert isinstance(item, Article) and item.published_date == date.fromisoformat(_when(1))


@pytest.mark.parametrize(("year", "expected"), [(2016, date(2016, 12, 11)), (2999, None), (1066, None)])
def test_implausible_dateline_date_is_dropped(tmp_path: Path, year: int, expected: date | None) -> None:
    item = one(write(tmp_path / "wat.txt", f"تونس 11 ديسمبر {year} (وات) - {BODY}"))
    assert isinstance(item, Article) and item.published_date == expected
    assert (item.dateline_source, item.dateline_place) == ("وات", "تونس")


def test_deeply_nested_json_is_broken_json(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.jsonl", '{"id": "x", "text": ' + "[" * 100_000 + "\n"
                 + jsonl({"id": "ok", "text": BODY}))
    items = list(read_articles([path]))
    assert [(getattr(i, "reason", "article"), i.external_id) for i in items] == [
        ("broken_json", None), ("article", "ok")]


def test_lone_surrogates_are_never_stored(tmp_path: Path) -> None:
    path = write(tmp_path / "s.jsonl", jsonl(
        '{"id": "s1", "text": "' + BODY + ' \\ud83d"}',
        '{"id": "s2\\udc00", "text": "' + BODY + '"}',
        '{"id": "s3", "text": "' + BODY + '", "title": "صاروخان \\ud83d", "source": "\\udfff"}',
    ))
    items = list(read_articles([path]))
    assert [(getattr(i, "reason", "article"), i.external_id) for i in items] == [
        ("undecodable", "s1"), ("undecodable", None), ("article", "s3")]
    assert (items[2].title, items[2].source) == (None, None)
    for value in (v for item in items for v in astuple(item) if isinstance(v, str)):
        value.encode("utf-8")  # what Parquet does; raises on a lone surrogate


@pytest.mark.parametrize("text", [
    "مرحبا بكم", "abcde مرحبا", "abcdef مرحبا", "ab مرحب", "abcdefghij كلمة", "مصر² ½ Ⅻ abc", "مصر 2021 abc",
    "الـعـراق xyzw", "ٱلعالم ۋ ABCD", "hello world", "س ص ع ab"])
def test_arabic_check_matches_its_definition(text: str) -> None:
    """The fast path decides exactly as the share of Arabic letters among all letters does."""
    from akhbar.ingest.readers import MIN_ARABIC_LETTERS, MIN_ARABIC_RATIO, Rejected, _check_text
    from akhbar.text.arabic import arabic_ratio

    ratio, letters = arabic_ratio(text), sum(c.isalpha() for c in text)
    expected_ok = not (ratio < MIN_ARABIC_RATIO or ratio * letters < MIN_ARABIC_LETTERS)
    try:
        _check_text(text, 1000)
        ok = True
    except Rejected as rejected:
        assert rejected.reason == "not_arabic"
        ok = False
    assert ok == expected_ok


def test_only_the_ids_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``ids`` the reader yields those items only (an article or its quarantine), and the
    others are never built into articles; ``.txt`` files are picked by name."""
    write(tmp_path / "a.jsonl", jsonl({"id": "x", "text": BODY}, "{broken", {"id": "y", "text": None},
                                      {"id": "z", "text": BODY2}))
    write(tmp_path / "kept.txt", BODY)
    write(tmp_path / "other.txt", BODY2)
    built = []
    build = readers.build_article
    monkeypatch.setattr(readers, "build_article", lambda raw, *rest: built.append(raw) or build(raw, *rest))
    items = list(read_articles([tmp_path], ids={"z", "y", "kept.txt"}))
    assert [(type(i).__name__, i.external_id) for i in items] == [
        ("Quarantined", "y"), ("Article", "z"), ("Article", "kept.txt")]
    assert built == [BODY2, BODY]
    assert [i.external_id for i in read_articles([tmp_path], ids=set())] == []
    assert len(list(read_articles([tmp_path]))) == 6
