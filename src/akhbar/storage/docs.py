"""``COMMENT ON`` every ``marts`` table and column from ``sql/docs/marts.toml``, so DuckDB's own
clients and ``information_schema`` / ``duckdb_columns()`` explain the data."""

from __future__ import annotations

import tomllib
from pathlib import Path

import duckdb

DOCS_FILE = Path("docs") / "marts.toml"  # relative to the SQL folder


def _quote(text: str) -> str:
    return "'" + " ".join(text.split()).replace("'", "''") + "'"


def load_docs(sql_dir: Path) -> dict[str, dict]:
    """Table name → ``{"description": str, "columns": {column: str}}`` (empty when no file)."""
    path = sql_dir / DOCS_FILE
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def document_marts(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> int:
    """Comment the marts tables and columns that exist on ``con``; return the number of comments."""
    existing: dict[str, set[str]] = {}
    for table, column in con.execute("select table_name, column_name from information_schema.columns "
                                     "where table_schema = 'marts'").fetchall():
        existing.setdefault(table, set()).add(column)
    count = 0
    for table, doc in load_docs(sql_dir).items():
        if table not in existing:
            continue
        con.execute(f"comment on table marts.{table} is {_quote(doc['description'])}")
        count += 1
        for column, text in doc.get("columns", {}).items():
            if column in existing[table]:
                con.execute(f'comment on column marts.{table}."{column}" is {_quote(text)}')
                count += 1
    return count
