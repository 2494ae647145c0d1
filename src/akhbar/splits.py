"""Fixed tune / check splits of every gold set, by a hash of the document id.

Errors are read only on *tune*; *check* is reported as the headline figure and never
inspected. The split depends on nothing but the id, so it cannot drift as data or code
changes, and a document's sentences never straddle the two parts.

- Annotated articles (``dev_gold.json``, and any article annotated later): by ``external_id``.
- Held-out news (:data:`NEWS_CHECK`, 960 articles of ``../shared/data/unlabeled/`` annotated
  under the guide for this purpose): check as a whole, never trained on, tuned on or read;
  :func:`never_held_out` guards the training sets.
- GSR event sentences: by the article a sentence comes from (its id without the ``-N`` /
  ``_N`` sentence suffix), into ``GSR_FOLDS`` folds for out-of-fold figures.
- ANERcorp train has no document ids: its sentences are grouped into consecutive blocks of
  ``ANERCORP_BLOCK`` sentences (a few news stories each), and a block is untouched when its hash
  falls in the check share.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

Part = Literal["tune", "check"]
T = TypeVar("T")

SALT = "akhbar-split-v1"
ARTICLE_CHECK_SHARE = 0.5
ANERCORP_CHECK_SHARE = 0.15
ANERCORP_BLOCK = 25
GSR_FOLDS = 5

NEWS_CHECK = Path(__file__).parent / "extract" / "model" / "news_check.json"

_SENTENCE_SUFFIX = re.compile(r"[-_]\d+$")


def _unit(key: str) -> float:
    """A stable number in [0, 1) for ``key``."""
    digest = hashlib.sha256(f"{SALT}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def article_part(external_id: str) -> Part:
    """``check`` for about half of all annotated articles, ``tune`` for the rest."""
    return "check" if _unit(f"article:{external_id}") < ARTICLE_CHECK_SHARE else "tune"


def gsr_article(sentence_id: str) -> str:
    """The article a GSR sentence id belongs to (``AAW_ARB_20071026.0026-2`` → ``…0026``)."""
    return _SENTENCE_SUFFIX.sub("", sentence_id)


def gsr_fold(sentence_id: str) -> int:
    """The fold (0 … GSR_FOLDS-1) of a GSR sentence: all sentences of one article share it."""
    return int(_unit(f"gsr:{gsr_article(sentence_id)}") * GSR_FOLDS)


def document_fold(key: str, folds: int) -> int:
    """A cross-validation fold (0 … folds-1) of a document, by a hash of its key."""
    return int(_unit(f"fold:{key}") * folds)


def anercorp_part(sentence_index: int) -> Part:
    """``check`` (untouched) or ``tune`` for the ``sentence_index``-th sentence of ANERcorp train."""
    block = sentence_index // ANERCORP_BLOCK
    return "check" if _unit(f"anercorp:{block}") < ANERCORP_CHECK_SHARE else "tune"


def split_sentences(sentences: Sequence[T]) -> dict[Part, list[T]]:
    """ANERcorp-train sentences (in file order) into their tune and check parts."""
    parts: dict[Part, list[T]] = {"tune": [], "check": []}
    for i, sentence in enumerate(sentences):
        parts[anercorp_part(i)].append(sentence)
    return parts


AnnotatedSet = tuple[Path, list[Path], Part | Literal["all"]]  # a gold file, its articles' texts, which part to use


def select_articles(ids: Iterable[str], part: Part | Literal["all"]) -> list[str]:
    """The ids of ``part`` (``all`` keeps every id), in the order given."""
    return [i for i in ids if part == "all" or article_part(i) == part]


@lru_cache(maxsize=1)
def held_out_news() -> frozenset[str]:
    """The external ids of the held-out news articles (:data:`NEWS_CHECK`)."""
    return frozenset(a["external_id"] for a in json.loads(NEWS_CHECK.read_text(encoding="utf-8"))["articles"])


def never_held_out(ids: Iterable[str]) -> None:
    """Fail when any of ``ids`` (articles about to be trained on) is a held-out news article."""
    found = sorted(set(ids) & held_out_news())
    if found:
        raise ValueError(f"{len(found)} held-out news articles (news_check.json) would be trained on: {found[:5]}")


def match_events(gold: Iterable[dict], predicted: Sequence[tuple[str, Sequence[str]]],
                 overlaps: Callable[[str, str], bool]) -> list[tuple[dict, int]]:
    """Pair gold events with predicted ones the way ``score.py`` does: required gold events first
    (then optional ones), each taking the first unused prediction of its type (``predicted``: type
    and participant surfaces, in the scorer's order) sharing a participant by ``overlaps``.
    Returns the matched (gold event, index into ``predicted``) pairs."""
    used = [False] * len(predicted)
    pairs: list[tuple[dict, int]] = []
    for event in sorted(gold, key=lambda e: bool(e.get("optional"))):
        found = next((i for i, (kind, surfaces) in enumerate(predicted) if not used[i] and kind == event["type"]
                      and any(overlaps(a, s) for a in event.get("participants", []) for s in surfaces)), None)
        if found is not None:
            used[found] = True
            pairs.append((event, found))
    return pairs


def in_role(event: dict, role: str) -> list[str]:
    """The participants of a gold event that its ``roles`` (one per participant: ``actor``,
    ``target`` or ``other``; the role annotation of ``annotated_news.json``) put in ``role``."""
    return [p for p, r in zip(event["participants"], event["roles"], strict=True) if r == role]
