"""One typed settings object for the whole project.

Values come from environment variables prefixed ``AKHBAR_`` (for example
``AKHBAR_WAREHOUSE=/srv/akhbar.duckdb``). An ``AKHBAR_`` variable that names no
setting is an error, so typos do not pass silently. Per-run knobs are flow
parameters, not settings.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "AKHBAR_"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    sources: list[Path] = Field(default_factory=lambda: [PROJECT_ROOT / "seeds"],
                                description="Default input folders or files.")
    warehouse: Path = Field(PROJECT_ROOT / "data" / "warehouse.duckdb",
                            description="DuckDB warehouse file.")
    lake: Path = Field(PROJECT_ROOT / "data" / "lake", description="Parquet lake folder.")
    allowed_roots: list[Path] = Field(
        default_factory=list,
        description="When set (JSON list, e.g. AKHBAR_ALLOWED_ROOTS='[\"/srv/news\"]'), pipeline runs read sources "
                    "and write the warehouse and lake only under these folders; `akhbar serve --allowed-root` "
                    "sets it for served runs. Empty: no confinement.")
    sql_dir: Path = Field(PROJECT_ROOT / "sql", description="SQL models (staging/, marts/).")
    expectations_dir: Path = Field(PROJECT_ROOT / "expectations", description="Expectation suites.")
    max_article_chars: int = Field(200_000, gt=0,
                                   description="Articles longer than this are quarantined (absurdly large).")
    batch_size: int = Field(1000, gt=0, description="Articles per extraction batch.")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, gt=0,
                         description="Extraction worker processes (default: the machine's cores).")
    ner: Literal["ensemble", "crf", "bilstm", "camel", "rules"] | None = Field(
        None, description="Statistical NER backend under the rules, in the pipeline and every command: "
                          "the packaged CRF and BiLSTM-CRF together (ensemble), either alone, camel-tools' "
                          "ner-arabert (when installed) or none (rules). Unset: bilstm (the most accurate; "
                          "akhbar.ner.DEFAULT_BACKEND).")
    ner_model: Path | None = Field(None, description="A model folder (`akhbar train-ner --out`) or a camel "
                                                     "NER model folder; default: the packaged one.")


def unknown_env_keys(environ: dict[str, str] | None = None) -> list[str]:
    """Return AKHBAR_* variables that do not name a setting."""
    environ = os.environ if environ is None else environ
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    return sorted(k for k in environ if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    unknown = unknown_env_keys()
    if unknown:
        raise ValueError(
            f"unknown setting(s) {', '.join(unknown)}; known: "
            + ", ".join(ENV_PREFIX + n.upper() for n in Settings.model_fields))
    return Settings()
