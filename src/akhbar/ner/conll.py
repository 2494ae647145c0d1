"""CoNLL files of tokens and BIO tags, and span scoring with conlleval rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from akhbar.ner.base import NOT


def read_tagged(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, tags): token first, tag last on each line (``O`` when missing)."""
    out: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                tokens.append(parts[0])
                tags.append(parts[-1] if len(parts) > 1 else "O")
            elif tokens:
                out.append((tokens, tags))
                tokens, tags = [], []
    if tokens:
        out.append((tokens, tags))
    return out


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Chunks ``(start, end, label)`` with conlleval rules: an ``I-`` after ``O`` or after
    another label starts a chunk."""
    out, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and kind != label)
        if start is not None and (tag == "O" or begins):
            out.add((start, i, label))
            start, label = None, None
        if tag != "O" and begins:
            start, label = i, kind
    return out


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, float | int]:
        """Rounded P/R/F1 and the counts, as training reports and model metas write them."""
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, Score]:
    """Per-label and ``overall`` span scores of predicted tag sequences against gold ones."""
    counts: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"sentence length differs: gold {len(g)} tags, predicted {len(p)}")
        gs, ps = spans(g), spans(p)
        for kind, found in (("tp", gs & ps), ("fp", ps - gs), ("fn", gs - ps)):
            for *_, label in found:
                counts[label, kind] += 1
                counts["overall", kind] += 1
    labels = sorted({label for label, _ in counts} - {"overall"}) + ["overall"]
    return {label: Score(counts[label, "tp"], counts[label, "fp"], counts[label, "fn"]) for label in labels}


def format_scores(scores: dict[str, Score]) -> str:
    """A conlleval-style table: label, precision, recall, F1, gold and predicted counts."""
    lines = [f"{'label':<8} {'precision':>9} {'recall':>7} {'f1':>7} {'gold':>6} {'pred':>6}"]
    for label, s in scores.items():
        lines.append(f"{label:<8} {s.precision:>9.4f} {s.recall:>7.4f} {s.f1:>7.4f} "
                     f"{s.tp + s.fn:>6} {s.tp + s.fp:>6}")
    return "\n".join(lines)


# other corpora's and the native scheme's labels in ANERcorp's terms (as ``akhbar tag --scheme anercorp``)
TO_ANERCORP = {"PERS": "PERS", "PER": "PERS", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
               "ORG": "ORG", "MISC": "MISC", "MIS": "MISC", "EVENT": "MISC"}


def gold_to_anercorp(tags: Sequence[str]) -> list[str]:
    """BIO tags with labels mapped to ANERcorp's (PER → PERS, MIS → MISC, GPE → LOC …);
    labels ANERcorp does not annotate become ``O``."""
    out = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        mapped = TO_ANERCORP.get(label)
        out.append(f"{prefix}-{mapped}" if mapped and prefix in ("B", "I") else "O")
    return out


def gold_to_persons(tags: Sequence[str]) -> list[str]:
    """Partial labels from the guide's BIO tags, where the guide and ANERcorp agree: a person
    (PER → ``B-PERS``/``I-PERS``) and no entity (``O``); every other annotated span becomes
    ``!PERS`` (any tag but a person's), for training to choose."""
    out = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        out.append(tag if tag == "O" else f"{prefix}-PERS" if TO_ANERCORP.get(label) == "PERS" else NOT + "PERS")
    return out
