"""Per-word caches: bounded, and emptied together (:func:`release`) between a worker's batches.

A worker's memory grew by about 700 MB over its batches: the caches' entries, and the heap they
pin between freed blocks, which the C allocator keeps. Emptying the caches and handing freed heap
back after each batch stops that growth from batch to batch (what a batch itself needs remains), at
no measurable CPU cost (the caches fill again within a batch's first articles). Arrow's memory pool
(mimalloc) likewise keeps the pages of freed tables: 40-50 MB after a batch's lake tables are sent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any

WORD_CACHE = 200_000  # distinct words a cache keeps (the least recently used go first)

_caches: weakref.WeakSet = weakref.WeakSet()


def word_cache(function: Callable[..., Any], maxsize: int = WORD_CACHE) -> Callable[..., Any]:
    """``function`` behind a bounded least-recently-used cache that :func:`release` empties."""
    cached = lru_cache(maxsize=maxsize)(function)
    _caches.add(cached)
    return cached


def release() -> None:
    """Empty every word cache and return freed memory to the system: Arrow's pool's unused pages
    and the C heap (``malloc_trim``, where the C library has it)."""
    for cache in list(_caches):
        cache.cache_clear()
    gc.collect()
    import pyarrow  # here: what reads text need not load Arrow

    pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
