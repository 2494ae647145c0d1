"""The report page: one self-contained, right-to-left ``index.html`` (Vega, Vega-Lite and vega-embed
inlined from vl-convert's bundle, the world map inlined in its chart; no request leaves the page)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from pathlib import Path

import duckdb
import vl_convert

from akhbar.quality import SuiteResult
from akhbar.report.charts import charts
from akhbar.report.data import ReportData, collect

REPORT_DIR = "report"  # a pipeline run writes its report in this folder beside the warehouse
GENERATOR = "akhbar report"  # <meta name="generator">: marks an index.html this module may overwrite
INDEX = "index.html"

# (chart id, Arabic title, English title, what it shows)
SECTIONS = [
    ("events-per-day", "الأحداث حسب اليوم والنوع", "Events over time by type",
     "Events that happened (asserted or reported) per day, or per month over a long span, stacked by "
     "PLOVER type; date: the event's date, else its article's publication date."),
    ("top-participants", "أبرز الفاعلين والمستهدفين", "Top actors and targets",
     "Entities most often actor or target of an event that happened (distinct events)."),
    ("who-acts-on-whom", "من يفعل ماذا بمن", "Who acts on whom",
     "Events between the most active actors (rows) and targets (columns); the tooltip lists the types."),
    ("event-map", "خريطة أماكن الأحداث", "Map of event places",
     "Events placed at their first location participant, geocoded (marts.entities latitude / longitude); "
     "circle area: number of events."),
    ("quality-suites", "نتائج التوقعات لكل مجموعة", "Data quality: expectation results per suite",
     "Great Expectations suites run on the marts of this warehouse while the report was written."),
    ("quarantine-reasons", "أسباب الحجر", "Data quality: quarantine reasons",
     "Input items that were not ingested, by reason (marts.quarantine)."),
    ("mention-confidence", "توزيع ثقة الكيانات", "Data quality: entity mention confidence",
     "Extractor confidence of entity and value mentions, by label."),
    ("event-confidence", "توزيع ثقة الأحداث", "Data quality: event confidence",
     "Extractor confidence of events, by type."),
]

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans Arabic", Tahoma, Arial, sans-serif; margin: 1.5rem auto;
       max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.en { color: #666; font-size: .85em; direction: ltr; unicode-bidi: isolate; }
.note { color: #555; font-size: .9em; }
.numbers { display: flex; flex-wrap: wrap; gap: .8rem; padding: 0; list-style: none; }
.numbers li { background: #f4f6f8; border-radius: 6px; padding: .5rem .9rem; }
.numbers b { display: block; font-size: 1.4em; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd; padding: .25rem .6rem; }
th { background: #f4f6f8; } .chart { direction: ltr; overflow-x: auto; margin: .5rem 0; }
.failed { color: #b00020; }
"""

