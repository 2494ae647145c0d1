"""Arabic names of the Gregorian months as written in news text."""

from __future__ import annotations

# month number → its names: Egyptian/Gulf (يناير), Maghrebi (جانفي) and Levantine/Iraqi
# (كانون الثاني) forms, with the common hamza and alef spellings.
_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "جانفي", "كانون الثاني"),
    2: ("فبراير", "فيفري", "شباط"),
    3: ("مارس", "آذار", "اذار"),
    4: ("أبريل", "ابريل", "إبريل", "أفريل", "افريل", "نيسان"),
    5: ("مايو", "ماي", "أيار", "ايار"),
    6: ("يونيو", "يونيه", "جوان", "حزيران"),
    7: ("يوليو", "يوليه", "جويلية", "تموز"),
    8: ("أغسطس", "اغسطس", "أوت", "اوت", "آب", "اب"),
    9: ("سبتمبر", "أيلول", "ايلول"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
    11: ("نوفمبر", "تشرين الثاني"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول"),
}
# month name (one word, or two separated by a single space) → month number (1-12)
MONTH_NUMBERS: dict[str, int] = {name: month for month, names in _NAMES.items() for name in names}
