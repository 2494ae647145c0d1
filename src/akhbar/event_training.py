"""Train the event classifier (:mod:`akhbar.extract.events.classifier`) and report it honestly.

Training data:
- annotated articles (GUIDE.md format): the *tune* part of the dev set and articles annotated
  for training. A candidate is positive when the scorer would match it to a required gold event
  (same type, a shared participant; greedy, one to one); one it would match to an optional event
  is left out (:func:`taught`);
- the GSR event sentences: an ASSAULT (PROTEST) candidate is positive in a sentence labelled
  ``yes`` for ASSAULT (PROTEST), negative in an ``easy no`` / ``difficult no`` one.

The regularization strength is chosen by cross-validation over documents (the out-of-fold log loss,
:func:`log_loss`), the keep threshold by the out-of-fold event F1 of the annotated articles. The
trigger lexicon holds triggers annotated in these articles
(:data:`~akhbar.extract.events.lexicon.ANNOTATED_TRIGGERS`): a fold's candidates of triggers
annotated only in its own articles are left out of its model and its figures (:func:`present`). GSR
figures are reported out of fold (folds of :func:`akhbar.splits.gsr_fold`, by article) beside the
in-fold ones.
"""

from __future__ import annotations

import copy
import csv
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Literal

from akhbar.extract.events import EventExtractor
from akhbar.extract.events.classifier import ACTORS_FILE, ALWAYS_KEPT, TARGETS_FILE, EventClassifier
from akhbar.extract.events.config import RULES_SPEAK
from akhbar.extract.events.rolenet import (
    ACTOR,
    ROLE_BLEND,
    TARGET,
    Place,
    RoleNetParams,
    RoleSentence,
    blended,
    cascaded,
    describe,
    fit_and_score,
    ner_weights_hash,
    of_type,
    save,
)
from akhbar.extract.rules import RuleExtractor
from akhbar.ingest.readers import read_articles
from akhbar.model import Article, Mention
from akhbar.ner.conll import Score
from akhbar.ner.crf import MODEL_DIR as NER_DIR
from akhbar.ner.ensemble import BILSTM_DIR
from akhbar.splits import AnnotatedSet, document_fold, gsr_fold, in_role, match_events, never_held_out, select_articles

ANNOTATED_NEWS = Path(__file__).parent / "extract" / "model" / "annotated_news.json"
# The folders of ../shared/data holding their texts, read by id (never copied): the unlabeled news, and
# the benchmark corpus for the Jawhara FM articles of the ninth round.
ANNOTATED_FOLDERS = ("unlabeled", "news")
# C is chosen by the out-of-fold log loss, a smooth proper score: the F1 objective (article F1 at its best
# threshold plus GSR detection F1) is flat over C and its winner swings with the data (stop 37: 1.1326,
# 1.1251, 1.1297 at C 0.1, 0.3, 1.0, and the C 0.1 model lost a seed event); both agree on C 0.3 for the
# candidates of 465a2e2.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
OPTION_C_GRID = (0.06, 0.2, 0.6, 2.0, 6.0)  # the actor and target models'
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))  # the role options' keep thresholds
# The event types' keep thresholds: a finer grid, each point judged by the mean F1 of the points within
# SMOOTHING of it. Out of fold the F1 is flat near its top (stop 51: within 0.0045 from 0.19 to 0.31),
# so the raw maximum swings with a handful of candidates (0.20 and 0.25 tied exactly).
EVENT_THRESHOLDS = tuple(round(0.01 * i, 2) for i in range(5, 91))
SMOOTHING = 0.05
ARTICLE_FOLDS = 5
# Weight of a GSR candidate against an article's: the GSR sentences are the only sentence-level
# ASSAULT/PROTEST truth (658 of the 2,392 candidates). Out of fold (article event F1, GSR
# ASSAULT, PROTEST): weight 1 0.445 / 0.603 / 0.587, 2 0.446 / 0.630 / 0.590, 3 0.439 / 0.637 / 0.571.
GSR_WEIGHT = 2.0


@dataclass(slots=True)
class Example:
    """One candidate event: its features, its label, the document it belongs to and, for
    annotated articles, whether it matched a required gold event."""

    features: list[str]
    label: int
    group: str
    event_type: str
    required: bool = False
    sentence: str = ""  # GSR: the sentence id (weighted GSR_WEIGHT)
    candidate: str = ""  # a possible actor or target: the candidate event it is an option of
    sources: frozenset[str] = frozenset()  # its trigger's annotated articles (:func:`present`)
    place: tuple[RoleSentence, int, Place] | None = None  # a possible actor or target: what the role network reads
    reads: RoleSentence | None = None  # a candidate event: its sentence, as the detection network reads it


