"""Data quality: Great Expectations suites over batch tables and the warehouse (no Prefect)."""

from akhbar.quality.results import Failure, QualityError, SuiteResult, raise_for_failures, results_markdown
from akhbar.quality.runner import build_data_docs, validate_batch, validate_warehouse
from akhbar.quality.suites import SUITES, Suite, load_suites

__all__ = ["SUITES", "Failure", "QualityError", "Suite", "SuiteResult", "build_data_docs", "load_suites",
           "raise_for_failures", "results_markdown", "validate_batch", "validate_warehouse"]
