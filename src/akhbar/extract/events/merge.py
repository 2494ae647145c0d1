"""Stage 4, merge: one event per type and actor in a sentence (:func:`merge_sentence`), an incident
told on over two sentences (:func:`continues_incident`) and the tellings of one happening in an
article (:func:`merge_coreferent`) become one event with every telling in its mentions."""

from __future__ import annotations

from akhbar.extract.events.arguments import as_participant
from akhbar.extract.events.config import AHEAD, INCIDENTS, RULES
from akhbar.extract.events.reading import Draft
from akhbar.model import ASSERTED, DENIED, REPORTED, Event, EventMention, Participant
from akhbar.text.arabic import fold

SIDES = ("actor", "target")


def _same_actor(x: Draft, y: Draft) -> bool:
    fx = {fold(m.normalized) for m in x.actors}
    return not x.actors or not y.actors or bool(fx & {fold(m.normalized) for m in y.actors})


def _absorb(into: Draft, other: Draft) -> None:
    e, o = into.event, other.event
    _record_mentions(e, o)
    seen = {(p.role, _key(p)) for p in e.participants}
    sides = {_key(p) for p in e.participants if p.role in SIDES}  # a name told as actor stays one
    e.participants += [p for p in o.participants if (p.role, _key(p)) not in seen
                       and not (p.role in SIDES and _key(p) in sides)]
    if e.event_date is None and (o.status not in AHEAD or e.status in AHEAD):
        # not a planned telling's date for a done event: «وأكد ... فقال: "... حتى العام 2030"»
        e.event_date, e.date_precision, e.date_source = o.event_date, o.date_precision, o.date_source
    if e.quantity is None:
        e.quantity, e.quantity_approximate = o.quantity, o.quantity_approximate
    e.confidence = max(e.confidence, o.confidence)
    into.actors = into.actors or other.actors


def _told(event: Event) -> list[EventMention]:
    """The event's mentions so far, starting with its own trigger."""
    if not event.mentions:
        event.mentions.append(event.own_mention())
    return event.mentions


def _record_mentions(into: Event, other: Event) -> None:
    """Keep ``other``'s mentions as evidence of ``into``. The absorbed event then shares
    ``into``'s list, so a later event merged into it (an incident told on over three sentences)
    is still recorded on the event that survives."""
    mentions = _told(into)
    seen = {(m.trigger_start, m.trigger_end) for m in mentions}
    mentions += [m for m in _told(other) if (m.trigger_start, m.trigger_end) not in seen]
    other.mentions = mentions


def merge_sentence(drafts: list[Draft]) -> list[Draft]:
    """One event per type and actor in a sentence (a denied happening is no telling of a told one:
    صاروخ سقط ... دون وقوع إصابات); speech covered by another event drops."""
    out: list[Draft] = []
    for d in drafts:
        denied = d.event.status == DENIED
        twin = next((o for o in out if o.event.event_type == d.event.event_type and _same_actor(o, d)
                     and (o.event.status == DENIED) == denied), None)
        if twin is not None:
            _absorb(twin, d)
        else:
            out.append(d)
    said = [d for d in out if d.event.event_type != "STATEMENT"]
    kept: list[Draft] = []
    for d in out:
        if d.event.event_type == "STATEMENT":
            told = [o for o in said if o.clause == d.clause and 0 < o.k - d.k <= RULES.speech_reach
                    and not o.own_clause]
            for o in told:  # أكدت بيلوسي دعم ...: the speech is the event
                if not o.explicit_actor:
                    o.event.participants = [p for p in o.event.participants if p.role != "actor"]
                    o.event.participants[:0] = [as_participant("actor", m) for m in d.actors]
                    o.actors, o.explicit_actor = d.actors, True
            if told or any({id(m) for m in d.actors} & {id(m) for m in o.actors} for o in said):
                continue
        kept.append(d)
    return kept


def merge_coreferent(drafts: list[Draft]) -> list[Draft]:
    """One event per happening in an article: an event whose actors and other participants are
    all among those of another of its type (the lede's ``فيما بحث`` and the meeting told in full
    after it) is merged into the fuller one, unless their dates or statuses differ."""
    kept: list[Draft] = []
    for d in drafts:
        keys = _keys(d.event)
        for n, o in enumerate(kept):
            other = _keys(o.event)
            if (d.event.event_type != o.event.event_type or d.event.event_type == "STATEMENT"
                    or not (d.actors and o.actors) or not (keys <= other or other <= keys)
                    or d.event.status != o.event.status and not (
                        {d.event.status, o.event.status} <= {ASSERTED, REPORTED})
                    or None not in (d.event.event_date, o.event.event_date)
                    and d.event.event_date != o.event.event_date):
                continue
            if len(keys) > len(other):
                kept[n] = d
                d, o = o, d
            _absorb(o, d)
            break
        else:
            kept.append(d)
    return kept


def _keys(event: Event) -> set[str]:
    return {_key(p) for p in event.participants}


def _key(p: Participant) -> str:
    """What a participant refers to: its entity's canonical name, else its text."""
    return fold(p.mention.canonical or p.mention.normalized) if p.mention else fold(p.surface)


def continues_incident(draft: Draft, previous: list[Draft], sites: frozenset[str]) -> bool:
    """An incident told on over two sentences (same type, a place or target shared with the earlier
    event, or a site the earlier sentence names: ``sites``, folded LOC and FAC names) is merged into
    the earlier event; a denied one tells none (دون وقوع إصابات)."""
    if draft.event.event_type not in INCIDENTS or draft.event.status == DENIED:
        return False
    places = {fold(p.mention.normalized) for p in draft.event.participants
              if p.role != "actor" and p.mention}
    for o in previous:
        if o.event.event_type == draft.event.event_type and places & (sites | {
                fold(p.mention.normalized) for p in o.event.participants if p.mention}):
            _absorb(o, draft)
            return True
    return False
