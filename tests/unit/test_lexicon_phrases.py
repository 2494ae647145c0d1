"""Gazetteer phrase matching, shared by the entity rules and the CRF features."""

from akhbar.extract.entities import EntityRecognizer
from akhbar.lexicon import load
from akhbar.ner.features import Featurizer
from akhbar.text.arabic import fold


def _folded(text: str) -> list[str]:
    return [fold(t) for t in text.split()]


def test_longest_phrase_at_a_token():
    lex = load()
    folded = _folded("زار الرئيس الولايات المتحدة الأمريكية أمس")
    entry = lex.phrase_at(folded, 2, folded[2])
    assert (entry.tokens, entry.label, entry.country_code) == (tuple(folded[2:5]), "GPE", "US")
    short = _folded("زار الرئيس الولايات المتحدة")
    assert lex.phrase_at(short, 2, short[2]).tokens == tuple(short[2:])  # a phrase that ends the text
    assert lex.phrase_at(folded, 1, folded[1]) is None


def test_the_first_token_may_be_read_without_its_clitic():
    lex = load()
    folded = _folded("وصل إلى وبغداد")
    assert lex.phrase_at(folded, 2, folded[2]) is None
    assert lex.phrase_at(folded, 2, fold("بغداد")).canonical == "بغداد"


def test_rules_and_features_see_the_same_phrases():
    text = "وصل وزير خارجية الولايات المتحدة إلى وبغداد"
    mentions = EntityRecognizer().recognize(text, [])
    gpe = [m.surface for m in mentions if m.label == "GPE"]
    assert gpe == ["الولايات المتحدة", "وبغداد"]
    features = Featurizer(load(), {})
    tags = features.gazetteer([features.forms(t) for t in text.split()])
    assert tags == ["O", "O", "O", "B-GPE", "I-GPE", "O", "B-GPE"]
