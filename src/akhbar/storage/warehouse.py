"""The DuckDB warehouse: lake Parquet → ``raw`` tables → ``staging`` views → ``marts`` tables.

A build writes a new database file beside the target (``<warehouse>.building-<pid>``): a copy of the
target to which only the lake files it had not loaded are added (:func:`build_warehouse`, incremental),
or a file built from the whole lake. It runs the SQL models and the optional quality ``gate``, then swaps
it in with ``os.replace``. The target is never opened for writing, so a run killed at any moment leaves
the last good warehouse readable, and readers holding the old file keep reading it.

Every warehouse carries the table ``akhbar.warehouse`` (format and version): :func:`check_warehouse`
refuses a target file that is neither marked so nor a warehouse of an earlier Akhbar version.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb
import pyarrow as pa

from akhbar.schemas import DATASETS
from akhbar.storage.docs import document_marts
from akhbar.storage.files import PathRefused, fsync_dir, remove_files_of_dead_writers
from akhbar.storage.places import build_entity_places

LAYERS = {"staging": "view", "marts": "table"}  # folder/schema name → relation kind
RAW_EXTRA = {"ingest_date": pa.date32(), "lake_file": pa.string()}  # added to every raw table
_REF = re.compile(r"\b(staging|marts)\.([a-z_][a-z0-9_]*)\b", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_BUILDING = re.compile(r"\.building-(\d+)(?:\.wal)?$")
# DuckDB's memory for a build (it spills to disk past it): the marts' validation frames, not the
# SQL models, need the process's memory at scale (100k articles: 1.1 GB instead of 1.7 GB, no slower).
BUILD_MEMORY = "1GB"
DUCKDB_MAGIC = (8, b"DUCK")  # offset and bytes of a DuckDB file's magic number
MARKER_TABLE = "akhbar.warehouse"  # key/value rows that mark a warehouse as Akhbar's
WAREHOUSE_FORMAT = {"format": "akhbar-warehouse", "version": "1"}
LEGACY_MARK = ("marts", "articles")  # warehouses made before the marker table have this table
LAKE_FILES_TABLE = "akhbar.lake_files"  # the lake files (with size and mtime) the raw tables hold
# Incremental builds. Staging models with an article_id column depend only on their article's raw rows:
# they are kept as tables in STAGE_CACHE (staging.* reads them) and updated for the changed articles only;
# so are these marts (merged by article_id). The other marts are made again from the staging tables.
STAGE_CACHE = "stage"
ARTICLE_MARTS = ("articles", "entity_mentions", "events", "event_mentions", "event_participants")
SCRATCH = "scratch"  # in-memory catalog of views over the changed articles' raw rows
# Clusters (connected components of links between events) are made again only in the region a change can
# reach: the changed articles' events, old and new, the events of the same type sharing a participant entity
# with a new one and dated near it (sql/marts/event_clusters.sql links no other pairs), and every old
# cluster of those.
CLUSTER_MART = "event_clusters"
REGION = "region"  # in-memory catalog of views over the region's articles
CLUSTER_REGION = """
create table {scratch}.main.region as
with dated as (
    select events.event_id, events.event_type, events.event_date, articles.published_date
    from stage.stg_events as events
    inner join stage.stg_articles as articles using (article_id)
),
new_events as (
    select dated.* from dated
    inner join stage.stg_events as events using (event_id)
    where events.article_id in (select article_id from {scratch}.main.changed)
),
touched as (
    select event_id from new_events
    union
    select theirs.event_id
    from new_events
    inner join stage.stg_event_participants as mine using (event_id)
    inner join stage.stg_event_participants as theirs_p on theirs_p.entity_id = mine.entity_id
    inner join dated as theirs
        on theirs.event_id = theirs_p.event_id and theirs.event_type = new_events.event_type
    where mine.entity_id is not null
        and (abs(date_diff('day', theirs.event_date, new_events.event_date)) <= {day_gap}
             or abs(date_diff('day', theirs.published_date, new_events.published_date)) <= {published_gap})
    union
    select event_id from marts.event_clusters where article_id in (select article_id from {scratch}.main.changed)
)
select event_id from touched
union
select event_id from marts.event_clusters
where cluster_id in (select cluster_id from marts.event_clusters where event_id in (select event_id from touched))
"""
# widest date gaps of a link in sql/marts/event_clusters.sql (event dates known to the day; publication dates)
CLUSTER_GAPS = {"day_gap": 1, "published_gap": 2}

Gate = Callable[[duckdb.DuckDBPyConnection, "Changes"], None]


@dataclass(frozen=True, slots=True)
class Model:
    schema: str
    name: str
    sql: str
    refs: frozenset[str]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def load_models(sql_dir: Path) -> list[Model]:
    """SQL models of ``sql_dir/staging`` and ``sql_dir/marts`` in dependency order.

    Raises ``ValueError`` on a reference to an unknown model or a dependency cycle.
    """
    models: dict[str, Model] = {}
    for schema in LAYERS:
        for path in sorted((sql_dir / schema).glob("*.sql")):
            sql = path.read_text(encoding="utf-8").strip().rstrip(";").strip()
            refs = frozenset(f"{s.lower()}.{n.lower()}" for s, n in _REF.findall(_COMMENT.sub(" ", sql)))
            model = Model(schema, path.stem, sql, refs)
            models[model.qualified] = model
    graph = {}
    for name, model in models.items():
        unknown = sorted(model.refs - models.keys())
        if unknown:
            raise ValueError(f"model {name} references unknown model(s): {', '.join(unknown)}")
        graph[name] = sorted(model.refs)
    try:
        return [models[name] for name in TopologicalSorter(graph).static_order()]
    except CycleError as err:
        raise ValueError(f"SQL models form a cycle: {' -> '.join(err.args[1])}") from err


class CorruptLakeFile(ValueError):
    """A lake Parquet file that cannot be read (truncated, corrupt): named, and nothing of it is loaded."""


@dataclass(frozen=True, slots=True)
class Changes:
    """What a build adds to the previous warehouse: the lake files it had not loaded, the articles of
    their committed batches and their batch ids. ``full`` marks a build from the whole lake."""

    files: tuple[str, ...]
    articles: tuple[str, ...]
    batches: tuple[str, ...]
    full: bool


Stamps = dict[tuple[str, str], tuple[int, int]]  # (dataset, lake file) → (size, mtime_ns)


def lake_stamps(lake: Path) -> Stamps:
    """Every committed-or-not Parquet file of the lake, by dataset, with its size and mtime."""
    stamps = {}
    for name in DATASETS:
        for path in sorted((lake / name).glob("*/*.parquet")):
            stat = path.stat()
            stamps[(name, str(path))] = (stat.st_size, stat.st_mtime_ns)
    return stamps


def _check_readable(files: list[str]) -> None:
    """Raise :class:`CorruptLakeFile` naming the first file whose Parquet footer cannot be read."""
    import pyarrow.parquet as pq

    for file in files:
        try:
            pq.read_metadata(file)
        except (OSError, pa.ArrowException) as exc:
            raise CorruptLakeFile(f"lake file {file} is not readable Parquet ({exc}); nothing was loaded and the "
                                  "warehouse was left as it was: move the file away (its batch is then "
                                  "extracted again by the next run) or restore it") from exc


def _read_parquet(files: list[str]) -> str:
    listed = ", ".join("'" + file.replace("'", "''") + "'" for file in files)
    return (f"read_parquet([{listed}], hive_partitioning = true, union_by_name = true, "
            "filename = 'lake_file', hive_types = {'ingest_date': date})")


def load_raw(con: duckdb.DuckDBPyConnection, lake: Path, files: list[str] | None = None,
             append: bool = False) -> None:
    """``raw.<dataset>`` tables from the lake's Parquet files (default: all of them, as
    :func:`lake_stamps` names them; empty tables when none). With ``append``, ``files`` are added to the
    existing raw tables."""
    con.execute("create schema if not exists raw")
    wanted = files if files is not None else [file for _, file in lake_stamps(lake)]
    _check_readable(wanted)
    for name, schema in DATASETS.items():
        prefix = str(lake / name) + os.sep
        mine = [file for file in wanted if file.startswith(prefix)]
        exists = _table_exists(con, f"raw.{name}")
        if mine and exists and append:
            con.execute(f"insert into raw.{name} by name select * from {_read_parquet(mine)}")
        elif mine:
            con.execute(f"create or replace table raw.{name} as select * from {_read_parquet(mine)}")
        elif not exists or not append:
            empty = pa.Table.from_pylist([], schema=schema)
            for column, dtype in RAW_EXTRA.items():
                empty = empty.append_column(column, pa.array([], type=dtype))
            con.register("_empty_raw", empty)
            con.execute(f"create or replace table raw.{name} as select * from _empty_raw")
            con.unregister("_empty_raw")


def check_warehouse(warehouse: Path) -> None:
    """Raise :class:`PathRefused` unless ``warehouse`` is missing or an Akhbar warehouse (marked, or
    made by an earlier version). The file is only read (read-only, after its magic number)."""
    if not warehouse.exists():
        return
    if not warehouse.is_file():
        raise PathRefused(f"warehouse {warehouse} is not a file: give a new file name or an Akhbar warehouse")
    offset, magic = DUCKDB_MAGIC
    with open(warehouse, "rb") as fh:
        head = fh.read(offset + len(magic))
    if head[offset:] != magic:
        raise PathRefused(f"warehouse {warehouse} is not a DuckDB database (so not an Akhbar warehouse): "
                          "it was left untouched; give a new file name or an Akhbar warehouse")
    schema, table = MARKER_TABLE.split(".")
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            found = con.execute(
                "select count(*) from information_schema.tables where (table_schema, table_name) in "
                "((?, ?), (?, ?))", [schema, table, *LEGACY_MARK]).fetchone()[0]
    except duckdb.Error as exc:
        raise PathRefused(f"warehouse {warehouse} cannot be read as a DuckDB database ({exc}): "
                          "it was left untouched") from exc
    if not found:
        raise PathRefused(f"warehouse {warehouse} is a DuckDB database but not an Akhbar warehouse "
                          f"(no {MARKER_TABLE} table): it was left untouched; give a new file name")


def mark_warehouse(con: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """Write the marker table (format, version and the lake it was built from) on a warehouse being built."""
    schema = MARKER_TABLE.split(".")[0]
    con.execute(f"create schema if not exists {schema}")
    con.execute(f"create or replace table {MARKER_TABLE} (key varchar primary key, value varchar)")
    con.executemany(f"insert into {MARKER_TABLE} values (?, ?)",
                    [*WAREHOUSE_FORMAT.items(), ("lake", str(lake))])


def _loaded_stamps(warehouse: Path, lake: Path) -> Stamps | None:
    """The lake files the warehouse holds, or None when it cannot be extended (missing, built from
    another lake, by another format version, or before the file list was kept)."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_schema || '.' || table_name from information_schema.tables"
                                            ).fetchall()}
        if not {MARKER_TABLE, LAKE_FILES_TABLE} <= tables:
            return None
        meta = dict(con.execute(f"select key, value from {MARKER_TABLE}").fetchall())
        if meta != {**WAREHOUSE_FORMAT, "lake": str(lake)}:
            return None
        rows = con.execute(f"select dataset, lake_file, size, mtime_ns from {LAKE_FILES_TABLE}").fetchall()
    return {(dataset, file): (size, mtime) for dataset, file, size, mtime in rows}


