"""The CRF tagger (python-crfsuite) trained on ANERcorp: training and tagging.

A model is a folder: ``ner.crfsuite`` (the CRF weights), ``clusters.tsv`` (word clusters,
see :mod:`akhbar.ner.clusters`) and ``meta.json`` (training parameters and dev scores).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from akhbar.extract.lexicon import load
from akhbar.ner.clusters import read_clusters
from akhbar.ner.conll import format_scores, score
from akhbar.ner.features import Featurizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS = "ner.crfsuite"
CLUSTERS = "clusters.tsv"
META = "meta.json"
FINAL_PUNCT = frozenset(".!?؟:;؛…")


@dataclass(frozen=True, slots=True)
class TrainParams:
    c1: float = 0.05  # L1: keeps the model small
    c2: float = 0.01
    max_iterations: int = 200
    min_freq: int = 1


class CrfTagger:
    """Tags sentences with a trained model folder (the packaged one by default)."""

    name = "akhbar-crf"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import pycrfsuite

        weights = model_dir / WEIGHTS
        if not weights.is_file():
            raise FileNotFoundError(f"no NER model at {model_dir}: train one with `akhbar train-ner`")
        self.version = hashlib.sha1(weights.read_bytes()).hexdigest()[:10]
        self.features = Featurizer(load(), read_clusters(model_dir / CLUSTERS))
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(weights))

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self._tag(list(s)) if s else [] for s in sentences]

    def _tag(self, tokens: list[str]) -> list[str]:
        # training sentences end with a full stop: give one to a sentence (or title) without it
        closed = tokens[-1] in FINAL_PUNCT
        tags = self._tagger.tag(self.features.sentence(tokens if closed else [*tokens, "."]))
        return tags if closed else tags[:-1]


def train(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], out_dir: Path, clusters: Path,
          params: TrainParams = TrainParams()) -> float:
    """Train on (tokens, tags) sentences into ``out_dir`` (weights and a copy of the clusters);
    returns the training time in seconds."""
    import pycrfsuite

    out_dir.mkdir(parents=True, exist_ok=True)
    features = Featurizer(load(), read_clusters(clusters))
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in sentences:
        trainer.append(features.sentence(tokens), list(tags))
    trainer.set_params({"c1": params.c1, "c2": params.c2, "max_iterations": params.max_iterations,
                        "feature.minfreq": params.min_freq, "feature.possible_transitions": True})
    started = time.perf_counter()
    tmp = out_dir / (WEIGHTS + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(out_dir / WEIGHTS)
    if clusters.resolve() != (out_dir / CLUSTERS).resolve():
        shutil.copyfile(clusters, out_dir / CLUSTERS)
    return time.perf_counter() - started


def train_and_report(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], out_dir: Path,
                     clusters: Path, params: TrainParams = TrainParams(), dev_fraction: float = 0.15,
                     sources: Sequence[str] = (), log: Callable[[str], object] = print) -> dict:
    """Hold out the last ``dev_fraction`` of the sentences, train on the rest and score the
    dev part (conlleval rules), then train the final model on every sentence into ``out_dir``.
    Writes and returns ``meta.json``."""
    if not sentences:
        raise ValueError("no training sentences")
    started = time.perf_counter()
    meta: dict = {"sources": list(sources), "sentences": len(sentences),
                  "tokens": sum(len(t) for t, _ in sentences), "params": asdict(params)}
    cut = len(sentences) - int(len(sentences) * dev_fraction)
    if 0 < cut < len(sentences):
        dev = sentences[cut:]
        with tempfile.TemporaryDirectory() as tmp:
            train(sentences[:cut], Path(tmp), clusters, params)
            predicted = CrfTagger(Path(tmp)).tag([tokens for tokens, _ in dev])
        scores = score([tags for _, tags in dev], predicted)
        log(f"dev: last {len(dev)} of {len(sentences)} sentences\n{format_scores(scores)}")
        meta["dev"] = {"sentences": len(dev), "scores": {
            label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "gold": s.tp + s.fn, "predicted": s.tp + s.fp} for label, s in scores.items()}}
    meta["train_seconds"] = round(train(sentences, out_dir, clusters, params), 1)
    meta["total_seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta
