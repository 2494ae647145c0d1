"""Turn extraction results into one Arrow table per lake dataset, with deterministic ids.

Every id is the first 16 hex characters of a SHA-1 over its key parts, so the same input
always yields the same rows and reruns deduplicate naturally in the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from akhbar.ingest.identity import quarantine_id, stable_id
from akhbar.model import ENTITY_LABELS, Article, Event, EventMention, Extraction, Mention, Quarantined
from akhbar.schemas import DATASETS
from akhbar.text.arabic import fold


def mention_id(article_id: str, mention: Mention) -> str:
    return stable_id(article_id, mention.field, mention.start, mention.end, mention.label)


def entity_id(mention: Mention) -> str | None:
    """Entity key (label + folded canonical name); ``None`` for DATE/TIME/QUANTITY."""
    if mention.label not in ENTITY_LABELS:
        return None
    return stable_id(mention.label, fold(mention.canonical or mention.normalized))


def event_id(article_id: str, event: Event) -> str:
    return stable_id(article_id, event.event_type, event.trigger_start, event.trigger_end)


def event_mention_id(event_id_: str, mention: EventMention) -> str:
    """Key of one telling of an event: the event and the trigger span (one event per span)."""
    return stable_id(event_id_, mention.trigger_start, mention.trigger_end)


def batch_id(article_ids: Iterable[str], quarantine_ids: Iterable[str], extractor: str) -> str:
    """Id of a batch: same articles, same quarantined items and same extractor → same id."""
    return stable_id(",".join(sorted(set(article_ids))), ",".join(sorted(set(quarantine_ids))), extractor)


def _utc(moment: datetime) -> datetime:
    """Aware UTC datetime (a naive one is taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _mention_row(article_id: str, m: Mention, extractor: str) -> dict[str, Any]:
    return {
        "mention_id": mention_id(article_id, m), "article_id": article_id, "field": m.field,
        "sentence_index": m.sentence_index, "start_char": m.start, "end_char": m.end,
        "surface": m.surface, "normalized": m.normalized, "label": m.label, "value": m.value,
        "entity_id": entity_id(m), "canonical_name": m.canonical,
        "canonical_name_latin": m.canonical_latin, "country_code": m.country_code,
        "confidence": m.confidence, "extractor": extractor,
    }


def _event_rows(article_id: str, e: Event, extractor: str
                ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    eid = event_id(article_id, e)
    event = {
        "event_id": eid, "article_id": article_id, "sentence_index": e.sentence_index,
        "event_type": e.event_type, "mode": e.mode, "trigger": e.trigger,
        "trigger_start": e.trigger_start, "trigger_end": e.trigger_end, "status": e.status,
        "event_date": e.event_date, "date_precision": e.date_precision,
        "date_source": e.date_source, "quantity": e.quantity,
        "quantity_approximate": e.quantity_approximate, "confidence": e.confidence,
        "evidence": e.evidence, "extractor": extractor,
    }
    participants = []
    for p in e.participants:
        m = p.mention
        participants.append({
            "event_id": eid, "article_id": article_id, "role": p.role, "surface": p.surface,
            "start_char": p.start if p.start is not None or m is None else m.start,
            "end_char": p.end if p.end is not None or m is None else m.end,
            "entity_id": entity_id(m) if m else None,
            "mention_id": mention_id(article_id, m) if m else None,
        })
    mentions = [{
        "event_mention_id": event_mention_id(eid, m), "event_id": eid, "article_id": article_id,
        "mention_rank": rank, "sentence_index": m.sentence_index, "trigger": m.trigger,
        "trigger_start": m.trigger_start, "trigger_end": m.trigger_end, "status": m.status,
        "evidence": m.evidence, "extractor": extractor,
    } for rank, m in enumerate(e.tellings())]
    return event, participants, mentions


def build_tables(items: list[tuple[Article, Extraction]], quarantined: list[Quarantined],
                 extractor: str, ingested_at: datetime) -> dict[str, pa.Table]:
    """One table per dataset of :data:`akhbar.schemas.DATASETS`, each with exactly its schema."""
    at = _utc(ingested_at)
    q_ids = [quarantine_id(q) for q in quarantined]
    batch = batch_id((a.article_id for a, _ in items), q_ids, extractor)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
    for article, extraction in items:
        aid = article.article_id
        rows["articles"].append({
            "article_id": aid, "external_id": article.external_id, "source_path": article.source_path,
            "source": article.source, "url": article.url, "title": article.title,
            "published_at": _utc(article.published_at) if article.published_at else None,
            "published_date": article.published_date, "dateline_source": article.dateline_source,
            "dateline_place": article.dateline_place, "encoding": article.encoding,
            "text": article.text, "char_count": len(article.text),
            "sentence_count": len(article.sentences), "extractor": extractor,
            "batch_id": batch, "ingested_at": at,
        })
        rows["sentences"].extend(
            {"article_id": aid, "sentence_index": s.index, "start_char": s.start, "end_char": s.end}
            for s in article.sentences)
        rows["entity_mentions"].extend(_mention_row(aid, m, extractor) for m in extraction.mentions)
        for e in extraction.events:
            event, participants, mentions = _event_rows(aid, e, extractor)
            rows["events"].append(event)
            rows["event_participants"].extend(participants)
            rows["event_mentions"].extend(mentions)
    rows["quarantine"] = [{
        "quarantine_id": qid, "source_path": q.source_path, "external_id": q.external_id,
        "line_number": q.line_number, "reason": q.reason, "detail": q.detail, "excerpt": q.excerpt,
        "batch_id": batch, "ingested_at": at,
    } for qid, q in zip(q_ids, quarantined)]
    return {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in DATASETS.items()}


def tables_batch_id(tables: dict[str, pa.Table]) -> str | None:
    """The batch id stamped on built tables (``None`` when the batch is empty)."""
    for name in ("articles", "quarantine"):
        if tables[name].num_rows:
            return tables[name].column("batch_id")[0].as_py()
    return None
