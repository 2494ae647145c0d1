"""Training the packaged NER models with a dev report (``akhbar train-ner``, ``make model``).

Every backend is trained the same way: hold out the untouched blocks of ANERcorp train
(:mod:`akhbar.splits`, the *check* part), train on the rest (the *tune* part) in a temporary
folder, score the check part with conlleval rules, then train the final model on every sentence.
The ``ensemble`` recipe trains the CRF into the model folder and the
BiLSTM-CRF into its ``bilstm/`` subfolder, and reports all three taggers on the same dev part.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from akhbar.ner.base import TokenTagger
from akhbar.ner.conll import format_scores, score
from akhbar.splits import ANERCORP_BLOCK, split_sentences

META = "meta.json"
Sentences = Sequence[tuple[Sequence[str], Sequence[str]]]


@dataclass(frozen=True, slots=True)
class Recipe:
    fit: Callable[[Sentences, Path, Sequence[float] | None], object]  # into a folder, with weights or None
    taggers: dict[str, Callable[[Path], TokenTagger]]  # name → tagger of a trained folder
    params: dict


def recipe(backend: str, clusters: Path, embeddings: Path | None,
           crf_params=None, bilstm_params=None, jobs: int = 1,
           distil_text: Sequence[Sequence[str]] = (), distil_params=None,
           pretrain_text: Sequence[Sequence[str]] = (), pretrain_params=None) -> Recipe:
    """How to train ``backend`` (``crf``, ``bilstm`` or ``ensemble``). The CRF needs word
    ``clusters``; the BiLSTM-CRF needs word vectors (``embeddings``, see ``akhbar ner-embeddings``)
    and trains its networks in ``jobs`` processes at once (the ensemble's CRF then trains beside
    them). The models do not depend on ``jobs``. With ``pretrain_text`` (unlabeled token lists), the
    networks start from an encoder pretrained on it as a language model (:func:`akhbar.ner.neural.pretrain`,
    once per fit: its vocabulary is the fit's). With ``distil_text``, the networks are then distilled
    into one (:func:`akhbar.ner.neural.distil`) on that text and the training sentences, and the one
    network is the model."""
    from akhbar.ner import crf, neural
    from akhbar.ner.ensemble import BILSTM_DIR, EnsembleTagger

    crf_params = crf_params or crf.TrainParams()
    bilstm_params = bilstm_params or neural.TrainParams()
    pretrain_params = pretrain_params or neural.PretrainParams()
    bilstm = asdict(bilstm_params) | ({"distil": asdict(distil_params or neural.DistilParams()),
                                        "distil_tokens": sum(map(len, distil_text))} if distil_text else {}) | (
        {"pretrain": asdict(pretrain_params)} if pretrain_text else {})
    if backend in ("bilstm", "ensemble") and embeddings is None:
        raise ValueError(f"the {backend} backend needs word vectors: build them with `akhbar ner-embeddings`")
    vectors = neural.load_embeddings(embeddings) if embeddings else None

    def unweighted(weights: Sequence[float] | None) -> None:
        if weights is not None:
            raise ValueError(f"the {backend} backend's CRF cannot weight sentences; weights need the bilstm backend")

    def fit_crf(sentences: Sentences, out: Path, weights: Sequence[float] | None = None) -> None:
        unweighted(weights)
        crf.train(sentences, out, clusters, crf_params)

    def fit_bilstm(sentences: Sentences, out: Path, weights: Sequence[float] | None = None) -> None:
        def networks(to: Path) -> None:
            neural.train(sentences, to, vectors, bilstm_params, jobs=jobs, weights=weights, text=pretrain_text,
                         pretrain_params=pretrain_params)
        if not distil_text:
            networks(out)
            return
        with tempfile.TemporaryDirectory() as pair:
            networks(Path(pair))
            neural.distil(Path(pair), [tokens for tokens, _ in sentences] + list(distil_text), out,
                          distil_params or neural.DistilParams())

    def fit_both(sentences: Sentences, out: Path, weights: Sequence[float] | None = None) -> None:
        unweighted(weights)
        if jobs < 2:
            fit_crf(sentences, out)
            fit_bilstm(sentences, out / BILSTM_DIR)
            return
        # the CRF (one core) in a process of its own while the networks train
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            crf_done = pool.submit(crf.train, sentences, out, clusters, crf_params)
            fit_bilstm(sentences, out / BILSTM_DIR)
            crf_done.result()

    if backend == "crf":
        return Recipe(fit_crf, {"crf": crf.CrfTagger}, {"crf": asdict(crf_params)})
    if backend == "bilstm":
        return Recipe(fit_bilstm, {"bilstm": neural.NeuralTagger}, {"bilstm": bilstm})
    if backend == "ensemble":
        return Recipe(fit_both, {"crf": crf.CrfTagger,
                                 "bilstm": lambda d: neural.NeuralTagger(d / BILSTM_DIR),
                                 "ensemble": EnsembleTagger},
                      {"crf": asdict(crf_params), "bilstm": bilstm})
    raise ValueError(f"cannot train the {backend!r} backend; choose crf, bilstm or ensemble")


def sentence_weights(base: Sentences, extra: Sentences, extra_weight: float | str) -> list[float] | None:
    """Per-sentence loss weights of a run on ``base`` then ``extra`` sentences: 1 for each base
    sentence, ``extra_weight`` for each extra one (``"balance"``: base tokens / extra tokens, so the
    two weigh the same); ``None`` when every weight is 1."""
    if extra_weight == "balance":
        extra_weight = sum(map(len, (t for t, _ in base))) / max(1, sum(map(len, (t for t, _ in extra))))
    if not extra or float(extra_weight) == 1.0:
        return None
    if float(extra_weight) <= 0:
        raise ValueError(f"the extra sentences' weight must be positive, not {extra_weight}")
    return [1.0] * len(base) + [float(extra_weight)] * len(extra)


def train_and_report(sentences: Sentences, out_dir: Path, how: Recipe, dev: bool = True,
                     sources: Sequence[str] = (), log: Callable[[str], object] = print,
                     final: bool = True, extra: Sentences = (), extra_source: str = "",
                     extra_weight: float | str = 1.0) -> dict:
    """With ``dev``, a dev run first: train on the *tune* part of the sentences and score the
    untouched *check* blocks (:func:`akhbar.splits.split_sentences`, by position in the file: the
    blocks of ANERcorp train that are never used for tuning). Then, with ``final``, the final model
    on every sentence into ``out_dir``. The ``extra`` sentences (``extra_source``: where they come
    from) are trained on in both runs and never scored, each weighing ``extra_weight`` in the loss
    (``"balance"``: together as much as the run's other sentences, by tokens; 1 for every other
    sentence). Writes ``meta.json`` into ``out_dir`` and returns it."""
    if not sentences:
        raise ValueError("no training sentences")
    started = time.perf_counter()
    meta: dict = {"sources": list(sources), "sentences": len(sentences),
                  "tokens": sum(len(t) for t, _ in sentences), "params": how.params}
    if extra:
        meta["extra"] = {"source": extra_source, "sentences": len(extra), "tokens": sum(len(t) for t, _ in extra),
                         "weight": extra_weight}
    parts = split_sentences(sentences)
    if dev and parts["tune"] and parts["check"]:
        check = parts["check"]
        gold = [tags for _, tags in check]
        meta["dev"] = {"part": "check", "block": ANERCORP_BLOCK, "sentences": len(check), "scores": {}}
        with tempfile.TemporaryDirectory() as tmp:
            how.fit([*parts["tune"], *extra], Path(tmp), sentence_weights(parts["tune"], extra, extra_weight))
            for name, tagger in how.taggers.items():
                scores = score(gold, tagger(Path(tmp)).tag([tokens for tokens, _ in check]))
                log(f"dev ({name}): untouched blocks, {len(check)} of {len(sentences)} sentences\n"
                    f"{format_scores(scores)}")
                meta["dev"]["scores"][name] = {
                    label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                            "f1": round(s.f1, 4), "gold": s.tp + s.fn, "predicted": s.tp + s.fp}
                    for label, s in scores.items()}
    if final:
        fitted = time.perf_counter()
        how.fit([*sentences, *extra], out_dir, sentence_weights(sentences, extra, extra_weight))
        meta["train_seconds"] = round(time.perf_counter() - fitted, 1)
    meta["total_seconds"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta
