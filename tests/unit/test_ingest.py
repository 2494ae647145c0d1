"""Ingest text functions: decoding, cleaning, sentence splitting, datelines, identity."""

from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

import pytest

from akhbar.ingest.clean import clean_text
from akhbar.ingest.decode import DecodeError, decode_bytes
from akhbar.ingest.identity import article_id
from akhbar.ingest.segment import parse_dateline, split_sentences

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_98b8e4c306178cf7.txt"
SENTENCE = "قال رئيس الوزراء العراقي مصطفى الكاظمي إن الحكومة ماضية في الإصلاحات."


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def assert_partition(text: str) -> None:
    """Sentences are trimmed, ordered, indexed 0..n-1 and cover every non-blank char once."""
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    covered = []
    for prev, s in zip([None, *sentences], sentences):
        body = text[s.start:s.end]
        assert body == body.strip() and body
        assert prev is None or prev.end <= s.start
        covered.append(body)
    assert "".join("".join(covered).split()) == "".join(text.split())


# --- decode -----------------------------------------------------------------

def test_decode_utf8() -> None:
    assert decode_bytes(SENTENCE.encode("utf-8")) == (SENTENCE, "utf-8")


def test_decode_cp1256_arabic_round_trips() -> None:
    assert decode_bytes(SENTENCE.encode("cp1256")) == (SENTENCE, "cp1256")


@pytest.mark.parametrize(("bom", "codec", "name"), [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
])
def test_decode_bom_is_removed(bom: bytes, codec: str, name: str) -> None:
    assert decode_bytes(bom + SENTENCE.encode(codec)) == (SENTENCE, name)


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary", bytes(range(1, 32)) * 20])
def test_decode_binary(data: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "binary"


def test_decode_latin1_is_undecodable() -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes("Le président a déclaré à Paris que la réunion était reportée.".encode("latin-1"))
    assert info.value.reason == "undecodable"


# --- clean ------------------------------------------------------------------

def test_clean_html_article() -> None:
    page = ("<html><head><title>x</title><style>p {color: red}</style>"
            "<script>var s = '<p>لا</p>';</script></head><body>"
            "<p>أكد الكاظمي &amp; بيلوسي &quot;التعاون&quot;</p><!-- تعليق -->"
            "<p>سطر <b>ثان</b><br>ثالث&nbsp;</p></body></html>")
    assert clean_text(page) == 'أكد الكاظمي & بيلوسي "التعاون"\n\nسطر ثان\nثالث'


def test_clean_keeps_a_lone_angle_bracket() -> None:
    text = "< الترتيب النهائي للنسخة 13 لجائزة «الأسد الذهبي»: 1 ـ رياض محرز"
    assert clean_text(text) == text


def test_clean_whitespace_and_keeps_diacritics() -> None:
    raw = "  العراقيّة  \r\n\r\n\r\n\r\nوتُنسب هذه الهجمات\t \rإلى مليشيات  \n"
    assert clean_text(raw) == "العراقيّة\n\nوتُنسب هذه الهجمات\nإلى مليشيات"


def test_clean_composes_nfc() -> None:
    assert clean_text("Cafe\u0301 في بيروت") == "Café في بيروت"


# --- sentences --------------------------------------------------------------

def test_seed_sentences() -> None:
    text = clean_text(SEED.read_text(encoding="utf-8"))
    sentences = texts(text)
    assert 20 <= len(sentences) <= 40
    assert_partition(text)
    assert any("نحو 3500 جندي أجنبي على الأراضي العراقيّة، من بينهم 2500 أميركي" in s for s in sentences)
    assert any("في الساعة 4 و20 دقيقة من فجر الخميس" in s for s in sentences)
    assert "المقبلة ." in sentences[4] and sentences[5].startswith("وشددت")
    assert sentences[20].endswith("وسط بغداد..") and sentences[21].startswith("موضحة")


def test_split_numbers_and_abbreviations() -> None:
    text = ("قال د. محمد علي إن النمو بلغ 3.5 بالمئة وإن 2.000 عامل فقدوا وظائفهم. "
            "وأكد م. أحمد حسن ذلك لوكالة أ.ف.ب. اليوم؛ ونقل J. Smith عن U.S. Army الخبر")
    assert texts(text) == [
        "قال د. محمد علي إن النمو بلغ 3.5 بالمئة وإن 2.000 عامل فقدوا وظائفهم.",
        "وأكد م. أحمد حسن ذلك لوكالة أ.ف.ب. اليوم؛",
        "ونقل J. Smith عن U.S. Army الخبر",
    ]


def test_split_year_marker_ends_sentence() -> None:
    assert texts("انتهت الحرب عام 1945 م. ثم بدأ الإعمار") == ["انتهت الحرب عام 1945 م.", "ثم بدأ الإعمار"]


def test_split_closing_quote_stays_with_sentence() -> None:
    text = 'وأضاف "نتطلع الى تعزيز التضامن!". وقالت مصادر امنية "هل سقط صاروخ؟" .\nمؤكدة "لا خسائر"..'
    assert texts(text) == ['وأضاف "نتطلع الى تعزيز التضامن!".', 'وقالت مصادر امنية "هل سقط صاروخ؟" .',
                           'مؤكدة "لا خسائر"..']


def test_split_line_breaks_and_ellipsis() -> None:
    text = "لا قوات قتالية\n\nسقط صاروخان... وتسبب القصف بأضرار؟! نعم\nالعربية.نت تنقل الخبر"
    assert texts(text) == ["لا قوات قتالية", "سقط صاروخان...", "وتسبب القصف بأضرار؟!", "نعم",
                           "العربية.نت تنقل الخبر"]
    assert_partition(text)


def test_split_blank_text() -> None:
    assert split_sentences(" \n\n ") == []


# --- dateline ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "source", "place", "dateline"), [
    ("ايلاف من لندن: أكد رئيس الوزراء", "ايلاف", "لندن", "ايلاف من لندن:"),
    ("بيروت (رويترز) - قال مسؤول", "رويترز", "بيروت", "بيروت (رويترز) -"),
    ("واشنطن - أ ف ب: أعلن البيت الأبيض", "أ ف ب", "واشنطن", "واشنطن - أ ف ب:"),
    ("القاهرة - أحمد الريدي\nظهر الفنان", "أحمد الريدي", "القاهرة", "القاهرة - أحمد الريدي"),
    ("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت", "CNN", "دبي",
     "دبي، الإمارات العربية المتحدة (CNN)-"),
    ("(CNN)-كشفت دراسة", "CNN", None, "(CNN)-"),
])
def test_dateline_forms(text: str, source: str, place: str | None, dateline: str) -> None:
    d = parse_dateline(text)
    assert d is not None
    assert (d.source, d.place, text[d.start:d.end]) == (source, place, dateline)


