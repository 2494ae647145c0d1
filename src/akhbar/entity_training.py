"""Train the news labeller (:mod:`akhbar.extract.labeller`) on articles annotated under GUIDE.md.

Training data: the packaged ``annotated_news.json`` (texts in ``../shared/data/unlabeled`` and ``news``) and
the *tune* part of the dev set; never its check part. The annotated surfaces are aligned to the
tokens of their paragraph (:func:`align`): in order, the first token allowed to carry the proclitic
the guide strips (``وواشنطن`` for ``واشنطن``, ``للحوثيين`` for ``الحوثيين``).

The CRF's regularization is chosen by cross-validation over articles
(:func:`akhbar.splits.document_fold`); the figure is strict span F1 over the scored labels of
``score.py articles`` on the aligned token spans of what the pipeline keeps (the rules' spans merged
with the labeller's, :func:`akhbar.extract.labeller.merge`), beside the same figure for the rules
alone and for the labeller alone.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from akhbar.extract.entities import Candidate, EntityRecognizer
from akhbar.extract.labeller import conjoined, merge, sentence_features, titled
from akhbar.ingest.readers import read_articles
from akhbar.model import ENTITY_LABELS, Article, sentences_or_whole
from akhbar.ner.conll import Score, gold_to_anercorp, gold_to_persons, score
from akhbar.ner.features import Featurizer
from akhbar.splits import AnnotatedSet, document_fold, never_held_out, select_articles
from akhbar.text.arabic import fold, proclitic_readings
from akhbar.text.tokens import Token, tokenize

SCORED = ENTITY_LABELS[:6]  # the labels score.py articles scores (not EVENT, MISC)
FOLDS = 5
GRID = ((0.05, 0.01), (0.05, 0.1), (0.2, 0.01))  # (c1, c2)
MAX_ITERATIONS = 150


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int  # character offsets into the article text
    end: int
    label: str


@dataclass(slots=True)
class Example:
    """One training sentence: features, gold BIO tags, the rules' resolved candidates, its article, and
    per token whether it is conjoined and a title word (what :func:`~akhbar.extract.labeller.merge` reads)."""

    features: list[list[str]]
    tags: list[str]
    rules: list[Candidate]
    article: str
    conjoined: list[bool]
    titled: list[bool]


def _first_token_matches(token: str, gold: str) -> bool:
    """``token`` is ``gold``, or ``gold`` with one proclitic cluster before it (folded forms)."""
    return token == gold or any(stem == gold for _, stem in proclitic_readings(token))


def _find(keys: list[str], gold: list[str], start: int, taken: set[int]) -> int | None:
    n = len(gold)
    for k in range(start, len(keys) - n + 1):
        if taken.isdisjoint(range(k, k + n)) and keys[k + 1:k + n] == gold[1:] \
                and _first_token_matches(keys[k], gold[0]):
            return k
    return None


def align(text: str, entities: Iterable[dict]) -> tuple[list[GoldSpan], list[dict]]:
    """Character spans of the annotated ``entities`` (GUIDE.md: paragraph, text, label) in
    ``text``, and the entities that could not be found. Each is looked for after the previous one
    of its paragraph, then from the paragraph's start; a token is never used twice."""
    starts, offset = [], 0
    for line in text.split("\n"):
        starts.append((offset, offset + len(line)))
        offset += len(line) + 1
    by_paragraph: dict[int, list[dict]] = {}
    for e in entities:
        by_paragraph.setdefault(e["paragraph"], []).append(e)
    found, missing = [], []
    for p, items in sorted(by_paragraph.items()):
        if p >= len(starts):
            missing += items
            continue
        tokens = tokenize(text, *starts[p])
        keys = [fold(t.text) for t in tokens]
        cursor, taken = 0, set()
        for e in items:
            gold = [fold(t.text) for t in tokenize(e["text"])]
            k = _find(keys, gold, cursor, taken) if gold else None
            if k is None and gold:
                k = _find(keys, gold, 0, taken)
            if k is None:
                missing.append(e)
                continue
            end = k + len(gold)
            taken.update(range(k, end))
            cursor = end
            found.append(GoldSpan(tokens[k].start, tokens[end - 1].end, e["label"]))
    return sorted(found, key=lambda s: s.start), missing


