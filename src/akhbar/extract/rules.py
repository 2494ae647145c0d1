"""The default extraction backend: lexicons, Arabic-aware rules, a statistical NER tagger and a
learned news labeller.

Entities (:mod:`akhbar.extract.entities`, completed by a :mod:`akhbar.ner` tagger, their final
spans and labels set by the news labeller of :mod:`akhbar.extract.labeller`), time
expressions and quantities
(:mod:`akhbar.extract.timex`) and events (:mod:`akhbar.extract.events`) combined
behind the :class:`~akhbar.extract.base.Extractor` interface.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from akhbar.extract.entities import EntityRecognizer, Labeller, known_names
from akhbar.extract.events import EventExtractor
from akhbar.extract.events.rolenet import Detector, RoleNet
from akhbar.extract.timex import find_timex, reference_date
from akhbar.ingest.segment import parse_dateline
from akhbar.model import VALUE_LABELS, Article, Extraction, Mention, Sentence
from akhbar.ner.base import TokenTagger, budget_runs

RELEASE = "0.1.0"
# Everything the output depends on: extraction code, the lexicons, the Arabic text utilities,
# the NER features and the packaged NER model.
_INPUTS = tuple(Path(__file__).parents[1] / name for name in ("extract", "lexicon", "text", "ner"))
NOT_INPUTS = frozenset({".pyc", ".md"})  # compiled copies of the code, documentation
# characters of articles whose sentences the tagger reads in one call (about 100 articles of news):
# enough to fill its batches, few enough that their words, candidates and the network's inputs stay
# small in memory (1,000 articles at once: 60 MB more at the peak of a worker; 100 articles at once,
# up to 250,000 characters in the corpus's heaviest batches: 45 MB more than 100,000 characters)
TAGGED_TOGETHER = 100_000


def content_version(release: str, folders: tuple[Path, ...] = _INPUTS) -> str:
    """``release+<hash>`` of the code and resources in ``folders``: any change to them is a new
    version, so articles processed by an older one are extracted again. Their documentation
    (:data:`NOT_INPUTS`: the model cards, the lexicons' README) is read by people only: editing it
    extracts nothing again."""
    digest = hashlib.sha1()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in NOT_INPUTS):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:10]}"


def identity(tagger: TokenTagger | None, labeller: str | None, *networks: RoleNet | Detector | None
             ) -> tuple[str, str]:
    """The name and version of a :class:`RuleExtractor` with ``tagger``, the labeller named
    ``labeller`` and the event stage's ``networks`` (the role network, the detection network; None
    where it has none), known without loading its lexicons and models (what a flow stamps its run with)."""
    nets = [n for n in networks if n is not None]
    name = ("akhbar-rules" + (f"+{tagger.name}" if tagger else "") + (f"+{labeller}" if labeller else "")
            + "".join(f"+{n.name}" for n in nets))
    return name, (content_version(RELEASE) + (f".{tagger.version}" if tagger else "")
                  + "".join(f".{n.version}" for n in nets))


def outside_names(found: list[Mention], names: list[Mention]) -> list[Mention]:
    """The time and quantity mentions of ``found`` that no entity mention of ``names`` holds: a
    word of a name is no time or number (the اليوم of قناة روسيا اليوم, the 24 of فرانس 24)."""
    spans = [(n.start, n.end) for n in names]
    return [m for m in found if not any(a <= m.start and m.end <= b for a, b in spans)]


def past_dateline(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without the names of the dateline that opens ``text`` (``دبي، الإمارات العربية
    المتحدة (CNN) -``): the agency that filed the report and the place it was filed from are no
    participant of what it tells (what the event stage reads)."""
    dateline = parse_dateline(text)
    if dateline is None:
        return mentions
    return [m for m in mentions if m.start >= dateline.end or m.label in VALUE_LABELS]  # its date stays


class RuleExtractor:
    """Rules and lexicons, with ``tagger``'s spans where no rule matched, and ``labeller`` (the
    pipeline's: :class:`~akhbar.extract.labeller.NewsLabeller`) deciding the final entity spans
    (their names and the tagger's version are part of this extractor's)."""

    def __init__(self, tagger: TokenTagger | None = None, events: EventExtractor | None = None,
                 labeller: Labeller | None = None) -> None:
        self.events = events or EventExtractor()
        self.name, self.version = identity(tagger, labeller.name if labeller else None, *self.events.networks)
        self.entities = EntityRecognizer(tagger=tagger, labeller=labeller)

    def extract(self, article: Article) -> Extraction:
        return self.extract_all([article])[0]

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction]:
        """:meth:`extract` of each article, the tagger run once over the texts and titles of
        articles of up to :data:`TAGGED_TOGETHER` characters at a time."""
        out: list[Extraction] = []
        for run in budget_runs(range(len(articles)), [len(a.text) for a in articles], TAGGED_TOGETHER):
            out += self._extract_together([articles[i] for i in run])
        return out

    def body_mentions(self, article: Article) -> tuple[list[Mention], date | None]:
        """Entity, time and quantity mentions of the body, and the date they are resolved against
        (what the event stage reads; for training it)."""
        text = self.entities.read(article.text, article.sentences)
        self.entities.tag([text])
        mentions, reference = self._body(article, self.entities.mentions(text))
        return past_dateline(article.text, mentions), reference

    @staticmethod
    def _body(article: Article, entities: list[Mention]) -> tuple[list[Mention], date | None]:
        """The body's entity mentions with its time and quantity mentions, and their reference date."""
        reference = reference_date(article.text, article.published_date)
        return entities + outside_names(find_timex(article.text, article.sentences, reference), entities), reference

    def _extract_together(self, articles: Sequence[Article]) -> list[Extraction]:
        texts = [self.entities.read(a.text, a.sentences) for a in articles]
        titles = [self.entities.read(a.title, [Sentence(0, 0, len(a.title))]) if a.title else None
                  for a in articles]
        self.entities.tag(texts + [t for t in titles if t is not None])
        bodies = [self._body(a, found) for a, found in zip(articles, self.entities.mentions_all(texts))]
        titled = [k for k, t in enumerate(titles) if t is not None]
        in_titles = dict(zip(titled, self.entities.mentions_all(
            [titles[k] for k in titled], field="title", names=[known_names(bodies[k][0]) for k in titled])))
        out = []
        for k, (article, (mentions, reference)) in enumerate(zip(articles, bodies)):
            events = self.events.extract(article.text, article.sentences, past_dateline(article.text, mentions),
                                         reference)
            out.append(Extraction(mentions=mentions + in_titles.get(k, []), events=events))
        return out
