"""One explicit pyarrow schema per lake dataset, shared by writers, loaders and tests."""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("external_id", pa.string(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("title", pa.string()),
    pa.field("published_at", TS),
    pa.field("published_date", pa.date32()),
    pa.field("dateline_source", pa.string()),
    pa.field("dateline_place", pa.string()),
    pa.field("encoding", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("char_count", pa.int32(), nullable=False),
    pa.field("sentence_count", pa.int32(), nullable=False),
    pa.field("extractor", pa.string(), nullable=False),
    pa.field("batch_id", pa.string(), nullable=False),
    pa.field("ingested_at", TS, nullable=False),
])

SENTENCES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("sentence_index", pa.int32(), nullable=False),
    pa.field("start_char", pa.int32(), nullable=False),
    pa.field("end_char", pa.int32(), nullable=False),
])

ENTITY_MENTIONS = pa.schema([
    pa.field("mention_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("field", pa.string(), nullable=False),
    pa.field("sentence_index", pa.int32(), nullable=False),
    pa.field("start_char", pa.int32(), nullable=False),
    pa.field("end_char", pa.int32(), nullable=False),
    pa.field("surface", pa.string(), nullable=False),
    pa.field("normalized", pa.string(), nullable=False),
    pa.field("label", pa.string(), nullable=False),
    pa.field("value", pa.string()),
    pa.field("entity_id", pa.string()),
    pa.field("canonical_name", pa.string()),
    pa.field("canonical_name_latin", pa.string()),
    pa.field("country_code", pa.string()),
    pa.field("confidence", pa.float64(), nullable=False),
    pa.field("extractor", pa.string(), nullable=False),
])

EVENTS = pa.schema([
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("sentence_index", pa.int32(), nullable=False),
    pa.field("event_type", pa.string(), nullable=False),
    pa.field("mode", pa.string()),
    pa.field("trigger", pa.string(), nullable=False),
    pa.field("trigger_start", pa.int32(), nullable=False),
    pa.field("trigger_end", pa.int32(), nullable=False),
    pa.field("status", pa.string(), nullable=False),
    pa.field("event_date", pa.date32()),
    pa.field("date_precision", pa.string(), nullable=False),
    pa.field("date_source", pa.string(), nullable=False),
    pa.field("quantity", pa.float64()),
    pa.field("quantity_approximate", pa.bool_(), nullable=False),
    pa.field("confidence", pa.float64(), nullable=False),
    pa.field("evidence", pa.string(), nullable=False),
    pa.field("extractor", pa.string(), nullable=False),
])

EVENT_PARTICIPANTS = pa.schema([
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("role", pa.string(), nullable=False),
    pa.field("surface", pa.string(), nullable=False),
    pa.field("start_char", pa.int32()),
    pa.field("end_char", pa.int32()),
    pa.field("entity_id", pa.string()),
    pa.field("mention_id", pa.string()),
])

# Every telling of an event in its article (its own trigger is mention_rank 0).
EVENT_MENTIONS = pa.schema([
    pa.field("event_mention_id", pa.string(), nullable=False),
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("mention_rank", pa.int32(), nullable=False),
    pa.field("sentence_index", pa.int32(), nullable=False),
    pa.field("trigger", pa.string(), nullable=False),
    pa.field("trigger_start", pa.int32(), nullable=False),
    pa.field("trigger_end", pa.int32(), nullable=False),
    pa.field("status", pa.string(), nullable=False),
    pa.field("evidence", pa.string(), nullable=False),
    pa.field("extractor", pa.string(), nullable=False),
])

QUARANTINE = pa.schema([
    pa.field("quarantine_id", pa.string(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("external_id", pa.string()),
    pa.field("line_number", pa.int32()),
    pa.field("reason", pa.string(), nullable=False),
    pa.field("detail", pa.string()),
    pa.field("excerpt", pa.string()),
    pa.field("batch_id", pa.string(), nullable=False),
    pa.field("ingested_at", TS, nullable=False),
])

# Web pages and feeds as fetched (lake folder ``pages/``, written by the web reader, not per batch):
# the raw body of every fetched page (compressed by Parquet) so a new extractor re-reads it without
# downloading it again, the answer of a URL that failed for good (``outcome``: its quarantine reason),
# and a feed's ETag / Last-Modified for the next conditional GET. Key: page_id.
PAGES = pa.schema([
    pa.field("page_id", pa.string(), nullable=False),
    pa.field("url", pa.string(), nullable=False),  # as asked (feed item link or source URL)
    pa.field("final_url", pa.string()),  # after redirects
    pa.field("guid", pa.string()),  # the feed item's id, when it has one
    pa.field("kind", pa.string(), nullable=False),  # 'feed' or 'page'
    pa.field("status", pa.int32()),
    pa.field("content_type", pa.string()),
    pa.field("etag", pa.string()),
    pa.field("last_modified", pa.string()),
    pa.field("outcome", pa.string()),  # NULL: fetched; else the quarantine reason (http_error, not_html...)
    pa.field("detail", pa.string()),
    pa.field("fetched_at", TS, nullable=False),
    pa.field("body", pa.binary()),
])

DATASETS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "entity_mentions": ENTITY_MENTIONS,
    "events": EVENTS,
    "event_participants": EVENT_PARTICIPANTS,
    "event_mentions": EVENT_MENTIONS,
    "quarantine": QUARANTINE,
}

# Not a lake dataset: computed from raw.entity_mentions at each warehouse build (akhbar.storage.places).
ENTITY_PLACES = pa.schema([
    pa.field("entity_id", pa.string(), nullable=False),
    pa.field("latitude", pa.float64(), nullable=False),
    pa.field("longitude", pa.float64(), nullable=False),
    pa.field("geonames_id", pa.int64()),
    pa.field("place_name_latin", pa.string(), nullable=False),
    pa.field("place_kind", pa.string(), nullable=False),
    pa.field("place_country_code", pa.string()),
    pa.field("geocode_rule", pa.string(), nullable=False),
])
