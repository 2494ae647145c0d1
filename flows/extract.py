"""Extract stage: entity mentions and events of one batch of articles, as lake tables, in worker processes."""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Literal

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

from akhbar.extract.base import Extractor, extractor_tag
from akhbar.extract.events import EventExtractor
from akhbar.extract.events.rolenet import Detector, RoleNet
from akhbar.extract.labeller import NewsLabeller
from akhbar.extract.rules import RuleExtractor, identity
from akhbar.ingest.batches import Batch
from akhbar.ner import DEFAULT_BACKEND, load_tagger
from akhbar.ner.base import TokenTagger
from akhbar.settings import get_settings
from akhbar.storage.records import build_tables
from akhbar.text.caches import release

RunnerKind = Literal["processes", "dask"]


@lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """One extractor per process: lexicons and the NER model load once."""
    return RuleExtractor(_tagger(), labeller=NewsLabeller(),
                         events=EventExtractor(roles=_roles(), detector=_detector()))


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The tag (``name/version``) of :func:`get_extractor`'s extractor, without loading its lexicons
    and models: a flow whose batches go to workers does not hold them (about 50 MB)."""
    return "/".join(identity(_tagger(), NewsLabeller.name, _roles(), _detector()))


@lru_cache(maxsize=1)
def _tagger() -> TokenTagger | None:
    """The configured tagger, made once per process (its model loads on first use): the run's version
    and the extractor share it, so its weights are hashed once."""
    settings = get_settings()
    return load_tagger(settings.ner or DEFAULT_BACKEND, settings.ner_model)


@lru_cache(maxsize=1)
def _roles() -> RoleNet | None:
    """The packaged role network when the settings ask for it (``AKHBAR_ROLES=network``)."""
    return RoleNet() if get_settings().roles == "network" else None


@lru_cache(maxsize=1)
def _detector() -> Detector | None:
    """The packaged detection network when the settings ask for it (``AKHBAR_DETECTION=network``)."""
    return Detector() if get_settings().detection == "network" else None


def load_extractor() -> None:
    """Load the extractor before the first batch arrives (run once in each Dask worker)."""
    get_extractor()


def start_worker() -> None:
    """Process-pool initializer: load the extractor; at exit skip the interpreter's teardown, which
    takes seconds with Prefect imported (the pool has collected every result by then)."""
    get_extractor()
    atexit.register(os._exit, 0)


def extract_tables(batch: Batch, ingested_at: datetime) -> dict[str, pa.Table]:
    """The lake tables of ``batch`` made by this process's extractor. Memory is released before (the
    last batch's tables are freed once sent) and after, so a worker does not grow from batch to batch."""
    release()
    extractor = get_extractor()
    items = list(zip(batch.articles, extractor.extract_all(batch.articles)))
    tables = build_tables(items, batch.quarantined, extractor_tag(extractor), ingested_at)
    del items
    release()
    return tables


@task(name="extract", cache_policy=NONE)
def extract(batch: Batch, extractor: str, ingested_at: datetime) -> dict[str, pa.Table]:
    """Lake tables of one batch; fails when this worker's extractor is not version ``extractor``."""
    found = extractor_tag(get_extractor())
    if found != extractor:
        raise RuntimeError(f"worker runs extractor {found}, the run expects {extractor}: "
                           "install the same code on every worker")
    return extract_tables(batch, ingested_at)


def runner_kind(task_runner: RunnerKind, dask_address: str | None) -> RunnerKind:
    """The task runner a run uses: a Dask scheduler address means ``dask``, whatever ``task_runner`` says
    (the one place this is decided, for ``akhbar run``, the bench and runs started from the UI)."""
    return "dask" if dask_address else task_runner


@contextmanager
def extraction_workers(kind: RunnerKind, workers: int, dask_address: str | None = None) -> Iterator[TaskRunner]:
    """A started task runner for ``extract``: a local pool of ``workers`` processes, a Dask
    LocalCluster of ``workers`` single-threaded worker processes (no dashboard), or the Dask
    scheduler at ``dask_address``. Each worker process loads the extractor once, up front, and
    reports to this flow run's API (a temporary one included)."""
    api = str(FlowRunContext.get().client.api_url)
    with temporary_settings(updates={PREFECT_API_URL: api}):
        if kind == "processes":
            with ProcessPoolTaskRunner(max_workers=workers, initializer=start_worker) as runner:
                yield runner
            return
        from prefect_dask import DaskTaskRunner

        cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        with (DaskTaskRunner(address=dask_address) if dask_address
              else DaskTaskRunner(cluster_kwargs=cluster)) as runner:
            runner.client.run(load_extractor)
            yield runner
