"""The role network: what it reads of a candidate, its training, and its blend with the role models."""

import json
from datetime import date
from pathlib import Path

import pytest

from akhbar.extract.events import EventExtractor
from akhbar.extract.events.classifier import EventClassifier
from akhbar.extract.events.rolenet import (
    ACTOR,
    TARGET,
    RoleNet,
    RoleNetParams,
    describe,
    fit_and_score,
    ner_weights_hash,
    save,
)
from akhbar.extract.rules import identity
from akhbar.model import Sentence
from akhbar.ner.crf import MODEL_DIR
from akhbar.ner.ensemble import BILSTM_DIR
from tests.factories import text_mention

TEXT = "اتهمت بيونغ يانغ الولايات المتحدة بالتصعيد، وفق وكالة الأنباء الكورية."
NER = MODEL_DIR / BILSTM_DIR
SMALL = RoleNetParams(hidden=8, epochs=120, lr=0.003, dropout=0.0, mlp=16, mlp_dropout=0.0, seeds=(0,))


def _drafts(**models):
    mentions = [text_mention(TEXT, s, label) for s, label in
                (("بيونغ يانغ", "GPE"), ("الولايات المتحدة", "GPE"), ("وكالة الأنباء الكورية", "ORG"))]
    return EventExtractor(classifier=None, **models).candidates(TEXT, [Sentence(0, 0, len(TEXT))], mentions,
                                                                date(2018, 3, 25))


def _accusation(**models):
    return next(d for d in _drafts(**models) if d.event.event_type == "ACCUSE")


def test_a_candidate_keeps_what_the_network_reads_beside_its_options():
    d = _accusation()
    sentence = d.role_sentence
    assert sentence.words[sentence.k] == "اتهمت" and sentence.event_type == "ACCUSE" and sentence.verb
    assert [sentence.words[i:j] for i, j, _ in sentence.spans][:2] == [("بيونغ", "يانغ"), ("الولايات", "المتحدة")]
    assert len(d.actor_places) == len(d.actor_options) and len(d.target_places) == len(d.options)
    assert [(" ".join(sentence.words[i:j]), label) for i, j, label in d.target_places] == [
        ("الولايات المتحدة", "GPE")]


def _trained(tmp_path: Path) -> Path:
    """A tiny network taught that the name before the trigger acts and the one after is acted on."""
    d = _accusation()
    sentence = d.role_sentence
    before, after = sentence.spans[0], sentence.spans[1]
    options = [(ACTOR, before), (ACTOR, after), (TARGET, after), (TARGET, before)]
    data = [(sentence, options, [1, 0, 1, 0])] * 4
    probs, state = fit_and_score(NER, data, data[:1], SMALL, seed=0)
    save(tmp_path, [state], {"params": describe(SMALL), "thresholds": {"actors": 0.5, "targets": 0.5},
                             "ner_weights": ner_weights_hash(NER)})
    assert [p > 0.5 for p in probs[0]] == [True, False, True, False]
    return tmp_path


def test_a_trained_network_scores_options_the_same_way_when_loaded_and_is_seeded(tmp_path):
    folder = _trained(tmp_path / "a")
    net = RoleNet(folder)
    sentence = _accusation().role_sentence
    options = [(ACTOR, sentence.spans[0]), (TARGET, sentence.spans[1])]
    first = net.probabilities(sentence, options)
    assert first == net.probabilities(sentence, options)  # the sentence's states kept for its next options
    assert first[0] > 0.5 and first[1] > 0.5
    assert (folder / "weights.pt").read_bytes() == (_trained(tmp_path / "b") / "weights.pt").read_bytes()
    assert net.probabilities(sentence, []) == []


def test_the_blend_can_overrule_the_target_model_and_names_the_extractor(tmp_path):
    folder = _trained(tmp_path)
    unsure = EventClassifier({}, 0.0, 0.6)  # 0.5 for every option: under its own threshold
    assert not any(d.event.event_type == "ACCUSE" for d in _drafts(targets=unsure, actors=unsure))  # nobody
    blended = _accusation(targets=unsure, actors=unsure, roles=RoleNet(folder))  # (0.5 + net) / 2 ≥ 0.5
    assert [(p.role, p.surface) for p in blended.event.participants] == [
        ("actor", "بيونغ يانغ"), ("target", "الولايات المتحدة")]
    name, version = identity(None, "news-crf", RoleNet(folder))
    assert name.endswith("+news-crf+roles-net") and version.endswith("." + RoleNet(folder).version)


def test_a_network_of_other_ner_weights_or_none_at_all_is_refused(tmp_path):
    folder = _trained(tmp_path)
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "ner_weights": "0000000000"}))
    sentence = _accusation().role_sentence
    with pytest.raises(ValueError, match="retrain it with `akhbar train-roles`"):
        RoleNet(folder).probabilities(sentence, [(ACTOR, sentence.spans[0])])
    with pytest.raises(FileNotFoundError, match="akhbar train-roles"):
        RoleNet(tmp_path / "none")
