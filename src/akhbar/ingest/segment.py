"""Sentence splitting and dateline parsing over the cleaned article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from akhbar.model import Sentence
from akhbar.text.calendar import MONTH_NUMBERS

# A line break, or a run of end marks with the closing quotes/brackets and further end
# marks that follow it (``!".``, ``؟ ".``, ``. .)``).
_MARK = "[.؟?!؛…]"
_CLOSE = "[\"'”’»)\\]}›]"
_BOUNDARY = re.compile(rf"\n|{_MARK}+(?:{_CLOSE}+|[^\S\n]*{_MARK}+|[^\S\n]+{_CLOSE}+(?=[^\S\n]*{_MARK}))*")
_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_NON_LETTER = re.compile(r"[\W\d_\u0640]")
_ABBREVIATION_WINDOW = 64
_LIST_NUMBER = re.compile(r"\s*[0-9٠-٩]{1,3}$")
_ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs",
    # Latin letters spelled in Arabic, as in بي. بي. سي. / سي. إن. إن.
    "بي", "سي", "دي", "إن", "إم", "ام", "إس", "اس", "تي", "جي", "زد", "إتش", "اتش", "إف", "اف",
    "كيو", "يو", "إكس", "اكس", "واي", "آر", "إل", "كي", "جيه", "إيه", "ايه",
})
# Words written with a leading dot that do not start a sentence (العربية.نت).
_DOT_SUFFIXES = ("نت",)


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """Whether the dot at ``dot`` ends an abbreviation or initial (د. / أ.ف.ب. / J. / Mr.)."""
    tokens = text[max(line_start, dot - _ABBREVIATION_WINDOW):dot].split()
    if not tokens:
        return False
    *rest, word = tokens[-1].rsplit(".", 1)
    word = _NON_LETTER.sub("", word)
    if word in _ABBREVIATIONS:
        return True
    if len(word) != 1:
        return False
    before = rest[0] if rest else tokens[-2] if len(tokens) > 1 else ""
    # ``2021 م.`` is a year marker that may end a sentence, not an abbreviation.
    return not _DIGIT.search(before)


def _dot_inside_token(text: str, i: int, line_start: int) -> bool:
    """A single ``.`` that is part of a number, a domain, an initial or a list marker."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if _DIGIT.match(prev) and _DIGIT.match(nxt):
        return True
    if _ASCII_ALNUM.match(prev) and _ASCII_ALNUM.match(nxt):
        return True
    if any(text.startswith(s, i + 1) and not text[i + 1 + len(s):i + 2 + len(s)].isalpha()
           for s in _DOT_SUFFIXES):
        return True
    if _LIST_NUMBER.fullmatch(text, line_start, i):
        return True
    return bool(nxt) and nxt != "\n" and _is_abbreviation(text, i, line_start)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(len(sentences), start, end))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (trimmed; every non-blank char in exactly one)."""
    sentences: list[Sentence] = []
    start = line_start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            _append(sentences, text, start, m.start())
            start = line_start = m.end()
            continue
        if m.group() == "." and _dot_inside_token(text, m.start(), line_start):
            continue
        _append(sentences, text, start, m.end())
        start = m.end()
    _append(sentences, text, start, len(text))
    return sentences


@dataclass(frozen=True, slots=True)
class Dateline:
    """Opening ``place (source) -`` / ``source من place:`` of an article; ``start:end``
    spans it including its closing colon or dash."""

    source: str | None
    place: str | None
    start: int
    end: int
    date: date | None = None


_MAX_DATELINE_WORDS = 6
_LEAD = re.compile(r"[\s\u200b-\u200f\u2066-\u2069\ufeff]*")
_NAME = r"[^\s\d:؛.؟?!\"«»()\-–—،,]+"
# ``بيروت (رويترز) -``, ``دبي، الإمارات (CNN)-``, ``تونس 11 ديسمبر 2016 (وات) -``, ``(CNN)-``
_PAREN = re.compile(r"(?P<pre>[^\n()\"«».؟?!:]*?)\s*\((?P<src>[^()\n\d:]{1,30})\)\s*[-–—:]")
# ``ايلاف من لندن:``
_FROM = re.compile(rf"(?P<src>{_NAME}(?: {_NAME})?) من (?P<place>{_NAME}(?: {_NAME})?):")
# ``واشنطن - أ ف ب:``, ``القاهرة - أحمد الريدي`` (the whole first line)
_DASH = re.compile(rf"(?P<place>{_NAME}(?: {_NAME}){{0,2}}) [-–—] "
                   rf"(?P<src>{_NAME}(?: {_NAME}){{0,2}})(?::|(?=\n)|$)")
_PLACE_END = re.compile(r"\s*(?:[،,]|[0-9٠-٩])")

_DATE = re.compile(r"(?P<d>\d{1,2})\s+(?P<m>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
                   + r")\s+(?P<y>\d{4})")


def _dateline_date(prefix: str) -> date | None:
    m = _DATE.search(prefix)
    if not m:
        return None
    try:
        return date(int(m["y"]), MONTH_NUMBERS[m["m"]], int(m["d"]))
    except ValueError:
        return None


def parse_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text`` (first line, at most six words), or None."""
    start = _LEAD.match(text).end()
    for pattern in (_PAREN, _FROM, _DASH):
        m = pattern.match(text, start)
        if m and sum(any(c.isalnum() for c in w) for w in m.group().split()) <= _MAX_DATELINE_WORDS:
            break
    else:
        return None
    source = m["src"].strip()
    if pattern is _PAREN:
        pre = m["pre"]
        place = pre[:_PLACE_END.search(pre).start()] if _PLACE_END.search(pre) else pre
    else:
        place = m["place"]
    return Dateline(source=source, place=place.strip() or None, start=start, end=m.end(),
                    date=_dateline_date(m.group()))
