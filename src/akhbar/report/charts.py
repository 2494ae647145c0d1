"""Vega-Lite specs of the report's charts, with their data inline (nothing is fetched)."""

from __future__ import annotations

from akhbar.geo.shapes import COUNTRIES_OBJECT, world_topology
from akhbar.report.data import CONFIG, ReportData

FONT = "DejaVu Sans, Noto Sans Arabic, Tahoma, Arial, sans-serif"  # faces with Arabic glyphs
WIDTH = 760
BASE = {"config": {"font": FONT, "axis": {"labelLimit": 260}, "legend": {"labelLimit": 200}}}


def _spec(values: list[dict], **body: object) -> dict:
    return {**BASE, "data": {"values": values}, "width": WIDTH, **body}


def events_per_day(data: ReportData) -> dict:
    unit = "yearmonth" if data.per_month else "yearmonthdate"
    return _spec(data.events_per_day, height=260, mark={"type": "bar", "tooltip": True}, encoding={
        "x": {"field": "day", "type": "temporal", "timeUnit": unit,
              "title": "month" if data.per_month else "day"},
        "y": {"field": "events", "type": "quantitative", "aggregate": "sum", "title": "events"},
        "color": {"field": "event_type", "type": "nominal", "title": "type",
                  "scale": {"scheme": "tableau20"}},
    })


def top_participants(data: ReportData) -> dict:
    def bars(role: str, colour: str) -> dict:
        return {"transform": [{"filter": {"field": "role", "equal": role}}], "title": role + "s",
                "width": WIDTH // 2 - 120, "height": {"step": 18},
                "mark": {"type": "bar", "color": colour, "tooltip": True},
                "encoding": {"y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
                             "x": {"field": "events", "type": "quantitative", "title": "events"}}}

    return {**BASE, "data": {"values": data.participants},
            "hconcat": [bars("actor", "#4c78a8"), bars("target", "#e45756")]}


def interaction_matrix(data: ReportData) -> dict:
    return _spec(data.interactions, width=WIDTH - 220, height={"step": 22}, mark={"type": "rect", "tooltip": True},
                 encoding={
                     "x": {"field": "target", "type": "nominal", "title": "target",
                           "axis": {"labelAngle": -40}},
                     "y": {"field": "actor", "type": "nominal", "title": "actor"},
                     "color": {"field": "events", "type": "quantitative", "scale": {"scheme": "orangered"}},
                     "tooltip": [{"field": "actor"}, {"field": "target"},
                                 {"field": "events", "type": "quantitative"}, {"field": "types"}],
                 })


def event_map(data: ReportData) -> dict:
    countries = {"values": world_topology(), "format": {"type": "topojson", "feature": COUNTRIES_OBJECT}}
    return {**BASE, "width": WIDTH, "height": 420, "projection": {"type": "equalEarth"}, "layer": [
        {"data": countries, "mark": {"type": "geoshape", "fill": "#e8e8e8", "stroke": "#ffffff"}},
        {"data": {"values": data.places}, "mark": {"type": "circle", "opacity": 0.7, "color": "#d62728"},
         "encoding": {"longitude": {"field": "longitude", "type": "quantitative"},
                      "latitude": {"field": "latitude", "type": "quantitative"},
                      "size": {"field": "events", "type": "quantitative", "scale": {"range": [30, 900]},
                               "title": "events"},
                      "tooltip": [{"field": "place"}, {"field": "country"},
                                  {"field": "events", "type": "quantitative"}, {"field": "types"}]}},
    ]}


def quality_suites(data: ReportData) -> dict:
    values = [{"suite": r.dataset, "outcome": outcome, "expectations": count}
              for r in data.quality
              for outcome, count in (("passed", r.evaluated - r.failed), ("failed", r.failed))]
    return _spec(values, width=WIDTH - 200, height={"step": 20}, mark={"type": "bar", "tooltip": True},
                 encoding={"y": {"field": "suite", "type": "nominal", "title": None},
                           "x": {"field": "expectations", "type": "quantitative", "aggregate": "sum"},
                           "color": {"field": "outcome", "type": "nominal",
                                     "scale": {"domain": ["passed", "failed"], "range": ["#54a24b", "#e45756"]}}})


def quarantine_reasons(data: ReportData) -> dict:
    return _spec(data.quarantine, width=WIDTH - 200, height={"step": 22}, mark={"type": "bar", "tooltip": True},
                 encoding={"y": {"field": "reason", "type": "nominal", "sort": "-x", "title": None},
                           "x": {"field": "items", "type": "quantitative", "title": "quarantined items",
                                 "scale": {"domain": [0, max([r["items"] for r in data.quarantine], default=1)]}}})


def confidence(values: list[dict], group: str, count: str) -> dict:
    step = 1 / CONFIG.confidence_bins
    return _spec(values, height=220, mark={"type": "bar", "tooltip": True}, encoding={
        "x": {"field": "bin", "type": "quantitative", "bin": {"binned": True, "step": step},
              "scale": {"domain": [0, 1]}, "title": "confidence"},
        "x2": {"field": "bin_end"},
        "y": {"field": count, "type": "quantitative", "aggregate": "sum", "title": count},
        "color": {"field": group, "type": "nominal", "scale": {"scheme": "tableau20"}},
    }, transform=[{"calculate": f"datum.bin + {step}", "as": "bin_end"}])


def charts(data: ReportData) -> dict[str, dict]:
    """Chart id → Vega-Lite spec, in page order."""
    return {
        "events-per-day": events_per_day(data),
        "top-participants": top_participants(data),
        "who-acts-on-whom": interaction_matrix(data),
        "event-map": event_map(data),
        "quality-suites": quality_suites(data),
        "quarantine-reasons": quarantine_reasons(data),
        "mention-confidence": confidence(data.mention_confidence, "label", "mentions"),
        "event-confidence": confidence(data.event_confidence, "event_type", "events"),
    }
