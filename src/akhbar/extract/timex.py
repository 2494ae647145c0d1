"""Time expressions (DATE, TIME) and quantities (QUANTITY) as mentions, with
dates resolved against a reference (publication) date.

News is written in the past tense: a bare weekday is the latest such day on or
before the reference date; with ``الماضي`` strictly before, with ``المقبل`` after.
Without a reference date, relative expressions are found but stay unresolved.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from akhbar.extract.numbers import NUMBER_WORDS, dual_value, format_value, parse_digits, quantities
from akhbar.extract.wordforms import Word, readings, words
from akhbar.model import Mention, Sentence, sentences_or_whole
from akhbar.text.arabic import clean, fold
from akhbar.text.caches import word_cache
from akhbar.text.calendar import MONTH_NUMBERS

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"


def _table(groups: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {fold(form): key for key, forms in groups.items() for form in forms}


def _two_word_months() -> dict[str, dict[str, int]]:
    """First word of a two-word Levantine month (تشرين الأول), then its second word."""
    table: dict[str, dict[str, int]] = {}
    for name, month in MONTH_NUMBERS.items():
        if " " in name:
            first, second = name.split(" ")
            table.setdefault(fold(first), {})[fold(second)] = month
    return table


MONTHS = {fold(name): month for name, month in MONTH_NUMBERS.items() if " " not in name}
TWO_WORD_MONTHS = _two_word_months()
# Month names that are also common words: only taken next to a day number or a year.
AMBIGUOUS_MONTHS = frozenset({fold("آب"), fold("ماي"), fold("أوت")})
WEEKDAYS = _table({0: ("الاثنين", "الإثنين"), 1: ("الثلاثاء",), 2: ("الأربعاء",), 3: ("الخميس",),
                   4: ("الجمعة",), 5: ("السبت",), 6: ("الأحد",)})
_MONDAY = fold("الاثنين")  # also 'the two', after these words or before معا (see :func:`_the_two`)
# Mined from ../shared/data/unlabeled and news (41,622 articles): a bare الاثنين is as frequent as the
# mean of the other six weekdays (7,037 against 6,923) and so in nearly every context around it (after
# a comma 1,929 against 1,937; before في 282 against 352, before على 131 against 137), so 'the two' is
# rare: it shows as an excess only after these words (بين 31 against 2.7, من 60 against 36.5, على 4
# against 0.2, مع 2 against 0, كلا 1 against 0) and before معا (2 against 0). Elsewhere a bare الاثنين
# is Monday with an estimated precision of about 0.99 (the excess left, against the count).
THE_TWO_BEFORE = frozenset(fold(w) for w in ("بين", "من", "على", "مع", "كلا"))
THE_TWO_AFTER = frozenset({fold("معا")})
PARTS_OF_DAY = frozenset(fold(w) for w in ("صباح", "مساء", "فجر", "ليلة", "ليل", "ظهر", "ظهيرة",
                                           "عصر", "ضحى", "يوم"))
# Words after a time of day: shift by 12 hours for the afternoon and night.
DAYTIME = _table({0: ("صباحا", "صباحاً", "فجرا", "فجراً", "ضحى"),
                  12: ("مساء", "مساءً", "ليلا", "ليلاً", "عصرا", "عصراً", "ظهرا", "ظهراً")})
ORDINAL_HOURS = _table({1: ("الواحدة",), 2: ("الثانية",), 3: ("الثالثة",), 4: ("الرابعة",),
                        5: ("الخامسة",), 6: ("السادسة",), 7: ("السابعة",), 8: ("الثامنة",),
                        9: ("التاسعة",), 10: ("العاشرة",), 11: ("الحادية",), 12: ("الثانية",)})
PAST = frozenset(fold(w) for w in ("الماضي", "الماضية", "المنصرم", "المنصرمة", "السابق", "الفائت"))
NEXT = frozenset(fold(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة"))
CURRENT = frozenset(fold(w) for w in ("الجاري", "الجارية", "الحالي", "الحالية"))
# Ordinal day numbers: الثالث من سبتمبر، الخامس عشر من آب، الحادي والعشرين من الشهر الجاري.
ORDINAL_DAYS = _table({1: ("الأول", "الحادي"), 2: ("الثاني",), 3: ("الثالث",), 4: ("الرابع",),
                       5: ("الخامس",), 6: ("السادس",), 7: ("السابع",), 8: ("الثامن",),
                       9: ("التاسع",), 10: ("العاشر",), 20: ("العشرين",), 30: ("الثلاثين",)})
ORDINAL_TENS = _table({10: ("عشر",), 20: ("والعشرين",), 30: ("والثلاثين",)})
# Units of ``قبل يومين``، ``قبل ثلاثة أسابيع``: (days, months, years) per unit, and how many the
# word itself counts (duals two; plurals need a number). A lone شهر or عام is left out: ``قبل
# شهر رمضان``، ``قبل عام 2010`` name a month or a year.
DURATIONS = {fold(w): (unit, count) for unit, forms in (
    ((1, 0, 0), (("يوم", 1), ("أيام", 0), ("يومين", 2))),
    ((7, 0, 0), (("أسبوع", 1), ("أسابيع", 0), ("أسبوعين", 2))),
    ((0, 1, 0), (("أشهر", 0), ("شهور", 0), ("شهرين", 2))),
    ((0, 0, 1), (("أعوام", 0), ("سنوات", 0), ("عامين", 2), ("سنتين", 2))),
) for w, count in forms}
_W = {w: fold(w) for w in ("الساعة", "دقيقة", "دقائق", "والنصف", "والربع", "إلا", "ربعا", "عشرة",
                           "اليوم", "أمس", "البارحة", "غدا", "غداً", "الغد", "الليلة", "الأول",
                           "الأخير", "من", "عام", "العام", "سنة", "السنة", "نهاية", "بداية", "مطلع",
                           "أواخر", "أوائل", "منتصف", "الشهر", "الأسبوع", "شهر", "هذا", "هذه",
                           "أول", "قبل", "بعد", "غد", "على")}
_DAYS = frozenset({_W["اليوم"], _W["أمس"], _W["البارحة"], _W["غدا"], _W["الليلة"], _W["الغد"]})
_END = frozenset({_W["نهاية"], _W["أواخر"]})
_START = frozenset({_W["بداية"], _W["مطلع"], _W["أوائل"]})
_YEAR_WORDS = frozenset({_W["عام"], _W["العام"], _W["سنة"], _W["السنة"]})
_KNOWN = (frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(TWO_WORD_MONTHS) | PARTS_OF_DAY
          | frozenset(_W.values()) | frozenset(NUMBER_WORDS) | frozenset(ORDINAL_DAYS))
# The first words of time expressions (read through a clitic) other than numbers.
_OPENERS = (frozenset({_W["الساعة"], _W["اليوم"], _W["أول"], _W["الشهر"], _W["الأسبوع"], _W["قبل"],
                       _W["بعد"]})
            | frozenset(ORDINAL_HOURS) | frozenset(ORDINAL_DAYS) | frozenset(WEEKDAYS) | PARTS_OF_DAY
            | _DAYS | _END | _START | _YEAR_WORDS | frozenset(MONTHS) | frozenset(TWO_WORD_MONTHS))
_TODAY_NOT = frozenset(fold(w) for w in ("التالي", "السابق", "العالمي", "الوطني", "نفسه", "ذاته",
                                         "الأول", "الأخير", "الثاني", "الثالث"))
_SAME_DAY = frozenset(fold(w) for w in ("نفس", "ذات"))  # نفس اليوم: the day told before, not today


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: words ``[i, j)``, its label and resolved value."""

    i: int
    j: int
    label: str  # DATE or TIME
    day: date | None = None
    precision: str = UNKNOWN
    time: str | None = None
    absolute: bool = False  # stated in full (day, month and year), needs no reference

    @property
    def value(self) -> str | None:
        if self.label == "TIME":
            return self.time
        return format_date(self.day, self.precision)


