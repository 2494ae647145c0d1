"""Arabic normalization that never moves offsets: functions map a string to a
comparison form; callers keep the original span for offsets.

Uses camel-tools' data-free utilities (``camel_tools.utils``). Diacritics are removed with the
character set of camel-tools' ``dediac_ar`` (``AR_DIAC_CHARSET``) but without importing it: its
module builds every Unicode character class at import, about a second of each command's start-up on
this machine (``tests/unit/test_arabic_readings.py`` checks the two agree).
"""

from __future__ import annotations

import re

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from akhbar.text.caches import word_cache

TATWEEL = "\u0640"
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")  # camel_tools.utils.charsets.AR_DIAC_CHARSET
# bidi controls, zero-width characters and BOM
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_HAMZA_SEATS = str.maketrans({"ؤ": "و", "ئ": "ي"})

# Proclitic clusters, longest first. ``ل`` + ``ال`` is written ``لل``.
PROCLITICS = ("وبال", "وكال", "وفال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
              "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def clean(text: str) -> str:
    """Remove diacritics, tatweel and invisible marks (letters stay as written)."""
    return _DIACRITICS.sub("", _INVISIBLE.sub("", text)).replace(TATWEEL, "")


@word_cache
def fold(text: str) -> str:
    """Comparison form: clean + alef/hamza/alef-maksura/ta-marbuta folded."""
    t = clean(text)
    t = normalize_alef_ar(t).replace("ٱ", "ا")
    t = normalize_alef_maksura_ar(t)
    t = normalize_teh_marbuta_ar(t)
    return t.translate(_HAMZA_SEATS)


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic (0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


@word_cache
def proclitic_readings(word: str) -> tuple[tuple[str, str], ...]:
    """Every way to split one leading proclitic cluster off ``word``, longest first:
    ``(cluster, rest)``, the rest keeping at least two letters. ``لل`` gives the article back
    (``للعراق`` → ``('ل', 'العراق')``)."""
    return tuple((p[:-1], "ال" + word[len(p):]) if p.endswith("لل") else (p, word[len(p):])
                 for p in PROCLITICS if word.startswith(p) and len(word) - len(p) >= 2)


def strip_proclitic(word: str, known: frozenset[str] | set[str] | None = None) -> tuple[str, str]:
    """Split one leading proclitic cluster off ``word``: ``(prefix, stem)``; the stem keeps
    its article (``وللعراق`` → ``('ول', 'العراق')``, ``بالعراق`` → ``('ب', 'العراق')``).

    With ``known`` (a set of folded stems), only a split whose folded stem is known is
    taken, which keeps words that merely start with و/ب/ل intact (``وزير``). Without it,
    a split needs a stem of at least three letters.
    """
    for prefix, stem in proclitic_readings(word):
        if prefix.endswith("ال"):
            prefix, stem = prefix[:-2], "ال" + stem
        if not prefix:
            continue
        if known is not None:
            if fold(stem) in known:
                return prefix, stem
        elif len(stem) >= 3:
            return prefix, stem
    return "", word
