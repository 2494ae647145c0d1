"""The learned stage of event extraction: features of candidates, the classifier, its training."""

import json
import math
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from akhbar.event_training import (
    GSR_WEIGHT,
    Example,
    ReadOnce,
    _with_events,
    article_f1,
    log_loss,
    out_of_fold,
    reliability,
    role_score,
    smoothed_best,
    taught,
)
from akhbar.extract.events import EventExtractor
from akhbar.extract.events.classifier import EventClassifier
from akhbar.model import Mention, Sentence
from tests.factories import article, text_mention

TEXT = "قصفت طائرات حربية إسرائيلية موقعا لحركة حماس في قطاع غزة فجر اليوم الأحد، ما أدى إلى مقتل ثلاثة أشخاص."


def _mentions() -> list[Mention]:
    return [text_mention(TEXT, surface, label)
            for surface, label in (("إسرائيلية", "NORP"), ("حركة حماس", "ORG"), ("قطاع غزة", "LOC"))]


def test_candidates_carry_features_of_trigger_status_and_arguments():
    drafts = EventExtractor(classifier=None).candidates(TEXT, [Sentence(0, 0, len(TEXT))], _mentions(),
                                                       date(2018, 3, 25))
    attack = next(d for d in drafts if d.event.event_type == "ASSAULT")
    assert "type=ASSAULT" in attack.features
    assert "ASSAULT|form=قصفت" in attack.features
    assert "read=verb" in attack.features
    assert any(f.startswith("ASSAULT|evidence=") for f in attack.features)


def test_candidates_see_the_words_around_their_trigger_clitics_off():
    text = "وأعلن الجيش أن مسلحين قتلوا والهجوم استمر في المدينة."
    drafts = EventExtractor(classifier=None).candidates(text, [Sentence(0, 0, len(text))], [], date(2018, 3, 25))
    killing = next(d for d in drafts if d.event.trigger == "قتلوا")
    assert [f for f in killing.features if f.startswith(("ASSAULT|c", "ASSAULT|w"))] == [
        "ASSAULT|w-=الجيش", "ASSAULT|c-2=ان", "ASSAULT|w-=ان", "ASSAULT|c-1=مسلحين", "ASSAULT|w-=مسلحين",
        "ASSAULT|c1=الهجوم", "ASSAULT|w+=الهجوم", "ASSAULT|c2=استمر", "ASSAULT|w+=استمر", "ASSAULT|w+=في"]
    text = "قتل مسلحون جنديين في مدينة الموصل."
    first = EventExtractor(classifier=None).candidates(text, [Sentence(0, 0, len(text))], [], date(2018, 3, 25))
    assert {"ASSAULT|c-1=<s>", "ASSAULT|w-=<s>", "ASSAULT|c1=مسلحون"} <= set(first[0].features)


def test_each_candidate_knows_its_place_among_the_articles_candidates_of_its_type():
    second = "وفي هجوم آخر، قتل مسلحون جنديين من الجيش العراقي في مدينة الموصل يوم السبت."
    text = TEXT + " " + second
    mentions = _mentions() + [text_mention(text, "الجيش العراقي", "ORG"), text_mention(text, "الموصل", "GPE")]
    sentences = [Sentence(0, 0, len(TEXT)), Sentence(1, len(TEXT) + 1, len(text))]
    drafts = EventExtractor(classifier=None).candidates(text, sentences, mentions, date(2018, 3, 25))
    attacks = [d for d in drafts if d.event.event_type == "ASSAULT"]
    assert [d.event.sentence_index for d in attacks] == [0, 1]
    assert ["nth=0" in attacks[0].features, "ASSAULT|nth=1" in attacks[1].features] == [True, True]
    assert all("of=2" in d.features for d in attacks)


