"""Storage: Arrow records, the Parquet lake and the DuckDB warehouse built from it."""

from akhbar.storage.lake import processed_articles, remove_stale_temp, write_batch
from akhbar.storage.records import batch_id, build_tables, tables_batch_id
from akhbar.storage.warehouse import build_warehouse, run_sql_models

__all__ = ["batch_id", "build_tables", "build_warehouse", "processed_articles", "remove_stale_temp",
           "run_sql_models", "tables_batch_id", "write_batch"]
