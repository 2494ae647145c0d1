"""``akhbar bench``: the daily pipeline on a corpus into a fresh lake and warehouse, measured.

Reports per-stage times (from the flow run's task runs in the Prefect API), articles/s, tokens/s,
the peak resident memory and CPU seconds of the whole process tree (this process, the extraction
workers and a temporary Prefect API) and the ratio of the pipeline's wall time to a plain pass of
camel-tools' ``simple_word_tokenize`` over the same distinct article texts, measured in the same run
(the median of three passes; the CPU-seconds ratio as well: it depends less on what else the
machine runs).

``--articles N`` replicates the corpus to N input articles first: copy 0 is the corpus as it is;
in copy k every JSON line gets the id ``<id>~r<k>`` and the line ``replica-<letters of k>`` at the
end of its text, so each copy is a distinct article (its content id differs) and dedup keeps it.
``--daily N`` then runs the pipeline again on N new articles (marked ``daily-<letters>``) into the
same lake and warehouse: the cost of a daily run on top of the benchmark's warehouse.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from akhbar.ingest.batches import IngestCounts, new_batches
from akhbar.ingest.readers import iter_source_files, read_articles

SAMPLE_SECONDS = 0.2
TOKENIZATION_RUNS = 3  # the ratio's denominator is their median
_PAGE = 200  # task runs read from the API at a time


@dataclass
class Stage:
    """One task name of the flow run: how many runs, their summed time and first start → last end."""

    tasks: int = 0
    busy_s: float = 0.0
    span_s: float = 0.0


@dataclass
class RunReport:
    wall_s: float
    summary: dict[str, int]
    stages: dict[str, Stage]
    peak_rss_mb: float
    peak_main_rss_mb: float
    peak_worker_rss_mb: float
    cpu_s: dict[str, float]


@dataclass
class BenchReport:
    sources: list[str]
    input_articles: int
    distinct_articles: int
    tokens: int
    tokenize_s: float  # the median of the tokenization passes
    workers: int
    batch_size: int
    task_runner: str
    load_before: float
    load_after: float = 0.0
    full: RunReport | None = None
    daily: RunReport | None = None
    notes: list[str] = field(default_factory=list)
    tokenize_runs: list[float] = field(default_factory=list)  # every pass, in seconds

    @property
    def ratio(self) -> float:
        return self.full.wall_s / self.tokenize_s


class ProcessTree:
    """Samples this process and all its descendants in a thread: peak resident memory (the sum over
    the tree, this process alone, the largest child) and CPU seconds used while sampling (this
    process, worker processes, other children such as a temporary Prefect API)."""

    def __init__(self) -> None:
        self.total = self.main = self.worker = 0
        self._cpu: dict[int, tuple[str, float, float]] = {}  # pid → kind, first and last CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="process-tree", daemon=True)

    def __enter__(self) -> ProcessTree:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds by kind: ``main``, ``workers``, ``other``."""
        used = {"main": 0.0, "workers": 0.0, "other": 0.0}
        for kind, first, last in self._cpu.values():
            used[kind] += last - first
        return used

    def _run(self) -> None:
        me = psutil.Process()
        while True:
            main = self._sample(me, "main")
            children = [self._sample(child) for child in me.children(recursive=True)]
            self.main = max(self.main, main)
            self.worker = max([self.worker, *children])
            self.total = max(self.total, main + sum(children))
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def _sample(self, process: psutil.Process, kind: str | None = None) -> int:
        """Resident bytes of ``process`` (0 when it has ended), recording its CPU time."""
        try:
            with process.oneshot():
                rss, times = process.memory_info().rss, process.cpu_times()
                if process.pid not in self._cpu:
                    kind = kind or ("workers" if "multiprocessing" in " ".join(process.cmdline()) else "other")
                    start = 0.0 if kind == "workers" else times.user + times.system
                    self._cpu[process.pid] = (kind, start, start)
        except psutil.Error:
            return 0
        kind, first, _ = self._cpu[process.pid]
        self._cpu[process.pid] = (kind, first, times.user + times.system)
        return rss


