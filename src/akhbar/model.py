"""Plain in-memory records passed between stages (no Prefect, no I/O).

Offsets are Python string offsets into the field they belong to
(``text[start:end] == surface``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "MISC")
VALUE_LABELS = ("DATE", "TIME", "QUANTITY")
LABELS = ENTITY_LABELS + VALUE_LABELS

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
               "STATEMENT")
STATUSES = ("asserted", "reported", "planned", "denied", "hypothetical")
ASSERTED, REPORTED, PLANNED, DENIED, HYPOTHETICAL = STATUSES
DATE_PRECISIONS = ("day", "month", "year", "unknown")
# Where an event's date comes from: a date its own telling gives (its clause, its sentence or the one
# before); the publication day of a present-tense report opening its sentence (يتظاهر); none (a
# telling that fixes no day has none, as the guide says: not its article's day).
DATE_SOURCES = ("text", "published", "none")
TEXT_DATE, PUBLISHED_DATE, NO_DATE = DATE_SOURCES
ROLES = ("actor", "target", "location", "instrument")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int


def sentences_or_whole(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """The article's sentences, or, when it has none (not segmented), its whole text as one."""
    return sentences or [Sentence(0, 0, len(text))]


@dataclass(slots=True)
class Article:
    """One ingested article; ``text`` is the body every offset refers to."""

    article_id: str
    external_id: str
    source_path: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    published_date: date | None = None
    dateline_source: str | None = None
    dateline_place: str | None = None
    encoding: str = "utf-8"
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class Quarantined:
    """An input item that could not be ingested, and why."""

    source_path: str
    reason: str
    external_id: str | None = None
    line_number: int | None = None
    detail: str | None = None
    excerpt: str | None = None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    surface: str
    label: str
    normalized: str
    sentence_index: int = 0
    value: str | None = None
    canonical: str | None = None  # Arabic canonical name this mention resolves to
    canonical_latin: str | None = None
    country_code: str | None = None
    confidence: float = 1.0
    field: str = "text"


@dataclass(slots=True)
class Participant:
    role: str
    surface: str
    start: int | None = None
    end: int | None = None
    mention: Mention | None = None


@dataclass(slots=True)
class EventMention:
    """One place an article tells an event: its trigger word and the sentence around it.

    An event told in several sentences of one article keeps every telling; its own trigger is
    its first mention.
    """

    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_index: int
    evidence: str = ""
    status: str = "asserted"


@dataclass(slots=True)
class Event:
    event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_index: int
    status: str = "asserted"
    mode: str | None = None
    event_date: date | None = None
    date_precision: str = "unknown"
    date_source: str = NO_DATE  # one of DATE_SOURCES
    quantity: float | None = None
    quantity_approximate: bool = False
    confidence: float = 0.5
    evidence: str = ""
    participants: list[Participant] = field(default_factory=list)
    # every telling of the event in its article, its own trigger first; empty means just that one
    mentions: list[EventMention] = field(default_factory=list)

    def own_mention(self) -> EventMention:
        """The telling at the event's own trigger."""
        return EventMention(self.trigger, self.trigger_start, self.trigger_end, self.sentence_index,
                            self.evidence, self.status)

    def tellings(self) -> list[EventMention]:
        """Every telling: the own trigger first, then the others in text order, each span once."""
        own = self.own_mention()
        spans = {(own.trigger_start, own.trigger_end)}
        ordered = [own]
        for m in sorted(self.mentions, key=lambda m: (m.trigger_start, m.trigger_end)):
            if (m.trigger_start, m.trigger_end) not in spans:
                spans.add((m.trigger_start, m.trigger_end))
                ordered.append(m)
        return ordered


@dataclass(slots=True)
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