SCRIPT = """
const specs = JSON.parse(document.getElementById('chart-specs').textContent);
for (const [id, spec] of Object.entries(specs)) {
  const element = document.getElementById(id);
  vegaEmbed(element, spec, {renderer: 'svg', actions: false})
    .then(() => { element.dataset.rendered = 'true'; })
    .catch((error) => { element.dataset.error = String(error); console.error(error); });
}
"""


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (global ``vegaEmbed``), from vl-convert."""
    return vl_convert.javascript_bundle()


def _inline_script(code: str) -> str:
    return code.replace("</script", "<\\/script")


def _numbers(data: ReportData) -> str:
    geocoded, gpe = data.geocoded_gpe
    items = [("مقالات", "articles", data.totals["articles"]),
             ("إشارات إلى كيانات", "entity mentions", data.totals["entity_mentions"]),
             ("كيانات", "entities", data.totals["entities"]),
             ("أحداث", "events", data.totals["events"]),
             ("محجوزة", "quarantined", data.totals["quarantine"]),
             ("كيانات جغرافية محددة الموقع", "GPE entities geocoded",
              f"{geocoded}/{gpe}" + (f" ({100 * geocoded / gpe:.0f}%)" if gpe else ""))]
    return "<ul class='numbers'>" + "".join(
        f"<li><b>{value}</b>{ar} <span class='en'>{en}</span></li>" for ar, en, value in items) + "</ul>"


def _top_entities(data: ReportData) -> str:
    head = ("<tr><th>الكيان <span class='en'>entity</span></th><th>Latin</th><th>label</th>"
            "<th>mentions</th><th>articles</th><th>place</th></tr>")
    rows = "".join(
        f"<tr><td>{escape(e['canonical_name'])}</td><td class='en'>{escape(e['canonical_name_latin'] or '')}</td>"
        f"<td>{e['label']}</td><td>{e['mention_count']}</td><td>{e['article_count']}</td>"
        f"<td class='en'>{escape(e['place_name_latin'] or '')}"
        + (f" ({e['latitude']:.2f}, {e['longitude']:.2f})" if e["latitude"] is not None else "")
        + "</td></tr>" for e in data.top_entities)
    names = "، ".join(escape(e["canonical_name"]) for e in data.top_entities[:3])
    return (f"<p>الكيانات الأكثر ذكرا: <strong>{names}</strong></p>"
            f"<table id='top-entities'>{head}{rows}</table>")


def _quality_table(data: ReportData) -> str:
    if not data.quality:
        return "<p class='note'>Expectation suites were not run for this report.</p>"
    rows = "".join(
        f"<tr><td>{escape(r.dataset)}</td><td>{r.rows}</td><td>{r.evaluated}</td>"
        f"<td class='{'failed' if r.failed else ''}'>{r.failed}</td>"
        f"<td class='en'>{'<br>'.join(escape(f.summary()) for f in r.failures)}</td></tr>" for r in data.quality)
    return ("<table id='quality-table'><tr><th>suite</th><th>rows</th><th>expectations</th><th>failed</th>"
            f"<th>failures</th></tr>{rows}</table>")


def render(data: ReportData, warehouse: str, now: datetime | None = None) -> str:
    """The whole page as a string."""
    specs = charts(data)
    parts = []
    for chart_id, title_ar, title_en, about in SECTIONS:
        note, after = about, ""
        if chart_id == "events-per-day" and data.dates_left_out:
            note += (f" {data.dates_left_out} dated events fall more than a month outside the articles' "
                     "publication span and are not drawn.")
        if chart_id == "quality-suites":
            after = _quality_table(data)
        if chart_id == "quarantine-reasons" and not data.quarantine:
            note += " Nothing was quarantined."
        parts.append(f"<section><h2>{title_ar} <span class='en'>{title_en}</span></h2>"
                     f"<p class='note en'>{escape(note)}</p><div class='chart' id='{chart_id}'></div>{after}"
                     "</section>")
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    specs_json = json.dumps(specs, ensure_ascii=False, separators=(",", ":"))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="generator" content="{GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>تقرير أخبار — Akhbar report</title>
<style>{STYLE}</style>
<script>{_inline_script(vega_bundle())}</script>
</head>
<body>
<h1>تقرير أخبار <span class="en">Akhbar report</span></h1>
<p class="note"><span class="en">{escape(warehouse)} — {stamp}</span></p>
{_numbers(data)}
<section><h2>الكيانات الأكثر ذكرا <span class="en">Most mentioned entities</span></h2>{_top_entities(data)}</section>
{''.join(parts)}
<script type="application/json" id="chart-specs">{_inline_script(specs_json)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def report_dir(warehouse: Path) -> Path:
    """Where a pipeline run writes the report of ``warehouse``."""
    return Path(warehouse).parent / REPORT_DIR


class ReportPathError(ValueError):
    """The output folder holds an index.html that this module did not write."""


def write_report(warehouse: Path, out: Path, quality: bool | Sequence[SuiteResult] = True) -> Path:
    """Write ``out/index.html`` for ``warehouse`` atomically; return its path (``quality``: see
    :func:`akhbar.report.data.collect`).

    An existing ``index.html`` without this module's generator mark is left alone (ReportPathError).
    """
    if not Path(warehouse).is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}")
    index = out / INDEX
    if index.exists() and f'<meta name="generator" content="{GENERATOR}">' not in index.read_text(
            encoding="utf-8", errors="replace")[:2000]:
        raise ReportPathError(f"{index} exists and was not written by akhbar report; choose another --out")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = collect(con, quality=quality)
    html = render(data, str(warehouse))
    out.mkdir(parents=True, exist_ok=True)
    temporary = out / f".{INDEX}.{os.getpid()}.tmp"
    try:
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, index)
    finally:
        temporary.unlink(missing_ok=True)
    return index
