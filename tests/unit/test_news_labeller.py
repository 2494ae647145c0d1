"""The news labeller: aligning annotated surfaces to tokens, its training pieces and the stage itself."""

from __future__ import annotations

import pytest

from akhbar.entity_training import Example, align, cross_validate, fit, pipeline_tags, span_scores, token_tags
from akhbar.extract.entities import Candidate, EntityRecognizer
from akhbar.extract.labeller import KIND, NewsLabeller, conjoined, merge, rule_readings, sentence_features, titled
from akhbar.model import Sentence
from akhbar.ner import DEFAULT_BACKEND, load_tagger

TEXT = ("التقى الرئيس الأمريكي دونالد ترامب في واشنطن نظيره الفرنسي.\n"
        "وقالت وزارة الخارجية الأمريكية إن للحوثيين دورا في اليمن، وإن واشنطن تراقب.\n"
        "وعاد ترامب إلى واشنطن ثم إلى واشنطن.")


def surfaces(text, found):
    return [(text[s.start:s.end], s.label) for s in found]


def test_align_strips_clitics_keeps_order_and_reports_what_is_missing():
    entities = [{"paragraph": 0, "text": "الأمريكي", "label": "NORP"},
                {"paragraph": 0, "text": "دونالد ترامب", "label": "PER"},
                {"paragraph": 0, "text": "واشنطن", "label": "GPE"},
                {"paragraph": 1, "text": "وزارة الخارجية الأمريكية", "label": "ORG"},
                {"paragraph": 1, "text": "الحوثيين", "label": "ORG"},  # للحوثيين: ل + ال
                {"paragraph": 1, "text": "اليمن", "label": "GPE"},
                {"paragraph": 2, "text": "ترامب", "label": "PER"},  # وعاد is not و + ترامب
                {"paragraph": 2, "text": "واشنطن", "label": "GPE"},
                {"paragraph": 2, "text": "واشنطن", "label": "GPE"},  # the second one, not the first again
                {"paragraph": 2, "text": "باريس", "label": "GPE"}]
    found, missing = align(TEXT, entities)
    assert surfaces(TEXT, found) == [
        ("الأمريكي", "NORP"), ("دونالد ترامب", "PER"), ("واشنطن", "GPE"),
        ("وزارة الخارجية الأمريكية", "ORG"), ("للحوثيين", "ORG"), ("اليمن", "GPE"),
        ("ترامب", "PER"), ("واشنطن", "GPE"), ("واشنطن", "GPE")]
    assert found[-1].start > found[-2].end
    assert missing == [{"paragraph": 2, "text": "باريس", "label": "GPE"}]


def test_align_finds_an_earlier_mention_listed_late_and_folds_spelling():
    text = "وصل الوفد إلى صنعاء ثم إلى عدن"
    entities = [{"paragraph": 0, "text": "عدن", "label": "GPE"},
                {"paragraph": 0, "text": "صنعاء", "label": "GPE"},
                {"paragraph": 0, "text": "الوفد", "label": "ORG"}]
    found, missing = align(text, entities)
    assert surfaces(text, found) == [("الوفد", "ORG"), ("صنعاء", "GPE"), ("عدن", "GPE")] and not missing
    found, _ = align("زار الامير الرياض", [{"paragraph": 0, "text": "الأمير", "label": "PER"}])
    assert [(s.start, s.end) for s in found] == [(4, 10)]


@pytest.fixture(scope="module")
def rec() -> EntityRecognizer:
    return EntityRecognizer()


def test_gold_and_rule_tags_of_a_sentence(rec):
    paragraph = TEXT.split("\n")[1]
    analysed, _ = rec.analyse(paragraph, [Sentence(0, 0, len(paragraph))])
    found, _ = align(paragraph, [{"paragraph": 0, "text": "وزارة الخارجية الأمريكية", "label": "ORG"},
                                 {"paragraph": 0, "text": "الحوثيين", "label": "ORG"}])
    words = [w.token.text for w in analysed[0].words]
    gold = dict(zip(words, token_tags([w.token for w in analysed[0].words], found)))
    assert [gold[w] for w in ("وقالت", "وزارة", "الخارجية", "الأمريكية", "إن", "للحوثيين", "اليمن")] == \
        ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O"]
    rules, kinds = rule_readings(analysed[0])
    assert dict(zip(words, rules))["اليمن"] == "B-GPE" and dict(zip(words, kinds))["اليمن"] == "gaz_GPE"
    features = sentence_features(NewsLabeller.featurizer(), analysed[0])
    assert len(features) == len(words)
    assert {"r=B-GPE", "rk=gaz_GPE", "t=O", "-1r=O"} <= set(features[words.index("اليمن")])


def test_span_scores_count_only_scored_labels():
    gold = [["B-PER", "I-PER", "O", "B-GPE", "B-EVENT"], ["B-LOC", "O"]]
    pred = [["B-PER", "O", "O", "B-GPE", "O"], ["B-GPE", "O"]]
    scores = span_scores(gold, pred)
    assert (scores["all"]["tp"], scores["all"]["fp"], scores["all"]["fn"]) == (1, 2, 2)
    assert scores["GPE"]["p"] == 0.5 and scores["LOC"]["r"] == 0.0 and "EVENT" not in scores