def test_dateline_date_and_leading_invisible_mark() -> None:
    text = "\u200bتونس 11 ديسمبر 2016 (وات) - أعلنت الوزارة"
    d = parse_dateline(text)
    assert d is not None and d.start == 1 and d.place == "تونس" and d.date == date(2016, 12, 11)


@pytest.mark.parametrize(("month", "number"), [
    ("يونيه", 6), ("يوليه", 7), ("جويلية", 7), ("تشرين الأول", 10), ("كانون الثاني", 1), ("آب", 8),
])
def test_dateline_month_names_match_timex(month: str, number: int) -> None:
    d = parse_dateline(f"تونس 11 {month} 2016 (وات) - أعلنت الوزارة")
    assert d is not None and d.date == date(2016, number, 11)


@pytest.mark.parametrize("text", [
    "في الصحف اليوم: الانتخابات",
    "تدور اليوم بداية من الساعة 18: مباراة",
    'إعتبر "حزب التحرير - تونس" أن القرار',
    "بيروت - قال مسؤول لبناني إن الحكومة ستجتمع غدا لبحث الأزمة",
    "أكد رئيس الوزراء العراقي مصطفى الكاظمي لدى مغادرته واشنطن",
])
def test_not_a_dateline(text: str) -> None:
    assert parse_dateline(text) is None


# --- identity ---------------------------------------------------------------

def test_article_id_ignores_diacritics_whitespace_and_punctuation() -> None:
    a = "ولا يزال هناك نحو 3500 جندي أجنبي على الأراضي العراقيّة، من بينهم 2500 أميركي."
    b = "ولا يزال  هناك نحو 3500 جُنديّ اجنبي\nعلى الاراضي العراقية ، من بينهم 2500 أميركي"
    assert article_id(a) == article_id(b)
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(a))


def test_article_id_differs_for_different_text() -> None:
    assert article_id("سقط صاروخان في بغداد") != article_id("سقط صاروخ في بغداد")


@pytest.mark.parametrize("text", ["", "   ", "وزير\u200b الخارجيّة  ΣΑΣ Σ.\tİstanbul ﷲ", "أَحْمَد،وعلي؟ ١٢٣ x_y-z",
                                  "ـالـعـراقـ \u061c\ufeff ى ة ؤ ئ \u00a0 \u2028 \x1f end"])
def test_identity_form_folds_the_whole_text_like_word_by_word(text: str) -> None:
    from akhbar.ingest.identity import _WORD, identity_form
    from akhbar.text.arabic import fold

    assert identity_form(text) == " ".join(w for chunk in text.split() for w in _WORD.findall(fold(chunk).lower()))


def test_looks_binary_counts_control_bytes() -> None:
    import random

    from akhbar.ingest.decode import looks_binary

    rng = random.Random(7)
    for _ in range(300):
        data = bytes(rng.choice(b"\x01\x07\t\n\r\x7fab\xd8\xa7 ") for _ in range(rng.randint(1, 200)))
        controls = sum(1 for b in data if (b < 0x20 and b not in b"\t\n\f\r") or b == 0x7F)
        assert looks_binary(data) == (controls / len(data) > 0.05)
