"""Reusable fixture builders: real Arabic articles (sentences of the seed) with hand-made extractions."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from akhbar.ingest.identity import article_id
from akhbar.ingest.segment import split_sentences
from akhbar.model import Article, Event, Extraction, Mention, Participant, Quarantined
from akhbar.storage.lake import write_batch
from akhbar.storage.records import build_tables, tables_batch_id

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
EXTRACTOR = "fixture/1"
INGESTED_AT = datetime(2021, 7, 30, 6, 0, tzinfo=UTC)

KADHIMI_TEXT = (
    "ايلاف من لندن: أكد رئيس الوزراء العراقي مصطفى الكاظمي لدى مغادرته واشنطن اليوم الخميس أنه لا "
    "قوات قتالية أميركية في بلده بنهاية العام.\n"
    "وبحث الكاظمي خلال اجتماعه مع رئيسة مجلس النواب الأميركي نانسي بيلوسي في واشنطن مساء الاربعاء "
    "سبل تعزيز التعاون بين العراق والولايات المتحدة."
)
ROCKETS_TEXT = (
    "وقالت مصادر امنية ان صاروخي كاتيوشا سقطا في محيط السفارة الاميركية داخل المنطقة الخضراء وسط بغداد. "
    "وتُنسب هذه الهجمات إلى مليشيات عراقية موالية لإيران، في احدث هجوم يؤكد رفض المليشيات لاتفاق "
    "الكاظمي مع بايدن."
)


def span(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    """Python offsets of the ``nth`` occurrence of ``surface`` in ``text`` (the one span helper)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def text_mention(text: str, surface: str, label: str, normalized: str | None = None, nth: int = 0) -> Mention:
    """A mention of the ``nth`` ``surface`` of a bare text (no article around it)."""
    start, end = span(text, surface, nth)
    return Mention(start, end, surface, label, normalized or surface)


def sentence_index(article: Article, offset: int) -> int:
    return next(s.index for s in article.sentences if s.start <= offset < s.end)


def article(text: str, external_id: str, published: date | None = None, **kw: object) -> Article:
    """An article as ingestion makes it (content id, sentence spans)."""
    return Article(article_id=article_id(text), external_id=external_id, source_path=f"seeds/{external_id}",
                   text=text, published_date=published, sentences=split_sentences(text), **kw)


def mention(art: Article, surface: str, label: str, nth: int = 0, normalized: str | None = None,
            **kw: object) -> Mention:
    """The ``nth`` occurrence of ``surface`` in the article body, with its true offsets."""
    start, end = span(art.text, surface, nth)
    return Mention(start=start, end=end, surface=surface, label=label,
                   normalized=normalized or surface, sentence_index=sentence_index(art, start), **kw)


def participant(role: str, m: Mention) -> Participant:
    return Participant(role=role, surface=m.surface, start=m.start, end=m.end, mention=m)


def event(art: Article, event_type: str, trigger: str, participants: list[Participant],
          **kw: object) -> Event:
    start, end = span(art.text, trigger)
    index = sentence_index(art, start)
    sentence = art.sentences[index]
    return Event(event_type=event_type, trigger=trigger, trigger_start=start, trigger_end=end,
                 sentence_index=index, evidence=art.text[sentence.start:sentence.end],
                 participants=participants, **kw)


