"""One name, one label within a story: a document-level pass over a tagger's BIO tags.

A name a tagger found once is often missed or labelled differently a few sentences later
(``برشلونة`` ORG in a match report, then LOC). Over a window of sentences, each name found
(its tokens, a one-letter proclitic set aside: ``لبرشلونة`` reads as ``برشلونة``) votes for
its label; the pass then

* tags untagged occurrences of a found name with its majority label (longest names first), and
* relabels a found name whose label is outvoted in the window.

On two dev blocks of ANERcorp train (first and last 15 %) this adds 0.9 and 1.1 points of F1\nto the ensemble.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from akhbar.ner.conll import spans

WINDOW = 10  # sentences either side (10 beat 20 and 40 on both dev blocks)
MIN_CHARS = 3  # shorter names (all tokens together) are not propagated
_PROCLITICS = frozenset("وبلكف")

Name = tuple[str, ...]


def _keys(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tokens with a one-letter proclitic set aside where the rest occurs on its own
    (``لبرشلونة`` → ``برشلونة`` when ``برشلونة`` is in the text, ``بغداد`` stays)."""
    seen = {t for tokens in sentences for t in tokens}
    return [[t[1:] if t[:1] in _PROCLITICS and len(t) > 3 and t[1:] in seen else t for t in tokens]
            for tokens in sentences]


def _chunk(label: str, length: int) -> list[str]:
    return [f"B-{label}"] + [f"I-{label}"] * (length - 1)


def harmonize(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
              window: int = WINDOW) -> list[list[str]]:
    """``tags`` with names made consistent across ``window`` sentences either side."""
    keys = _keys(sentences)
    found = [[(tuple(k[a:b]), label) for a, b, label in spans(t)] for k, t in zip(keys, tags)]
    labels: dict[Name, set[str]] = defaultdict(set)  # every label a name was given
    starting: dict[str, set[Name]] = defaultdict(set)  # names by their first token
    for name, label in (item for names in found for item in names):
        labels[name].add(label)
        starting[name[0]].add(name)
    votes: Counter[tuple[Name, str]] = Counter()
    for names in found[:window]:
        votes.update(names)
    out = []
    for i, (k, own) in enumerate(zip(keys, tags)):
        if i + window < len(found):
            votes.update(found[i + window])
        if i - window - 1 >= 0:
            votes.subtract(found[i - window - 1])
        best: dict[Name, tuple[int, str]] = {}  # names that may occur here → (votes, label)
        for name in {n for token in k for n in starting.get(token, ())}:
            top = max((votes[(name, label)], label) for label in labels[name])
            if top[0] > 0:
                best[name] = top
        out.append(_consistent(k, own, best, votes))
    return out


def _consistent(keys: list[str], tags: Sequence[str], best: dict[Name, tuple[int, str]],
                votes: Counter) -> list[str]:
    out = list(tags)
    for a, b, label in spans(tags):  # an outvoted label gives way
        name = tuple(keys[a:b])
        n, top = best[name]
        if votes[(name, label)] < n:
            out[a:b] = _chunk(top, b - a)
    for name, (_, label) in sorted(best.items(), key=lambda item: (-len(item[0]), item[0])):  # longest first
        size = len(name)
        if sum(map(len, name)) < MIN_CHARS:
            continue
        for i in range(len(keys) - size + 1):
            if (tuple(keys[i:i + size]) == name and all(t == "O" for t in out[i:i + size])
                    and not (i + size < len(out) and out[i + size].startswith("I-"))):
                out[i:i + size] = _chunk(label, size)
    return out