def test_the_classifier_sets_confidence_and_drops_what_it_rejects(tmp_path):
    sentences = [Sentence(0, 0, len(TEXT))]
    keep_all = EventClassifier({}, 0.0, 0.4)
    events = EventExtractor(keep_all).extract(TEXT, sentences, _mentions(), date(2018, 3, 25))
    assert events and all(e.confidence == 0.5 for e in events)
    reject_attacks = EventClassifier({"type=ASSAULT": -5.0}, 0.0, 0.4)
    path = tmp_path / "events.json"
    reject_attacks.save(path)
    loaded = EventClassifier.load(path)
    assert loaded == reject_attacks
    kept = EventExtractor(loaded).extract(TEXT, sentences, _mentions(), date(2018, 3, 25))
    assert not any(e.event_type == "ASSAULT" for e in kept)
    assert len(kept) == len(events) - sum(e.event_type == "ASSAULT" for e in events)


def test_the_target_model_chooses_among_the_names_after_the_trigger():
    text = "واتهمت بيونغ يانغ الولايات المتحدة بمحاولة عزلها في مدينة جنيف، وفق ما قالت وكالة الأنباء الكورية."
    mentions = [text_mention(text, s, label) for s, label in
                (("بيونغ يانغ", "GPE"), ("الولايات المتحدة", "GPE"), ("وكالة الأنباء الكورية", "ORG"))]
    sentences = [Sentence(0, 0, len(text))]

    def accusation(targets):
        drafts = EventExtractor(classifier=None, targets=targets).candidates(text, sentences, mentions, None)
        d = next(d for d in drafts if d.event.event_type == "ACCUSE")
        return d, [p.surface for p in d.event.participants if p.role == "target"]

    ruled, by_rules = accusation(None)
    assert by_rules == ["الولايات المتحدة"]
    assert [m.surface for m, _ in ruled.options] == ["الولايات المتحدة"]  # the clause ends at the comma
    assert {"label=GPE", "rank=0", "ACCUSE|prev_prep=-"} <= set(ruled.options[0][1])
    assert accusation(EventClassifier({"label=GPE": -3.0}, 0.0, 0.5))[1] == []
    assert accusation(EventClassifier({"label=GPE": 3.0}, 0.0, 0.5))[1] == ["الولايات المتحدة"]


def test_the_target_model_judges_the_phrase_where_no_name_is():
    """The phrase after a noun trigger that agrees with it in definiteness is mostly its adjective
    (انتقادات واسعة); a counted phrase after a verb is its object (29 شخصا)."""
    model = EventClassifier({"phrase_agrees=True": -3.0}, 0.0, 0.5)

    def targets(text, kept):
        drafts = EventExtractor(classifier=None, targets=kept).candidates(
            text, [Sentence(0, 0, len(text))], [], None)
        return {d.event.event_type: [p.surface for p in d.event.participants if p.role == "target"]
                for d in drafts}

    criticised = "وتعرضت الحكومة لانتقادات واسعة بعد القرار."
    assert targets(criticised, None)["ACCUSE"] == ["واسعة"]  # the rules take the word after it
    assert "ACCUSE" not in targets(criticised, model)  # left with no participant: no candidate
    assert targets("قتل انتحاري 29 شخصا في هجوم على سوق.", model)["ASSAULT"] == ["29 شخصا"]


