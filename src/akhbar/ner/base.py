"""The one interface every token-level NER backend implements.

A tagger reads sentences of whitespace tokens (clitics attached, as in ANERcorp) and gives
one BIO tag per token with ANERcorp's coarse labels: ``PERS``, ``LOC``, ``ORG``, ``MISC``
(``B-PERS``, ``I-LOC``, ``O`` …). Fine labels (GPE/LOC/FAC, NORP, …) are added on top by
:mod:`akhbar.extract.entities`. ``name``/``version`` say which model produced a tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

LABELS = ("PERS", "LOC", "ORG", "MISC")
TAGS = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in "BI"))
NOT = "!"  # a partial training label: "!PERS" allows every tag but a person's (O, B-LOC, I-ORG …)


def conlleval_bio(tags: Sequence[str]) -> list[str]:
    """BIO as conlleval reads it: an ``I-X`` that does not continue an ``X`` starts one (``B-X``)."""
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def allowed(tag: str) -> np.ndarray:
    """Which tags of :data:`TAGS` a training label allows: the tag itself, or, for a partial
    label ``!X``, every tag whose label is not ``X``. Fails on a label that allows no tag, or
    every tag (``!X`` of a label ``X`` that is not one of :data:`LABELS`)."""
    if tag.startswith(NOT):
        out = np.array([t[2:] != tag[len(NOT):] for t in TAGS])
    else:
        out = np.array([t == tag for t in TAGS])
    if not out.any() or out.all():
        raise ValueError(f"not a training label: {tag!r}")
    return out


def bio_forbidden() -> tuple[np.ndarray, np.ndarray]:
    """Where BIO forbids a tag of :data:`TAGS` (an ``I-X`` only after ``B-X`` or ``I-X``): a
    (previous tag × tag) boolean matrix, and a boolean vector for the first tag of a sentence."""
    inside = np.array([t.startswith("I-") for t in TAGS])
    other = np.array([[p[2:] != t[2:] for t in TAGS] for p in TAGS])
    return other & inside[None, :], inside


def viterbi(scores: np.ndarray, lengths: Sequence[int], step: np.ndarray, first: np.ndarray,
            last: np.ndarray) -> list[list[int]]:
    """Best tag paths of a batch: ``scores`` (sentences × positions × tags, padded past each of
    ``lengths``) plus ``step`` (previous tag × tag), ``first`` and ``last`` tag scores, maximised
    in sum (log space). Ties go to the lower tag index."""
    n, t, _ = scores.shape
    mask = np.arange(t)[None, :] < np.asarray(lengths)[:, None]
    score = first[None] + scores[:, 0]
    back = []
    for i in range(1, t):
        total = score[:, :, None] + step[None]
        arg = total.argmax(1)
        back.append(arg)
        best = np.take_along_axis(total, arg[:, None, :], 1)[:, 0]
        score = np.where(mask[:, i, None], best + scores[:, i], score)
    ends = (score + last[None]).argmax(1)
    out = []
    for b, k in enumerate(lengths):
        path = [int(ends[b])]
        for i in range(k - 1, 0, -1):
            path.append(int(back[i - 1][b, path[-1]]))
        out.append(path[::-1])
    return out


def marginals(scores: np.ndarray, lengths: Sequence[int], step: np.ndarray) -> np.ndarray:
    """Each position's tag probabilities under a linear-chain model (forward-backward): ``scores`` and
    ``step`` as in :func:`viterbi` (no first or last tag scores); positions past a sentence's length
    are padding. Scaled per position in probability space, so nothing overflows."""
    n, t, _ = scores.shape
    mask = np.arange(t)[None, :] < np.asarray(lengths)[:, None]
    emit = np.exp(scores - scores.max(2, keepdims=True))
    move = np.exp(step - step.max())
    alpha, beta = np.empty_like(emit), np.ones_like(emit)
    alpha[:, 0] = emit[:, 0] / emit[:, 0].sum(1, keepdims=True)
    for i in range(1, t):
        a = (alpha[:, i - 1] @ move) * emit[:, i]
        alpha[:, i] = a / a.sum(1, keepdims=True)
    for i in range(t - 2, -1, -1):
        b = (emit[:, i + 1] * beta[:, i + 1]) @ move.T
        beta[:, i] = np.where(mask[:, i + 1, None], b / b.sum(1, keepdims=True), 1.0)
    joint = alpha * beta
    return joint / joint.sum(2, keepdims=True)


def budget_runs(items: Iterable[int], lengths: Sequence[int], budget: int, padded: bool = False) -> list[list[int]]:
    """``items`` cut, in their order, into runs whose ``lengths`` sum to at most ``budget`` (``padded``:
    the run's size × its last item's length, its longest when the items come in length order); an
    item over the budget is a run of its own."""
    runs: list[list[int]] = [[]]
    total = 0
    for i in items:
        size = len(runs[-1]) + 1
        total = size * lengths[i] if padded else total + lengths[i]
        if runs[-1] and total > budget:
            runs.append([])
            total = lengths[i]
        runs[-1].append(i)
    return [run for run in runs if run]


@runtime_checkable
class TokenTagger(Protocol):
    name: str
    version: str

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (ANERcorp labels), one list per sentence, one tag per token; the sentences
        are a run of one document (a backend may read neighbouring sentences)."""
        ...

    def tag_documents(self, documents: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
        """:meth:`tag` of each document (e.g. the articles of a batch); a backend that gains from
        batching runs once over them all, with the same tags."""
        return [self.tag(document) for document in documents]
