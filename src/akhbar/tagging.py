"""Token-level NER over CoNLL files (``akhbar tag``, ``akhbar evaluate-ner``).

With the ANERcorp scheme and a statistical backend, the tagger's own tags are written
(it was trained on ANERcorp's tokens and labels). Otherwise tokens are joined by single
spaces into a sentence text, entities are recognized on that text (rules and lexicons,
completed by the tagger), and each mention's span is projected back onto the tokens it
covers (BIO). A clitic attached to a token stays inside it, as in ANERcorp (``والعراق B-LOC``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Callable, TextIO

from akhbar.model import Mention, Sentence
from akhbar.ner.base import TokenTagger

# native label → ANERcorp label; labels not listed become O
ANERCORP = {"PER": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "EVENT": "MISC", "MISC": "MISC"}
SCHEMES = ("native", "anercorp")

Recognize = Callable[[str, list[Sentence]], list[Mention]]
SentenceTagger = Callable[[list[str]], list[str]]


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


def sentence_tagger(scheme: str, tagger: TokenTagger | None) -> SentenceTagger:
    """Tags of one sentence in ``scheme``: the tagger's own for ``anercorp``, else the
    rules and lexicons completed by the tagger (``tagger=None``: rules only)."""
    from akhbar.extract.entities import EntityRecognizer

    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    if scheme == "anercorp" and tagger is not None:
        return lambda tokens: tagger.tag([tokens])[0]
    recognizer = EntityRecognizer(tagger=tagger)
    return lambda tokens: tag_tokens(tokens, recognizer.recognize, scheme)


def tag_file(conll_in: Path, out: Path, tag: SentenceTagger) -> int:
    """Tag every token of ``conll_in`` into ``out`` (``token<TAB>tag``), one line per input
    line, blank lines kept where they are; returns the token count."""
    count = 0
    with open(conll_in, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for tokens in read_conll(src):
            if not tokens:
                dst.write("\n")
                continue
            for token, label in zip(tokens, tag(tokens), strict=True):
                dst.write(f"{token}\t{label}\n")
            count += len(tokens)
    return count