def test_possible_targets_are_labelled_by_the_role_annotated_gold_event_sharing_the_most_participants(tmp_path):
    from akhbar.evaluate import load_scorer
    from akhbar.event_training import option_examples

    text = ("واتهمت بيونغ يانغ الولايات المتحدة وكوريا الجنوبية بمحاولة عزلها امس. "
            "وقالت الوزارة إن القرار اتخذ في اجتماع عقد في سيول.")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "t-1", "title": "اتهام", "text": text,
                                                  "published_at": "2018-03-25T10:00:00+00:00"},
                                                 ensure_ascii=False) + "\n", encoding="utf-8")

    def gold(roles: list[str] | None) -> Path:
        event = {"type": "ACCUSE", "participants": ["بيونغ يانغ", "الولايات المتحدة"]}
        if roles:
            event["roles"] = roles
        path = tmp_path / "gold.json"
        path.write_text(json.dumps({"articles": [{"external_id": "t-1", "events": [event]}]}, ensure_ascii=False),
                        encoding="utf-8")
        return path

    class Mentions:  # the article's names, as an extractor would give them
        events = EventExtractor(classifier=None, targets=None, actors=None)

        def body_mentions(self, article):
            return [text_mention(article.text, s, "GPE") for s in
                    ("بيونغ يانغ", "الولايات المتحدة", "كوريا الجنوبية", "سيول")], None

    def options(roles: list[str] | None, kind: str = "targets") -> tuple[list[Example], list[bool], int]:
        return option_examples(gold(roles), [tmp_path / "a.jsonl"], Mentions(), load_scorer(),
                               keep=lambda i: True, kind=kind)

    examples, picked, missed = options(["actor", "target"])
    assert [(e.event_type, e.label) for e in examples] == [("ACCUSE", 1), ("ACCUSE", 0)]
    assert picked == [True, True] and missed == 0  # the rules take both names after the verb
    # options of one candidate, not a GSR sentence: weighted as any article's example
    assert {e.candidate for e in examples} == {"t-1:0"} and not any(e.sentence for e in examples)
    # a participant of the other role is no target; the accuser is the positive actor. Read as the
    # target, the accuser (before the verb's object, never a target option) is named by no option:
    # missed, whatever the model chooses
    swapped, _, missed = options(["target", "actor"])
    assert [e.label for e in swapped] == [0, 0] and missed == 1
    assert [(e.label, e.features[0]) for e in options(["actor", "target"], "actors")[0]][:1] == [(1, "side=after")]
    assert options(None) == ([], [], 0)  # an event without roles teaches neither model


def test_statements_are_always_kept_and_a_type_may_have_its_own_threshold():
    clf = EventClassifier({"type=STATEMENT": -9.0}, -9.0, 0.5)
    assert clf.keeps("STATEMENT", clf.probability(["type=STATEMENT"]))
    assert not clf.keeps("PROTEST", clf.probability(["type=PROTEST"]))
    own = EventClassifier({}, 0.0, 0.6, {"ASSAULT": 0.4})
    assert own.keeps("ASSAULT", 0.5) and not own.keeps("PROTEST", 0.5)


def _examples() -> list[Example]:
    out = []
    for i in range(60):
        good = i % 3 != 0
        out.append(Example(["type=ACCUSE", "good" if good else "bad", f"noise={i % 5}"], int(good),
                           f"article:a{i}", "ACCUSE", required=good))
    return out


def test_candidates_that_match_only_optional_events_are_not_taught():
    """A candidate matched to an optional gold event (label 1, not required) is free under the
    scorer; taught as a positive, 30 of them with the feature ``bad`` make ``bad`` look like an
    event, left out they do not."""
    assert not taught(Example(["x"], 1, "article:a", "ACCUSE", required=False))
    assert taught(Example(["x"], 1, "article:a", "ACCUSE", required=True))
    assert taught(Example(["x"], 0, "article:a", "ACCUSE"))
    assert taught(Example(["x"], 1, "gsr:0", "ASSAULT", sentence="s1"))
    free = [Example(["type=ACCUSE", "bad", f"noise={i % 5}"], 1, f"article:f{i}", "ACCUSE") for i in range(30)]
    examples = _examples() + free
    bad = [i for i, e in enumerate(examples) if "bad" in e.features and not e.label]
    taught_probs = out_of_fold(examples, 1.0, taught)
    all_probs = out_of_fold(examples, 1.0)
    assert max(taught_probs[i] for i in bad) < 0.5 < min(all_probs[i] for i in bad)


def test_out_of_fold_probabilities_learn_the_signal_and_the_threshold_trades_precision():
    examples = _examples()
    probs = out_of_fold(examples, 1.0)
    good = [p for e, p in zip(examples, probs) if e.label]
    bad = [p for e, p in zip(examples, probs) if not e.label]
    assert min(good) > 0.5 > max(bad)
    required = Counter(ACCUSE=40)
    assert article_f1(examples, probs, required, defaultdict(lambda: 0.5))["f1"] == 1.0
    keep_all = article_f1(examples, probs, required, defaultdict(float))
    assert keep_all["fp"] == 20 and keep_all["r"] == 1.0


