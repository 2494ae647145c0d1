"""Time expressions resolved against a publication date (Thursday 2021-07-29)."""

from datetime import date
from pathlib import Path

import pytest

from akhbar.extract.timex import find_timex, reference_date, resolve_date
from akhbar.model import Sentence

PUBLISHED = date(2021, 7, 29)
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_98b8e4c306178cf7.txt"


@pytest.mark.parametrize("expression, expected, precision", [
    ("مساء الاربعاء", date(2021, 7, 28), "day"),
    ("فجر الخميس", date(2021, 7, 29), "day"),
    ("اليوم الخميس", date(2021, 7, 29), "day"),
    ("والاثنين الماضي", date(2021, 7, 26), "day"),
    ("الخميس المقبل", date(2021, 8, 5), "day"),
    ("أمس", date(2021, 7, 28), "day"),
    ("غداً", date(2021, 7, 30), "day"),
    ("الاربعاء 28 يوليو 2021", date(2021, 7, 28), "day"),
    ("26 من يوليو (تموز)", date(2021, 7, 26), "day"),
    ("يوم 27 ديسمبر الماضي", date(2020, 12, 27), "day"),
    ("انتخابات تشرين الأول اكتوبر المقبلة", date(2021, 10, 1), "month"),
    ("في كانون الثاني/يناير 2020", date(2020, 1, 1), "month"),
    ("عام 2021", date(2021, 1, 1), "year"),
    ("بنهاية العام", date(2021, 12, 31), "day"),
    ("في اليوم الاخير من عام 2021", date(2021, 12, 31), "day"),
    ("الشهر الماضي", date(2021, 6, 1), "month"),
    ("17/2/1986", date(1986, 2, 17), "day"),
    ("اول من امس", date(2021, 7, 27), "day"),
    ("مساء أول أمس", date(2021, 7, 27), "day"),
    ("الليلة الماضية", date(2021, 7, 28), "day"),
    ("الليلة قبل الماضية", date(2021, 7, 27), "day"),
    ("أواخر الشهر الماضي", date(2021, 6, 30), "day"),
    ("مطلع الشهر المقبل", date(2021, 8, 1), "month"),  # early in the month: no day fixed
    ("يوم 16 من الشهر الجاري", date(2021, 7, 16), "day"),
    ("الثالث من سبتمبر", date(2020, 9, 3), "day"),
    ("في الخامس عشر من حزيران", date(2021, 6, 15), "day"),
    ("الحادي والعشرين من يونيو (حزيران)", date(2021, 6, 21), "day"),
    ("قبل يومين", date(2021, 7, 27), "day"),
    ("قبل ثلاثة أيام", date(2021, 7, 26), "day"),
    ("قبل 3 أشهر", date(2021, 4, 1), "month"),
    ("بعد غد", date(2021, 7, 31), "day"),
    ("اليوم الأول من عام 2022", date(2022, 1, 1), "day"),
])
def test_resolve_date(expression, expected, precision):
    assert resolve_date(expression, PUBLISHED) == (expected, precision)


@pytest.mark.parametrize("expression", [
    "قبل يومين من الانتخابات",  # counted from another event, not from the publication date
    "قبل يوم الانتخابات",
    "قبل شهر رمضان",
    "الثاني",
    "بعد أن",
    "في نفس اليوم",  # the day told before, not the publication day
    "وفي ذات اليوم",
])
def test_not_a_date(expression):
    assert resolve_date(expression, PUBLISHED) == (None, "unknown")


def test_relative_dates_without_publication_date_stay_unresolved():
    assert resolve_date("مساء الاربعاء", None) == (None, "unknown")
    assert resolve_date("28 يوليو 2021", None) == (date(2021, 7, 28), "day")


def _dates(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.value) for m in find_timex(text, [Sentence(0, 0, len(text))], PUBLISHED)
            if m.label == "DATE"]


def test_bare_monday_unless_it_reads_the_two():
    """الاثنين is also 'the two', after بين، من، على، مع، كلا or before معا; elsewhere it is Monday."""
    assert _dates("أدانت وزارة الخارجية، الاثنين، إطلاق الصواريخ.") == [("الاثنين", "2021-07-26")]
    assert _dates("والاثنين حبست النيابة العامة ضابطين.") == [("والاثنين", "2021-07-26")]
    assert _dates("حث وزراء خارجية دول مجموعة السبع روسيا الاثنين على كشف تفاصيل برنامجها.") == [
        ("الاثنين", "2021-07-26")]
    assert _dates("التقى الطرفان الاثنين في جنيف.") == [("الاثنين", "2021-07-26")]
    assert _dates("لا فرق بين الاثنين في جنيف.") == []
    assert _dates("وصل واحد من الاثنين إلى جنيف.") == []
    assert _dates("سافر الاثنين معا إلى جنيف.") == []


def test_bare_year_word_needs_a_cue():
    """العام is also 'general, public' (الأمين العام، الرأي العام); هذا العام is this year."""
    assert _dates("قال الأمين العام للأمم المتحدة إن الوضع خطير.") == []
    assert _dates("ارتفعت الأسعار هذا العام بنسبة كبيرة.") == [("العام", "2021")]
    assert _dates("قال النائب العام إن العام الماضي كان صعبا.") == [("العام الماضي", "2020")]


def test_verb_fajjara_is_not_a_date():
    assert resolve_date("فجر انتحاري نفسه وسط السوق", PUBLISHED) == (None, "unknown")


def test_times():
    text = "قد تبين أن انطلاقه كان في الساعة 4 و20 دقيقة من فجر الخميس"
    found = [(m.label, m.surface, m.value) for m in find_timex(text, [], PUBLISHED)]
    assert found == [("TIME", "الساعة 4 و20 دقيقة", "04:20"), ("DATE", "فجر الخميس", "2021-07-29")]
    ten = find_timex("وصل الوفد الساعة العاشرة صباحا", [], PUBLISHED)
    assert [(m.label, m.value) for m in ten] == [("TIME", "10:00")]
    bare = find_timex("بدأت التجمعات عند الخامسة والنصف وانتهت الثالثة فجرا", [], PUBLISHED)
    assert [(m.label, m.value) for m in bare] == [("TIME", "05:30"), ("TIME", "03:00")]
    count = find_timex("قتل 20 مساء امس في المرتبة الخامسة", [], PUBLISHED)
    assert [m.label for m in count] == ["QUANTITY", "DATE"]  # 20 people, not 20:00


def test_mentions_keep_offsets_and_drop_clitics_in_normalized():
    text = "والاثنين الماضي اعلنت بغداد وواشنطن رسميا اتفاقهما، وضربت المنطقة بصاروخين."
    found = find_timex(text, [Sentence(0, 0, len(text))], PUBLISHED)
    assert all(text[m.start:m.end] == m.surface for m in found)
    assert [(m.label, m.normalized, m.value) for m in found] == [
        ("DATE", "الاثنين الماضي", "2021-07-26"), ("QUANTITY", "صاروخين", "2")]


def test_reference_date_inferred_from_a_stated_date_and_today_anchor():
    text = SEED.read_text(encoding="utf-8")
    assert reference_date(text, None) == date(2021, 7, 29)
    assert reference_date(text, date(2021, 8, 1)) == date(2021, 8, 1)
    assert reference_date("أكد الوزير أن الاتفاق صامد", None) is None
