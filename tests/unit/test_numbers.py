"""Quantities in Arabic news text."""

import pytest

from akhbar.extract.numbers import (
    dual_value,
    find_quantities,
    format_value,
    marker_length,
    parse_digits,
    singular_count,
)
from akhbar.extract.wordforms import words
from akhbar.text.arabic import fold


def _values(text: str) -> list[tuple[str, float, bool]]:
    return [(text[q.start:q.end], q.value, q.approximate) for q in find_quantities(text)]


@pytest.mark.parametrize("token, value", [
    ("3500", 3500), ("٣٥٠٠", 3500), ("3,500", 3500), ("٣٬٥٠٠", 3500), ("2.5", 2.5), ("٢٫٥", 2.5),
    ("1.000.000", 1_000_000), ("1,234.5", 1234.5),
])
def test_parse_digits(token, value):
    assert parse_digits(token) == value


def test_parse_digits_rejects_words():
    assert parse_digits("صاروخ") is None


def test_approximate_number_from_the_seed():
    assert _values("ولا يزال هناك نحو 3500 جندي أجنبي، من بينهم 2500 أميركي") == [
        ("نحو 3500", 3500, True), ("2500", 2500, False)]


def test_dual_noun_with_clitic():
    assert _values("فقد ضربت المنطقة الخضراء فجر اليوم بصاروخين سقطا في داخلها") == [
        ("بصاروخين", 2, False)]
    assert dual_value("سيارتين") == 2
    assert dual_value("مسؤولين") is None


@pytest.mark.parametrize("text, value, approx", [
    ("تظاهر 10 آلاف شخص", 10_000, False),
    ("شارك عشرات الآلاف من المتظاهرين", 10_000, True),
    ("قتل ثلاثة عشر شخصا", 13, False),
    ("أصيب خمسة وعشرون شخصا", 25, False),
    ("أرسلت ألفي جندي", 2000, False),
    ("قتل أكثر من 50 شخصا", 50, True),
    ("قتل 22 شخصا على الاقل", 22, True),
    ("نزول نحو مئتي راهب", 200, True),
])
def test_number_words_and_scales(text, value, approx):
    found = find_quantities(text)
    assert [(q.value, q.approximate) for q in found] == [(value, approx)]


@pytest.mark.parametrize("word, one", [
    ("صاروخ", True), ("بسيارة", True), ("وشخص", True), ("الصاروخ", False), ("صواريخ", False),
    ("حكومة", False),
])
def test_singular_count_noun(word, one):
    assert singular_count(fold(word)) is one


def test_definite_number_words_are_not_counts():
    assert find_quantities("ولا بد ان الثلاثة جلسوا امام التلفزيونات") == []


def test_format_value():
    assert format_value(3500.0) == "3500"
    assert format_value(2.5) == "2.5"


@pytest.mark.parametrize("text, length", [
    ("ما لا يقل عن 16 شخصا", 4), ("أكثر من ألف شخص", 2), ("نحو عشرة أشخاص", 1),
    ("نحو المدينة", 0), ("أكثر من مرة", 0), ("16 شخصا", 0),
])
def test_an_approximation_marker_starts_a_count_only_before_a_number(text, length):
    assert marker_length(words(text), 0) == length
