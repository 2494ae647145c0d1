"""The news labeller: a CRF over the guide's entity labels that sets the final spans after the rules.

The rules (:class:`~akhbar.extract.entities.EntityRecognizer`) and the ANERcorp tagger propose;
this stage relabels, redraws or drops every proposed span but the nationality lexicon's
(:data:`KEPT`, unless one of its longer names holds it) and adds spans of its own. Per sentence
it sees every token's features of the NER tagger
(:class:`~akhbar.ner.features.Featurizer`: word, clitic-stripped stem, affixes, shape, gazetteer
tag, cue words, word clusters, neighbours) plus the rules' own reading (``B-GPE``, and which rule
made it) and the ANERcorp tag, for the token and its neighbours, and gives BIO tags over
:data:`~akhbar.model.ENTITY_LABELS` as ``../shared/eval/GUIDE.md`` defines them. It is trained on
news annotated under that guide (:mod:`akhbar.entity_training`, ``akhbar train-entities``) with
crfsuite, and run without crfsuite or feature strings: the model file's weights are read into arrays
(:class:`~akhbar.ner.linear_crf.LinearCrf`), a word's features summed once (:class:`~akhbar.ner.features.Scorer`)
and the sentences of a run decoded together, with the same tags and marginals.

A span on a rule span's exact words keeps its entry (canonical name, country), whatever its label now.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from akhbar.extract.entities import Analysed, Candidate, Word
from akhbar.lexicon import Lexicon, load
from akhbar.ner.clusters import read_clusters
from akhbar.ner.conll import spans
from akhbar.ner.crf import packaged_clusters
from akhbar.ner.features import Featurizer, Scorer
from akhbar.ner.linear_crf import LinearCrf

MODEL_FILE = Path(__file__).parent / "model" / "entities.crfsuite"
KIND = "labeller"  # a span no rule proposed
# Rule spans the labeller does not redraw: the nationality lexicon's (الأمريكي, السنية). Every other
# rule span is a proposal the labeller sees as a feature and may relabel, reshape or drop; a labeller
# span with a rule span's exact boundaries keeps that rule's entry. Chosen on out-of-fold tags of the
# 1,136 training articles (5 folds by article, strict span F1 of the pipeline's spans): the guesses only
# (tagger, title-cued persons, GPE after a head word; the last release) 0.833, the head-word rules'
# spans too 0.870, every lexicon but the nationality one too 0.883, every span 0.894 — the last lost
# the seed article (0.922 → 0.902: nationality adjectives taken into names), so NORP stays — but yields to a
# longer labeller span with no title word (:func:`merge`: 0.883 → 0.893, the seed unchanged); see MODEL_CARD.md.
KEPT = ("gaz_NORP",)
CONTEXT = (-2, -1, 1, 2)  # neighbours whose rule reading and ANERcorp tag are features


def rule_readings(analysed: Analysed) -> tuple[list[str], list[str]]:
    """Per token: the rules' BIO tag (``B-ORG`` …, ``O``) and the kind of rule behind it."""
    n = len(analysed.words)
    tags, kinds = ["O"] * n, ["-"] * n
    for c in analysed.candidates:
        for k in range(c.i, c.j):
            tags[k] = ("B-" if k == c.i else "I-") + c.label
            kinds[k] = c.kind
    return tags, kinds


def reading_keys(analysed: Analysed) -> list[tuple]:
    """Per token: the rules' reading (tag, kind) and ANERcorp tag of it, and the rules' tag and ANERcorp
    tag of each :data:`CONTEXT` neighbour the sentence has (what :func:`reading_strings` spells out)."""
    rules, kinds = rule_readings(analysed)
    tagger = analysed.tags
    n = len(rules)
    return [(rules[i], kinds[i], tagger[i], tuple((off, rules[i + off], tagger[i + off])
                                                  for off in CONTEXT if 0 <= i + off < n)) for i in range(n)]


@lru_cache(maxsize=4096)
def reading_strings(key: tuple) -> tuple[str, ...]:
    """The features of a :func:`reading_keys` key."""
    rule, kind, tag, around = key
    return (f"r={rule}", f"rk={kind}", f"t={tag}", f"r|t={rule}|{tag}",
            *(f for off, r, t in around for f in (f"{off}r={r}", f"{off}t={t}")))


def reading_features(featurizer: Featurizer, analysed: Analysed) -> list[list[str]]:
    """Per token, what the labeller adds to the tagger's features: the rules' reading of the token and
    its :data:`CONTEXT` neighbours, the ANERcorp tag of each, and the rules' reading with the tag and
    with the stem."""
    return [[*reading_strings(key), stem_reading(featurizer, key[0], w)]
            for key, w in zip(reading_keys(analysed), analysed.words)]


def stem_reading(featurizer: Featurizer, rule: str, word: Word) -> str:
    """The rules' tag ``rule`` of ``word`` with its stem."""
    return f"r|s={rule}|{featurizer.forms(word.token.text).stem}"


def sentence_features(featurizer: Featurizer, analysed: Analysed) -> list[list[str]]:
    """One feature list per token of the sentence (see the module docstring): what the model is
    trained on; :class:`NewsLabeller` sums the same features' weights without making the strings."""
    base = featurizer.sentence([w.token.text for w in analysed.words])
    return [own + added for own, added in zip(base, reading_features(featurizer, analysed))]


