"""Shared test fixtures: paths to the repo, the seed article and (optional) shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fixtures.website import site_server  # noqa: F401  (a loopback HTTP server for web-source tests)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_98b8e4c306178cf7.txt"
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"

# Tests never reach the network: no Prefect telemetry (GX analytics: off in akhbar.quality.runner).
os.environ.setdefault("DO_NOT_TRACK", "1")


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared data folder is not next to this checkout)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
