"""Score the extractor on annotated articles, one split part at a time, without Prefect.

The articles go through the pipeline's own code (readers → extractor → lake tables → SQL
models) into a scratch warehouse, which the project's outside scorer (``score.py articles``)
then reads, exactly as it reads a warehouse made by ``akhbar run``. Only the articles of the
requested part of :mod:`akhbar.splits` are extracted and scored; where the gold events carry
roles, the actors and targets of the matched ones too (:func:`role_scores`).
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from akhbar.extract.base import Extractor, extractor_tag
from akhbar.ingest.readers import read_articles
from akhbar.model import Article
from akhbar.ner.conll import Score
from akhbar.settings import PROJECT_ROOT, get_settings
from akhbar.splits import in_role, match_events, select_articles
from akhbar.storage.lake import write_batch
from akhbar.storage.records import build_tables, tables_batch_id
from akhbar.storage.warehouse import build_warehouse

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
PROGRESS_EVERY = 100  # articles extracted between two progress lines (the tagger batches within them)


def _silent(message: str) -> None:
    """No progress told."""


def load_scorer(path: Path = SHARED_EVAL / "score.py") -> ModuleType:
    """The outside scorer as a module (it is a script, not a package)."""
    if not path.exists():
        raise FileNotFoundError(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("akhbar_outside_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def part_gold(gold: dict[str, Any], part: str) -> dict[str, Any]:
    """``gold`` (the GUIDE.md format) reduced to the articles of ``part``."""
    keep = set(select_articles([a["external_id"] for a in gold["articles"]], part))
    return {**gold, "articles": [a for a in gold["articles"] if a["external_id"] in keep]}


def part_articles(sources: list[Path], ids: set[str]) -> list[Article]:
    """The articles of ``sources`` whose external id is in ``ids``."""
    return [a for a in read_articles(sources, ids=ids) if isinstance(a, Article)]


def build_scratch_warehouse(articles: list[Article], extractor: Extractor, folder: Path,
                            say: Callable[[str], None] = _silent) -> Path:
    """Extract ``articles`` and build a warehouse from them in ``folder``; return its path.
    ``say`` is told the progress: every :data:`PROGRESS_EVERY` articles extracted, then the warehouse."""
    started = time.perf_counter()
    extractions = []
    for first in range(0, len(articles), PROGRESS_EVERY):
        extractions += extractor.extract_all(articles[first:first + PROGRESS_EVERY])
        say(f"extracted {len(extractions)} of {len(articles)} articles ({time.perf_counter() - started:.0f} s)")
    tables = build_tables(list(zip(articles, extractions)), [], extractor_tag(extractor), datetime.now(UTC))
    lake = folder / "lake"
    write_batch(lake, tables, datetime.now(UTC).date(), tables_batch_id(tables))
    warehouse = folder / "warehouse.duckdb"
    build_warehouse(lake, warehouse, get_settings().sql_dir)
    say(f"warehouse built ({time.perf_counter() - started:.0f} s)")
    return warehouse


def evaluate_articles(gold_path: Path, sources: list[Path], part: str, extractor: Extractor,
                      scorer: ModuleType | None = None, keep: Path | None = None,
                      say: Callable[[str], None] = _silent) -> dict[str, Any]:
    """``score.py articles`` figures of ``extractor`` on the ``part`` of ``gold_path``.

    ``keep``: a folder to leave the part's gold file and warehouse in (for reading errors —
    on the tune part only); by default they go to a temporary folder that is removed. ``say`` is
    told the progress (the sources read, articles extracted, the warehouse built).
    """
    scorer = scorer or load_scorer()
    gold = part_gold(json.loads(gold_path.read_text(encoding="utf-8")), part)
    ids = {a["external_id"] for a in gold["articles"]}
    started = time.perf_counter()
    articles = part_articles(sources, ids)
    missing = ids - {a.external_id for a in articles}
    if missing:
        raise ValueError(f"{len(missing)} gold articles are not in the sources: {sorted(missing)[:5]}")
    say(f"{len(articles)} articles read from the sources ({part} part, {time.perf_counter() - started:.0f} s)")
    with tempfile.TemporaryDirectory(prefix="akhbar-eval-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        gold_file = folder / f"gold-{part}.json"
        gold_file.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        warehouse = build_scratch_warehouse(articles, extractor, folder, say)
        result = scorer.score_articles(str(gold_file), str(warehouse))
        result["roles"] = role_scores(gold, warehouse, scorer)
    result["part"] = part
    result["articles"] = len(articles)
    return result


def role_scores(gold: dict[str, Any], warehouse: Path, scorer: ModuleType) -> dict[str, Any] | None:
    """Actor and target F1 over the required gold events that carry roles (``roles``: one per
    participant, the role annotation) and that the scorer's matching finds (same type, a shared
    participant; greedy, in its order), surfaces compared with its overlap; and in how many of them
    every actor and target is right. None when no gold event has roles."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = dict(con.execute("select external_id, article_id from marts.articles").fetchall())
        parts: dict[str, list[tuple[str, str]]] = {}
        for event_id, role, surface in con.execute(
                "select event_id, role, surface from marts.event_participants").fetchall():
            parts.setdefault(event_id, []).append((role, surface))
        events: dict[str, list[dict[str, Any]]] = {}
        for event_id, article_id, event_type in con.execute(
                "select event_id, article_id, event_type from marts.events").fetchall():  # the scorer's order
            events.setdefault(article_id, []).append({"type": event_type, "parts": parts.get(event_id, [])})
    counts = {"actor": Counter(), "target": Counter()}
    matched = both = 0
    for art in gold["articles"]:
        preds = events.get(ids.get(art["external_id"]), [])
        pairs = match_events(art.get("events", []), [(p["type"], [s for _, s in p["parts"]]) for p in preds],
                             scorer.overlaps)
        for ge, pe in pairs:
            if ge.get("optional") or "roles" not in ge:
                continue
            matched += 1
            right = True
            for role, total in counts.items():
                wanted = [("", p) for p in in_role(ge, role)]
                found = [("", s) for r, s in preds[pe]["parts"] if r == role]
                tp, fp, fn = scorer.match_bags(wanted, found, scorer.overlaps)
                total.update(tp=tp, fp=fp, fn=fn)
                right = right and not fp and not fn
            both += right
    if not matched:
        return None
    return {**{role: Score(c["tp"], c["fp"], c["fn"]).summary() for role, c in counts.items()},
            "matched": matched, "both_right": both}