def format_date(day: date | None, precision: str) -> str | None:
    """ISO value at the given precision: ``2021-07-28`` / ``2021-07`` / ``2021``."""
    if day is None or precision == UNKNOWN:
        return None
    return {DAY: day.isoformat(), MONTH: day.strftime("%Y-%m"), YEAR: f"{day.year:04d}"}[precision]


def parse_value(value: str | None) -> tuple[date | None, str]:
    """Inverse of :func:`format_date`."""
    if not value:
        return None, UNKNOWN
    parts = [int(p) for p in value.split("-")]
    precision = (YEAR, MONTH, DAY)[len(parts) - 1]
    return date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision


# ---------------------------------------------------------------- helpers
def _lookup(folded: str, table: dict[str, int] | frozenset[str]) -> str | None:
    """The stem of the first reading of ``folded`` found in ``table``."""
    return next((stem for _, stem in readings(folded) if stem in table), None)


def _stem(ws: list[Word], k: int, table: dict[str, int] | frozenset[str]) -> str | None:
    return _lookup(ws[k].folded, table) if k < len(ws) else None


def _digits(folded: str) -> float | None:
    """The number a folded word writes in digits, after an optional و/ب/ل/ف."""
    for prefix in ("", "و", "ب", "ل", "ف"):
        if folded.startswith(prefix):
            value = parse_digits(folded[len(prefix):])
            if value is not None:
                return value
    return None


