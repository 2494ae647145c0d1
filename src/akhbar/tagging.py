"""Token-level NER over CoNLL files (``akhbar tag``, ``akhbar evaluate-ner``).

With the ANERcorp scheme and a statistical backend, the tagger's own tags are written
(it was trained on ANERcorp's tokens and labels). Otherwise tokens are joined by single
spaces into a sentence text, entities are recognized on that text (rules and lexicons,
completed by the tagger), and each mention's span is projected back onto the tokens it
covers (BIO). A clitic attached to a token stays inside it, as in ANERcorp (``والعراق B-LOC``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from akhbar.model import Mention, Sentence
from akhbar.ner.base import TokenTagger

# native label → ANERcorp label; labels not listed become O
ANERCORP = {"PER": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "EVENT": "MISC", "MISC": "MISC"}
SCHEMES = ("native", "anercorp")

Recognize = Callable[[str, list[Sentence]], list[Mention]]
SentencesTagger = Callable[[list[list[str]]], list[list[str]]]
CHUNK = 2000


def read_conll(lines: TextIO) -> Iterator[list[str]]:
    """Sentences as token lists (first whitespace-separated column), and an empty list for
    each blank or whitespace-only line, in input order: one output line per token and per
    empty list gives back the input's lines."""
    sentence: list[str] = []
    for line in lines:
        parts = line.split()
        if parts:
            sentence.append(parts[0])
            continue
        if sentence:
            yield sentence
            sentence = []
        yield []
    if sentence:
        yield sentence


def tag_tokens(tokens: Sequence[str], recognize: Recognize, scheme: str = "native") -> list[str]:
    """BIO tags for one sentence of tokens."""
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    text = " ".join(tokens)
    tags = ["O"] * len(tokens)
    mentions = sorted(recognize(text, [Sentence(0, 0, len(text))]),
                      key=lambda m: (m.start, -(m.end - m.start)))
    for mention in mentions:
        label = mention.label if scheme == "native" else ANERCORP.get(mention.label)
        if label is None:
            continue
        covered = [i for i, s in enumerate(starts) if s < mention.end and s + len(tokens[i]) > mention.start]
        if not covered or any(tags[i] != "O" for i in covered):
            continue  # overlapping mentions: the earlier/longer one wins
        tags[covered[0]] = f"B-{label}"
        for i in covered[1:]:
            tags[i] = f"I-{label}"
    return tags


def sentences_tagger(scheme: str, tagger: TokenTagger | None) -> SentencesTagger:
    """Tags of a run of sentences in ``scheme``: the tagger's own for ``anercorp`` (it sees
    the neighbouring sentences), else the rules and lexicons completed by the tagger, one
    sentence at a time (``tagger=None``: rules only)."""
    from akhbar.extract.entities import EntityRecognizer

    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    if scheme == "anercorp" and tagger is not None:
        return tagger.tag
    recognizer = EntityRecognizer(tagger=tagger)
    return lambda sentences: [tag_tokens(s, recognizer.recognize, scheme) for s in sentences]


def tag_file(conll_in: Path, out: Path, tag: SentencesTagger) -> int:
    """Tag every token of ``conll_in`` into ``out`` (``token<TAB>tag``), one line per input
    line, blank lines kept where they are; returns the token count. Sentences are tagged
    ``CHUNK`` at a time."""
    with open(conll_in, encoding="utf-8") as src:
        lines = list(read_conll(src))
    sentences = [s for s in lines if s]
    tags: list[list[str]] = []
    for at in range(0, len(sentences), CHUNK):
        tags += tag(sentences[at:at + CHUNK])
    tagged = iter(tags)
    with open(out, "w", encoding="utf-8") as dst:
        for tokens in lines:
            for token, label in zip(tokens, next(tagged) if tokens else (), strict=True):
                dst.write(f"{token}\t{label}\n")
            if not tokens:
                dst.write("\n")
    return sum(len(s) for s in sentences)
