"""Statistical token-level NER (ANERcorp labels) and its backends."""

from __future__ import annotations

from pathlib import Path

from akhbar.ner.base import TokenTagger

BACKENDS = ("ensemble", "crf", "bilstm", "camel", "rules")
DEFAULT_BACKEND = "bilstm"  # of the pipeline and every command: the most accurate (see the model card)


def load_tagger(backend: str, model_dir: Path | None = None) -> TokenTagger | None:
    """The tagger of ``backend`` (``None`` for ``rules``: lexicons and rules only). The packaged
    model folder holds the CRF and, in ``bilstm/``, the BiLSTM-CRF; ``ensemble`` uses both."""
    if backend in ("ensemble", "crf", "bilstm"):
        from akhbar.ner.crf import MODEL_DIR, CrfTagger
        from akhbar.ner.ensemble import BILSTM_DIR, EnsembleTagger
        from akhbar.ner.neural import NeuralTagger

        folder = model_dir or MODEL_DIR
        if backend == "bilstm":  # a `train-ner --out` folder (network in bilstm/) or the network's own
            return NeuralTagger(folder / BILSTM_DIR if (folder / BILSTM_DIR).is_dir() else folder)
        return EnsembleTagger(folder) if backend == "ensemble" else CrfTagger(folder)
    if backend == "camel":
        from akhbar.ner.camel import CamelTagger

        return CamelTagger(model_dir)
    if backend == "rules":
        return None
    raise ValueError(f"unknown NER backend {backend!r}; choose one of {', '.join(BACKENDS)}")