def _record_files(con: duckdb.DuckDBPyConnection, stamps: Stamps) -> None:
    con.execute(f"create table if not exists {LAKE_FILES_TABLE} "
                "(dataset varchar, lake_file varchar primary key, size bigint, mtime_ns bigint)")
    rows = [(dataset, file, size, mtime) for (dataset, file), (size, mtime) in stamps.items()]
    if rows:
        con.executemany(f"insert into {LAKE_FILES_TABLE} values (?, ?, ?, ?)", rows)


@contextmanager
def _build_lock(warehouse: Path) -> Iterator[None]:
    """One build at a time per folder (an advisory lock on the folder, released when the process dies),
    so two runs at once each build on the other's result and nothing is lost."""
    fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_db(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def remove_stale_builds(warehouse: Path) -> list[Path]:
    """Delete ``<warehouse>.building-<pid>`` files (and WALs) of processes that no longer run."""
    return remove_files_of_dead_writers(warehouse.parent.glob(f"{glob.escape(warehouse.name)}.building-*"),
                                        _BUILDING)


# the marts a run's summary and the report count, in their order
SUMMARY_MARTS = ("articles", "entity_mentions", "entities", "events", "event_participants", "quarantine")


def marts_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                       "where table_schema = 'marts' order by table_name").fetchall()]
    return {name: con.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in names}


