"""Run the suites with Great Expectations 1.x on batch tables or on the warehouse marts.

One ephemeral GX context per process holds a pandas datasource with one dataframe asset,
suite and validation definition per dataset. Each suite's DuckDB query derives the check
columns; GX validates the resulting frame.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa

from akhbar.quality.results import SAMPLE_SIZE, Failure, SuiteResult
from akhbar.quality.suites import Suite, load_suites

if TYPE_CHECKING:
    import great_expectations as gx
    import pandas as pd
    from great_expectations.core import ExpectationSuiteValidationResult

SITE_NAME = "akhbar"


class _Validator:
    """The process-wide GX context and one validation definition per suite."""

    def __init__(self, suites: tuple[Suite, ...]) -> None:
        # imported here, with the first validation: extraction workers import the flow's modules
        # (Prefect sends the flow with each task) and never validate; GX and pandas are some 170 MB
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.lock = threading.Lock()
        self.context = gx.get_context(mode="ephemeral")
        self.context.enable_analytics(False)  # the one analytics switch: no network here
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = self.context.data_sources.add_pandas("akhbar")
        self.definitions: dict[str, gx.ValidationDefinition] = {}
        for suite in suites:
            gx_suite = gx.ExpectationSuite(**suite.config)
            if len(gx_suite.expectations) != len(suite.config["expectations"]):
                raise ValueError(f"suite {suite.dataset}: an expectation is invalid (see GX log)")
            batch = source.add_dataframe_asset(suite.dataset).add_batch_definition_whole_dataframe("all")
            self.definitions[suite.dataset] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.dataset, data=batch, suite=self.context.suites.add(gx_suite)))

    def run(self, suite: Suite, frame: pd.DataFrame) -> ExpectationSuiteValidationResult:
        """A pass/fail run (40 % cheaper), then, only when something failed, a run that samples
        the failing values. Row ids are looked up from GX's partial index list: GX's own
        unexpected_index_column_names builds a dict for every unexpected row, which is slow when
        most of 500k rows fail."""
        # a datetime string: GX turns a bare date string into a date, which a datetime64 column rejects
        tomorrow = datetime.combine(date.today() + timedelta(days=1), time()).isoformat()
        with self.lock:
            for result_format in ({"result_format": "BOOLEAN_ONLY"},
                                  {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}):
                result = self.definitions[suite.dataset].run(
                    batch_parameters={"dataframe": frame}, expectation_parameters={"max_date": tomorrow},
                    result_format=result_format)
                if result.success:
                    break
            return result

    def build_docs(self, folder: Path) -> Path:
        site = {"class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                  "base_directory": str(folder.resolve())}}
        with self.lock:
            if SITE_NAME in (self.context.config.data_docs_sites or {}):
                self.context.update_data_docs_site(SITE_NAME, site)
            else:
                self.context.add_data_docs_site(SITE_NAME, site)
            self.context.build_data_docs(site_names=[SITE_NAME])
        return folder / "index.html"


@cache
def _validator() -> _Validator:
    return _Validator(load_suites())


def validate_batch(tables: dict[str, pa.Table]) -> list[SuiteResult]:
    """Run every suite whose query needs only tables present in ``tables`` (dataset name → table)."""
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.register(name, table)
        return [_validate(suite, con) for suite in load_suites() if suite.tables <= tables.keys()]
    finally:
        con.close()


def validate_warehouse(con: duckdb.DuckDBPyConnection, articles: Sequence[str] | None = None,
                       batches: Sequence[str] | None = None) -> list[SuiteResult]:
    """Run every suite on the ``marts`` schema (the caller's connection settings are untouched).

    With ``articles`` (and the ``batches`` that brought them), the suites see only the rows those
    touch (:data:`CHANGED_VIEWS`, closed over event clusters so every lookup finds its row), and the
    cheap global checks (:data:`GLOBAL_CHECKS`) run on the whole marts.
    """
    cursor = con.cursor()
    try:
        if articles is None:
            cursor.execute("SET search_path = 'marts'")
            return [_validate(suite, cursor) for suite in load_suites()]
        _create_changed_views(cursor, articles, batches or ())
        try:
            cursor.execute(f"SET search_path = '{CHANGED_SCHEMA}'")
            return [_validate(suite, cursor) for suite in load_suites()] + [global_checks(cursor)]
        finally:
            cursor.execute(f"drop schema {CHANGED_SCHEMA} cascade")
    finally:
        cursor.close()


CHANGED_SCHEMA = "changed"
# marts rows a change touches, given the tables changed._articles (closed over clusters) and changed._batches;
# a marts table not named here is seen whole
CHANGED_VIEWS = {
    "articles": "select * from marts.articles where article_id in (select article_id from changed._articles)",
    "entity_mentions": "select * from marts.entity_mentions where article_id in "
                       "(select article_id from changed._articles)",
    "events": "select * from marts.events where article_id in (select article_id from changed._articles)",
    "event_mentions": "select * from marts.event_mentions where article_id in "
                      "(select article_id from changed._articles)",
    "event_participants": "select * from marts.event_participants where article_id in "
                          "(select article_id from changed._articles)",
    "event_clusters": "select * from marts.event_clusters where article_id in "
                      "(select article_id from changed._articles)",
    "entities": "select * from marts.entities where entity_id in "
                f"(select entity_id from {CHANGED_SCHEMA}.entity_mentions)",
    "actor_interactions": f"select * from marts.actor_interactions where actor_entity_id in "
                          f"(select entity_id from {CHANGED_SCHEMA}.entities) and target_entity_id in "
                          f"(select entity_id from {CHANGED_SCHEMA}.entities)",
    "daily_event_counts": "select * from marts.daily_event_counts where event_date in "
                          "(select coalesce(e.event_date, a.published_date) from "
                          f"{CHANGED_SCHEMA}.events as e inner join {CHANGED_SCHEMA}.articles as a using (article_id)) "
                          "and (place_entity_id is null or place_entity_id in "
                          f"(select entity_id from {CHANGED_SCHEMA}.entities))",
    "quarantine": "select * from marts.quarantine where batch_id in (select batch_id from changed._batches)",
}
# (what, SQL counting offending rows) over the whole marts: keys unique, references found
GLOBAL_CHECKS = (
    ("articles.article_id unique", "select count(*) - count(distinct article_id) from marts.articles"),
    ("entity_mentions.mention_id unique",
     "select count(*) - count(distinct mention_id) from marts.entity_mentions"),
    ("events.event_id unique", "select count(*) - count(distinct event_id) from marts.events"),
    ("entities.entity_id unique", "select count(*) - count(distinct entity_id) from marts.entities"),
    ("event_clusters.event_id unique", "select count(*) - count(distinct event_id) from marts.event_clusters"),
    ("quarantine.quarantine_id unique", "select count(*) - count(distinct quarantine_id) from marts.quarantine"),
    ("entity_mentions.article_id in articles", ("select count(*) from marts.entity_mentions "
     "where article_id not in (select article_id from marts.articles)")),
    ("events.article_id in articles", ("select count(*) from marts.events "
     "where article_id not in (select article_id from marts.articles)")),
    ("entity_mentions.entity_id in entities", ("select count(*) from marts.entity_mentions "
     "where entity_id is not null and entity_id not in (select entity_id from marts.entities)")),
    ("every event clustered", ("select count(*) from marts.events "
     "where event_id not in (select event_id from marts.event_clusters)")),
)


def _create_changed_views(con: duckdb.DuckDBPyConnection, articles: Sequence[str], batches: Sequence[str]) -> None:
    """Views of the changed rows in schema :data:`CHANGED_SCHEMA`; the article set grows until every
    cluster of a changed event has all its articles."""
    con.execute(f"create or replace schema {CHANGED_SCHEMA}")
    con.execute(f"create table {CHANGED_SCHEMA}._articles as select distinct unnest(?::varchar[]) as article_id",
                [list(articles)])
    con.execute(f"create table {CHANGED_SCHEMA}._batches as select distinct unnest(?::varchar[]) as batch_id",
                [list(batches)])
    while con.execute(f"""
            insert into {CHANGED_SCHEMA}._articles
            select distinct c.article_id from marts.event_clusters as c
            where c.cluster_id in (select cluster_id from marts.event_clusters
                                   where article_id in (select article_id from {CHANGED_SCHEMA}._articles))
                and c.article_id not in (select article_id from {CHANGED_SCHEMA}._articles)
            """).fetchall()[0][0]:
        pass
    marts = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                       "where table_schema = 'marts'").fetchall()]
    for name in sorted(marts, key=lambda n: list(CHANGED_VIEWS).index(n) if n in CHANGED_VIEWS else -1):
        con.execute(f"create view {CHANGED_SCHEMA}.{name} as {CHANGED_VIEWS.get(name, f'select * from marts.{name}')}")


def global_checks(con: duckdb.DuckDBPyConnection) -> SuiteResult:
    """:data:`GLOBAL_CHECKS` on the whole marts, as one result (dataset ``marts``)."""
    failures = []
    for what, sql in GLOBAL_CHECKS:
        count = con.execute(sql).fetchone()[0]
        if count:
            failures.append(Failure(what, None, unexpected_count=count))
    return SuiteResult("marts", not failures, 0, len(GLOBAL_CHECKS), len(failures), failures)


def build_data_docs(folder: Path) -> Path:
    """Build GX Data Docs (suites and this process's validation runs) under ``folder``;
    returns the path of ``index.html``."""
    return _validator().build_docs(Path(folder))


def _validate(suite: Suite, con: duckdb.DuckDBPyConnection) -> SuiteResult:
    try:
        frame = con.execute(suite.sql).df()
    except duckdb.Error as exc:
        error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return SuiteResult(suite.dataset, False, 0, 0, 1, [Failure("query", None, error=error)])
    result = _validator().run(suite, frame)
    failures = [_failure(r, frame[suite.row_id_columns]) for r in result.results if not r.success]
    return SuiteResult(suite.dataset, result.success, len(frame), result.statistics["evaluated_expectations"],
                       len(failures), failures, result)


def _failure(result: Any, row_ids: pd.DataFrame) -> Failure:
    """A plain failure; ``row_ids`` holds the id columns of the validated frame."""
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or ", ".join(
        kwargs.get("column_list") or [c for c in (kwargs.get("column_A"), kwargs.get("column_B")) if c])
    error = _exception_message(result.exception_info or {})
    if error:
        return Failure(config.type, column, None, config.description, error=error)
    found = result.result
    indices = found.get("partial_unexpected_index_list") or []
    return Failure(config.type, column, found.get("unexpected_count"), config.description,
                   [_clean(value) for value in found.get("partial_unexpected_list") or []],
                   [_clean(ids) for ids in row_ids.loc[indices].to_dict("records")])


def _exception_message(info: dict[str, Any]) -> str | None:
    """The message of an exception GX caught, flat or keyed by metric id."""
    infos = [info] if "raised_exception" in info else [i for i in info.values() if isinstance(i, dict)]
    return next((i.get("exception_message") or "exception" for i in infos if i.get("raised_exception")), None)


def _clean(value: Any) -> Any:
    """JSON-friendly value: NaN/NaT become None, numpy scalars Python ones, tuples lists."""
    import pandas as pd  # loaded by GX already; not at import (see _Validator)

    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if pd.isna(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
