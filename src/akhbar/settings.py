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

from pydantic import Field, HttpUrl
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "AKHBAR_"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    sources: list[HttpUrl | Path] = Field(
        default_factory=lambda: [PROJECT_ROOT / "seeds"],
        description="Default input folders, files and http(s) URLs (RSS/Atom feeds or article pages).")
    feeds: Path | None = Field(None, description="A file of feed or article URLs, one a line (`#` comments), "
                                                 "read instead of the default seeds/ (with any sources given).")
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
    web_contact: str | None = Field(None, description="E-mail or URL put in the User-Agent of web requests, "
                                                      "so a site's operator can reach you.")
    web_timeout: float = Field(20.0, gt=0, description="Seconds a web request (and a whole page) may take.")
    web_retries: int = Field(2, ge=0, description="Retries of a web request after a timeout, 429 or 5xx.")
    web_max_bytes: int = Field(5_000_000, gt=0, description="Largest web page or feed read, in bytes.")
    web_per_host: int = Field(2, gt=0, description="Web requests at once on one host.")
    web_delay: float = Field(1.0, ge=0, description="Seconds between the starts of two requests to one "
                                                    "host (a longer robots.txt Crawl-delay wins).")
    ner_model: Path | None = Field(None, description="A model folder (`akhbar train-ner --out`) or a camel "
                                                     "NER model folder; default: the packaged one.")
    roles: Literal["models", "network"] = Field(
        "models", description="How events' actors and targets are chosen among the names around the trigger: "
                              "the learned logistic models (models), or those blended with the packaged role "
                              "network (network: better roles on held-out news, slower; see the event model card).")
    detection: Literal["model", "network"] = Field(
        "model", description="Which candidates are kept as events: the learned logistic classifier (model), or "
                             "its probability blended with the packaged detection network's (network: better "
                             "event F1 on held-out news, slower; see the event model card).")


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