@dataclass(slots=True)
class GoldSet:
    examples: list[Example]
    required: dict[str, Counter]  # document → required gold events by type


class ReadOnce(RuleExtractor):
    """The pipeline's extractor, each article's body mentions read once: the three fits of
    `akhbar train-events` make candidates of the same articles, each with an event stage of its own
    (:func:`_with_events` copies share what was read), and reading the entities is most of their
    time. ``say`` is told every ``every`` articles read, with the seconds so far."""

    def __init__(self, *args, say: Callable[[str], None] | None = None, every: int = 250, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._read: dict[tuple[str, str], tuple[list[Mention], date | None]] = {}
        self._say, self._every, self._started = say, every, time.perf_counter()

    def body_mentions(self, article: Article) -> tuple[list[Mention], date | None]:
        key = (article.external_id, article.text)
        if key not in self._read:
            self._read[key] = super().body_mentions(article)
            if self._say is not None and len(self._read) % self._every == 0:
                self._say(f"entities read: {len(self._read)} articles "
                          f"({time.perf_counter() - self._started:.0f} s)")
        return self._read[key]


def _candidates(extractor: RuleExtractor, article: Article):
    mentions, reference = extractor.body_mentions(article)
    return extractor.events.candidates(article.text, article.sentences, mentions, reference)


def _with_events(extractor: RuleExtractor, events: EventExtractor) -> RuleExtractor:
    """``extractor``'s entities with ``events`` as its event stage (candidates for training)."""
    out = copy.copy(extractor)
    out.events = events
    return out


def _annotated(gold_path: Path, sources: list[Path], keep: Callable[[str], bool]
               ) -> Iterator[tuple[Article, list[dict]]]:
    """Each annotated article whose id ``keep`` accepts, read from ``sources``, with its gold
    events; fails when one is not in the sources."""
    gold = {a["external_id"]: a for a in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
            if keep(a["external_id"])}
    never_held_out(gold)
    for article in read_articles(sources, ids=set(gold)):
        if isinstance(article, Article) and article.external_id in gold:
            yield article, gold.pop(article.external_id).get("events", [])
    if gold:
        raise ValueError(f"{len(gold)} annotated articles are not in the sources: {sorted(gold)[:5]}")


def article_examples(gold_path: Path, sources: list[Path], extractor: RuleExtractor,
                     scorer: ModuleType, keep: Callable[[str], bool]) -> GoldSet:
    """Labelled candidates of the annotated articles whose id ``keep`` accepts."""
    examples: list[Example] = []
    required: dict[str, int] = {}
    for article, events in _annotated(gold_path, sources, keep):
        required[article.external_id] = Counter(e["type"] for e in events if not e.get("optional"))
        drafts = sorted(_candidates(extractor, article),
                        key=lambda d: (d.event.sentence_index, d.event.trigger_start))
        required_match = {i: not ge.get("optional") for ge, i in match_events(
            events, [(d.event.event_type, [p.surface for p in d.event.participants]) for d in drafts],
            scorer.overlaps)}  # matched candidate → whether the gold event it matched is required
        for i, d in enumerate(drafts):
            examples.append(Example(d.features, int(i in required_match),
                                    f"article:{article.external_id}", d.event.event_type,
                                    required_match.get(i, False), sources=d.sources, reads=d.role_sentence))
    return GoldSet(examples, required)


OptionKind = Literal["targets", "actors"]


def option_examples(gold_path: Path, sources: list[Path], extractor: RuleExtractor, scorer: ModuleType,
                    keep: Callable[[str], bool], kind: OptionKind = "targets"
                    ) -> tuple[list[Example], list[bool], int]:
    """Labelled possible targets (:attr:`Draft.options`) or actors (:attr:`Draft.actor_options`)
    of the candidates of the annotated articles whose id ``keep`` accepts, whether the rules
    pick each, and how many of the gold participants in the role no option names (missed whatever
    the model chooses). A candidate is read against the gold event of its type with participant
    roles (:func:`~akhbar.splits.in_role`) sharing the most participants with it (candidates that share none are
    left out: whether they are events is the classifier's question); a possible target or actor is
    positive when it is one of that event's participants in that role."""
    role = "target" if kind == "targets" else "actor"
    net_role = TARGET if kind == "targets" else ACTOR
    examples: list[Example] = []
    picked: list[bool] = []
    missed = 0
    for article, events in _annotated(gold_path, sources, keep):
        for n, d in enumerate(_candidates(extractor, article)):
            options = d.options if kind == "targets" else d.actor_options
            places = d.target_places if kind == "targets" else d.actor_places
            if not options:
                continue
            surfaces = [p.surface for p in d.event.participants] + [m.surface for m, _ in options]
            shared = [(sum(any(scorer.overlaps(a, x) for a in ge.get("participants", [])) for x in surfaces), n)
                      for n, ge in enumerate(events) if ge["type"] == d.event.event_type and "roles" in ge]
            best = max(shared, default=(0, -1))
            if not best[0]:
                continue
            wanted = in_role(events[best[1]], role)
            chosen = {id(p.mention or p) for p in d.event.participants if p.role == role}
            for (m, features), place in zip(options, places, strict=True):
                examples.append(Example(features, int(any(scorer.overlaps(a, m.surface) for a in wanted)),
                                        f"article:{article.external_id}", d.event.event_type,
                                        candidate=f"{article.external_id}:{n}", sources=d.sources,
                                        place=(d.role_sentence, net_role, place)))
                picked.append(id(m) in chosen)
            missed += sum(not any(scorer.overlaps(a, m.surface) for m, _ in options) for a in wanted)
    return examples, picked, missed


def role_score(chosen: Sequence[bool], labels: Sequence[int], unnamed: int = 0) -> dict:
    """F1 of the chosen options against their labels; with ``unnamed``, that many gold participants
    in the role that no option names count as missed too. C and the threshold are chosen by the
    first (stop 46 measured that choosing them by the second took more targets and lost role F1 on
    the news check: actor 0.685 → 0.660, target 0.489 → 0.452); the second is reported."""
    tp = sum(c and y for c, y in zip(chosen, labels, strict=True))
    return Score(tp, sum(chosen) - tp, sum(labels) - tp + unnamed).summary()


def choose_options(kind: OptionKind, examples: list[Example], picked: list[bool], probs: list[float],
                   t: float) -> list[bool]:
    """The options chosen as the extractor chooses them: every target at least ``t`` likely; a
    candidate's most likely actor, when it is (a statement's speaker: the rules' choice, ``picked``)."""
    if kind == "targets":
        return [p >= t for p in probs]
    ruled = {e.candidate for e, r in zip(examples, picked) if r and e.event_type in RULES_SPEAK}
    best: dict[str, int] = {}
    for n, (e, p) in enumerate(zip(examples, probs)):
        if e.candidate not in ruled and p >= t and (e.candidate not in best or p > probs[best[e.candidate]]):
            best[e.candidate] = n
    top = set(best.values())
    return [n in top or examples[n].candidate in ruled and picked[n] for n in range(len(examples))]


def _option_set(kind: OptionKind, annotated: list[AnnotatedSet], extractor: RuleExtractor, scorer: ModuleType,
                actors: EventClassifier | None) -> tuple[list[Example], list[bool], int]:
    """:func:`option_examples` of every annotated set, candidates made with the rules' targets and
    ``actors``' actors (the rules' where None)."""
    candidates_of = _with_events(extractor, EventExtractor(classifier=None, targets=None, actors=actors))
    examples: list[Example] = []
    picked: list[bool] = []
    missed = 0
    for gold_path, sources, part in annotated:
        got, rules, lost = option_examples(gold_path, sources, candidates_of, scorer,
                                           keep=lambda i, part=part: bool(select_articles([i], part)), kind=kind)
        examples += got
        picked += rules
        missed += lost
    return examples, picked, missed


def train_options(kind: OptionKind, annotated: list[AnnotatedSet], extractor: RuleExtractor, scorer: ModuleType,
                  log: Callable[[str], None] = print, actors: EventClassifier | None = None) -> EventClassifier:
    """Fit the target or actor model on the possible targets or actors of the annotated sets'
    candidates (made with the rules' targets and ``actors``' actors, the rules' where None); C
    and the keep threshold by out-of-fold F1, reported beside the rules' on the same options."""
    examples, picked, missed = _option_set(kind, annotated, extractor, scorer, actors)
    labels = [e.label for e in examples]

    def choose(probs: list[float], t: float) -> list[bool]:
        return choose_options(kind, examples, picked, probs, t)

    best = None
    for c in OPTION_C_GRID:
        probs = out_of_fold(examples, c)
        for t in THRESHOLDS:
            score = role_score(choose(probs, t), labels)
            if best is None or score["f1"] > best[0]["f1"]:
                best = (score, c, t, probs)
    score, c, t, probs = best
    model = _fit(examples, c)
    meta = {"C": c, "threshold": t, f"possible_{kind}": len(examples), "positives": sum(labels),
            "named_by_no_option": missed,
            "out_of_fold": score, "out_of_fold_every_participant": role_score(choose(probs, t), labels, missed),
            "rules": role_score(picked, labels),
            "in_fold": role_score(choose([model.probability(e.features) for e in examples], t), labels),
            "sources": [f"{g.name} ({part})" for g, _, part in annotated]}
    log(f"{kind}: " + json.dumps(meta, ensure_ascii=False))
    return EventClassifier(model.weights, model.bias, t, meta=meta)


def train_roles(annotated: list[AnnotatedSet], extractor: RuleExtractor, scorer: ModuleType, out_dir: Path,
                params: RoleNetParams | None = None, log: Callable[[str], None] = print, jobs: int = 1) -> dict:
    """Train the role network (:mod:`akhbar.extract.events.rolenet`) into ``out_dir`` on the possible
    actors and targets of the annotated sets, as the packaged models learn them (possible actors of
    candidates with the rules' actors; possible targets with the packaged actor model's). One unit per
    trigger: its sentence, its possible actors and targets. The threshold of the blend, (packaged
    model + networks) / 2, per role by out-of-fold F1 (5 folds by article; the packaged model's
    out-of-fold probabilities at its own C); then the networks on every unit. Every fit runs on one
    thread, ``jobs`` at once; returns the meta."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    params = params or RoleNetParams()
    ner_dir = NER_DIR / BILSTM_DIR
    packaged = {"actors": EventClassifier.load(ACTORS_FILE), "targets": EventClassifier.load(TARGETS_FILE)}
    sets = {kind: _option_set(kind, annotated, extractor, scorer, None if kind == "actors" else packaged["actors"])
            for kind in ("actors", "targets")}
    units: dict[tuple[str, RoleSentence], tuple[list, list, list]] = {}  # options, labels, (kind, example)
    for kind, (examples, _, _) in sets.items():
        for n, e in enumerate(examples):
            sentence, role, place = e.place
            options, labels, refs = units.setdefault((e.group, sentence), ([], [], []))
            options.append((role, place))
            labels.append(e.label)
            refs.append((kind, n))
    keys = list(units)
    data = [(key[1], *units[key][:2]) for key in keys]
    folds = [document_fold(group, ARTICLE_FOLDS) for group, _ in keys]
    log(f"role network: {len(keys)} triggers, {sum(len(o) for o, _, _ in units.values())} options "
        f"({', '.join(f'{k} {len(v[0])}' for k, v in sets.items())})")
    runs = [(f, seed) for f in range(ARTICLE_FOLDS) for seed in params.seeds] + [(None, s) for s in params.seeds]
    args = [(ner_dir, [d for d, g in zip(data, folds) if g != f], [d for d, g in zip(data, folds) if g == f]
             if f is not None else [], params, seed) for f, seed in runs]
    with ProcessPoolExecutor(max(1, jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(fit_and_score, *zip(*args)))
    log(f"role network: {len(runs)} fits ({time.perf_counter() - started:.0f} s)")
    net: dict[tuple[str, int], float] = {}
    for (f, _), (probs, _) in zip(runs, results):
        held = [key for key, g in zip(keys, folds) if g == f]
        for key, ps in zip(held, probs):
            for ref, p in zip(units[key][2], ps):
                net[ref] = net.get(ref, 0.0) + p / len(params.seeds)
    thresholds, figures = {}, {}
    for kind, (examples, picked, missed) in sets.items():
        labels = [e.label for e in examples]
        model = out_of_fold(examples, packaged[kind].meta["C"])
        mine = [net[(kind, n)] for n in range(len(examples))]
        blend = [blended(a, b, ROLE_BLEND) for a, b in zip(model, mine)]

        def scored(probs: list[float], t: float, unnamed: int = 0) -> dict:
            return role_score(choose_options(kind, examples, picked, probs, t), labels, unnamed)  # noqa: B023

        best = thresholds[kind] = max(THRESHOLDS, key=lambda t: scored(blend, t)["f1"])
        figures[kind] = {name: {"threshold": t, "f1": scored(probs, t), "every_participant": scored(probs, t, missed)}
                         for name, probs, t in (("model", model, packaged[kind].threshold), ("blend", blend, best))}
    meta = {"params": describe(params), "thresholds": thresholds, "ner_weights": ner_weights_hash(ner_dir),
            "triggers": len(keys), "options": {k: len(v[0]) for k, v in sets.items()},
            "out_of_fold": figures, "train_seconds": round(time.perf_counter() - started, 1),
            "sources": [f"{g.name} ({part})" for g, _, part in annotated]}
    save(out_dir, [state for (f, _), (_, state) in zip(runs, results) if f is None], meta)
    log(json.dumps(meta, ensure_ascii=False, indent=1))
    return meta


def gsr_examples(folder: Path, extractor: RuleExtractor) -> list[Example]:
    """Labelled ASSAULT and PROTEST candidates of the GSR sentences in ``folder``."""
    examples: list[Example] = []
    for kind in ("assault", "protest"):
        event_type = kind.upper()
        labels = {row["id"]: row["label"] for row in csv.DictReader(
            (folder / f"{kind}_gsr.csv").open(encoding="utf-8")) if row["label"] != "ambiguous"}
        for article in read_articles([folder / f"{kind}_sentences.jsonl"]):
            if not isinstance(article, Article) or article.external_id not in labels:
                continue
            label = int(labels[article.external_id] == "yes")
            for d in _candidates(extractor, article):
                if d.event.event_type == event_type:
                    examples.append(Example(d.features, label,
                                            f"gsr:{gsr_fold(article.external_id)}", event_type,
                                            sentence=article.external_id, sources=d.sources,
                                            reads=d.role_sentence))
    return examples


def _fit(examples: list[Example], c: float) -> EventClassifier:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, [e.label for e in examples], sample_weight=[GSR_WEIGHT if e.sentence else 1.0 for e in examples])
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.feature_names_, model.coef_[0])
               if abs(w) >= 1e-5}
    return EventClassifier(weights, round(float(model.intercept_[0]), 5), 0.5)


def _folds(examples: list[Example]) -> list[int]:
    """Cross-validation fold of every example: GSR by its article fold, articles by a hash."""
    return [int(e.group[4:]) if e.group.startswith("gsr:") else document_fold(e.group, ARTICLE_FOLDS)
            for e in examples]


def taught(example: Example) -> bool:
    """Whether the event classifier learns from a candidate: not when it matched only an optional
    gold event, which the scorer neither rewards nor counts as a false positive (background, in
    passing; every STATEMENT). Out of fold (1,297 articles and the GSR sentences), leaving those out
    instead of teaching them as positives: objective 1.055 → 1.082, article event F1 0.450 → 0.462
    (P .47 → .54), GSR ASSAULT 0.639 → 0.639, PROTEST 0.571 → 0.600; teaching them as negatives 1.081."""
    return not (example.group.startswith("article:") and example.label and not example.required)


def present(example: Example, fold: int) -> bool:
    """Whether the candidate exists without the trigger annotation of fold ``fold``'s articles: its
    trigger is the hand lexicon's, or was annotated in an article of another fold too."""
    return not example.sources or any(document_fold(f"article:{s}", ARTICLE_FOLDS) != fold
                                      for s in example.sources)


def out_of_fold(examples: list[Example], c: float,
                learns: Callable[[Example], bool] = lambda e: True) -> list[float]:
    """Each example's probability from a model trained without its fold, on the examples of the
    other folds that it ``learns``. Neither that model nor the fold sees the candidates of triggers
    annotated only in the fold's articles (:func:`present`): those get probability 0, as if never found."""
    folds = _folds(examples)
    probs = [0.0] * len(examples)
    for f in sorted(set(folds)):
        model = _fit([e for e, g in zip(examples, folds) if g != f and learns(e) and present(e, f)], c)
        for i, (e, g) in enumerate(zip(examples, folds)):
            if g == f and present(e, f):
                probs[i] = model.probability(e.features)
    return probs


def article_f1(examples: list[Example], probs: list[float], required: Counter,
               thresholds: dict[str, float], types: set[str] | None = None) -> dict:
    """Event F1 of the annotated articles (of ``types``, default all) when candidates under their
    type's threshold are dropped (the scorer's matching, taken from the labels)."""
    tp = fp = 0
    for e, p in zip(examples, probs):
        if (not e.group.startswith("article:") or e.event_type in ALWAYS_KEPT
                or types is not None and e.event_type not in types or p < thresholds[e.event_type]):
            continue
        tp += e.required
        fp += not e.label
    wanted = sum(n for t, n in required.items() if types is None or t in types)
    return Score(tp, fp, wanted - tp).summary()


def gsr_detect(examples: list[Example], probs: list[float], thresholds: dict[str, float],
               positives: dict[str, set[str]], negatives: dict[str, set[str]]) -> dict:
    """Sentence-level detection F1 per type (``score.py detect``'s rule) at each type's threshold."""
    found: dict[str, set[str]] = defaultdict(set)
    for e, p in zip(examples, probs):
        if e.sentence and p >= thresholds[e.event_type]:
            found[e.event_type].add(e.sentence)
    out = {}
    for t in positives:
        tp = len(found[t] & positives[t])
        out[t] = Score(tp, len(found[t] & negatives[t]), len(positives[t]) - tp).summary()
    return out


DEFAULT = "*"  # the threshold of the types that have none of their own


def _scored(examples: list[Example], probs: list[float]) -> list[tuple[float, int, float]]:
    """``(probability, label, weight)`` of the candidates the classifier is taught about and its
    fold's model scored: not one matching only an optional gold event (:func:`taught`; right for the
    scorer, never a positive) nor one of a trigger annotated only in its own fold (:func:`present`;
    given 0, as if never found); a GSR candidate weighs :data:`GSR_WEIGHT`, as in the fit."""
    return [(p, e.label, GSR_WEIGHT if e.sentence else 1.0)
            for e, p, f in zip(examples, probs, _folds(examples)) if taught(e) and present(e, f)]


def log_loss(examples: list[Example], probs: list[float]) -> float:
    """Weighted mean log loss of out-of-fold ``probs`` over the candidates :func:`_scored` keeps."""
    points = _scored(examples, probs)
    clip = [(min(max(p, 1e-9), 1 - 1e-9), y, w) for p, y, w in points]
    return -sum(w * math.log(p if y else 1 - p) for p, y, w in clip) / sum(w for _, _, w in clip)


def smoothed_best(gain: Callable[[float], float], grid: tuple[float, ...] = EVENT_THRESHOLDS,
                  window: float = SMOOTHING) -> float:
    """The point of ``grid`` whose neighbours within ``window`` have the highest mean ``gain`` (the
    first of equals): a plateau's middle rather than a spike on it."""
    gains = {t: gain(t) for t in grid}

    def smoothed(t: float) -> float:
        near = [g for u, g in gains.items() if abs(u - t) <= window + 1e-9]
        return sum(near) / len(near)
    return max(grid, key=smoothed)


def _criteria(examples: list[Example], probs: list[float], required: Counter,
              truth: tuple[dict[str, set[str]], dict[str, set[str]]]) -> dict[str, Callable[[float], float]]:
    """Each threshold group's criterion, as a function of its keep threshold: the types the GSR
    sentences label (ASSAULT, PROTEST) each their article F1 plus their GSR detection F1; the other
    types (:data:`DEFAULT`) together their article F1."""
    own = set(truth[0])
    others = {e.event_type for e in examples} - own

    def gain(t: float, types: set[str]) -> float:
        at = defaultdict(lambda: t)
        return article_f1(examples, probs, required, at, types)["f1"] + sum(
            gsr_detect(examples, probs, at, *truth)[event_type]["f1"] for event_type in types & own)
    return {DEFAULT: partial(gain, types=others), **{t: partial(gain, types={t}) for t in sorted(own)}}


def _thresholds(criteria: dict[str, Callable[[float], float]]) -> defaultdict:
    """Each threshold group's keep threshold at the :func:`smoothed_best` of its criterion; a type
    without a group of its own takes :data:`DEFAULT`'s."""
    chosen: defaultdict = defaultdict(float)
    chosen.update({group: smoothed_best(gain) for group, gain in criteria.items()})
    chosen.default_factory = lambda: chosen[DEFAULT]
    return chosen


def choose_thresholds(examples: list[Example], probs: list[float], required: Counter,
                      truth: tuple[dict[str, set[str]], dict[str, set[str]]]) -> defaultdict:
    """Keep thresholds from out-of-fold probabilities, each group's (:func:`_criteria`) at the
    :func:`smoothed_best` of its criterion."""
    return _thresholds(_criteria(examples, probs, required, truth))


def reliability(examples: list[Example], probs: list[float], bins: int = 5) -> list[dict]:
    """Calibration: per probability bin, the mean predicted probability against the share of
    candidates that are right, out of fold, over the candidates :func:`_scored` keeps (unweighted)."""
    scored = [(p, y) for p, y, _ in _scored(examples, probs)]
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in scored if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                        "predicted": round(sum(p for p, _ in inside) / len(inside), 3),
                        "observed": round(sum(y for _, y in inside) / len(inside), 3)})
    return out


