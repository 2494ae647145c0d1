"""Folded word tokens and their clitic-stripped readings, shared by the
rule-based extractors (numbers, time expressions, event triggers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from akhbar.text.arabic import fold, proclitic_readings
from akhbar.text.caches import word_cache
from akhbar.text.tokens import token_matches


class Word(NamedTuple):
    """One token: offsets into the text, the raw form and the folded form (a named tuple: the
    extractors make one per word of every sentence, three times faster than a frozen dataclass)."""

    start: int
    end: int
    text: str
    folded: str


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Tokens of ``text[start:end]`` with their folded forms."""
    return [Word(m.start(), m.end(), m.group(), fold(m.group())) for m in token_matches(text, start, end)]


@word_cache
def readings(folded: str) -> tuple[tuple[str, str], ...]:
    """``(prefix, stem)`` readings of a folded word: as is, then one proclitic cluster off.

    ``لل`` restores the article (``للعراق`` → ``('ل', 'العراق')``); a stem keeps at least
    two letters.
    """
    return (("", folded), *proclitic_readings(folded))


def lookup(folded: str, table: dict[str, object] | frozenset[str]) -> tuple[str, str] | None:
    """First ``(prefix, stem)`` reading of ``folded`` whose stem is in ``table``."""
    for prefix, stem in readings(folded):
        if stem in table:
            return prefix, stem
    return None


def fold_all(forms: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(f) for f in forms)
