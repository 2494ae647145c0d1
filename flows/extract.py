"""Extract stage: entity mentions and events of one batch of articles, as lake tables."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from akhbar.extract.base import Extractor, extractor_tag
from akhbar.extract.rules import RuleExtractor
from akhbar.model import Article, Quarantined
from akhbar.ner import load_tagger
from akhbar.settings import get_settings
from akhbar.storage.records import build_tables


@lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """One extractor per process: lexicons and the NER model load once."""
    settings = get_settings()
    return RuleExtractor(load_tagger(settings.ner, settings.ner_model))


@task(name="extract", cache_policy=NONE)
def extract(articles: list[Article], quarantined: list[Quarantined],
            ingested_at: datetime) -> dict[str, pa.Table]:
    extractor = get_extractor()
    items = [(article, extractor.extract(article)) for article in articles]
    return build_tables(items, quarantined, extractor_tag(extractor), ingested_at)
