"""The default backend behind the Extractor interface: names its version, keeps offsets exact."""

from __future__ import annotations

from akhbar.extract.base import Extractor, extractor_tag
from akhbar.extract.rules import RuleExtractor, content_version
from akhbar.ingest.readers import read_articles
from tests.conftest import SEED


def test_version_follows_the_content(tmp_path):
    (tmp_path / "lexicon.tsv").write_text("واشنطن\tGPE\n", encoding="utf-8")
    first = content_version("1.0", (tmp_path,))
    assert first == content_version("1.0", (tmp_path,)) and first.startswith("1.0+")
    (tmp_path / "MODEL_CARD.md").write_text("# the lexicon's card\n", encoding="utf-8")
    assert content_version("1.0", (tmp_path,)) == first  # documentation is no input
    (tmp_path / "lexicon.tsv").write_text("واشنطن\tGPE\nبغداد\tGPE\n", encoding="utf-8")
    assert content_version("1.0", (tmp_path,)) != first


def test_rule_extractor_on_the_seed_and_a_title():
    extractor = RuleExtractor()
    assert isinstance(extractor, Extractor)
    assert extractor_tag(extractor).startswith("akhbar-rules/")
    article = next(iter(read_articles([SEED])))
    article.title = "الكاظمي يغادر واشنطن"
    result = extractor.extract(article)
    for m in result.mentions:
        field_text = article.title if m.field == "title" else article.text
        assert field_text[m.start:m.end] == m.surface
    assert {m.surface for m in result.mentions if m.field == "title"} >= {"الكاظمي", "واشنطن"}
    assert {"CONSULT", "ASSAULT", "AGREE"} <= {e.event_type for e in result.events}
    for e in result.events:
        assert article.text[e.trigger_start:e.trigger_end] == e.trigger


def test_articles_extracted_together_are_extracted_as_each_alone():
    from dataclasses import replace

    from akhbar.ner import DEFAULT_BACKEND, load_tagger

    extractor = RuleExtractor(load_tagger(DEFAULT_BACKEND))
    seed = next(iter(read_articles([SEED])))
    articles = [replace(seed, title="الكاظمي يغادر واشنطن"), seed,
                replace(seed, title="وصل الرئيس الفرنسي إلى بغداد")]
    assert extractor.extract_all(articles) == [extractor.extract(a) for a in articles]


def test_the_flow_stamps_its_run_with_the_workers_extractor_without_loading_it():
    import flows.extract

    flows.extract.get_extractor.cache_clear()
    flows.extract.extractor_version.cache_clear()
    version = flows.extract.extractor_version()
    assert flows.extract.get_extractor.cache_info().currsize == 0  # the lexicons and models not loaded
    assert version == extractor_tag(flows.extract.get_extractor())
    assert "+akhbar-bilstm-crf+news-crf/" in version


def test_a_word_of_a_name_is_no_time_or_quantity():
    from akhbar.extract.rules import outside_names
    from akhbar.extract.timex import find_timex
    from akhbar.model import Sentence
    from tests.factories import text_mention

    text = "وذكرت قناة روسيا اليوم أن الشرطة اعتقلت اليوم 3 أشخاص."
    found = find_timex(text, [Sentence(0, 0, len(text))], None)
    names = [text_mention(text, "روسيا اليوم", "ORG")]
    kept = outside_names(found, names)
    assert [m.surface for m in found if m.label == "DATE"] == ["اليوم", "اليوم"]
    assert [(m.label, m.start) for m in kept if m.label == "DATE"] == [("DATE", text.rindex("اليوم"))]
    assert [m.surface for m in kept if m.label == "QUANTITY"] == ["3"]


def test_the_dateline_names_no_participant_of_the_events():
    """«أتلانتا، الولايات المتحدة الأمريكية (CNN) – استهدفت فصائل فلسطينية مسلحة، إسرائيل»: CNN filed the
    report from Atlanta; neither attacked nor was attacked. The event stage reads the mentions after
    the dateline (its date, had it one, too); the article's entities keep them."""
    from akhbar.extract.events import EventExtractor
    from akhbar.extract.rules import past_dateline
    from akhbar.model import Sentence
    from tests.factories import text_mention

    text = "أتلانتا، الولايات المتحدة الأمريكية (CNN) – استهدفت فصائل فلسطينية مسلحة، إسرائيل، بقذيفتين صاروخيتين."
    names = [text_mention(text, "أتلانتا", "GPE"), text_mention(text, "الولايات المتحدة الأمريكية", "GPE"),
             text_mention(text, "CNN", "ORG"), text_mention(text, "فلسطينية", "NORP"),
             text_mention(text, "إسرائيل", "GPE")]
    assert [m.surface for m in past_dateline(text, names)] == ["فلسطينية", "إسرائيل"]
    assert past_dateline("استهدفت فصائل فلسطينية مسلحة إسرائيل.", names) == names  # no dateline
    sentence = [Sentence(0, 0, len(text))]
    before = EventExtractor(classifier=None).extract(text, sentence, names, None)
    after = EventExtractor(classifier=None).extract(text, sentence, past_dateline(text, names), None)
    assert ("actor", "CNN") in [(p.role, p.surface) for e in before for p in e.participants]
    assert "CNN" not in [p.surface for e in after for p in e.participants]