def conjoined(featurizer: Featurizer, analysed: Analysed) -> list[bool]:
    """Per token: its proclitic begins with the conjunction و."""
    return [featurizer.forms(w.token.text).prefix.startswith("و") for w in analysed.words]


def titled(featurizer: Featurizer, analysed: Analysed) -> list[bool]:
    """Per token: the featurizer's cue class says it is a title or role word (``cue=title``)."""
    return [featurizer.cue(featurizer.forms(w.token.text)) == "title" for w in analysed.words]


class NewsLabeller:
    """The packaged (or a given) news labeller model; see the module docstring."""

    name = "news-crf"

    def __init__(self, model: Path = MODEL_FILE, lexicon: Lexicon | None = None,
                 clusters: Path | None = None) -> None:
        if not model.is_file():
            raise FileNotFoundError(f"no news labeller at {model}: train one with `akhbar train-entities`")
        self.features = self.featurizer(lexicon, clusters)
        self.model = LinearCrf.read(model)
        self._scores = Scorer(self.features, self.model)
        self._readings: dict[tuple, np.ndarray] = {}  # a reading key's summed weights

    @staticmethod
    def featurizer(lexicon: Lexicon | None = None, clusters: Path | None = None) -> Featurizer:
        """The token features the labeller is trained and run with (``clusters``: the packaged word
        clusters by default)."""
        return Featurizer(lexicon or load(), read_clusters(clusters) if clusters else packaged_clusters())

    def _score(self, analysed: Analysed) -> np.ndarray:
        """Tokens × labels: the summed weights of :func:`sentence_features`."""
        keys = reading_keys(analysed)
        out = self._scores.sentence([w.token.text for w in analysed.words],
                                    [[stem_reading(self.features, key[0], w)] for key, w in zip(keys, analysed.words)])
        weights = []
        for key in keys:
            if (weight := self._readings.get(key)) is None:
                weight = self._readings[key] = self.model.total(reading_strings(key))
            weights.append(weight)
        return out + np.stack(weights) if weights else out

    def relabel_all(self, sentences: Sequence[Analysed]) -> list[list[Candidate]]:
        """Each sentence's entity spans (:func:`merge`), the sentences decoded together; confidence of a
        labeller decision is the mean marginal probability of the span's tags."""
        scores = [self._score(a) for a in sentences]
        out = []
        for a, (tags, probs) in zip(sentences, self.model.decode(scores)):
            spans = []
            for i, j, label, rule in merge(a.candidates, tags, conjoined(self.features, a),
                                           titled(self.features, a)):
                if rule is not None and label == rule.label:
                    spans.append(rule)
                else:
                    confidence = sum(probs[k] for k in range(i, j)) / (j - i)
                    spans.append(Candidate(i, j, label, rule.kind if rule else KIND, round(float(confidence), 3),
                                           rule.entry if rule else None))
            out.append(spans)
        return out


def merge(candidates: Sequence[Candidate], tags: Sequence[str], conjoined: Sequence[bool],
          titled: Sequence[bool]) -> list[tuple[int, int, str, Candidate | None]]:
    """The final spans ``(i, j, label, rule candidate or None)`` in text order, from the rules'
    ``candidates`` and the labeller's BIO ``tags``: rule spans of :data:`KEPT` kinds keep their
    boundaries and take the labeller's label where it tags the same span, unless a longer labeller
    span holds them with no ``titled`` word in it and no ``conjoined`` word before their end (the
    longest name wins: «القوات الجوية الأمريكية» is one ORG; «مجلس الشيوخ السيناتور الديمقراطي»
    runs over a title and «القوات العراقية والأمريكية» over a conjunction, so the nationality word
    stays); the labeller's spans
    over words no kept rule span covers are added, each with the rule candidate of exactly its
    boundaries if there is one (its entry: canonical name, country). A labeller span that runs
    into a kept rule span is cut before its last ``conjoined`` word ahead of that span, and
    dropped if it has none: in «القوات العراقية والأمريكية» the conjunction starts the kept
    nationality word (the guide copies names without it)."""
    found = {(i, j): label for i, j, label in spans(tags)}
    by_span = {(c.i, c.j): c for c in candidates}

    def in_a_longer_name(c: Candidate) -> bool:
        return any(i <= c.i and c.j <= j and j - i > c.j - c.i
                   and not any(titled[i:j]) and not any(conjoined[i + 1:c.j]) for i, j in found)

    kept = [c for c in candidates if c.kind in KEPT and not in_a_longer_name(c)]
    covered = {k for c in kept for k in range(c.i, c.j)}
    out = [(c.i, c.j, found.get((c.i, c.j), c.label), c) for c in kept]
    for (i, j), label in found.items():
        first = next((k for k in range(i, j) if k in covered), None)
        if first is None:
            out.append((i, j, label, by_span.get((i, j))))
        elif (cut := max((k for k in range(i + 1, first + 1) if conjoined[k]), default=None)) is not None:
            out.append((i, cut, label, by_span.get((i, cut))))
    return sorted(out, key=lambda s: s[0])
