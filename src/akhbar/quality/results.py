"""Plain validation results, their Markdown rendering and the error raised on failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SAMPLE_SIZE = 5


@dataclass(frozen=True)
class Failure:
    """One failed expectation (or a query that could not run, ``expectation == 'query'``)."""

    expectation: str
    column: str | None
    unexpected_count: int | None = None
    description: str | None = None
    samples: list[Any] = field(default_factory=list)
    row_ids: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> str:
        """One line: what failed, on how many rows, with examples."""
        target = f"{self.expectation}({self.column})" if self.column else self.expectation
        text = target
        if self.description:
            text += f" [{self.description}]"
        if self.error:
            return f"{text}: {self.error}"
        text += f" failed on {self.unexpected_count} row(s)"
        if self.row_ids:
            text += "; rows " + ", ".join(_format_ids(ids) for ids in self.row_ids)
        if self.samples:
            text += "; values " + ", ".join(repr(value) for value in self.samples)
        return text


@dataclass(frozen=True)
class SuiteResult:
    """Outcome of one suite on one dataset."""

    dataset: str
    success: bool
    rows: int
    evaluated: int
    failed: int
    failures: list[Failure] = field(default_factory=list)
    gx_result: Any = field(default=None, repr=False, compare=False)


class QualityError(Exception):
    """Raised when at least one suite failed; the message names each failing expectation."""

    def __init__(self, results: list[SuiteResult]) -> None:
        self.results = results
        lines = [f"{r.dataset}: {f.summary()}" for r in results for f in r.failures]
        super().__init__("data quality checks failed:\n" + "\n".join(lines))


def raise_for_failures(results: list[SuiteResult]) -> None:
    """Raise :class:`QualityError` if any suite failed."""
    failed = [r for r in results if not r.success]
    if failed:
        raise QualityError(failed)


def results_markdown(results: list[SuiteResult]) -> str:
    """A Markdown report (for a Prefect artifact): one table row per suite, then each failure."""
    lines = ["| dataset | rows | expectations | failed | status |", "|---|---:|---:|---:|---|"]
    lines += [f"| {r.dataset} | {r.rows} | {r.evaluated} | {r.failed} | {'pass' if r.success else '**FAIL**'} |"
              for r in results]
    failures = [f"- **{r.dataset}**: {_escape(f.summary())}" for r in results for f in r.failures]
    if failures:
        lines += ["", "### Failures", "", *failures]
    return "\n".join(lines) + "\n"


def _format_ids(ids: dict[str, Any]) -> str:
    return " ".join(f"{key}={value}" for key, value in ids.items())


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
