"""The scan for time expressions skips words no expression can start with; quantities reuse its words."""

from datetime import date

import pytest

from akhbar.extract import timex
from akhbar.extract.numbers import find_quantities, quantities
from akhbar.extract.timex import find_timex
from akhbar.extract.wordforms import words
from tests.conftest import SEED

PUBLISHED = date(2021, 7, 29)
SENTENCES = [
    "وصل الوفد الساعة العاشرة صباحا يوم الخميس 29 يوليو 2021 بعد غد",
    "قتل 20 شخصا في 17/2/1986 وفي عام 2020 وقبل يومين",
    "في الخامس عشر من حزيران الماضي أواخر الشهر الماضي ومساء أول أمس",
    "وبحث الوزير في 3 تشرين الأول اكتوبر المقبل مع نحو 50 مسؤولا اتفاق الشهر الجاري",
    "بدأت التجمعات عند الخامسة والنصف وانتهت الثالثة فجرا، والاثنين الماضي اعلنت بغداد",
    "بنهاية العام وفي اليوم الاخير من عام 2021 والليلة قبل الماضية وقبل 3 أشهر",
]


def _matches(ws, i, ref):
    return [m for m in (timex._time_at(ws, i), timex._year_at(ws, i, ref), timex._relative_at(ws, i, ref),
                        timex._explicit_at(ws, i, ref), timex._ago_at(ws, i, ref)) if m is not None]


def test_a_skipped_word_starts_no_expression():
    skipped = opened = 0
    for text in [*SENTENCES, SEED.read_text(encoding="utf-8")]:
        ws = words(text)
        for i, w in enumerate(ws):
            if timex._opens(w.folded):
                opened += 1
                continue
            skipped += 1
            for ref in (PUBLISHED, None):
                assert _matches(ws, i, ref) == [], (w.text, text)
    assert skipped > 5 * opened > 300  # most words are skipped


@pytest.mark.parametrize("word", ["الساعة", "العاشرة", "29", "و20", "يوليو", "وتشرين", "أواخر", "بنهاية",
                                  "عام", "والاثنين", "مساء", "أول", "أمس", "الليلة", "الشهر", "قبل", "بعد",
                                  "الخامس"])
def test_words_that_start_expressions_are_not_skipped(word):
    assert timex._opens(words(word)[0].folded)


def test_find_timex_on_sentences():
    found = [[(m.label, m.surface, m.normalized, m.value) for m in find_timex(t, [], PUBLISHED)]
             for t in SENTENCES[:4]]
    assert found == [
        [("TIME", "الساعة العاشرة صباحا", "الساعة العاشرة صباحا", "10:00"),
         ("DATE", "يوم الخميس 29 يوليو 2021", "يوم الخميس 29 يوليو 2021", "2021-07-29"),
         ("DATE", "بعد غد", "بعد غد", "2021-07-31")],
        [("QUANTITY", "20", "20", "20"), ("DATE", "17/2/1986", "17/2/1986", "1986-02-17"),
         ("DATE", "عام 2020", "عام 2020", "2020"), ("QUANTITY", "يومين", "يومين", "2")],
        [("DATE", "الخامس عشر من حزيران الماضي", "الخامس عشر من حزيران الماضي", "2021-06-15"),
         ("DATE", "أواخر الشهر الماضي", "أواخر الشهر الماضي", "2021-06-30"),
         ("DATE", "ومساء أول أمس", "مساء أول أمس", "2021-07-27")],
        [("DATE", "3 تشرين الأول اكتوبر المقبل", "3 تشرين الأول اكتوبر المقبل", "2021-10-03"),
         ("QUANTITY", "نحو 50", "نحو 50", "50"), ("DATE", "الشهر الجاري", "الشهر الجاري", "2021-07")],
    ]


def test_quantities_of_words_are_those_of_the_text():
    text = SEED.read_text(encoding="utf-8")
    assert quantities(words(text, 10, 2000)) == find_quantities(text, 10, 2000)
    assert [(q.value, q.approximate) for q in quantities(words("قتل أكثر من 50 شخصا وأصيب خمسة وعشرون"))] == [
        (50, True), (25, False)]
