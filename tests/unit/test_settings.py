"""Settings: AKHBAR_ environment variables, typed, unknown keys refused."""

from __future__ import annotations

import pytest

from akhbar.cli import main
from akhbar.settings import Settings, get_settings, unknown_env_keys


def test_env_prefix_sets_typed_values(monkeypatch, tmp_path):
    monkeypatch.setenv("AKHBAR_BATCH_SIZE", "7")
    monkeypatch.setenv("AKHBAR_WAREHOUSE", str(tmp_path / "w.duckdb"))
    settings = Settings()
    assert settings.batch_size == 7
    assert settings.warehouse == tmp_path / "w.duckdb"


def test_bad_value_is_rejected(monkeypatch):
    monkeypatch.setenv("AKHBAR_BATCH_SIZE", "0")
    with pytest.raises(ValueError):
        Settings()


def test_unknown_key_is_an_error(monkeypatch):
    assert unknown_env_keys({"AKHBAR_WAREHOSE": "x", "AKHBAR_LAKE": "y", "PATH": "/bin"}) == ["AKHBAR_WAREHOSE"]
    monkeypatch.setenv("AKHBAR_WAREHOSE", "typo.duckdb")
    get_settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="AKHBAR_WAREHOSE"):
            get_settings()
        assert main(["tag", "--conll", "x", "--out", "y"]) == 2
    finally:
        get_settings.cache_clear()



def test_workers_default_to_the_cores(monkeypatch):
    import os

    assert Settings().workers == (os.cpu_count() or 1)
    monkeypatch.setenv("AKHBAR_WORKERS", "3")
    assert Settings().workers == 3
