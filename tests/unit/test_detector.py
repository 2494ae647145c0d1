"""The detection network: its training, its batches, its blend with the event classifier, its setting."""

from datetime import date
from pathlib import Path

import pytest

from akhbar.evaluate import load_scorer
from akhbar.event_training import DETECT_SHARES, train_detector
from akhbar.extract.events import EventExtractor
from akhbar.extract.events.classifier import EventClassifier
from akhbar.extract.events.rolenet import (
    Detector,
    RoleNetParams,
    cascaded,
    describe,
    fit_and_score,
    ner_weights_hash,
    save,
)
from akhbar.extract.rules import RuleExtractor, identity
from akhbar.model import Sentence
from akhbar.ner.crf import MODEL_DIR
from akhbar.ner.ensemble import BILSTM_DIR
from akhbar.settings import PROJECT_ROOT, Settings
from tests.conftest import shared_path
from tests.factories import text_mention

NER = MODEL_DIR / BILSTM_DIR
SMALL = RoleNetParams(hidden=8, epochs=150, lr=0.003, dropout=0.0, mlp=16, mlp_dropout=0.0, seeds=(0,))
# An accusation, and an accusation named only as the topic of a talk (no event of its own).
TOLD = "اتهمت بيونغ يانغ الولايات المتحدة بالتصعيد، وفق وكالة الأنباء الكورية."
NAMED = "ناقش الوزير مع نظيره الفرنسي في باريس اتهام الولايات المتحدة لإيران بدعم الإرهاب."


def _drafts(text: str, names: list[tuple[str, str]], **models):
    mentions = [text_mention(text, s, label) for s, label in names]
    return EventExtractor(classifier=None, **models).candidates(text, [Sentence(0, 0, len(text))], mentions,
                                                                date(2018, 3, 25))


def _told(**models):
    return next(d for d in _drafts(TOLD, [("بيونغ يانغ", "GPE"), ("الولايات المتحدة", "GPE"),
                                          ("وكالة الأنباء الكورية", "ORG")], **models)
                if d.event.event_type == "ACCUSE")


def _sentences():
    told = _told().role_sentence
    named = told._replace(words=tuple(NAMED[:-1].split()) + (".",), k=6, spans=())
    return told, named


def _trained(tmp_path: Path, floor: float = 0.05) -> Path:
    """A tiny network taught that the first sentence tells an event and the second does not."""
    told, named = _sentences()
    data = [(told, 1, 1.0), (named, 0, 1.0)] * 4
    probs, state = fit_and_score(NER, data, data[:2], SMALL, seed=0, head="detect")
    assert probs[0] > 0.5 > probs[1]
    save(tmp_path, [state], {"params": describe(SMALL), "blend": {"*": 0.5, "ASSAULT": 0.25}, "floor": floor,
                             "thresholds": {"*": 0.6, "ASSAULT": 0.4},
                             "ner_weights": ner_weights_hash(NER)})
    return tmp_path


def test_a_trained_detector_is_seeded_and_reads_a_candidate_alike_alone_or_in_its_article(tmp_path):
    folder = _trained(tmp_path / "a")
    net = Detector(folder)
    told, named = _sentences()
    both = net.probabilities([told, named])
    alone = net.probabilities([told]) + net.probabilities([named])
    assert both == pytest.approx(alone, abs=1e-6) and both[0] > 0.5 > both[1]
    assert net.probabilities([]) == []
    assert (folder / "weights.pt").read_bytes() == (_trained(tmp_path / "b") / "weights.pt").read_bytes()
    assert net.threshold("ASSAULT") == 0.4 and net.threshold("ACCUSE") == 0.6
    assert net.mixed(0.2, 0.8, "ACCUSE") == pytest.approx(0.5)  # each type's share, else "*"'s
    assert net.mixed(0.2, 0.8, "ASSAULT") == pytest.approx(0.35)