def _letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa: a marker without digits (digits would be extracted as quantities)."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _jsonl_lines(sources: list[str]) -> Iterator[bytes]:
    for path in iter_source_files(sources):
        if path.suffix.lower() != ".jsonl":
            raise ValueError(f"only .jsonl sources can be replicated, not {path}")
        with path.open("rb") as f:
            yield from (line.rstrip(b"\n") for line in f if line.strip())


def _marked(line: bytes, marker: str, copy: int) -> bytes:
    """The line as copy ``copy`` (0: unchanged); a line that is not an article object stays as it is."""
    if copy == 0:
        return line
    try:
        record = json.loads(line)
    except ValueError:
        return line
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or record.get("id") is None:
        return line
    record["id"] = f"{record['id']}~{marker[0]}{copy}"
    record["text"] += f"\n\n{marker}-{_letters(copy)}"
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it as the JSON escape it was
        return json.dumps(record).encode("ascii")


def replicate(sources: list[str], articles: int, target: Path, marker: str = "replica",
              first_copy: int = 0) -> Path:
    """Write ``articles`` JSON lines to ``target``: the sources' lines, copy after copy, from copy
    ``first_copy`` on, each copy marked as the module docstring says."""
    lines = list(_jsonl_lines(sources))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for n in range(articles):
            copy, index = divmod(n, len(lines))
            out.write(_marked(lines[index], marker, first_copy + copy) + b"\n")
    return target


def tokenization_pass(sources: list[str], max_chars: int) -> tuple[int, int, int, list[float]]:
    """Input articles, distinct articles, tokens and the seconds of each of :data:`TOKENIZATION_RUNS`
    passes of ``simple_word_tokenize`` over the distinct article texts (only the tokenizer is timed;
    reading is not). One pass of some seconds varies by half between runs on a shared machine."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    passes = []
    for _ in range(TOKENIZATION_RUNS):  # the sources are read again each time: no texts held
        counts = IngestCounts()
        tokens, seconds = 0, 0.0
        for batch in new_batches(read_articles(sources, max_chars=max_chars), set(), set(), 1000, counts):
            for article in batch.articles:
                started = time.perf_counter()
                tokens += len(simple_word_tokenize(article.text))
                seconds += time.perf_counter() - started
        passes.append(seconds)
    return counts.new_articles + counts.duplicates, counts.new_articles, tokens, passes


def stage_times(flow_run_id: Any) -> dict[str, Stage]:
    """Per task name (``extract``, ``validate``, ...): runs, summed run time and wall span."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    runs = []
    with get_client(sync_client=True) as client:
        while page := client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                            limit=_PAGE, offset=len(runs)):
            runs += page
    stages: dict[str, Stage] = {}
    bounds: dict[str, tuple[datetime, datetime]] = {}
    for run in sorted(runs, key=lambda r: r.start_time or r.expected_start_time):
        name = run.name.rsplit("-", 1)[0]
        stage = stages.setdefault(name, Stage())
        stage.tasks += 1
        stage.busy_s += run.total_run_time.total_seconds()
        if run.start_time and run.end_time:
            first, last = bounds.get(name, (run.start_time, run.end_time))
            bounds[name] = (min(first, run.start_time), max(last, run.end_time))
    for name, (first, last) in bounds.items():
        stages[name].span_s = (last - first).total_seconds()
    return stages


def run_pipeline(sources: list[str], out: Path, workers: int, batch_size: int, task_runner: str,
                 dask_address: str | None) -> RunReport:
    """One flow run into ``out/lake`` and ``out/warehouse.duckdb``, timed and sampled."""
    from flows.pipeline import daily_pipeline

    with ProcessTree() as tree:
        started = time.perf_counter()
        state = daily_pipeline(sources=sources, warehouse=str(out / "warehouse.duckdb"), lake=str(out / "lake"),
                               batch_size=batch_size, workers=workers, task_runner=task_runner,
                               dask_address=dask_address, return_state=True)
        wall = time.perf_counter() - started
    summary = state.result()
    mb = 1 << 20
    return RunReport(wall, summary, stage_times(state.state_details.flow_run_id), tree.total / mb,
                     tree.main / mb, tree.worker / mb, tree.cpu_seconds())


