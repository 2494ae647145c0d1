"""Entity lexicons: gazetteer phrases, person-name statistics and cue words (read by both the NER
taggers and the rule extractor, so they sit below both).

Everything is loaded once (``lru_cache``) from ``resources/`` (built by
``scripts/build_lexicons.py``) and keyed by folded forms (:func:`akhbar.text.arabic.fold`),
so lookups are dictionary hits on token tuples.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from akhbar.text.arabic import fold

RESOURCES = Path(__file__).resolve().parent / "resources"
# confidence of a gazetteer hit, by the source that produced the entry
SOURCE_CONFIDENCE = {"curated": 0.9, "cldr": 0.85, "nisba": 0.85, "geonames": 0.75}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer phrase: its label and what it resolves to."""

    tokens: tuple[str, ...]  # folded tokens
    label: str
    canonical: str
    latin: str | None
    country_code: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class NameStats:
    first: int  # times seen as the first token of a person name
    inner: int  # times seen inside a person name
    other: int  # times seen outside person names


@dataclass(frozen=True, slots=True)
class Lexicon:
    phrases: dict[str, tuple[Entry, ...]]  # first folded token -> entries, longest first
    names: dict[str, NameStats]
    common: frozenset[str]
    titles: frozenset[str]
    org_strong: frozenset[str]
    org_weak: frozenset[str]
    fac_heads: frozenset[str]
    loc_heads: frozenset[str]
    gpe_heads: frozenset[str]
    particles: frozenset[str]
    stopwords: frozenset[str]
    complement_stop: frozenset[str]
    feminine_needs_head: frozenset[str]  # NORP canonicals whose -ية form is also a noun
    known: frozenset[str]  # every folded word worth splitting a proclitic off for
    # known people, by full name or unambiguous surname: first folded token -> entries, longest first
    people: dict[str, tuple[Entry, ...]]

    def person(self, name: str) -> Entry | None:
        """The known public figure ``name`` refers to (``ترمب`` → دونالد ترامب, Donald Trump)."""
        toks = tuple(fold(w) for w in name.split())
        return next((e for e in self.people.get(toks[0], ()) if e.tokens == toks), None) if toks else None

    def is_first_name(self, word: str) -> bool:
        s = self.names.get(word)
        return s is not None and s.first >= 2 and s.first + s.inner > s.other

    def is_name_part(self, word: str) -> bool:
        s = self.names.get(word)
        return s is not None and s.first + s.inner > s.other

    def phrase_at(self, folded: Sequence[str], i: int, stem: str,
                  table: dict[str, tuple[Entry, ...]] | None = None) -> Entry | None:
        """Longest gazetteer phrase (or entry of ``table``, such as :attr:`people`) starting at
        token ``i`` of ``folded`` (folded tokens), its first token read as is or as ``stem`` (a
        proclitic split off)."""
        table = self.phrases if table is None else table
        for first in (folded[i],) if stem == folded[i] else (folded[i], stem):
            for e in table.get(first, ()):
                n = len(e.tokens)
                if i + n <= len(folded) and all(folded[i + k] == e.tokens[k] for k in range(1, n)):
                    return e
        return None


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _by_first(entries: list[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Entries by their first token, longest first (what :meth:`Lexicon.phrase_at` reads)."""
    by_first: dict[str, list[Entry]] = {}
    for e in entries:
        by_first.setdefault(e.tokens[0], []).append(e)
    return {k: tuple(sorted(v, key=lambda e: -len(e.tokens))) for k, v in by_first.items()}


@lru_cache(maxsize=1)
def curated() -> dict:
    return json.loads((RESOURCES / "curated.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon, loaded once per process."""
    entries = []
    with (RESOURCES / "gazetteer.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entries.append(Entry(tuple(fold(t) for t in row["form"].split()), row["label"], row["canonical"],
                                 row["latin"] or None, row["country_code"] or None,
                                 SOURCE_CONFIDENCE.get(row["source"], 0.7)))
    phrases = _by_first(entries)
    names: dict[str, NameStats] = {}
    with (RESOURCES / "names.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            names[row["token"]] = NameStats(int(row["first"]), int(row["inner"]), int(row["other"]))
    common = frozenset((RESOURCES / "common.txt").read_text(encoding="utf-8").split())
    c = curated()
    cues = {k: _folded(c[k]) for k in ("titles", "org_heads_strong", "org_heads_weak", "fac_heads",
                                       "loc_heads", "gpe_heads", "person_particles", "stopwords",
                                       "org_loc_complement_stop", "norp_feminine_needs_definite_head")}
    people = _by_first([Entry(tuple(fold(w) for w in form.split()), "PER", canonical, latin, cc,
                              SOURCE_CONFIDENCE["curated"]) for form, canonical, latin, cc in c["people"]])
    known = frozenset(phrases) | frozenset(names) | frozenset().union(*cues.values()) \
        | frozenset(t for same in people.values() for e in same for t in e.tokens)
    return Lexicon(
        phrases=phrases, names=names, common=common, titles=cues["titles"],
        org_strong=cues["org_heads_strong"], org_weak=cues["org_heads_weak"],
        fac_heads=cues["fac_heads"], loc_heads=cues["loc_heads"], gpe_heads=cues["gpe_heads"],
        particles=cues["person_particles"], stopwords=cues["stopwords"],
        complement_stop=cues["org_loc_complement_stop"],
        feminine_needs_head=cues["norp_feminine_needs_definite_head"], known=known, people=people)