def test_the_threshold_search_takes_the_middle_of_a_plateau_over_a_spike_beside_it():
    # F1 against the threshold: a lone spike at 0.20 and a plateau from 0.40 to 0.60 a little lower.
    def gain(t: float) -> float:
        return 0.50 if t == 0.2 else 0.48 if 0.4 <= t <= 0.6 else 0.40
    assert max((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7), key=gain) == 0.2
    assert smoothed_best(gain) == 0.45  # the first point whose whole window (±0.05) lies on the plateau
    assert smoothed_best(gain, window=0.0) == 0.2
    # equals resolve to the first, as max does
    assert smoothed_best(lambda t: 1.0, grid=(0.3, 0.1, 0.2)) == 0.3


def test_a_weekday_resolves_to_the_past_unless_the_verb_is_future():
    from akhbar.extract.timex import find_timex

    published = date(2018, 3, 22)  # a Thursday
    found = {}
    for text in ("اجتمع وزير الخارجية العراقي الأحد مع نظيره التركي في بغداد لبحث الأوضاع.",
                 "سيجتمع وزير الخارجية العراقي الأحد مع نظيره التركي في بغداد لبحث الأوضاع."):
        sentences = [Sentence(0, 0, len(text))]
        mentions = [*find_timex(text, sentences, published), text_mention(text, "العراقي", "NORP")]
        event = next(e for e in EventExtractor(None).extract(text, sentences, mentions, published)
                     if e.event_type == "CONSULT")
        found[text.split()[0]] = (event.status, event.event_date)
    assert found["اجتمع"] == ("asserted", date(2018, 3, 18))
    assert found["سيجتمع"] == ("planned", date(2018, 3, 25))


def test_the_person_a_title_names_is_the_actor_and_phrases_skip_adverbs():
    text = "وقال رئيس جهاز الأمن الأوكراني، فاسيل غريتساك، للصحفيين إن الشرطة اعتقلت بشدة ثلاثة أشخاص."
    sentences = [Sentence(0, 0, len(text))]
    mentions = [text_mention(text, surface, label)
                for surface, label in (("جهاز الأمن الأوكراني", "ORG"), ("فاسيل غريتساك", "PER"))]
    (arrest,) = EventExtractor(None).extract(text, sentences, mentions, date(2018, 5, 30))
    # the speech is told by the arrest it reports: its speaker, the person the title names, is the actor
    assert arrest.event_type == "COERCE"
    assert [p.surface for p in arrest.participants if p.role == "actor"] == ["فاسيل غريتساك"]
    assert "بشدة" not in [p.surface for p in arrest.participants]


def test_a_participant_phrase_is_the_text_between_its_offsets():
    text = "وقتل انتحاري 29\u00a0شخصا على الأقل قرب مركز اقتراع بمدينة كويتا الباكستانية."
    sentences = [Sentence(0, 0, len(text))]
    (attack,) = [e for e in EventExtractor(None).extract(text, sentences, [], date(2018, 7, 25))
                 if e.event_type == "ASSAULT"]
    phrases = [p for p in attack.participants if p.mention is None]
    assert phrases and all(text[p.start:p.end] == p.surface for p in phrases)
    assert [p.surface for p in phrases if p.role == "target"] == ["29\u00a0شخصا"]


def test_out_of_fold_leaves_out_candidates_of_triggers_annotated_only_in_the_fold():
    """A trigger annotated in the training articles exists for a fold only when an article of another
    fold gave it too: its candidates in that fold get probability 0 and do not teach the fold's model."""
    from akhbar.event_training import ARTICLE_FOLDS, present
    from akhbar.splits import document_fold

    def fold(article: str) -> int:
        return document_fold(f"article:{article}", ARTICLE_FOLDS)

    mine = fold("a1")
    other = next(a for a in (f"a{i}" for i in range(2, 60)) if fold(a) != mine)
    alone = Example(["type=ACCUSE", "good"], 1, "article:a1", "ACCUSE", required=True, sources=frozenset({"a1"}))
    assert not present(alone, mine) and present(alone, (mine + 1) % ARTICLE_FOLDS)
    assert present(Example(["x"], 1, "article:a1", "ACCUSE", sources=frozenset({"a1", other})), mine)
    assert present(Example(["x"], 1, "article:a1", "ACCUSE"), mine)
    examples = [*_examples(), alone]
    probs = out_of_fold(examples, 1.0)
    assert probs[-1] == 0.0 and min(p for e, p in zip(examples, probs) if e.label and e is not alone) > 0.5