def test_a_model_trained_on_the_guide_relabels_what_the_rules_read_otherwise(rec, tmp_path):
    """Trained where the guide wants الضفة الغربية as LOC (the lexicon may say otherwise), the
    labeller follows the training data, on held-out sentences too (cross-validation)."""
    texts = [f"{verb} الجنود في الضفة الغربية {tail}" for verb in ("انتشر", "تمركز", "قتل", "اعتقل", "دخل",
                                                                     "غادر", "وصل", "بقي", "هاجم", "تجمع")
             for tail in ("أمس", "اليوم")]
    examples = []
    for n, text in enumerate(texts):
        analysed, _ = rec.analyse(text, [Sentence(0, 0, len(text))])
        found, _ = align(text, [{"paragraph": 0, "text": "الضفة الغربية", "label": "LOC"}])
        examples.append(Example(sentence_features(NewsLabeller.featurizer(), analysed[0]),
                                token_tags([w.token for w in analysed[0].words], found),
                                analysed[0].candidates, f"a{n}",
                                [False] * len(analysed[0].words), [False] * len(analysed[0].words)))
    assert span_scores([e.tags for e in examples], cross_validate(examples, 0.05, 0.01, 50))["all"]["f1"] == 1.0
    fit(examples, tmp_path / "m.crfsuite", 0.05, 0.01, 50)
    text = "وانسحب الجنود من الضفة الغربية أمس"
    mentions = EntityRecognizer(labeller=NewsLabeller(tmp_path / "m.crfsuite")).recognize(
        text, [Sentence(0, 0, len(text))])
    assert [(m.label, m.surface) for m in mentions] == [("LOC", "الضفة الغربية")]


def test_merge_keeps_nationality_words_redraws_other_rule_spans_and_keeps_their_entries():
    """Rule spans: 0-3 from the ORG lexicon, 3-4 from the NORP lexicon, 6-7 the ANERcorp tagger's."""
    rules = [Candidate(0, 3, "ORG", "gaz_ORG", 0.9), Candidate(3, 4, "NORP", "gaz_NORP", 0.9),
             Candidate(6, 7, "MISC", "tagger", 0.7)]
    tags = ["B-ORG", "I-ORG", "O", "B-PER", "O", "O", "B-LOC", "O", "B-GPE"]
    plain = [False] * 9
    assert merge(rules, tags, plain, plain) == [(0, 2, "ORG", None), (3, 4, "PER", rules[1]),
                                                (6, 7, "LOC", rules[2]), (8, 9, "GPE", None)]
    tags[0:3] = ["B-LOC", "I-LOC", "I-LOC"]  # the lexicon's span, another label: relabelled, entry kept
    assert merge(rules, tags, plain, plain)[0] == (0, 3, "LOC", rules[0])
    tags[3] = "O"  # a kept span the labeller does not tag keeps its own label
    assert merge(rules, tags, plain, plain)[1] == (3, 4, "NORP", rules[1])
    example = Example([], ["O"] * 9, rules, "a", plain, plain)
    assert pipeline_tags(example, ["O"] * 9) == ["O", "O", "O", "B-NORP"] + ["O"] * 5


@pytest.fixture(scope="module")
def packaged() -> EntityRecognizer:
    """The pipeline's entity stage: the default tagger, whose tags the packaged labeller learned, and
    the labeller. (Without a tagger the labeller reads inputs it was not trained on: stop 45's drops
    بغداد from the first sentence below.)"""
    return EntityRecognizer(tagger=load_tagger(DEFAULT_BACKEND), labeller=NewsLabeller())


def test_packaged_labeller_keeps_offsets_exact_and_drops_the_clitic(packaged):
    text = ("وقالت وزارة الخارجية الأمريكية إن الوزير مايك بومبيو زار بغداد، "
            "وإن قوات الدفاع الجوي السعودي اعترضت صاروخا أطلقه الحوثيون من اليمن.")
    mentions = packaged.recognize(text, [Sentence(0, 0, len(text))])
    for m in mentions:
        assert text[m.start:m.end] == m.surface and 0 < m.confidence <= 1
    got = {(m.label, m.surface) for m in mentions}
    assert {("ORG", "وزارة الخارجية الأمريكية"), ("PER", "مايك بومبيو"), ("GPE", "بغداد"),
            ("GPE", "اليمن"), ("ORG", "قوات الدفاع الجوي السعودي")} <= got
    assert not any(m.label == "NORP" and m.surface == "الأمريكية" for m in mentions)  # no nesting
    assert [m.country_code for m in mentions if m.surface in ("بغداد", "اليمن")] == ["IQ", "YE"]