def start_prefect_api() -> None:
    """Reach the Prefect API now, so that starting a temporary one is not timed as pipeline work."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        client.hello()


def bench(sources: list[str], out: Path, articles: int | None, daily: int, workers: int, batch_size: int,
          task_runner: str, dask_address: str | None, max_chars: int) -> BenchReport:
    """Run the benchmark in a new folder under ``out``; returns the report (also saved as bench.json)."""
    run_dir = out / f"run-{datetime.now():%Y%m%d-%H%M%S}"
    run_dir.mkdir(parents=True)
    if articles:
        sources = [str(replicate(sources, articles, run_dir / f"corpus-{articles}.jsonl"))]
    load_before = os.getloadavg()[0]
    inputs, distinct, tokens, passes = tokenization_pass(sources, max_chars)
    from flows.extract import runner_kind

    report = BenchReport(sources, inputs, distinct, tokens, statistics.median(passes), workers, batch_size,
                         runner_kind(task_runner, dask_address), load_before, tokenize_runs=passes)
    start_prefect_api()
    report.full = run_pipeline(sources, run_dir, workers, batch_size, report.task_runner, dask_address)
    if daily:
        new = replicate(sources, daily, run_dir / f"daily-{daily}.jsonl", marker="daily", first_copy=1)
        report.daily = run_pipeline([str(new)], run_dir, workers, batch_size, report.task_runner, dask_address)
    report.load_after = os.getloadavg()[0]
    (run_dir / "bench.json").write_text(json.dumps(asdict(report), indent=2, default=str), encoding="utf-8")
    report.notes.append(f"outputs: {run_dir}")
    return report


def _run_lines(title: str, run: RunReport, articles: int, tokens: int | None) -> list[str]:
    lines = [f"{title}: {run.wall_s:.1f} s wall, {articles / run.wall_s:,.1f} articles/s"
             + (f", {tokens / run.wall_s:,.0f} tokens/s" if tokens else ""),
             f"  peak resident memory: {run.peak_rss_mb:,.0f} MB in all processes "
             f"(main {run.peak_main_rss_mb:,.0f} MB, "
             f"largest child {run.peak_worker_rss_mb:,.0f} MB)",
             "  CPU seconds: " + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in run.cpu_s.items()),
             f"  {'stage':<20}{'tasks':>7}{'busy s':>10}{'span s':>10}"]
    lines += [f"  {name:<20}{s.tasks:>7}{s.busy_s:>10.1f}{s.span_s:>10.1f}" for name, s in run.stages.items()]
    return lines


def format_report(report: BenchReport) -> str:
    """The report as printed by ``akhbar bench``."""
    full = report.full
    new = full.summary["new_articles"]
    lines = [f"Akhbar benchmark on {', '.join(report.sources)}",
             f"  {report.input_articles:,} input articles, {report.distinct_articles:,} distinct, "
             f"{report.tokens:,} tokens; {report.workers} workers ({report.task_runner}), batches of "
             f"{report.batch_size}; {os.cpu_count()} cores, load average {report.load_before:.2f} before, "
             f"{report.load_after:.2f} after",
             f"tokenization pass (camel-tools simple_word_tokenize, median of {len(report.tokenize_runs)}: "
             f"{', '.join(f'{s:.2f}' for s in report.tokenize_runs)} s): {report.tokenize_s:.2f} s, "
             f"{report.tokens / report.tokenize_s:,.0f} tokens/s",
             *_run_lines(f"pipeline ({new:,} new articles)", full, new, report.tokens),
             f"ratio pipeline / tokenization: {report.ratio:.1f} (wall); "
             f"{sum(full.cpu_s.values()) / report.tokenize_s:.1f} (CPU seconds of all processes)"]
    if report.daily:
        lines += _run_lines(f"daily run (+{report.daily.summary['new_articles']} new articles)", report.daily,
                            report.daily.summary["new_articles"], None)
    lines += ["  (busy s: summed task run time, parallel tasks overlap; span s: first start to last end;",
              "   model includes validate-marts; wall excludes starting a temporary Prefect API)",
              *report.notes]
    return "\n".join(lines)
