"""Storage: Arrow records, the Parquet lake and the DuckDB warehouse built from it."""
