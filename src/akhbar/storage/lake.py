"""The Parquet lake: ``<lake>/<dataset>/ingest_date=YYYY-MM-DD/<batch_id>.parquet``.

Each file is written atomically (hidden temp file in the same folder, fsync, ``os.replace``).
Within a batch the ``articles`` file is written last: it is the batch's commit marker, so a run
killed half-way leaves child rows without articles, which the warehouse ignores and
:func:`processed_articles` and :func:`known_quarantine_ids` do not count, and the rerun writes the
batch again. Empty child tables are not written; the ``articles`` file is written even when empty
(a batch of only quarantined items) so every written batch has its marker. A batch with no article and no
quarantined item writes nothing.

A lake is marked as Akhbar's by a ``.akhbar-lake`` file at its root (:func:`claim_lake`); a run refuses
a non-empty folder that has neither the marker nor the layout of an earlier Akhbar lake.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.schemas import DATASETS, PAGES
from akhbar.storage.files import PathRefused, fsync_dir, remove_files_of_dead_writers

if TYPE_CHECKING:
    import pyarrow.dataset as pads

COMMIT_DATASET = "articles"
PAGES_DATASET = "pages"  # web pages as fetched (akhbar.schemas.PAGES), not part of a batch
LAKE_MARKER = ".akhbar-lake"
LAKE_FORMAT = {"format": "akhbar-lake", "version": 1}
_TEMP = re.compile(r"^\..+\.tmp-(\d+)$")
_PARTITION = "ingest_date="


def is_akhbar_lake(lake: Path) -> bool:
    """True for a folder that is empty, carries the marker, or has the layout of an Akhbar lake made
    before the marker existed (only dataset folders holding only ``ingest_date=`` folders)."""
    if (lake / LAKE_MARKER).is_file():
        return True
    entries = list(lake.iterdir())
    return all((entry.is_file() and _TEMP.match(entry.name))
               or (entry.is_dir() and entry.name in DATASETS
                   and all(part.is_dir() and part.name.startswith(_PARTITION) for part in entry.iterdir()))
               for entry in entries)


def claim_lake(lake: Path) -> None:
    """Refuse ``lake`` (:class:`PathRefused`, nothing written) unless it is missing or an Akhbar lake;
    then create it if needed and mark it."""
    if lake.exists() and not lake.is_dir():
        raise PathRefused(f"lake {lake} is a file, not a folder: give a new or empty folder, or an Akhbar lake")
    if lake.is_dir() and not is_akhbar_lake(lake):
        raise PathRefused(f"lake {lake} is a non-empty folder that is not an Akhbar lake (no {LAKE_MARKER}): "
                          "it was left untouched; give a new or empty folder, or an Akhbar lake")
    if not (lake / LAKE_MARKER).is_file():
        lake.mkdir(parents=True, exist_ok=True)
        _write_bytes_atomic(json.dumps(LAKE_FORMAT).encode(), lake / LAKE_MARKER)


def _write_atomic(table: pa.Table, path: Path) -> None:
    _write_file_atomic(path, lambda fh: pq.write_table(table, fh, compression="zstd"))


def _write_bytes_atomic(data: bytes, path: Path) -> None:
    _write_file_atomic(path, lambda fh: fh.write(data))


def _write_file_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def batch_path(lake: Path, dataset: str, ingest_date: date, batch_id: str) -> Path:
    return lake / dataset / f"ingest_date={ingest_date.isoformat()}" / f"{batch_id}.parquet"


def write_batch(lake: Path, tables: dict[str, pa.Table], ingest_date: date, batch_id: str) -> list[Path]:
    """Write one batch (tables from :func:`akhbar.storage.records.build_tables`); return the files."""
    for name, schema in DATASETS.items():
        if not tables[name].schema.equals(schema):
            raise ValueError(f"table {name!r} does not have the schema of akhbar.schemas.DATASETS")
    if not tables[COMMIT_DATASET].num_rows and not tables["quarantine"].num_rows:
        return []
    order = [n for n in DATASETS if n != COMMIT_DATASET and tables[n].num_rows] + [COMMIT_DATASET]
    written = []
    for name in order:
        path = batch_path(lake, name, ingest_date, batch_id)
        _write_atomic(tables[name], path)
        written.append(path)
    return written


def _dataset(source: Path | list[str], schema: pa.Schema) -> pads.Dataset:
    """The Parquet dataset of a folder or files. pyarrow.dataset (and with it pandas, some 40 MB)
    loads here: extraction workers import this module with the flow's and never read the lake."""
    import pyarrow.dataset as pads

    return pads.dataset(source, format="parquet", schema=schema)


def processed_articles(lake: Path, extractor: str) -> set[str]:
    """Ids of articles committed to the lake with this extractor tag (reruns skip them)."""
    root = lake / COMMIT_DATASET
    if not root.is_dir():
        return set()
    dataset = _dataset(root, DATASETS[COMMIT_DATASET])
    table = dataset.to_table(columns=["article_id"], filter=pc.field("extractor") == extractor)
    return set(table.column("article_id").to_pylist())


def known_quarantine_ids(lake: Path) -> set[str]:
    """Ids (:func:`akhbar.ingest.identity.quarantine_id`) of the quarantined items of committed
    batches, so a run can leave out the items an earlier run already quarantined.

    Only the ``quarantine_id`` column of the quarantine files whose batch has its commit marker is
    read. The items of a batch killed before its marker are not known: the rerun writes them again,
    in the same batch (same id) a clean run would have written.
    """
    committed = {path.stem for path in (lake / COMMIT_DATASET).glob("*/*.parquet")}
    files = [str(path) for path in (lake / "quarantine").glob("*/*.parquet") if path.stem in committed]
    if not files:
        return set()
    dataset = _dataset(files, DATASETS["quarantine"])
    return set(dataset.to_table(columns=["quarantine_id"]).column("quarantine_id").to_pylist())


def write_pages(lake: Path, table: pa.Table, fetch_date: date, file_id: str) -> Path:
    """Write fetched web pages (schema :data:`akhbar.schemas.PAGES`) as one Parquet file."""
    if not table.schema.equals(PAGES):
        raise ValueError("pages table does not have the schema akhbar.schemas.PAGES")
    path = batch_path(lake, PAGES_DATASET, fetch_date, file_id)
    _write_atomic(table, path)
    return path


def read_pages(lake: Path, columns: list[str], page_ids: set[str] | None = None) -> pa.Table:
    """``columns`` of the fetched web pages (of ``page_ids`` only, when given); empty when none."""
    files = [str(p) for p in (lake / PAGES_DATASET).glob("*/*.parquet")]
    if not files or page_ids is not None and not page_ids:
        return PAGES.empty_table().select(columns)
    dataset = _dataset(files, PAGES)
    where = None if page_ids is None else pc.field("page_id").isin(sorted(page_ids))
    return dataset.to_table(columns=columns, filter=where)


def article_urls(lake: Path) -> set[str]:
    """The ``url`` of every committed article (a web source skips them before fetching)."""
    root = lake / COMMIT_DATASET
    if not root.is_dir():
        return set()
    dataset = _dataset(root, DATASETS[COMMIT_DATASET])
    urls = dataset.to_table(columns=["url"], filter=pc.field("url").is_valid()).column("url")
    return set(urls.to_pylist())


def remove_stale_temp(lake: Path) -> list[Path]:
    """Delete temp files left by writers that no longer run; return what was removed."""
    if not lake.is_dir():
        return []
    return remove_files_of_dead_writers(lake.rglob(".*.tmp-*"), _TEMP)