def _number(ws: list[Word], k: int) -> float | None:
    return _digits(ws[k].folded) if k < len(ws) else None


def _year(ws: list[Word], k: int) -> int | None:
    value = _number(ws, k)
    return int(value) if value is not None and value == int(value) and 1900 <= value <= 2100 else None


def _weekday_date(ref: date | None, weekday: int, direction: int) -> date | None:
    """-1: strictly before, 0: on or before, +1: strictly after ``ref``."""
    if ref is None:
        return None
    if direction > 0:
        return ref + timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    back = (ref.weekday() - weekday) % 7
    return ref - timedelta(days=back or (7 if direction < 0 else 0))


def _shift_month(day: date, months: int) -> date:
    m = day.month - 1 + months
    return date(day.year + m // 12, m % 12 + 1, 1)


def _month_at(ws: list[Word], k: int, strict: bool) -> tuple[int, int] | None:
    """Month name at ``k`` (and its alternative name, bracketed or not): (month, next index)."""
    stem = _stem(ws, k, MONTHS)
    if stem is not None and not (strict and stem in AMBIGUOUS_MONTHS):
        month, j = MONTHS[stem], k + 1
    else:
        first = _stem(ws, k, TWO_WORD_MONTHS)
        second = TWO_WORD_MONTHS[first].get(ws[k + 1].folded) if first and k + 1 < len(ws) else None
        if second is None:
            return None
        month, j = second, k + 2
    # يوليو (تموز) / تشرين الأول اكتوبر
    opened = j < len(ws) and ws[j].text in "(-/"
    n = j + opened
    alt = _month_at(ws, n, strict=False) if n < len(ws) and ws[n].text not in "(-/" else None
    if alt is not None and alt[0] == month:
        j = alt[1]
        if opened and j < len(ws) and ws[j].text in ")-/":
            j += 1
    return month, j


def _modifier(ws: list[Word], k: int) -> int:
    """-1 after a 'past' word at ``k``, +1 'next', 0 otherwise (or 'current')."""
    if k < len(ws):
        if ws[k].folded in PAST:
            return -1
        if ws[k].folded in NEXT:
            return 1
    return 0


# ---------------------------------------------------------------- matchers
def _time_at(ws: list[Word], i: int) -> Timex | None:
    """``الساعة 4 و20 دقيقة`` → 04:20; ``الساعة العاشرة صباحا`` → 10:00; ``16:30``;
    ``الخامسة والنصف`` → 05:30; ``الثالثة فجرا`` → 03:00."""
    k = i
    if _stem(ws, k, frozenset({_W["الساعة"]})):
        k += 1
    clock = k > i  # after الساعة; a bare number or ordinal needs a clock word after it
    hour = _number(ws, k)
    ordinal = hour is None and k < len(ws) and ws[k].folded in ORDINAL_HOURS
    if ordinal:
        hour = ORDINAL_HOURS[ws[k].folded]
        if k + 1 < len(ws) and ws[k + 1].folded == _W["عشرة"]:
            hour += 10 if hour <= 2 else 0
            k += 1
    if hour is None or hour != int(hour) or not 0 <= hour <= 24:
        return None
    minute, j = 0, k + 1
    if j + 1 < len(ws) and ws[j].text == ":" and _number(ws, j + 1) is not None:
        minute, j, clock = int(_number(ws, j + 1) or 0), j + 2, True
    elif clock and j < len(ws) and ws[j].folded.startswith("و") and _number(ws, j) is not None:
        minute, j = int(_number(ws, j) or 0), j + 1
    elif j < len(ws) and ws[j].folded in (_W["والنصف"], _W["والربع"]):
        minute, j, clock = (30 if ws[j].folded == _W["والنصف"] else 15), j + 1, True
    elif j + 1 < len(ws) and (ws[j].folded, ws[j + 1].folded) == (_W["إلا"], _W["ربعا"]):
        hour, minute, j, clock = hour - 1, 45, j + 2, True
    if j < len(ws) and ws[j].folded in (_W["دقيقة"], _W["دقائق"]):
        j += 1
    if j < len(ws) and ws[j].folded in DAYTIME and (clock or ordinal):
        if hour < 12:
            hour += DAYTIME[ws[j].folded]
        j, clock = j + 1, True  # الثالثة فجرا
    if not clock or not 0 <= minute < 60:
        return None
    return Timex(i, j, "TIME", time=f"{int(hour) % 24:02d}:{minute:02d}")


def _explicit_at(ws: list[Word], i: int, ref: date | None) -> Timex | None:
    """``28 يوليو 2021``, ``26 من يوليو (تموز)``, ``يوليو 2021``, ``17/2/1986``,
    ``الخامس عشر من آب``, ``16 من الشهر الجاري``."""
    day_value, k = _day_at(ws, i)
    if day_value is not None:
        if k + 3 < len(ws) and ws[k].text == ws[k + 2].text and ws[k].text in "/-.":
            month, year = _number(ws, k + 1), _year(ws, k + 3)
            if month and year and month == int(month) and 1 <= month <= 12:
                return _made(i, k + 4, year, int(month), day_value, DAY, True)
        if k < len(ws) and ws[k].folded == _W["من"]:
            k += 1
        found = _month_at(ws, k, strict=False)
        if found is not None:
            return _dated(ws, i, found[1], found[0], day_value, ref)
        if not _stem(ws, k, frozenset({_W["الشهر"]})) or ws[k - 1].folded != _W["من"]:
            return None
        direction = _modifier(ws, k + 1)  # 16 من الشهر الجاري / الماضي
        j = k + 1 + (bool(direction) or (k + 1 < len(ws) and ws[k + 1].folded in CURRENT))
        if ref is None:
            return Timex(i, j, "DATE")
        month = _shift_month(ref, direction)
        return _made(i, j, month.year, month.month, day_value, DAY, False) or Timex(i, j, "DATE")
    year = _year(ws, i)
    if year is not None and i + 4 < len(ws) and ws[i + 1].text == "-" == ws[i + 3].text:
        month, day_value = _number(ws, i + 2), _number(ws, i + 4)
        if month and day_value:
            return _made(i, i + 5, year, int(month), int(day_value), DAY, True)
    strict = not (i > 0 and ws[i - 1].folded == _W["شهر"])
    found = _month_at(ws, i, strict=strict)
    if found is None:
        return None
    month, j = found
    return _dated(ws, i, j, month, None, ref)


def _day_at(ws: list[Word], i: int) -> tuple[int | None, int]:
    """A day of the month at ``i`` in digits or as an ordinal: (day, next index)."""
    value = _number(ws, i)
    if value is not None:
        return (int(value), i + 1) if value == int(value) and 1 <= value <= 31 else (None, i)
    unit = ORDINAL_DAYS.get(ws[i].folded) if i < len(ws) else None
    if unit is None:
        return None, i
    tens = ORDINAL_TENS.get(ws[i + 1].folded) if i + 1 < len(ws) and unit < 10 else None
    if tens:
        return unit + tens, i + 2
    return (unit, i + 1) if ws[i].folded != fold("الحادي") else (None, i)


def _made(i: int, j: int, year: int, month: int, day_value: int, precision: str,
          absolute: bool) -> Timex | None:
    try:
        return Timex(i, j, "DATE", date(year, month, day_value), precision, absolute=absolute)
    except ValueError:
        return None


def _dated(ws: list[Word], i: int, j: int, month: int, day_value: int | None,
           ref: date | None) -> Timex:
    """Finish a day-month or month expression: an explicit year, or one from ``ref``."""
    precision = DAY if day_value else MONTH
    year = _year(ws, j)
    if year is not None:
        return _made(i, j + 1, year, month, day_value or 1, precision, day_value is not None) \
            or Timex(i, j + 1, "DATE")
    direction = _modifier(ws, j)
    j += bool(direction) or (j < len(ws) and ws[j].folded in CURRENT)
    if ref is None:
        return Timex(i, j, "DATE")
    year = ref.year
    if direction > 0 and (month, day_value or 31) <= (ref.month, ref.day):
        year += 1
    elif direction <= 0 and (month, day_value or 1) > (ref.month, ref.day) and (
            direction < 0 or month - ref.month > 1 or month < ref.month - 10):
        year -= 1
    return _made(i, j, year, month, day_value or 1, precision, False) or Timex(i, j, "DATE")


def _year_at(ws: list[Word], i: int, ref: date | None) -> Timex | None:
    """``عام 2021``, ``العام الماضي``, ``(ب)نهاية العام``, ``اليوم الأخير من عام 2021``."""
    k, edge, exact = i, 0, False
    if _stem(ws, k, _END):
        k, edge = k + 1, 1
    elif _stem(ws, k, _START):
        k, edge = k + 1, -1
    elif (k + 2 < len(ws) and ws[k].folded == _W["اليوم"] and ws[k + 2].folded == _W["من"]
          and ws[k + 1].folded in (_W["الأخير"], _W["الأول"])):
        k, edge, exact = k + 3, 1 if ws[k + 1].folded == _W["الأخير"] else -1, True
    if _stem(ws, k, frozenset({_W["الشهر"]})) and edge:  # أواخر الشهر الماضي
        direction = _modifier(ws, k + 1)
        j = k + 1 + (bool(direction) or (k + 1 < len(ws) and ws[k + 1].folded in CURRENT))
        if ref is None:
            return Timex(i, j, "DATE")
        first = _shift_month(ref, direction)
        last = calendar.monthrange(first.year, first.month)[1]
        # as for a year: its end is a day (a deadline), its start (مطلع الشهر, early in the month) is not
        return Timex(i, j, "DATE", first.replace(day=last if edge > 0 else 1), DAY if edge > 0 else MONTH)
    if not _stem(ws, k, _YEAR_WORDS):
        return None
    year, j = _year(ws, k + 1), k + 2
    if year is None:
        if ws[k].folded not in (_W["العام"], _W["السنة"]) and not ws[k].folded.endswith(_W["العام"]):
            return None
        direction, j = _modifier(ws, k + 1), k + 1
        current = j < len(ws) and ws[j].folded in CURRENT
        if not (direction or current or edge or (i > 0 and ws[i - 1].folded in (_W["هذا"], _W["هذه"]))):
            return None  # الأمين العام، الرأي العام: 'general', 'public' (هذا العام is this year)
        j += bool(direction) or current
        if ref is None:
            return Timex(i, j, "DATE")
        year = ref.year + direction
    if edge > 0:
        return Timex(i, j, "DATE", date(year, 12, 31), DAY)
    return Timex(i, j, "DATE", date(year, 1, 1), DAY if exact else YEAR, absolute=True)


def _the_two(ws: list[Word], i: int) -> bool:
    """A bare الاثنين at ``i`` reads 'the two', not Monday: after بين، من، على، مع، كلا (بين الاثنين)
    or before معا (:data:`THE_TWO_BEFORE`, :data:`THE_TWO_AFTER`)."""
    return (i > 0 and ws[i - 1].folded in THE_TWO_BEFORE) or (i + 1 < len(ws) and ws[i + 1].folded in THE_TWO_AFTER)


def _relative_at(ws: list[Word], i: int, ref: date | None) -> Timex | None:
    """Weekdays, اليوم/أمس/أول من أمس/غدا/الليلة (الماضية) (optionally after صباح/مساء/فجر...),
    الشهر/الأسبوع الماضي."""
    k = i
    part = _stem(ws, k, PARTS_OF_DAY)
    if part is not None:
        k += 1
        if part != fold("يوم") and k < len(ws) and ws[k].folded == fold("يوم"):
            k += 1
    if k >= len(ws):
        return None
    stem = _stem(ws, k, WEEKDAYS)
    if stem is not None:
        direction = _modifier(ws, k + 1)
        j = k + 1 + bool(direction)
        explicit = _explicit_at(ws, j, ref)
        if explicit is not None and explicit.precision == DAY:  # الاربعاء 28 يوليو 2021
            return Timex(i, explicit.j, "DATE", explicit.day, DAY, absolute=explicit.absolute)
        if stem == _MONDAY and k == i and not direction and _the_two(ws, i):
            return None
        return Timex(i, j, "DATE", _weekday_date(ref, WEEKDAYS[stem], direction),
                     DAY if ref else UNKNOWN)
    before_yesterday = 0
    if ws[k].folded == _W["أول"]:  # أول من أمس، أول أمس
        before_yesterday = 2 if k + 2 < len(ws) and ws[k + 1].folded == _W["من"] else 1
        if k + before_yesterday >= len(ws) or not _stem(ws, k + before_yesterday,
                                                         frozenset({_W["أمس"]})):
            return None
        k += before_yesterday
    word = ws[k].folded
    stem = _lookup(word, _DAYS)
    if stem is not None:
        offset = {_W["أمس"]: -1, _W["البارحة"]: -1, _W["غدا"]: 1, _W["الغد"]: 1}.get(stem, 0)
        offset -= bool(before_yesterday)
        j = k + 1
        if stem == _W["الليلة"] and _modifier(ws, j) < 0:  # الليلة الماضية
            offset, j = -1, j + 1
        elif (stem == _W["الليلة"] and j + 1 < len(ws) and ws[j].folded == _W["قبل"]
              and _modifier(ws, j + 1) < 0):  # الليلة قبل الماضية
            offset, j = -2, j + 2
        elif stem == _W["اليوم"]:
            if k > 0 and ws[k - 1].folded in _SAME_DAY:
                return None
            if _stem(ws, j, WEEKDAYS):  # اليوم الخميس
                j += 1
            elif j < len(ws) and ws[j].folded in _TODAY_NOT:
                return None
        elif stem == _W["أمس"] and j < len(ws) and ws[j].folded == _W["الأول"]:
            offset, j = -2, j + 1
        elif stem == _W["الغد"] and part is None:
            return None
        return Timex(i, j, "DATE", ref + timedelta(days=offset) if ref else None,
                     DAY if ref else UNKNOWN)
    if part is not None:
        return None
    direction = _modifier(ws, k + 1)
    current = k + 1 < len(ws) and ws[k + 1].folded in CURRENT
    if not (direction or current):
        return None
    if word.endswith(_W["الشهر"]) and _lookup(word, frozenset({_W["الشهر"]})):
        day = _shift_month(ref, direction) if ref else None
    elif _lookup(word, frozenset({_W["الأسبوع"]})):
        day = ref + timedelta(days=7 * direction) if ref else None
    else:
        return None
    return Timex(i, k + 2, "DATE", day, MONTH if ref else UNKNOWN)


def _ago_at(ws: list[Word], i: int, ref: date | None) -> Timex | None:
    """``قبل يومين``، ``قبل ثلاثة أسابيع``، ``بعد غد``: a span back or forward from ``ref`` (not
    ``قبل يومين من الانتخابات``, which counts from another event)."""
    sign = {_W["قبل"]: -1, _W["بعد"]: 1}.get(ws[i].folded)
    if sign is None or i + 1 >= len(ws):
        return None
    k = i + 1
    if sign > 0 and ws[k].folded == _W["غد"]:
        unit, count, j = (1, 0, 0), 2, k + 1
    else:
        number = _number(ws, k)
        if number is None and ws[k].folded in NUMBER_WORDS:
            number = NUMBER_WORDS[ws[k].folded]
        k += number is not None
        if k >= len(ws) or ws[k].folded not in DURATIONS:
            return None
        unit, count = DURATIONS[ws[k].folded]
        count = count if number is None else (number if not count else 0)
        j = k + 1
        if not count or count != int(count) or (j < len(ws) and (
                ws[j].folded in (_W["من"], _W["على"]) or ws[j].folded.startswith("ال"))):
            return None  # قبل يومين من الانتخابات، قبل يوم الانتخابات
    days, months, years = (n * int(count) * sign for n in unit)
    if ref is None:
        return Timex(i, j, "DATE")
    if days:
        return Timex(i, j, "DATE", ref + timedelta(days=days), DAY)
    if months:
        return Timex(i, j, "DATE", _shift_month(ref, months), MONTH)
    return Timex(i, j, "DATE", date(ref.year + years, 1, 1), YEAR)


@word_cache
def _opens(folded: str) -> bool:
    """Can a time expression start with this word? Every matcher of :func:`scan` needs a number
    or a reading in ``_OPENERS`` there."""
    return _digits(folded) is not None or _lookup(folded, _OPENERS) is not None


def scan(ws: list[Word], ref: date | None) -> list[Timex]:
    """Non-overlapping time expressions over words, left to right."""
    out: list[Timex] = []
    i = 0
    while i < len(ws):
        if not _opens(ws[i].folded):
            i += 1
            continue
        found = (_time_at(ws, i) or _year_at(ws, i, ref) or _relative_at(ws, i, ref)
                 or _explicit_at(ws, i, ref) or _ago_at(ws, i, ref))
        if found is None or found.j <= i:
            i += 1
            continue
        out.append(found)
        i = found.j
    return out


# ---------------------------------------------------------------- public API
def resolve_date(expression: str, published: date | None) -> tuple[date | None, str]:
    """Date and precision (day/month/year/unknown) of the first date in ``expression``."""
    for t in scan(words(expression), published):
        if t.label == "DATE":
            return (t.day, t.precision) if t.day else (None, UNKNOWN)
    return None, UNKNOWN


def reference_date(text: str, published: date | None) -> date | None:
    """The publication date, or one inferred from the text when it is unknown.

    The inferred date is the latest date stated in full, preferring one stated with its
    weekday (``الاربعاء 28 يوليو 2021``), moved forward to the weekday of an
    ``اليوم الخميس`` anchor when the text has one.
    """
    if published is not None:
        return published
    ws = words(text)
    stated = [(ws[t.i].folded in WEEKDAYS or _stem(ws, t.i, PARTS_OF_DAY) is not None, t.day)
              for t in scan(ws, None) if t.absolute and t.precision == DAY and t.day]
    if not stated:
        return None
    latest = max(stated)[1]
    for k in range(len(ws) - 1):
        if ws[k].folded == _W["اليوم"] and (stem := _stem(ws, k + 1, WEEKDAYS)):
            return latest + timedelta(days=(WEEKDAYS[stem] - latest.weekday()) % 7)
    return latest


def _normalized(text: str, start: int, end: int) -> str:
    """Diacritic-free surface without a leading conjunction/preposition clitic."""
    surface = clean(text[start:end])
    first, _, rest = surface.partition(" ")
    for prefix, stem in readings(fold(first)):
        if prefix and not prefix.endswith("ال") and (
                stem in _KNOWN or parse_digits(stem) is not None or dual_value(stem)):
            return clean(first)[len(prefix):] + (" " + rest if rest else "")
    return surface


def find_timex(text: str, sentences: list[Sentence], published: date | None) -> list[Mention]:
    """DATE, TIME and QUANTITY mentions, sentence by sentence (``published`` may be None)."""
    spans = sentences_or_whole(text, sentences)
    out: list[Mention] = []
    for s in spans:
        ws = words(text, s.start, s.end)
        taken: list[tuple[int, int]] = []
        for t in scan(ws, published):
            start, end = ws[t.i].start, ws[t.j - 1].end
            taken.append((start, end))
            out.append(Mention(start, end, text[start:end], t.label, _normalized(text, start, end),
                               s.index, value=t.value, confidence=0.9 if t.value else 0.6))
        for q in quantities(ws):
            if any(q.start < e and b < q.end for b, e in taken):
                continue
            out.append(Mention(q.start, q.end, text[q.start:q.end], "QUANTITY",
                               _normalized(text, q.start, q.end), s.index,
                               value=format_value(q.value), confidence=0.7 if q.approximate else 0.9))
    return sorted(out, key=lambda m: m.start)