def token_tags(tokens: Sequence[Token], gold: Sequence[GoldSpan]) -> list[str]:
    """Gold BIO tags of a sentence's tokens (a span cut by a sentence end starts again with B)."""
    tags = []
    for token in tokens:
        span = next((s for s in gold if s.start <= token.start < s.end), None)
        if span is None:
            tags.append("O")
        else:
            inside = span.start < token.start and tags and tags[-1] != "O"
            tags.append(("I-" if inside else "B-") + span.label)
    return tags


@dataclass(slots=True)
class Corpus:
    sequences: list[Example]
    articles: int
    mentions: int
    unaligned: list[tuple[str, dict]]


def annotated_articles(annotated: list[AnnotatedSet]) -> Iterator[tuple[Article, list[GoldSpan], list[dict]]]:
    """Each annotated article to learn from (gold file, its texts, which part to keep) with its
    aligned gold spans and the annotated entities that could not be aligned. Fails when an article is
    held out (the news check) or missing from its texts."""
    for gold_path, sources, part in annotated:
        articles_of = {a["external_id"]: a for a in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]}
        gold = {i: articles_of[i] for i in select_articles(articles_of, part)}
        never_held_out(gold)
        for article in read_articles(sources, ids=set(gold)):
            if isinstance(article, Article) and article.external_id in gold:
                yield article, *align(article.text, gold.pop(article.external_id)["entities"])
        if gold:
            raise ValueError(f"{len(gold)} annotated articles are not in the sources: {sorted(gold)[:5]}")


def build_corpus(annotated: list[AnnotatedSet], recognizer: EntityRecognizer, featurizer: Featurizer) -> Corpus:
    """Training sentences of the annotated articles: (gold file, its texts, which part to keep)."""
    sequences: list[Example] = []
    articles = mentions = 0
    unaligned: list[tuple[str, dict]] = []
    for article, found, missing in annotated_articles(annotated):
        articles += 1
        mentions += len(found) + len(missing)
        unaligned += [(article.external_id, e) for e in missing]
        analysed, _ = recognizer.analyse(article.text, article.sentences)
        for a in analysed:
            if a.words:
                inside = [s for s in found if a.sentence.start <= s.start < a.sentence.end]
                sequences.append(Example(sentence_features(featurizer, a),
                                         token_tags([w.token for w in a.words], inside),
                                         a.candidates, article.external_id, conjoined(featurizer, a),
                                         titled(featurizer, a)))
    return Corpus(sequences, articles, mentions, unaligned)


def anercorp_sentences(annotated: list[AnnotatedSet], persons_only: bool = False) -> list[tuple[list[str], list[str]]]:
    """The annotated articles as NER training sentences in ANERcorp's labels (tokens as the pipeline
    reads them, the guide's labels mapped by :func:`akhbar.ner.conll.gold_to_anercorp`: NORP is
    not annotated in ANERcorp and becomes ``O``). With ``persons_only``, partial labels instead
    (:func:`akhbar.ner.conll.gold_to_persons`: persons and ``O`` fixed, other spans left open)."""
    mapped = gold_to_persons if persons_only else gold_to_anercorp
    out = []
    for article, found, _ in annotated_articles(annotated):
        for s in sentences_or_whole(article.text, article.sentences):
            tokens = tokenize(article.text, s.start, s.end)
            if tokens:
                inside = [g for g in found if s.start <= g.start < s.end]
                out.append(([t.text for t in tokens], mapped(token_tags(tokens, inside))))
    return out