def gsr_truth(folder: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    positives: dict[str, set[str]] = {}
    negatives: dict[str, set[str]] = {}
    for kind in ("assault", "protest"):
        rows = list(csv.DictReader((folder / f"{kind}_gsr.csv").open(encoding="utf-8")))
        positives[kind.upper()] = {r["id"] for r in rows if r["label"] == "yes"}
        negatives[kind.upper()] = {r["id"] for r in rows if r["label"] in ("easy no", "difficult no")}
    return positives, negatives


Truth = tuple[dict[str, set[str]], dict[str, set[str]]]  # GSR sentences labelled yes, no; per type


def classifier_examples(annotated: list[AnnotatedSet], gsr: Path | None, candidates_of: RuleExtractor,
                        scorer: ModuleType, log: Callable[[str], None] = print
                        ) -> tuple[list[Example], Counter, Truth]:
    """The candidates the event classifier learns about (every type but STATEMENT) of the tune part of
    every annotated set and of the GSR sentences, the required gold events by type, and the GSR truth."""
    examples: list[Example] = []
    required: Counter = Counter()
    for gold_path, sources, part in annotated:
        got = article_examples(gold_path, sources, candidates_of, scorer,
                               keep=lambda i, part=part: bool(select_articles([i], part)))
        examples += got.examples
        for counts in got.required.values():
            required.update(counts)
        log(f"{gold_path}: {len(got.required)} articles, {len(got.examples)} candidates, "
            f"{sum(e.label for e in got.examples)} matching gold, "
            f"{sum(sum(c.values()) for c in got.required.values())} required events")
    truth: Truth = ({}, {})
    if gsr is not None:
        gsr_ex = gsr_examples(gsr, candidates_of)
        truth = gsr_truth(gsr)
        log(f"GSR: {len(gsr_ex)} candidates, {sum(e.label for e in gsr_ex)} in 'yes' sentences")
        examples += gsr_ex
    return [e for e in examples if e.event_type not in ALWAYS_KEPT], required, truth


def train(annotated: list[AnnotatedSet], gsr: Path | None, extractor: RuleExtractor, scorer: ModuleType,
          log: Callable[[str], None] = print, targets: EventClassifier | None | str = "packaged",
          actors: EventClassifier | None | str = "packaged") -> EventClassifier:
    """Fit the classifier on the tune part of every annotated set and on the GSR sentences, the
    candidates' targets and actors chosen by ``targets`` and ``actors``; its ``meta`` holds the
    cross-validated choices and the out-of-fold figures."""
    candidates_of = _with_events(extractor, EventExtractor(classifier=None, targets=targets, actors=actors))
    scored, required, truth = classifier_examples(annotated, gsr, candidates_of, scorer, log)
    tried = []
    for c in C_GRID:
        probs = out_of_fold(scored, c, taught)
        thresholds = choose_thresholds(scored, probs, required, truth)
        arts = article_f1(scored, probs, required, thresholds)
        det = gsr_detect(scored, probs, thresholds, *truth) if gsr is not None else {}
        # articles first; GSR detection F1 per type weighs in equally with it
        objective = arts["f1"] + sum(v["f1"] for v in det.values()) / max(len(det), 1)
        tried.append((log_loss(scored, probs), c, thresholds, arts, det, probs, objective))
    _, c, thresholds, arts, det, probs, _ = min(tried, key=lambda t: t[0])
    model = _fit([e for e in scored if taught(e)], c)
    in_fold = [model.probability(e.features) for e in scored]
    default = thresholds[DEFAULT]
    own = {t: v for t, v in thresholds.items() if t != DEFAULT and v != default}
    meta = {
        "C": c, "log_loss_by_C": {str(t[1]): round(t[0], 5) for t in tried},
        "objective_by_C": {str(t[1]): round(t[6], 4) for t in tried},
        "threshold": default, "thresholds": own, "candidates": len(scored),
        "positives": sum(e.label for e in scored), "not_taught": sum(not taught(e) for e in scored),
        "out_of_fold": {"articles_events": arts, "gsr_detect": det,
                        "reliability": reliability(scored, probs)},
        "in_fold": {"articles_events": article_f1(scored, in_fold, required, thresholds),
                    "gsr_detect": gsr_detect(scored, in_fold, thresholds, *truth) if gsr is not None else {}},
        "sources": [f"{g.name} ({part})" for g, _, part in annotated] + ([gsr.name] if gsr else []),
    }
    log(json.dumps(meta, ensure_ascii=False, indent=1))
    return EventClassifier(model.weights, model.bias, default, own, meta)


DETECT_SHARES = (0.25, 0.5, 0.75)  # the detection network's share of the blend: chosen out of fold among these
DETECT_FLOOR = 0.05  # a candidate the classifier gives less is dropped unread by the network (fixed, not tuned)
DETECT_PARAMS = RoleNetParams(epochs=6, seeds=(0, 1))


def train_detector(annotated: list[AnnotatedSet], gsr: Path | None, extractor: RuleExtractor, scorer: ModuleType,
                   out_dir: Path, params: RoleNetParams | None = None, log: Callable[[str], None] = print,
                   jobs: int = 1) -> dict:
    """Train the detection network (:class:`akhbar.extract.events.rolenet.Detector`) into ``out_dir`` on
    the candidates the packaged event classifier learns from (made with the packaged actor and target
    models), each read from its trigger's sentence. Out of fold (the classifier's folds and
    :func:`present`), the networks' probabilities are blended with the packaged classifier's at its
    own C (under :data:`DETECT_FLOOR` the classifier's alone, as the extractor reads them) at each
    share of :data:`DETECT_SHARES`, the keep thresholds chosen on each blend as the classifier's are
    (:func:`choose_thresholds`), and each threshold group (:func:`_criteria`) keeps the share, and its
    threshold, whose blend scores best on the group's criterion; then the networks on every candidate
    it is taught. Every fit runs on
    one thread, ``jobs`` at once; returns the meta."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    params = params or DETECT_PARAMS
    ner_dir = NER_DIR / BILSTM_DIR
    candidates_of = _with_events(extractor, EventExtractor(classifier=None))
    scored, required, truth = classifier_examples(annotated, gsr, candidates_of, scorer, log)
    packaged = EventClassifier.load()
    model = out_of_fold(scored, packaged.meta["C"], taught)
    folds = _folds(scored)

    def unit(e: Example) -> tuple[RoleSentence | None, int, float]:
        return e.reads, e.label, GSR_WEIGHT if e.sentence else 1.0

    runs = [(f, seed) for f in sorted(set(folds)) for seed in params.seeds] + [(None, s) for s in params.seeds]
    held = {f: [n for n, (e, g) in enumerate(zip(scored, folds)) if g == f and present(e, f)] for f, _ in runs}
    args = [(ner_dir, [unit(e) for e, g in zip(scored, folds) if taught(e) and (f is None or g != f and present(e, f))],
             [unit(scored[n]) for n in held[f]] if f is not None else [], params, seed, "detect") for f, seed in runs]
    log(f"detection network: {len(scored)} candidates, {len(runs)} fits")
    with ProcessPoolExecutor(max(1, jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(fit_and_score, *zip(*args)))
    log(f"detection network: {len(runs)} fits ({time.perf_counter() - started:.0f} s)")
    net = [0.0] * len(scored)
    for (f, _), (probs, _) in zip(runs, results):
        for n, p in zip(held[f], probs):
            net[n] += p / len(params.seeds)
    # each threshold group's share and threshold: the pair that scores best on the group's criterion
    by_share = {}
    for share in DETECT_SHARES:
        mixed = [cascaded(a, b, share, DETECT_FLOOR) for a, b in zip(model, net)]
        criteria = _criteria(scored, mixed, required, truth)
        at = _thresholds(criteria)
        by_share[share] = {group: (round(gain(at[group]), 4), at[group]) for group, gain in criteria.items()}
    groups = by_share[DETECT_SHARES[0]]
    shares = {group: max(DETECT_SHARES, key=lambda s, g=group: by_share[s][g][0]) for group in groups}
    chosen = {group: by_share[share][group][1] for group, share in shares.items()}
    blend = [cascaded(a, b, of_type(shares, e.event_type), DETECT_FLOOR)
             for e, a, b in zip(scored, model, net)]
    log(f"detection network: out-of-fold criterion and threshold by share and group {by_share}; chosen {shares}")
    packaged_at = defaultdict(lambda: packaged.threshold, packaged.thresholds)

    def figures(probs: list[float], at: dict[str, float]) -> dict:
        return {"articles_events": article_f1(scored, probs, required, at),
                "gsr_detect": gsr_detect(scored, probs, at, *truth) if gsr is not None else {},
                "log_loss": round(log_loss(scored, probs), 5)}

    meta = {"params": describe(params), "blend": shares, "floor": DETECT_FLOOR, "thresholds": chosen,
            "shares": {str(s): {g: f for g, (f, _) in groups.items()} for s, groups in by_share.items()},
            "ner_weights": ner_weights_hash(ner_dir), "candidates": len(scored),
            "out_of_fold": {"model": figures(model, packaged_at),
                            "blend": figures(blend, defaultdict(lambda: chosen[DEFAULT], chosen))},
            "train_seconds": round(time.perf_counter() - started, 1),
            "sources": [f"{g.name} ({part})" for g, _, part in annotated] + ([gsr.name] if gsr else [])}
    save(out_dir, [state for (f, _), (_, state) in zip(runs, results) if f is None], meta)
    log(json.dumps(meta, ensure_ascii=False, indent=1))
    return meta