def test_the_blend_keeps_what_the_classifier_alone_drops_and_names_the_extractor(tmp_path):
    detector = Detector(_trained(tmp_path))
    unsure = EventClassifier({}, 0.0, 0.6)  # 0.5 for every candidate: under its own threshold
    text = TOLD
    mentions = [text_mention(text, s, label) for s, label in
                (("بيونغ يانغ", "GPE"), ("الولايات المتحدة", "GPE"), ("وكالة الأنباء الكورية", "ORG"))]
    sentences = [Sentence(0, 0, len(text))]
    assert EventExtractor(classifier=unsure).extract(text, sentences, mentions, date(2018, 3, 25)) == []
    kept = EventExtractor(classifier=unsure, detector=detector).extract(text, sentences, mentions, date(2018, 3, 25))
    [event] = [e for e in kept if e.event_type == "ACCUSE"]
    network = detector.probabilities([_told().role_sentence])[0]
    assert event.confidence == round(0.5 * 0.5 + 0.5 * network, 4) >= 0.6
    # under the detector's floor the classifier alone decides: the network is not asked
    cascade = EventExtractor(classifier=unsure, detector=Detector(_trained(tmp_path / "floor", floor=0.55)))
    assert cascade.extract(text, sentences, mentions, date(2018, 3, 25)) == []
    name, version = identity(None, "news-crf", None, detector)
    assert name.endswith("+news-crf+detect-net") and version.endswith("." + detector.version)
    assert RuleExtractor(events=EventExtractor(detector=detector)).name.endswith("+detect-net")


def test_the_cascade_reads_the_network_only_from_its_floor():
    # one function for the extractor (Detector.mixed) and the training of the thresholds
    assert cascaded(0.04, 0.9, 0.5, 0.05) == 0.04 and cascaded(0.04, None, 0.5, 0.05) == 0.04
    assert cascaded(0.05, 0.9, 0.5, 0.05) == pytest.approx(0.475)
    assert cascaded(0.2, 0.8, 0.25, 0.05) == pytest.approx(0.35)


def test_the_detection_setting_and_a_missing_network():
    assert Settings().detection == "model"
    assert Settings(detection="network").detection == "network"
    with pytest.raises(ValueError):
        Settings(detection="maybe")
    with pytest.raises(FileNotFoundError, match="akhbar train-detector"):
        Detector(Path("/nonexistent"))


def test_train_detector_writes_a_network_its_blend_and_out_of_fold_figures(tmp_path):
    from akhbar.extract.labeller import NewsLabeller
    from akhbar.ner import load_tagger

    extractor = RuleExtractor(load_tagger("bilstm", None), labeller=NewsLabeller(),
                              events=EventExtractor(classifier=None, targets=None, actors=None))
    annotated = [(shared_path("eval", "seed_gold.json"), [PROJECT_ROOT / "seeds"], "all"),
                 (shared_path("eval", "dev_gold.json"), [shared_path("eval", "dev_articles.jsonl")], "tune")]
    params = RoleNetParams(hidden=8, epochs=1, mlp=8, seeds=(0,))
    meta = train_detector(annotated, None, extractor, load_scorer(), tmp_path, params, log=lambda _: None)
    assert meta["floor"] == 0.05 and set(meta["thresholds"]) == {"*"}
    # each threshold group's share: the best of the shares tried on its criterion, out of fold
    assert set(meta["shares"]) == {str(s) for s in DETECT_SHARES} and set(meta["blend"]) == {"*"}
    assert meta["shares"][str(meta["blend"]["*"])]["*"] == max(f["*"] for f in meta["shares"].values())
    assert meta["candidates"] > 10
    assert set(meta["out_of_fold"]) == {"model", "blend"}
    assert meta["out_of_fold"]["model"]["articles_events"]["tp"] + meta["out_of_fold"]["model"][
        "articles_events"]["fn"] == 8 + 15  # the seed's required events and the dev tune part's
    detector = Detector(tmp_path)
    assert len(detector.probabilities([_told().role_sentence])) == 1