def test_log_loss_rewards_confident_right_probabilities_and_weighs_gsr_candidates():
    """C is chosen by the out-of-fold log loss: lower for probabilities nearer the labels, over the
    taught candidates only, a GSR candidate counting GSR_WEIGHT times."""
    examples = _examples()
    sharp = [0.9 if e.label else 0.1 for e in examples]
    vague = [0.6 if e.label else 0.4 for e in examples]
    assert log_loss(examples, sharp) < log_loss(examples, vague)
    optional = Example(["x"], 1, "article:o", "ACCUSE")  # never taught: left out
    assert log_loss([*examples, optional], [*sharp, 0.0]) == log_loss(examples, sharp)
    gsr = Example(["x"], 1, "gsr:0", "ASSAULT", sentence="s1")
    plain = Example(["x"], 1, "article:a1", "ASSAULT", required=True)
    expected = -(GSR_WEIGHT * math.log(0.5) + math.log(0.9)) / (GSR_WEIGHT + 1)
    assert math.isclose(log_loss([gsr, plain], [0.5, 0.9]), expected)


def test_reliability_counts_only_the_candidates_the_classifier_is_taught_about_and_scored():
    """The calibration table compares a bin's mean probability with its share of positives over the
    candidates the out-of-fold models learn from and scored: a candidate matching only an optional
    event (right, never taught) and one of a trigger annotated only in its own fold (given 0) would
    make a well-calibrated model look under-confident."""
    examples = _examples()
    probs = out_of_fold(examples, 1.0)
    before = reliability(examples, probs)
    optional = [Example(["type=ACCUSE", "bad"], 1, f"article:o{i}", "ACCUSE") for i in range(10)]
    alone = [Example(["type=ACCUSE", "good"], 1, f"article:s{i}", "ACCUSE", required=True,
                     sources=frozenset({f"s{i}"})) for i in range(10)]
    assert reliability(examples + optional + alone, probs + [0.1] * 10 + [0.0] * 10) == before
    assert sum(b["n"] for b in before) == len(examples)
    low = next(b for b in before if b["bin"] == "0.0-0.2")
    assert low["observed"] == 0.0  # the bad candidates, all wrong


def test_role_models_are_chosen_by_f1_among_their_options_and_report_the_unnamed_too():
    chosen, labels = [True, True, False, True], [1, 0, 1, 1]
    among = role_score(chosen, labels)
    assert (among["tp"], among["fp"], among["fn"]) == (2, 1, 1)
    every = role_score(chosen, labels, unnamed=3)  # three gold participants no option names
    assert (every["tp"], every["fp"], every["fn"]) == (2, 1, 4)
    assert every["f1"] < among["f1"]


def test_training_reads_each_articles_entities_once_for_all_three_fits(monkeypatch):
    from akhbar.extract.rules import RuleExtractor

    reads = []

    def read(self, a):  # the network and the labeller, as the pipeline reads an article
        reads.append(a.external_id)
        return [], None

    monkeypatch.setattr(RuleExtractor, "body_mentions", read)
    told = []
    extractor = ReadOnce(events=EventExtractor(classifier=None, targets=None, actors=None), say=told.append, every=2)
    first, second = article(TEXT, "t-1"), article("تظاهر مئات الطلاب أمام مبنى البرلمان.", "t-2")
    for fit in (extractor, _with_events(extractor, EventExtractor(classifier=None, actors=None))):
        assert fit.body_mentions(first) == ([], None) and fit.body_mentions(second) == ([], None)
    assert reads == ["t-1", "t-2"]  # the second fit's event stage, the first fit's reading
    # an article of the same id with another text is read again
    extractor.body_mentions(article(TEXT + " أمس.", "t-1"))
    assert reads == ["t-1", "t-2", "t-1"]
    assert [m.split(" (")[0] for m in told] == ["entities read: 2 articles"]  # progress, every 2 read
