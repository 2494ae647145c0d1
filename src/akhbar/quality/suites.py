"""Expectation suites and their companion DuckDB queries (``expectations/<dataset>.json|.sql``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from akhbar.settings import get_settings

# Validation order: batch datasets first, then the warehouse-only marts.
SUITES = ("articles", "entity_mentions", "events", "event_participants", "event_mentions", "quarantine",
          "entities", "actor_interactions", "daily_event_counts", "event_clusters")


@dataclass(frozen=True)
class Suite:
    """One dataset's GX suite config and the query that produces the rows it checks."""

    dataset: str
    config: dict[str, Any]
    sql: str
    tables: frozenset[str]

    @property
    def row_id_columns(self) -> list[str]:
        """Columns that identify an offending row in failure reports."""
        return list(self.config["meta"]["row_id_columns"])


def load_suite(dataset: str, folder: Path) -> Suite:
    """Read ``<dataset>.json`` and ``<dataset>.sql`` from ``folder``."""
    config = json.loads((folder / f"{dataset}.json").read_text(encoding="utf-8"))
    if config["name"] != dataset:
        raise ValueError(f"{dataset}.json names suite {config['name']!r}")
    sql = (folder / f"{dataset}.sql").read_text(encoding="utf-8")
    return Suite(dataset, config, sql, frozenset(duckdb.get_table_names(sql, qualified=False)))


@cache
def load_suites(folder: Path | None = None) -> tuple[Suite, ...]:
    """All suites, in :data:`SUITES` order (default folder: ``settings.expectations_dir``)."""
    folder = folder or get_settings().expectations_dir
    return tuple(load_suite(dataset, folder) for dataset in SUITES)
