"""Prefect flows of the daily pipeline: one module per stage, plus ``pipeline``."""