def fit(sequences: Sequence[Example], path: Path, c1: float, c2: float,
        max_iterations: int = MAX_ITERATIONS) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sequences:
        trainer.append(s.features, s.tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True})
    tmp = path.with_name(path.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(path)


def span_scores(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, dict]:
    """Strict span P/R/F1 over :data:`SCORED` labels, overall (``all``) and per label."""
    def scored(tags: Sequence[str]) -> list[str]:
        return [t if t[2:] in SCORED else "O" for t in tags]

    found = score([scored(g) for g in gold], [scored(p) for p in pred])
    out = {"all": found["overall"].summary()}
    out.update({label: found.get(label, Score(0, 0, 0)).summary() for label in SCORED})
    return out


def cross_validate(sequences: Sequence[Example], c1: float, c2: float,
                   max_iterations: int = MAX_ITERATIONS) -> list[list[str]]:
    """Out-of-fold tags of every sequence (folds by article)."""
    import pycrfsuite

    folds = [document_fold(s.article, FOLDS) for s in sequences]
    pred: list[list[str]] = [[] for _ in sequences]
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(FOLDS):
            path = Path(tmp) / f"fold{f}.crfsuite"
            fit([s for s, g in zip(sequences, folds) if g != f], path, c1, c2, max_iterations)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            for i, g in enumerate(folds):
                if g == f:
                    pred[i] = tagger.tag(sequences[i].features)
    return pred


def _tags(n: int, found: Iterable[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for i, j, label in found:
        tags[i:j] = ["B-" + label] + ["I-" + label] * (j - i - 1)
    return tags


def pipeline_tags(example: Example, labeller_tags: Sequence[str]) -> list[str]:
    """BIO tags of the spans the pipeline keeps (:func:`~akhbar.extract.labeller.merge`)."""
    kept = merge(example.rules, labeller_tags, example.conjoined, example.titled)
    return _tags(len(example.tags), [s[:3] for s in kept])


def train(corpus: Corpus, out: Path, grid: Sequence[tuple[float, float]] = GRID,
          log: Callable[[str], None] = print) -> dict:
    """Choose (c1, c2) by the cross-validated span F1 of the pipeline's spans (rules merged with
    the labeller), train on everything into ``out`` and write ``out``'s meta file (counts, grid,
    scores of the rules alone, the labeller alone and the pipeline); returns the meta."""
    started = time.perf_counter()
    seqs = corpus.sequences
    gold = [s.tags for s in seqs]
    rules = span_scores(gold, [_tags(len(s.tags), [(c.i, c.j, c.label) for c in s.rules]) for s in seqs])
    log(f"rules alone: F1 {rules['all']['f1']}")
    results = []
    for c1, c2 in grid:
        pred = cross_validate(seqs, c1, c2)
        alone = span_scores(gold, pred)
        pipeline = span_scores(gold, [pipeline_tags(s, p) for s, p in zip(seqs, pred)])
        results.append({"c1": c1, "c2": c2, "pipeline": pipeline, "labeller_alone": alone})
        log(f"c1={c1} c2={c2}: cross-validated F1 {pipeline['all']['f1']} (P {pipeline['all']['p']} "
            f"R {pipeline['all']['r']}); the labeller alone {alone['all']['f1']}")
    best = max(results, key=lambda r: r["pipeline"]["all"]["f1"])
    fit(seqs, out, best["c1"], best["c2"])
    meta = {"articles": corpus.articles, "mentions": corpus.mentions,
            "aligned": corpus.mentions - len(corpus.unaligned), "sentences": len(seqs),
            "tokens": sum(len(s.tags) for s in seqs),
            "labels": dict(Counter(t[2:] for s in seqs for t in s.tags if t.startswith("B-"))),
            "folds": FOLDS, "max_iterations": MAX_ITERATIONS, "chosen": {"c1": best["c1"], "c2": best["c2"]},
            "cross_validation": results, "rules_alone": rules,
            "seconds": round(time.perf_counter() - started, 1)}
    out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta
