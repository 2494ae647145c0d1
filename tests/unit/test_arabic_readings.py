"""Cached per-word analyses: proclitic readings, entity token splits, word tokens; diacritics."""

from akhbar.extract.entities import EntityRecognizer, _unclitic_key
from akhbar.extract.wordforms import readings, words
from akhbar.text.arabic import clean, fold, proclitic_readings
from akhbar.text.tokens import token_matches, tokenize


def test_proclitic_readings_longest_first():
    assert proclitic_readings("وللعراق") == (("ول", "العراق"), ("ول", "لعراق"), ("و", "للعراق"))
    assert proclitic_readings("بالعراق") == (("بال", "عراق"), ("ب", "العراق"))
    assert proclitic_readings("فبغداد") == (("فب", "غداد"), ("ف", "بغداد"))
    assert proclitic_readings("وزير") == (("و", "زير"),)
    assert proclitic_readings("لل") == ()
    assert readings(fold("وللعراق")) == (("", "وللعراق"), ("ول", "العراق"), ("ول", "لعراق"), ("و", "للعراق"))
    assert readings(fold("الكاظمي")) == (("", "الكاظمي"),)
    assert proclitic_readings.cache_info().maxsize == readings.cache_info().maxsize == 200_000


def test_entity_token_splits():
    split = EntityRecognizer()._split
    assert split("وللعراق") == ("ول", "العراق", "العراق", "وللعراق")
    assert split("بالعراق") == ("ب", "العراق", "العراق", "بالعراق")
    assert split("كورونا") == ("", "كورونا", "كورونا", "كورونا")  # not ك + ورونا
    assert split("وزير") == ("", "وزير", "وزير", "وزير")
    assert split("وكالة") == ("", "وكالة", "وكاله", "وكاله")
    assert split("2021") == ("", "2021", "2021", "2021")
    assert _unclitic_key("والكاظمي") == "الكاظمي" and _unclitic_key("للعراق") == "العراق"


def test_words_keep_the_offsets_of_tokens():
    text = "قال: إنّ 3,500 جندي"
    assert [(w.start, w.end, w.text, w.folded) for w in words(text)] == [
        (0, 3, "قال", "قال"), (3, 4, ":", ":"), (5, 8, "إنّ", "ان"), (9, 14, "3,500", "3,500"),
        (15, 19, "جندي", "جندي")]
    assert [(m.start(), m.end()) for m in token_matches(text, 5)] == [(t.start, t.end) for t in tokenize(text, 5)]
    assert [w.text for w in words(text, 5, 14)] == ["إنّ", "3,500"]


def test_clean_removes_what_camel_tools_dediac_removes():
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.dediac import dediac_ar

    text = "وَقَالَ رَئِيسُ الوُزَرَاءِ مُصْطَفَى الكَاظِمِيّ إِنَّ العِرَاقَ يَرْفُضُ ذٰلِكَ"
    assert clean(text) == dediac_ar(text) == "وقال رئيس الوزراء مصطفى الكاظمي إن العراق يرفض ذلك"
    assert all(clean("ب" + c) == dediac_ar("ب" + c) == "ب" for c in AR_DIAC_CHARSET)
    assert clean("مـــصر\u200f") == "مصر"  # tatweel and a bidi mark
