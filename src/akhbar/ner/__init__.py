"""Statistical token-level NER (ANERcorp labels) and its backends."""

from __future__ import annotations

from pathlib import Path

from akhbar.ner.base import TokenTagger

BACKENDS = ("crf", "camel", "rules")


def load_tagger(backend: str, model_dir: Path | None = None) -> TokenTagger | None:
    """The tagger of ``backend`` (``None`` for ``rules``: lexicons and rules only)."""
    if backend == "crf":
        from akhbar.ner.crf import MODEL_DIR, CrfTagger

        return CrfTagger(model_dir or MODEL_DIR)
    if backend == "camel":
        from akhbar.ner.camel import CamelTagger

        return CamelTagger(model_dir)
    if backend == "rules":
        return None
    raise ValueError(f"unknown NER backend {backend!r}; choose one of {', '.join(BACKENDS)}")
