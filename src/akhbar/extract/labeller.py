"""The news labeller: a CRF over the guide's entity labels that sets the final spans after the rules.

The rules (:class:`~akhbar.extract.entities.EntityRecognizer`) and the ANERcorp tagger propose;
this stage decides. Per sentence it sees every token's features of the NER tagger
(:class:`~akhbar.ner.features.Featurizer`: word, clitic-stripped stem, affixes, shape, gazetteer
tag, cue words, word clusters, neighbours) plus the rules' own reading (``B-GPE``, and which rule
made it) and the ANERcorp tag, for the token and its neighbours, and gives BIO tags over
:data:`~akhbar.model.ENTITY_LABELS` as ``../shared/eval/GUIDE.md`` defines them. It is trained on
news annotated under that guide (:mod:`akhbar.entity_training`, ``akhbar train-entities``).

A span the rules also found keeps their entry (canonical name, country), whatever its label now.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from akhbar.extract.entities import Analysed, Candidate
from akhbar.extract.lexicon import Lexicon, load
from akhbar.ner.clusters import read_clusters
from akhbar.ner.conll import spans
from akhbar.ner.crf import CLUSTERS, MODEL_DIR
from akhbar.ner.features import Featurizer

MODEL_FILE = Path(__file__).parent / "model" / "entities.crfsuite"
KIND = "labeller"  # a span no rule proposed
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


def sentence_features(featurizer: Featurizer, analysed: Analysed) -> list[list[str]]:
    """One feature list per token of the sentence (see the module docstring)."""
    base = featurizer.sentence([w.token.text for w in analysed.words])
    rules, kinds = rule_readings(analysed)
    tagger = analysed.tags
    n = len(base)
    for i, feats in enumerate(base):
        stem = featurizer.forms(analysed.words[i].token.text).stem
        feats += [f"r={rules[i]}", f"rk={kinds[i]}", f"t={tagger[i]}", f"r|t={rules[i]}|{tagger[i]}",
                  f"r|s={rules[i]}|{stem}"]
        for off in CONTEXT:
            k = i + off
            if 0 <= k < n:
                feats += [f"{off}r={rules[k]}", f"{off}t={tagger[k]}"]
    return base


class NewsLabeller:
    """The packaged (or a given) news labeller model; see the module docstring."""

    name = "news-crf"

    def __init__(self, model: Path = MODEL_FILE, lexicon: Lexicon | None = None,
                 clusters: Path = MODEL_DIR / CLUSTERS) -> None:
        import pycrfsuite

        if not model.is_file():
            raise FileNotFoundError(f"no news labeller at {model}: train one with `akhbar train-entities`")
        self.version = hashlib.sha1(model.read_bytes()).hexdigest()[:10]
        self.features = self.featurizer(lexicon, clusters)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    @staticmethod
    def featurizer(lexicon: Lexicon | None = None, clusters: Path = MODEL_DIR / CLUSTERS) -> Featurizer:
        """The token features the labeller is trained and run with."""
        return Featurizer(lexicon or load(), read_clusters(clusters))

    def tags(self, analysed: Analysed) -> list[str]:
        """BIO tags over the guide's labels for the sentence's tokens."""
        return self._tagger.tag(sentence_features(self.features, analysed)) if analysed.words else []

    def relabel(self, analysed: Analysed) -> list[Candidate]:
        """The sentence's entity spans, in text order; confidence is the mean marginal
        probability of the span's tags."""
        tags = self.tags(analysed)
        rules = {(c.i, c.j): c for c in analysed.candidates}
        out = []
        for i, j, label in sorted(spans(tags)):
            confidence = sum(self._tagger.marginal(tags[k], k) for k in range(i, j)) / (j - i)
            rule = rules.get((i, j))
            out.append(Candidate(i, j, label, rule.kind if rule else KIND, round(confidence, 3),
                                 rule.entry if rule else None))
        return out
