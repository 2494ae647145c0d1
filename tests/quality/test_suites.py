"""The suite files: complete, consistent with akhbar.model, loadable by GX."""

from __future__ import annotations

import json

import pytest

from akhbar import model
from akhbar.quality import SUITES, load_suites
from akhbar.settings import get_settings

FOLDER = get_settings().expectations_dir


def _value_sets(dataset: str, column: str) -> list[list[str]]:
    suite = json.loads((FOLDER / f"{dataset}.json").read_text(encoding="utf-8"))
    return [e["kwargs"]["value_set"] for e in suite["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == column]


def test_every_dataset_has_a_suite_and_a_query() -> None:
    assert sorted(p.stem for p in FOLDER.glob("*.json")) == sorted(SUITES)
    assert sorted(p.stem for p in FOLDER.glob("*.sql")) == sorted(SUITES)


@pytest.mark.parametrize(("dataset", "column", "values"), [
    ("entity_mentions", "label", model.LABELS),
    ("entities", "label", model.ENTITY_LABELS),
    ("events", "event_type", model.EVENT_TYPES),
    ("actor_interactions", "event_type", model.EVENT_TYPES),
    ("daily_event_counts", "event_type", model.EVENT_TYPES),
    ("events", "status", model.STATUSES),
    ("event_mentions", "status", model.STATUSES),
    ("event_clusters", "event_type", model.EVENT_TYPES),
    ("events", "date_precision", model.DATE_PRECISIONS),
    ("events", "date_source", model.DATE_SOURCES),
    ("event_participants", "role", model.ROLES),
])
def test_value_sets_match_the_model(dataset: str, column: str, values: tuple[str, ...]) -> None:
    assert _value_sets(dataset, column) == [list(values)]


def test_value_label_conditions_match_the_model() -> None:
    suite = json.loads((FOLDER / "entity_mentions.json").read_text(encoding="utf-8"))
    conditions = [e["kwargs"]["row_condition"] for e in suite["expectations"] if "row_condition" in e["kwargs"]]
    assert len(conditions) == 1
    assert all(c["column"]["name"] == "label" and c["parameter"] == list(model.VALUE_LABELS) for c in conditions)


def test_queries_use_unqualified_tables() -> None:
    suites = {s.dataset: s for s in load_suites()}
    assert suites["entity_mentions"].tables == {"entity_mentions", "articles"}
    assert suites["entities"].tables == {"entities", "entity_mentions"}
    assert all("marts." not in s.sql for s in suites.values())
    assert all(s.config["meta"]["row_id_columns"] for s in suites.values())
