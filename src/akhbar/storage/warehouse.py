"""The DuckDB warehouse: lake Parquet → ``raw`` tables → ``staging`` views → ``marts`` tables.

A build writes a new database file beside the target (``<warehouse>.building-<pid>``), runs the
SQL models and the optional quality ``gate``, then swaps it in with ``os.replace``. The target is
never opened for writing, so a run killed at any moment leaves the last good warehouse readable,
and readers holding the old file keep reading it.

Every warehouse carries the table ``akhbar.warehouse`` (format and version): :func:`check_warehouse`
refuses a target file that is neither marked so nor a warehouse of an earlier Akhbar version.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb
import pyarrow as pa

from akhbar.schemas import DATASETS
from akhbar.storage.files import PathRefused, fsync_dir, remove_files_of_dead_writers

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

Gate = Callable[[duckdb.DuckDBPyConnection], None]


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


def run_sql_models(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[str]:
    """Create staging views and marts tables on ``con`` (``raw`` must exist); return their names."""
    done = []
    for schema in LAYERS:
        con.execute(f"create schema if not exists {schema}")
    for model in load_models(sql_dir):
        con.execute(f"create or replace {LAYERS[model.schema]} {model.qualified} as\n{model.sql}")
        done.append(model.qualified)
    return done


def load_raw(con: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """``raw.<dataset>`` tables from the lake's committed Parquet files (empty when none)."""
    con.execute("create schema if not exists raw")
    for name, schema in DATASETS.items():
        if any((lake / name).glob("*/*.parquet")):
            pattern = str(lake / name / "*" / "*.parquet").replace("'", "''")
            con.execute(
                f"create or replace table raw.{name} as select * from read_parquet('{pattern}', "
                "hive_partitioning = true, union_by_name = true, filename = 'lake_file', "
                "hive_types = {'ingest_date': date})")
        else:
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


def mark_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    """Write the marker table (format and version) on a warehouse being built."""
    schema = MARKER_TABLE.split(".")[0]
    con.execute(f"create schema if not exists {schema}")
    con.execute(f"create or replace table {MARKER_TABLE} (key varchar primary key, value varchar)")
    con.executemany(f"insert into {MARKER_TABLE} values (?, ?)", list(WAREHOUSE_FORMAT.items()))


def _remove_db(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def remove_stale_builds(warehouse: Path) -> list[Path]:
    """Delete ``<warehouse>.building-<pid>`` files (and WALs) of processes that no longer run."""
    return remove_files_of_dead_writers(warehouse.parent.glob(f"{glob.escape(warehouse.name)}.building-*"),
                                        _BUILDING)


def build_warehouse(lake: Path, warehouse: Path, sql_dir: Path, gate: Gate | None = None) -> dict[str, int]:
    """Rebuild the warehouse from the lake and swap it in atomically; return marts row counts.

    If ``gate`` raises, the new file is deleted, the error propagates and the previous warehouse
    stays as it was.
    """
    check_warehouse(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(warehouse)
    building = warehouse.with_name(f"{warehouse.name}.building-{os.getpid()}")
    _remove_db(building)
    try:
        con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY})
        try:
            mark_warehouse(con)
            load_raw(con, lake)
            marts = [m.split(".", 1)[1] for m in run_sql_models(con, sql_dir) if m.startswith("marts.")]
            if gate is not None:
                gate(con)
            counts = {name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
                      for name in sorted(marts)}
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