def kadhimi_batch_item() -> tuple[Article, Extraction]:
    art = article(KADHIMI_TEXT, "000_kadhimi.txt", date(2021, 7, 29), dateline_source="ايلاف",
                  dateline_place="لندن")
    kadhimi = dict(canonical="مصطفى الكاظمي", canonical_latin="Mustafa Al-Kadhimi")
    washington = dict(canonical="واشنطن", canonical_latin="Washington", country_code="US")
    pm = mention(art, "مصطفى الكاظمي", "PER", **kadhimi)
    kadhimi2 = mention(art, "الكاظمي", "PER", nth=1, **kadhimi)
    pelosi = mention(art, "نانسي بيلوسي", "PER", canonical="نانسي بيلوسي", canonical_latin="Nancy Pelosi")
    washington2 = mention(art, "واشنطن", "GPE", nth=1, **washington)
    mentions = [
        mention(art, "ايلاف", "ORG"),
        mention(art, "لندن", "GPE", canonical="لندن", canonical_latin="London", country_code="GB"),
        mention(art, "العراقي", "NORP"),
        pm,
        mention(art, "واشنطن", "GPE", **washington),
        mention(art, "الخميس", "DATE", value="2021-07-29"),
        mention(art, "أميركية", "NORP"),
        kadhimi2,
        mention(art, "مجلس النواب الأميركي", "ORG"),
        pelosi,
        washington2,
        mention(art, "مساء الاربعاء", "TIME", value="2021-07-28"),
        mention(art, "العراق", "GPE", nth=1, canonical="العراق", canonical_latin="Iraq", country_code="IQ"),
        mention(art, "والولايات المتحدة", "GPE", normalized="الولايات المتحدة", canonical="الولايات المتحدة",
                canonical_latin="United States", country_code="US"),
    ]
    consult = event(art, "CONSULT", "وبحث",
                    [participant("actor", kadhimi2), participant("target", pelosi),
                     participant("location", washington2)],
                    event_date=date(2021, 7, 28), date_precision="day", date_source="text",
                    confidence=0.8)
    return art, Extraction(mentions=mentions, events=[consult])


def rockets_batch_item() -> tuple[Article, Extraction]:
    art = article(ROCKETS_TEXT, "001_rockets.jsonl:1")
    baghdad = mention(art, "بغداد", "GPE", canonical="بغداد", canonical_latin="Baghdad", country_code="IQ")
    green_zone = mention(art, "المنطقة الخضراء", "LOC")
    mentions = [
        mention(art, "صاروخي", "QUANTITY", value="2"),
        mention(art, "السفارة الاميركية", "FAC"),
        green_zone,
        baghdad,
        mention(art, "عراقية", "NORP"),
        mention(art, "لإيران", "GPE", normalized="إيران", canonical="إيران", canonical_latin="Iran",
                country_code="IR"),
        mention(art, "الكاظمي", "PER", canonical="مصطفى الكاظمي", canonical_latin="Mustafa Al-Kadhimi"),
        mention(art, "بايدن", "PER", canonical="جو بايدن", canonical_latin="Joe Biden"),
    ]
    assault = event(art, "ASSAULT", "سقطا",
                    [participant("location", green_zone), participant("location", baghdad),
                     Participant(role="instrument", surface="صاروخي كاتيوشا")],
                    status="reported", quantity=2.0, confidence=0.7)
    return art, Extraction(mentions=mentions, events=[assault])


def quarantined_item() -> Quarantined:
    return Quarantined(source_path="seeds/feed.jsonl", reason="broken_json", line_number=3,
                       detail="Expecting ',' delimiter: line 1 column 23", excerpt='{"id": "x17", "text": "قال')


def sample_batch() -> tuple[list[tuple[Article, Extraction]], list[Quarantined]]:
    """Two articles (one dated, one not) with mentions of several labels, 2 events, 1 quarantined item."""
    return [kadhimi_batch_item(), rockets_batch_item()], [quarantined_item()]


def load_lake(lake: Path, items: list[tuple[Article, Extraction]], quarantined: list[Quarantined] = (),
              at: datetime = INGESTED_AT, extractor: str = EXTRACTOR) -> list[Path]:
    """Write one batch of ``items`` into ``lake`` as the pipeline does (ingest date = ``at``'s date)."""
    tables = build_tables(items, list(quarantined), extractor, at)
    return write_batch(lake, tables, at.date(), tables_batch_id(tables))


def dead_pid() -> int:
    """The id of a process that has exited (for stale temp-file tests)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def sample_warehouse(folder: Path) -> Path:
    """A warehouse built from ``sample_batch`` (2 articles, 2 events, 1 quarantined item) in ``folder``."""
    from akhbar.storage.warehouse import build_warehouse

    items, quarantined = sample_batch()
    load_lake(folder / "lake", items, quarantined)
    build_warehouse(folder / "lake", folder / "warehouse.duckdb", SQL_DIR)
    return folder / "warehouse.duckdb"
