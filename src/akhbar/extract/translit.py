"""Readable Latin forms of Arabic names (``الكاظمي`` → ``al-Kazimi``).

A known Latin name (CLDR / GeoNames / curated) always wins; otherwise a simple
rule-based romanization: consonants by a common journalistic table, long vowels from
ا/و/ي, a short ``a`` guessed only where a consonant cluster would be unreadable.
"""

from __future__ import annotations

from akhbar.text.arabic import clean

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "'", "ؤ": "'",
    "ئ": "'", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}
_CONSONANT_LATIN = frozenset(_CONSONANTS.values())
_LONG = {"ا": "a", "آ": "a", "أ": "a", "إ": "i", "ٱ": "a", "ى": "a", "ة": "a"}
_SEMI = {"و": ("w", "u"), "ي": ("y", "i")}


def _word(word: str) -> str:
    """Romanize one Arabic word (no article handling)."""
    out: list[str] = []
    prev_consonant = False
    for i, ch in enumerate(word):
        if ch in _SEMI:
            cons, vowel = _SEMI[ch]
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if ch == "ي" and out in (["i"], ["a"]) and nxt not in "اةى":  # word-initial إي / اي
                out[-1] = "i"
                prev_consonant = False
                continue
            # consonant at the start, after a vowel letter or before ا/ة/ى; else a long vowel
            if i == 0 or not prev_consonant or (nxt and nxt in "اةى"):
                out.append(cons)
                prev_consonant = True
            else:
                out.append(vowel)
                prev_consonant = False
        elif ch in _LONG:
            if ch in "أإآ" and i and out and out[-1] != "'":
                out.append("'")
            out.append(_LONG[ch])
            prev_consonant = False
        elif ch in _CONSONANTS:
            # two consonants at the very start of the word are unreadable: insert a short vowel
            if prev_consonant and len(out) == 1:
                out.append("a")
            out.append(_CONSONANTS[ch])
            prev_consonant = True
        elif ch.isascii():
            out.append(ch)
            prev_consonant = False
    if len(out) >= 3 and prev_consonant and out[-2] not in "aiu" and out[-2] in _CONSONANT_LATIN:
        out.insert(-1, "a")  # final cluster: مرسي → mursi, محمد → muhamad-ish "mahmad"
    return "".join(out).strip("'") or word


def romanize(text: str) -> str:
    """Rule-based romanization of an Arabic phrase, with ``al-`` for the article."""
    words = []
    for w in clean(text).split():
        if w.startswith("ال") and len(w) > 3:
            words.append("al-" + _word(w[2:]).capitalize())
        elif w and "\u0600" <= w[0] <= "\u06ff":
            words.append(_word(w).capitalize())
        else:
            words.append(w)
    return " ".join(words)


def to_latin(canonical: str, known: str | None = None) -> str:
    """The known Latin name when there is one, else :func:`romanize`."""
    return known or romanize(canonical)
