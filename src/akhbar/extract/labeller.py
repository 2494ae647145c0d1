"""The news labeller: a CRF over the guide's entity labels that sets the final spans after the rules.

The rules (:class:`~akhbar.extract.entities.EntityRecognizer`) and the ANERcorp tagger propose;
this stage relabels, redraws or drops every proposed span but the nationality lexicon's
(:data:`KEPT`, unless one of its longer names holds it) and adds spans of its own. Per sentence
it sees every token's features of the NER tagger
(:class:`~akhbar.ner.features.Featurizer`: word, clitic-stripped stem, affixes, shape, gazetteer
tag, cue words, word clusters, neighbours) plus the rules' own reading (``B-GPE``, and which rule
made it) and the ANERcorp tag, for the token and its neighbours, and gives BIO tags over
:data:`~akhbar.model.ENTITY_LABELS` as ``../shared/eval/GUIDE.md`` defines them. It is trained on
news annotated under that guide (:mod:`akhbar.entity_training`, ``akhbar train-entities``).

A span on a rule span's exact words keeps its entry (canonical name, country), whatever its label now.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from akhbar.extract.entities import Analysed, Candidate
from akhbar.lexicon import Lexicon, load
from akhbar.ner.clusters import read_clusters
from akhbar.ner.conll import spans
from akhbar.ner.crf import packaged_clusters
from akhbar.ner.features import Featurizer

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
                 clusters: Path | None = None) -> None:
        import pycrfsuite

        if not model.is_file():
            raise FileNotFoundError(f"no news labeller at {model}: train one with `akhbar train-entities`")
        self.features = self.featurizer(lexicon, clusters)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    @staticmethod
    def featurizer(lexicon: Lexicon | None = None, clusters: Path | None = None) -> Featurizer:
        """The token features the labeller is trained and run with (``clusters``: the packaged word
        clusters by default)."""
        return Featurizer(lexicon or load(), read_clusters(clusters) if clusters else packaged_clusters())

    def tags(self, features: list[list[str]]) -> list[str]:
        """BIO tags over the guide's labels for a sentence's token features (:func:`sentence_features`)."""
        return self._tagger.tag(features) if features else []

    def relabel(self, analysed: Analysed) -> list[Candidate]:
        """The sentence's entity spans (:func:`merge`); confidence of a labeller decision is the
        mean marginal probability of the span's tags."""
        features = sentence_features(self.features, analysed)
        tags = self.tags(features)
        out = []
        for i, j, label, rule in merge(analysed.candidates, tags, conjoined(features), titled(features)):
            if rule is not None and label == rule.label:
                out.append(rule)
            else:
                out.append(Candidate(i, j, label, rule.kind if rule else KIND, self._confidence(tags, i, j),
                                     rule.entry if rule else None))
        return out

    def _confidence(self, tags: list[str], i: int, j: int) -> float:
        return round(sum(self._tagger.marginal(tags[k], k) for k in range(i, j)) / (j - i), 3)


def conjoined(features: Sequence[Sequence[str]]) -> list[bool]:
    """Per token: its proclitic (the featurizer's ``pre=``) begins with the conjunction و."""
    return [next((f for f in feats if f.startswith("pre=")), "").startswith("pre=و") for feats in features]


def titled(features: Sequence[Sequence[str]]) -> list[bool]:
    """Per token: the featurizer's cue class says it is a title or role word (``cue=title``)."""
    return ["cue=title" in feats for feats in features]


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
