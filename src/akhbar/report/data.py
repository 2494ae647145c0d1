"""What the report shows, read from a warehouse: small aggregated tables, ready for the charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb

from akhbar.quality import SuiteResult, validate_warehouse
from akhbar.storage.warehouse import SUMMARY_MARTS, marts_counts


@dataclass(frozen=True, slots=True)
class ReportConfig:
    top_entities: int = 15  # rows of the most-mentioned table
    top_participants: int = 15  # bars per role in the actors / targets chart
    matrix_size: int = 12  # actors × targets in the who-acts-on-whom matrix
    confidence_bins: int = 20  # histogram bins over [0, 1]
    max_daily_days: int = 180  # a longer span is drawn per month instead of per day
    date_margin_days: int = 31  # event dates further than this outside the publication span are left out
    happened: tuple[str, ...] = ("asserted", "reported")  # statuses of events that took place


CONFIG = ReportConfig()


@dataclass
class ReportData:
    totals: dict[str, int]
    geocoded_gpe: tuple[int, int]  # (geocoded, all) GPE entities
    top_entities: list[dict]
    events_per_day: list[dict]
    per_month: bool  # events_per_day rows are months
    dates_left_out: int  # dated events outside the publication span (not drawn)
    participants: list[dict]
    interactions: list[dict]
    places: list[dict]
    quarantine: list[dict]
    mention_confidence: list[dict]
    event_confidence: list[dict]
    quality: list[SuiteResult] = field(default_factory=list)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{n: (v.isoformat() if isinstance(v, date) else v) for n, v in zip(names, row)}
            for row in cursor.fetchall()]


def _happened() -> str:
    return "(" + ", ".join(f"'{s}'" for s in CONFIG.happened) + ")"


def collect(con: duckdb.DuckDBPyConnection, quality: bool | Sequence[SuiteResult] = True) -> ReportData:
    """Query everything the report draws. ``quality``: ``True`` runs the expectation suites on the
    marts, results already at hand (a run's own checks) are shown as they are, ``False`` shows none."""
    counts = marts_counts(con)
    totals = {name: counts.get(name, 0) for name in SUMMARY_MARTS}
    geocoded = con.execute("select count(latitude), count(*) from marts.entities where label = 'GPE'").fetchone()
    top_entities = _rows(con, """
        select canonical_name, canonical_name_latin, label, mention_count, article_count,
               place_name_latin, latitude, longitude
        from marts.entities order by mention_count desc, entity_id limit ?""", [CONFIG.top_entities])

    lo, hi = con.execute("select min(published_date), max(published_date) from marts.articles").fetchone()
    span = (hi - lo).days if lo and hi else 0
    per_month = span > CONFIG.max_daily_days
    bounds = ("", [])
    if lo and hi:
        bounds = ("and event_date between ?::date - ?::integer and ?::date + ?::integer",
                  [lo, CONFIG.date_margin_days, hi, CONFIG.date_margin_days])
    bucket = "date_trunc('month', event_date)::date" if per_month else "event_date"
    events_per_day = _rows(con, f"""
        select {bucket} as day, event_type, sum(event_count)::integer as events
        from marts.daily_event_counts
        where event_date is not null {bounds[0]}
        group by all order by day, event_type""", bounds[1])
    dated = con.execute("select coalesce(sum(event_count), 0) from marts.daily_event_counts "
                        "where event_date is not null").fetchone()[0]
    left_out = int(dated - sum(r["events"] for r in events_per_day))

    participants = _rows(con, f"""
        with counted as (
            select p.role, e.canonical_name as name, count(distinct p.event_id)::integer as events
            from marts.event_participants as p
            inner join marts.events as ev using (event_id)
            inner join marts.entities as e using (entity_id)
            where p.role in ('actor', 'target') and ev.status in {_happened()}
            group by p.role, e.entity_id, e.canonical_name
        )
        select * from counted
        qualify row_number() over (partition by role order by events desc, name) <= ?
        order by role, events desc, name""", [CONFIG.top_participants])

    interactions = _rows(con, """
        with actors as (
            select actor_entity_id from marts.actor_interactions
            group by actor_entity_id order by sum(event_count) desc, actor_entity_id limit ?
        ), targets as (
            select target_entity_id from marts.actor_interactions
            group by target_entity_id order by sum(event_count) desc, target_entity_id limit ?
        )
        select actor_name as actor, target_name as target, sum(event_count)::integer as events,
               string_agg(event_type || ' ' || event_count, ', ' order by event_count desc, event_type) as types
        from marts.actor_interactions
        where actor_entity_id in (select * from actors) and target_entity_id in (select * from targets)
        group by actor_entity_id, actor_name, target_entity_id, target_name
        order by events desc, actor, target""", [CONFIG.matrix_size, CONFIG.matrix_size])

    places = _rows(con, """
        select place, any_value(latitude) as latitude, any_value(longitude) as longitude,
               any_value(place_country_code) as country, sum(event_count)::integer as events,
               string_agg(distinct event_type, ', ' order by event_type) as types
        from marts.daily_event_counts
        where latitude is not null
        group by place_entity_id, place order by events desc, place""")
    quarantine = _rows(con, "select reason, count(*)::integer as items from marts.quarantine "
                            "group by reason order by items desc, reason")
    bins = CONFIG.confidence_bins
    mention_confidence = _rows(con, f"""
        select least(floor(confidence * {bins}), {bins - 1}) / {bins} as bin, label, count(*)::integer as mentions
        from marts.entity_mentions group by all order by bin, label""")
    event_confidence = _rows(con, f"""
        select least(floor(confidence * {bins}), {bins - 1}) / {bins} as bin, event_type,
               count(*)::integer as events
        from marts.events group by all order by bin, event_type""")
    return ReportData(totals, (geocoded[0], geocoded[1]), top_entities, events_per_day, per_month, left_out,
                      participants, interactions, places, quarantine, mention_confidence, event_confidence,
                      validate_warehouse(con) if quality is True else list(quality or []))