def test_a_kept_nationality_word_yields_to_a_longer_name_without_a_title_word():
    """«القوات الجوية الأمريكية»: the NORP lexicon's الأمريكية (2) inside the labeller's ORG is no
    entity of its own (the longest name wins); «مجلس الشيوخ السيناتور الديمقراطي» runs over the title
    السيناتور (2), so the labeller's span does not take الديمقراطي (3) and is dropped."""
    rules = [Candidate(2, 3, "NORP", "gaz_NORP", 0.9)]
    plain = [False] * 3
    assert merge(rules, ["B-ORG", "I-ORG", "I-ORG"], plain, plain) == [(0, 3, "ORG", None)]
    rules = [Candidate(3, 4, "NORP", "gaz_NORP", 0.9)]
    tags = ["B-ORG", "I-ORG", "I-ORG", "I-ORG"]
    assert merge(rules, tags, [False] * 4, [False, False, True, False]) == [(3, 4, "NORP", rules[0])]


def test_merge_cuts_a_labeller_span_at_the_conjunction_before_a_kept_rule_span():
    """A labeller span that runs into a kept nationality word (3) after a conjunction ends before it;
    one that runs into it over a title word, with no conjunction to cut at, is dropped."""
    rules = [Candidate(3, 4, "NORP", "gaz_NORP", 0.9)]
    tags = ["B-LOC", "I-LOC", "I-LOC", "I-LOC"]
    cut = merge(rules, tags, [False, False, True, False], [False] * 4)
    assert [s[:3] for s in cut] == [(0, 2, "LOC"), (3, 4, "NORP")]
    assert [s[:3] for s in merge(rules, tags, [False] * 4, [False] * 4)] == [(0, 4, "LOC")]  # one name
    assert [s[:3] for s in merge(rules, tags, [False] * 4, [False, True, False, False])] == [(3, 4, "NORP")]


def test_packaged_labeller_adds_guide_places_and_keeps_the_rules_entries(packaged):
    """الغوطة الشرقية is a LOC under the guide that no rule finds; دمشق, the gazetteer's span, stays
    the rule candidate with its entry; the rules' جزيرة صقلية becomes the guide's صقلية (a generic
    head before a name is dropped)."""
    text = "وقصفت الطائرات الغوطة الشرقية وريف دمشق ثم أبحرت السفن قرب جزيرة صقلية"
    analysed, _ = packaged.analyse(text, [Sentence(0, 0, len(text))])
    words = analysed[0].words
    got = [(c.label, c.kind, " ".join(w.token.text for w in words[c.i:c.j]), c.entry is not None)
           for c in packaged.labeller.relabel_all(analysed)[0]]
    assert got == [("LOC", KIND, "الغوطة الشرقية", False), ("GPE", "gaz_GPE", "دمشق", True),
                   ("LOC", KIND, "صقلية", False)]
    mentions = packaged.recognize(text, [Sentence(0, 0, len(text))])
    assert [m.country_code for m in mentions if m.surface == "دمشق"] == ["SY"]


def test_conjoined_and_titled_words_of_a_sentence(rec):
    text = "وقال السيناتور الديمقراطي إن الغوطة الشرقية وريف دمشق"
    analysed, _ = rec.analyse(text, [Sentence(0, 0, len(text))])
    words = [w.token.text for w in analysed[0].words]
    featurizer = NewsLabeller.featurizer()
    assert dict(zip(words, titled(featurizer, analysed[0]))) == {w: w == "السيناتور" for w in words}
    assert [w for w, c in zip(words, conjoined(featurizer, analysed[0])) if c] == ["وقال", "وريف"]


def test_the_labeller_sums_the_weights_of_the_features_it_is_trained_on_and_decodes_as_crfsuite(rec):
    """Scores without feature strings (cached per word, gazetteer tags and sentence edges looked up)
    equal the summed weights of :func:`sentence_features`; tags and marginals equal pycrfsuite's."""
    import numpy as np
    import pycrfsuite

    from akhbar.extract.labeller import MODEL_FILE

    labeller = NewsLabeller()
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(MODEL_FILE))
    sentences = [TEXT, "وقصفت الطائرات الغوطة الشرقية وريف دمشق ثم أبحرت السفن قرب جزيرة صقلية",
                 "بغداد", "زار بومبيو", "وقال الرئيس العراقي برهم صالح إن الحكومة ستجري الانتخابات"]
    analysed = [a for text in sentences for a in rec.analyse(text, [Sentence(0, 0, len(text))])[0]]
    assert {len(a.words) for a in analysed} >= {1, 2}  # shorter than the context windows
    decoded = labeller.model.decode([labeller._score(a) for a in analysed])
    for a, (tags, probs) in zip(analysed, decoded):
        features = sentence_features(labeller.features, a)
        expected = np.stack([labeller.model.total(f) for f in features])
        assert np.allclose(labeller._score(a), expected, atol=1e-9)
        assert tags == crfsuite.tag(features)
        assert np.allclose(probs,
                           [crfsuite.marginal(t, k) for k, t in enumerate(tags)], atol=1e-9)


def test_a_file_that_is_no_crfsuite_model_is_refused(tmp_path):
    from akhbar.ner.linear_crf import LinearCrf

    path = tmp_path / "entities.crfsuite"
    path.write_bytes(b"lCRF" + bytes(60))
    with pytest.raises(ValueError, match="not a crfsuite linear-chain CRF"):
        LinearCrf.read(path)
