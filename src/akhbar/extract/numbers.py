"""Arabic quantities: digits (Western and Arabic-Indic), number words, scale
words (``10 آلاف``), vague plurals (``عشرات``), duals on countable nouns
(``صاروخين`` → 2) and approximation markers (``نحو 50``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from akhbar.extract.wordforms import Word, fold_all, lookup, readings, words
from akhbar.text.arabic import fold
from akhbar.text.caches import word_cache

_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DIGITS = re.compile(r"[0-9]+(?:[.,٫٬][0-9]+)*")

_UNIT_FORMS = {
    1: ("واحد", "واحدة"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثنتا"),
    3: ("ثلاث", "ثلاثة"), 4: ("أربع", "أربعة"), 5: ("خمس", "خمسة"), 6: ("ست", "ستة"),
    7: ("سبع", "سبعة"), 8: ("ثمان", "ثماني", "ثمانية"), 9: ("تسع", "تسعة"), 10: ("عشر", "عشرة"),
}
_TENS_STEMS = {20: "عشر", 30: "ثلاث", 40: "أربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع"}
_HUNDRED_PREFIX = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}


def _build_words() -> dict[str, int]:
    table: dict[str, int] = {}
    for value, forms in _UNIT_FORMS.items():
        table.update({fold(f): value for f in forms})
    for value, stem in _TENS_STEMS.items():
        table.update({fold(stem + "ون"): value, fold(stem + "ين"): value})
    for hundred in ("مئة", "مائة"):
        table[fold(hundred)] = 100
        table.update({fold(p + hundred): n * 100 for n, p in _HUNDRED_PREFIX.items()})
    table.update({fold(f): 200 for f in ("مئتان", "مئتين", "مئتي", "مائتان", "مائتين", "مائتي")})
    return table


NUMBER_WORDS = _build_words()
# Scale words multiply what precedes them; alone they are worth their own value.
SCALES = {fold("ألف"): 1_000, fold("آلاف"): 1_000,
          fold("مليون"): 1_000_000, fold("ملايين"): 1_000_000,
          fold("مليار"): 1_000_000_000, fold("مليارات"): 1_000_000_000}
COUNT_WORDS = frozenset(NUMBER_WORDS) | frozenset(SCALES)  # a word that is a number on its own (عشرة، ألف)
DUAL_SCALES = {fold(f): v for v, forms in ((2_000, ("ألفين", "ألفي", "ألفان")),
                                          (2_000_000, ("مليونين", "مليوني", "مليونان")))
               for f in forms}
# Vague plurals: 'tens of', 'hundreds of', ... always approximate.
VAGUE = {fold("عشرات"): 10, fold("مئات"): 100, fold("آلاف"): 1_000,
         fold("الآلاف"): 1_000, fold("ملايين"): 1_000_000}
APPROX_BEFORE = (("نحو",), ("حوالي",), ("حوالى",), ("قرابة",), ("زهاء",), ("أكثر", "من"),
                 ("اكثر", "من"), ("أقل", "من"), ("ما", "يقارب"), ("ما", "يقرب", "من"),
                 ("ما", "لا", "يقل", "عن"), ("أزيد", "من"), ("ما", "يزيد", "عن"),
                 ("ما", "يزيد", "على"), ("نحوا", "من"))
_APPROX_BEFORE = tuple(tuple(fold(w) for w in seq) for seq in APPROX_BEFORE)
_APPROX_AFTER = (fold("على"), fold("الأقل"))
_WAW = "و"

# Countable nouns whose dual form states a quantity of two (singular forms).
DUAL_NOUNS = fold_all((
    "صاروخ", "قذيفة", "جندي", "شخص", "قتيل", "جريح", "هجوم", "انفجار", "طائرة", "سيارة",
    "عبوة", "مدني", "عنصر", "شرطي", "مسلح", "انتحاري", "طفل", "رجل", "امرأة", "ضابط",
    "مواطن", "صحفي", "دبابة", "مروحية", "منزل", "مبنى", "قارب", "سفينة", "عسكري", "جندية",
    "يوم", "شهر", "عام", "سنة", "ساعة", "أسبوع", "مليون", "لاعب", "هدف", "نائب", "وزير",
))


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    value: float
    approximate: bool = False


def parse_digits(token: str) -> float | None:
    """``3,500`` / ``٣٬٥٠٠`` → 3500; ``2.5`` / ``٢٫٥`` → 2.5; None if not a number."""
    t = token.translate(_INDIC)
    if not _DIGITS.fullmatch(t):
        return None
    t = t.replace("٬", ",").replace("٫", ".")
    groups = re.split(r"[.,]", t)
    seps = re.findall(r"[.,]", t)
    if not seps:
        return float(t)
    thousands = (len(seps) > 1 and len(set(seps)) == 1) or (seps == [","] and len(groups[1]) == 3)
    if thousands and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(seps) == 1:
        return float(t.replace(",", "."))
    # 1,234.5: thousands then decimals
    whole, _, frac = t.rpartition(seps[-1])
    return float(re.sub(r"[.,]", "", whole) + "." + frac)


def format_value(value: float) -> str:
    """``3500.0`` → ``'3500'``; ``2.5`` → ``'2.5'``."""
    return str(int(value)) if value == int(value) else repr(value)


@word_cache
def dual_value(folded: str) -> int | None:
    """2 for the dual of a countable noun (``صاروخين``, ``بسيارتين``), else None."""
    for suffix in ("ين", "ان", "تين", "تان"):
        if not folded.endswith(suffix):
            continue
        base = folded[: -len(suffix)] + ("ه" if suffix.startswith("ت") else "")
        if lookup(base, DUAL_NOUNS) is not None and not folded.startswith("ال"):
            return 2
    return None


def singular_count(folded: str) -> bool:
    """An indefinite singular countable noun (``صاروخ``، ``بسيارة``): one of what it names."""
    return any(not prefix.endswith("ال") and stem in DUAL_NOUNS
               for prefix, stem in readings(folded))


@word_cache
def _number_token(folded: str) -> tuple[float, str, str] | None:
    """Value, kind (digit/word/scale/dual_scale/vague) and proclitic of one folded token."""
    for prefix, stem in readings(folded):
        value = parse_digits(stem)
        if value is not None:
            return value, "digit", prefix
        if prefix.endswith("ال"):
            continue  # a number word with the article is a reference, not a count
        for kind, table in (("vague", VAGUE), ("dual_scale", DUAL_SCALES), ("scale", SCALES),
                            ("word", NUMBER_WORDS)):
            if stem in table:
                return float(table[stem]), kind, prefix
    return None


def _spells(ws: list[Word], j: int, seq: tuple[str, ...], conjoined: bool = False) -> bool:
    """Words ``ws[j:j + len(seq)]`` are the marker ``seq`` (its first word with a و before it too
    when ``conjoined``: ونحو)."""
    if j < 0 or j + len(seq) > len(ws):
        return False
    found = [w.folded for w in ws[j:j + len(seq)]]
    if conjoined and found[0] != seq[0]:
        found[0] = found[0].removeprefix(_WAW)
    return tuple(found) == seq


def _approx_start(ws: list[Word], i: int) -> int | None:
    """Index of the first word of an approximation marker ending right before ``i``."""
    return next((i - len(seq) for seq in _APPROX_BEFORE if _spells(ws, i - len(seq), seq, conjoined=True)), None)


def marker_length(ws: list[Word], i: int) -> int:
    """How many words the approximation marker starting at word ``i`` has (نحو، أكثر من، ما لا يقل
    عن), when a number follows it; 0 when none does."""
    return next((len(seq) for seq in _APPROX_BEFORE
                 if i + len(seq) < len(ws) and _spells(ws, i, seq) and _parse_at(ws, i + len(seq)) is not None), 0)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]``, left to right."""
    return quantities(words(text, start, end))


