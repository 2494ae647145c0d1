"""The offline HTML report of a warehouse (``akhbar report``): charts, a map and data quality."""

from akhbar.report.page import ReportPathError, report_dir, write_report

__all__ = ["ReportPathError", "report_dir", "write_report"]