def build_warehouse(lake: Path, warehouse: Path, sql_dir: Path, gate: Gate | None = None,
                    full: bool = False) -> dict[str, int]:
    """Bring the warehouse up to date with the lake and swap it in atomically; return marts row counts.

    Incremental (the default when the warehouse was built from this lake and none of the files it
    loaded changed): a copy of the warehouse gets the lake files it had not loaded added to its raw
    tables, and the marts are made again from those by the SQL models, without reading the lake
    again; ``gate`` gets the :class:`Changes` to check. Otherwise, or with ``full``, everything is
    built from the whole lake. Nothing new in the lake: the warehouse is left as it is.

    If ``gate`` raises, the new file is deleted, the error propagates and the previous warehouse
    stays as it was.
    """
    check_warehouse(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(warehouse):
        remove_stale_builds(warehouse)
        current = lake_stamps(lake)
        loaded = None if full else _loaded_stamps(warehouse, lake)
        if loaded is not None and any(current.get(key) != stamp for key, stamp in loaded.items()):
            loaded = None  # a loaded file changed or went away: only a full build is right
        if loaded is not None and current.keys() == loaded.keys():
            with duckdb.connect(str(warehouse), read_only=True) as con:
                return marts_counts(con)
        new = {key: stamp for key, stamp in current.items() if loaded is None or key not in loaded}
        return _build(lake, warehouse, sql_dir, gate, new, incremental=loaded is not None)


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [r[0] for r in con.execute(f"describe {relation}").fetchall()]


def update_models(con: duckdb.DuckDBPyConnection, sql_dir: Path, new_files: list[str], full: bool) -> list[str]:
    """Bring staging and marts up to date with the raw tables on ``con`` after ``new_files`` were added
    (``full``: everything is new); return the changed article ids.

    The SQL models run unchanged on views of the changed articles' raw rows (catalog :data:`SCRATCH`);
    their article-level staging rows and :data:`ARTICLE_MARTS` rows replace those of the same articles,
    and the other marts are made again from the staging tables. ``raw.entity_places`` is made again
    first, from every raw mention (the articles of an entity vote on its country); the marts'
    comments (``sql_dir/docs/marts.toml``) are applied last.
    """
    build_entity_places(con)
    models = load_models(sql_dir)
    name = con.execute("select current_database()").fetchall()[0][0]
    catalog = '"' + name.replace('"', '""') + '"'
    for schema in (*LAYERS, STAGE_CACHE):
        con.execute(f"create schema if not exists {schema}")
    con.execute(f"attach ':memory:' as {SCRATCH}")
    try:
        con.execute(f"create schema {SCRATCH}.raw")
        raw = [r[0] for r in con.execute("select table_name from information_schema.tables where table_catalog = "
                                         "current_database() and table_schema = 'raw' order by 1").fetchall()]
        keyed = [name for name in raw if "article_id" in _columns(con, f"raw.{name}")]
        listed = ", ".join("'" + file.replace("'", "''") + "'" for file in new_files) or "null"
        changed_sql = " union ".join(f"select article_id from raw.{name} where lake_file in ({listed})"
                                     for name in keyed)
        con.execute(f"create table {SCRATCH}.main.changed as {changed_sql}")
        for name in raw:
            where = "" if full or name not in keyed else \
                f" where article_id in (select article_id from {SCRATCH}.main.changed)"
            con.execute(f"create view {SCRATCH}.raw.{name} as select * from {catalog}.raw.{name}{where}")
        con.execute(f"use {SCRATCH}")
        for schema in LAYERS:
            con.execute(f"create schema {schema}")
        for model in models:
            if model.schema == "staging":
                con.execute(f"create view {model.qualified} as\n{model.sql}")
        con.execute(f"use {catalog}")
        cached = set()
        for model in models:  # staging: article-level models cached, the others views over raw
            if model.schema != "staging":
                continue
            if "article_id" in _columns(con, f"{SCRATCH}.{model.qualified}"):
                _merge(con, f"{STAGE_CACHE}.{model.name}", f"{SCRATCH}.{model.qualified}", full)
                con.execute(f"create or replace view {model.qualified} as select * from {STAGE_CACHE}.{model.name}")
                con.execute(f"create or replace view {SCRATCH}.{model.qualified} as select * from "
                            f"{catalog}.{STAGE_CACHE}.{model.name} "
                            f"where article_id in (select article_id from {SCRATCH}.main.changed)")
                cached.add(model.qualified)
            else:
                con.execute(f"create or replace view {model.qualified} as\n{model.sql}")
        con.execute(f"use {SCRATCH}")
        for model in models:
            if model.schema == "marts" and model.name in ARTICLE_MARTS:
                con.execute(f"create view {model.qualified} as\n{model.sql}")
        con.execute(f"use {catalog}")
        for model in models:  # marts in dependency order: article-level ones merged, the others made again
            if model.schema != "marts":
                continue
            if model.name in ARTICLE_MARTS:
                _merge(con, model.qualified, f"{SCRATCH}.{model.qualified}", full)
            elif model.name == CLUSTER_MART and not full:
                _merge_clusters(con, catalog, model, models)
            else:
                con.execute(f"create or replace table {model.qualified} as\n{model.sql}")
        document_marts(con, sql_dir)
        changed = con.execute(f"select distinct article_id from {SCRATCH}.main.changed order by 1").fetchall()
        return [r[0] for r in changed]
    finally:
        con.execute(f"use {catalog}")
        con.execute(f"detach {SCRATCH}")


def _merge_clusters(con: duckdb.DuckDBPyConnection, catalog: str, model: Model, models: list[Model]) -> None:
    """Make the clusters of :data:`CLUSTER_REGION` again with the model's SQL, on the staging rows of the
    region's articles (catalog :data:`REGION`), and replace the region's rows. The region is closed under
    links (whole old clusters, every possible new link), so the other events of its articles cannot join
    its clusters."""
    con.execute(CLUSTER_REGION.format(scratch=SCRATCH, **CLUSTER_GAPS))
    con.execute(f"create table {SCRATCH}.main.region_articles as select distinct article_id from stage.stg_events "
                f"where event_id in (select event_id from {SCRATCH}.main.region) union select article_id "
                f"from marts.event_clusters where event_id in (select event_id from {SCRATCH}.main.region)")
    con.execute(f"attach ':memory:' as {REGION}")
    try:
        con.execute(f"use {REGION}")
        for schema in LAYERS:
            con.execute(f"create schema {schema}")
        for staged in models:
            if staged.schema == "staging" and "article_id" in _columns(con, f"{SCRATCH}.{staged.qualified}"):
                con.execute(f"create view {staged.qualified} as select * from {catalog}.{STAGE_CACHE}.{staged.name} "
                            f"where article_id in (select article_id from {SCRATCH}.main.region_articles)")
        con.execute(f"create view {model.qualified} as\n{model.sql}")
        con.execute(f"use {catalog}")
        region = f"(select event_id from {SCRATCH}.main.region)"
        con.execute(f"delete from {model.qualified} where event_id in {region}")
        con.execute(f"insert into {model.qualified} by name select * from {REGION}.{model.qualified} "
                    f"where event_id in {region}")
    finally:
        con.execute(f"use {catalog}")
        con.execute(f"detach {REGION}")


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``schema.name`` is a table of the connection's current database."""
    return con.execute("select count(*) from information_schema.tables where table_catalog = current_database() "
                       "and table_schema || '.' || table_name = ?", [table]).fetchall()[0][0] > 0


def _merge(con: duckdb.DuckDBPyConnection, table: str, rows: str, full: bool) -> None:
    """Replace ``table``'s rows of the changed articles with ``rows`` (``full``: ``table`` becomes ``rows``)."""
    if full or not _table_exists(con, table):
        con.execute(f"create or replace table {table} as select * from {rows}")
        return
    con.execute(f"delete from {table} where article_id in (select article_id from {SCRATCH}.main.changed)")
    con.execute(f"insert into {table} by name select * from {rows}")


def _build(lake: Path, warehouse: Path, sql_dir: Path, gate: Gate | None, new: Stamps,
           incremental: bool) -> dict[str, int]:
    building = warehouse.with_name(f"{warehouse.name}.building-{os.getpid()}")
    _remove_db(building)
    try:
        if incremental:
            shutil.copyfile(warehouse, building)
        con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY})
        try:
            mark_warehouse(con, lake)
            files = [file for _, file in new]
            load_raw(con, lake, files, append=incremental)
            _record_files(con, new)
            articles = update_models(con, sql_dir, files, full=not incremental)
            if gate is not None:
                batches = tuple(sorted({Path(file).stem for file in files}))
                gate(con, Changes(tuple(files), tuple(articles), batches, not incremental))
            counts = marts_counts(con)
            con.execute("checkpoint")
        finally:
            con.close()
        with open(building, "rb") as fh:
            os.fsync(fh.fileno())
        warehouse.with_name(warehouse.name + ".wal").unlink(missing_ok=True)
        os.replace(building, warehouse)
        fsync_dir(warehouse.parent)
    except BaseException:
        _remove_db(building)
        raise
    return counts
