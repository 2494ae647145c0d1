"""The CRF tagger (python-crfsuite) trained on ANERcorp: training and tagging.

A model is a folder: ``ner.crfsuite`` and ``ner-doc.crfsuite`` (the two passes' weights),
``clusters.tsv`` (word clusters, see :mod:`akhbar.ner.clusters`) and ``meta.json``
(training parameters and dev scores).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from akhbar.lexicon import load
from akhbar.ner.base import TokenTagger
from akhbar.ner.clusters import read_clusters
from akhbar.ner.features import Featurizer, document_features

MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS = "ner.crfsuite"  # first pass
DOC_WEIGHTS = "ner-doc.crfsuite"  # second pass, with document features
CLUSTERS = "clusters.tsv"
FINAL_PUNCT = frozenset(".!?؟:;؛…")
FOLDS = 4
WINDOW = 40  # sentences either side that the second pass looks at


@lru_cache(maxsize=1)
def packaged_clusters() -> dict[str, tuple[str, ...]]:
    """The packaged word clusters (:data:`CLUSTERS`), read once per process: the news labeller's
    features and the entity rules' vocabulary share them (10 MB and 0.1 s a copy)."""
    return read_clusters(MODEL_DIR / CLUSTERS)


@dataclass(frozen=True, slots=True)
class TrainParams:
    c1: float = 0.05  # L1: keeps the model small
    c2: float = 0.01
    max_iterations: int = 200
    min_freq: int = 1


class CrfTagger(TokenTagger):
    """Tags sentences with a trained model folder (the packaged one by default).

    Two passes: a sentence-level CRF, then a second CRF that also sees how the first one
    tagged the same words in the neighbouring sentences of the batch (one article, or a
    window of a CoNLL file): :func:`~akhbar.ner.features.document_features`.
    """

    name = "akhbar-crf"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import pycrfsuite

        paths = [model_dir / name for name in (WEIGHTS, DOC_WEIGHTS)]
        if not all(p.is_file() for p in paths):
            raise FileNotFoundError(f"no NER model at {model_dir}: train one with `akhbar train-ner`")
        digest = hashlib.sha1()
        for p in paths:
            digest.update(p.read_bytes())
        self.version = digest.hexdigest()[:10]
        self.features = Featurizer(load(), read_clusters(model_dir / CLUSTERS))
        self._first, self._second = pycrfsuite.Tagger(), pycrfsuite.Tagger()
        self._first.open(str(paths[0]))
        self._second.open(str(paths[1]))

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        closed = [_closed(s) for s in sentences]
        base = [self.features.sentence(s) if s else [] for s in closed]
        first = [self._first.tag(f) if f else [] for f in base]
        doc = document_features(self.features, closed, first, WINDOW)
        return [self._second.tag(_joined(f, d))[:len(s)] if s else []
                for f, d, s in zip(base, doc, sentences)]


def _closed(tokens: Sequence[str]) -> list[str]:
    """Training sentences end with a full stop: give one to a sentence (or title) without it."""
    return list(tokens) if not tokens or tokens[-1] in FINAL_PUNCT else [*tokens, "."]


def _joined(base: list[list[str]], doc: list[list[str]]) -> list[list[str]]:
    return [b + d for b, d in zip(base, doc)]


def _fit(items: Sequence[tuple[list[list[str]], Sequence[str]]], path: Path, params: TrainParams) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in items:
        trainer.append(xs, list(ys))
    trainer.set_params({"c1": params.c1, "c2": params.c2, "max_iterations": params.max_iterations,
                        "feature.minfreq": params.min_freq, "feature.possible_transitions": True})
    tmp = path.with_name(path.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(path)


def train(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], out_dir: Path, clusters: Path,
          params: TrainParams = TrainParams()) -> float:
    """Train both passes on (tokens, tags) sentences into ``out_dir`` (weights and a copy of
    the clusters); returns the training time in seconds. The second pass learns from
    first-pass tags predicted by models that did not see the sentence (``FOLDS`` blocks)."""
    import pycrfsuite

    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    features = Featurizer(load(), read_clusters(clusters))
    tokens = [_closed(t) for t, _ in sentences]
    tags = [list(y) + ["O"] * (len(x) - len(y)) for x, (_, y) in zip(tokens, sentences)]
    base = [features.sentence(t) for t in tokens]
    _fit(list(zip(base, tags)), out_dir / WEIGHTS, params)
    n = len(sentences)
    cross: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(FOLDS):
            lo, hi = fold * n // FOLDS, (fold + 1) * n // FOLDS
            if lo == hi:
                continue
            path = Path(tmp) / f"fold{fold}.crfsuite"
            _fit(list(zip(base[:lo] + base[hi:], tags[:lo] + tags[hi:])), path, params)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            cross += [tagger.tag(x) for x in base[lo:hi]]
    doc = document_features(features, tokens, cross, WINDOW)
    _fit([(_joined(b, d), y) for b, d, y in zip(base, doc, tags)], out_dir / DOC_WEIGHTS, params)
    if clusters.resolve() != (out_dir / CLUSTERS).resolve():
        shutil.copyfile(clusters, out_dir / CLUSTERS)
    return time.perf_counter() - started