def quantities(ws: list[Word]) -> list[Quantity]:
    """Quantities in a run of words, left to right."""
    out: list[Quantity] = []
    i = 0
    while i < len(ws):
        parsed = _parse_at(ws, i)
        if parsed is None:
            i += 1
            continue
        j, value, approx = parsed
        first = i
        a = _approx_start(ws, i)
        if a is not None:
            first, approx = a, True
        # ``22 شخصا على الأقل``: the marker follows the number or its noun
        if any(tuple(w.folded for w in ws[k:k + 2]) == _APPROX_AFTER for k in (j, j + 1)):
            approx = True
        out.append(Quantity(ws[first].start, ws[j - 1].end, value, approx))
        i = j
    return out


def _parse_at(ws: list[Word], i: int) -> tuple[int, float, bool] | None:
    """Parse a number starting at word ``i``: (end index, value, approximate)."""
    dual = dual_value(ws[i].folded)
    if dual is not None:
        return i + 1, float(dual), False
    head = _number_token(ws[i].folded)
    if head is None:
        return None
    current, kind, _ = head
    approx = kind == "vague"
    total = 0.0
    j = i + 1
    while j < len(ws):
        nxt = _number_token(ws[j].folded)
        if nxt is None:
            break
        value, next_kind, prefix = nxt
        if next_kind in ("scale", "vague") and not prefix and kind != "scale":
            current *= value  # 10 آلاف، ثلاثة ملايين، عشرات الآلاف
            kind = "scale"
        elif next_kind == "word" and value == 10 and not prefix and current < 10:
            current += 10  # ثلاثة عشر
        elif next_kind in ("word", "scale", "dual_scale") and prefix == _WAW:
            total += current  # خمسة وعشرون، ألف ومئتان
            current, kind = value, next_kind
        else:
            break
        j += 1
    return j, total + current, approx
