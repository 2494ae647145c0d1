"""The event extractor: an article's sentences through the stages, then the learned classifier."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date

from akhbar.extract.events.arguments import (
    attach_arguments,
    most_salient,
)
from akhbar.extract.events.candidates import find_hits, incident_evidence
from akhbar.extract.events.classifier import ACTORS_FILE, ALWAYS_KEPT, TARGETS_FILE, EventClassifier
from akhbar.extract.events.config import (
    ACTOR_LABELS,
    AHEAD,
    INCIDENTS,
    NAME_LABELS,
    PLACE_LABELS,
    RULES,
    SALIENT_LABELS,
    SITE_LABELS,
)
from akhbar.extract.events.dates import date_and_status, give_date
from akhbar.extract.events.features import add_article_features, candidate_features
from akhbar.extract.events.merge import continues_incident, merge_coreferent, merge_sentence
from akhbar.extract.events.reading import (
    Context,
    Draft,
    Hit,
    clause_around,
    complementizer_before,
    inner_punctuation,
    place_spans,
)
from akhbar.extract.events.rolenet import Detector, RoleNet
from akhbar.extract.wordforms import words
from akhbar.model import Event, Mention, Sentence, sentences_or_whole
from akhbar.text.arabic import fold


class EventExtractor:
    """Events of one article from its text, sentences and mentions, in named stages (one module
    each): :mod:`.candidates` (trigger words that name an event), :mod:`.arguments` (actors,
    targets with the learned target model, places, quantity), :mod:`.dates` (date and status),
    :mod:`.merge` (one event per happening), :mod:`.features`, then the learned classifier
    (:mod:`.classifier`), which sets each event's ``confidence`` and drops those under its
    threshold. ``classifier=None`` keeps every candidate, ``targets=None`` and ``actors=None``
    choose targets and actors by the rules (for training). ``roles``: the role network blended with
    the target and actor models (:mod:`.rolenet`; ``"packaged"``, a :class:`RoleNet`, or None: the
    models alone, the default). ``detector``: the detection network blended with the classifier
    (``"packaged"``, a :class:`Detector`, or None: the classifier alone, the default)."""

    def __init__(self, classifier: EventClassifier | None | str = "packaged",
                 targets: EventClassifier | None | str = "packaged",
                 actors: EventClassifier | None | str = "packaged",
                 roles: RoleNet | None | str = None, detector: Detector | None | str = None) -> None:
        self.classifier = EventClassifier.load() if classifier == "packaged" else classifier
        self.targets = EventClassifier.load(TARGETS_FILE) if targets == "packaged" else targets
        self.actors = EventClassifier.load(ACTORS_FILE) if actors == "packaged" else actors
        self.roles = RoleNet() if roles == "packaged" else roles
        self.detector = Detector() if detector == "packaged" else detector

    @property
    def networks(self) -> tuple[RoleNet | Detector, ...]:
        """The networks it runs (they name and version the extractor)."""
        return tuple(n for n in (self.roles, self.detector) if n is not None)

    def extract(self, text: str, sentences: list[Sentence], mentions: list[Mention],
                published: date | None) -> list[Event]:
        drafts = self.candidates(text, sentences, mentions, published)
        if self.classifier is None:
            return [d.event for d in drafts]
        events = []
        for draft, p in zip(drafts, self._kept(self.classifier, drafts), strict=True):
            if p is not None:
                draft.event.confidence = round(p, 4)
                events.append(draft.event)
        return events

    def _kept(self, classifier: EventClassifier, drafts: list[Draft]) -> list[float | None]:
        """Each candidate's probability where it is kept, else None: the classifier's against its
        threshold or, with the detector, the blend of the classifier's and the network's (the
        article's candidates read as one batch) against the detector's, for the candidates the
        classifier gives at least the detector's floor. STATEMENT is always kept."""
        probs = [classifier.probability(d.features) for d in drafts]
        if self.detector is None:
            return [p if classifier.keeps(d.event.event_type, p) else None for p, d in zip(probs, drafts)]
        floor = self.detector.floor
        asked = [n for n, (p, d) in enumerate(zip(probs, drafts))
                 if d.event.event_type not in ALWAYS_KEPT and p >= floor]
        net = dict(zip(asked, self.detector.probabilities([drafts[n].role_sentence for n in asked]), strict=True))
        out: list[float | None] = []
        for n, (p, d) in enumerate(zip(probs, drafts)):
            if d.event.event_type in ALWAYS_KEPT:
                out.append(p)
                continue
            # under the floor: the classifier's, under any threshold
            p = self.detector.mixed(p, net.get(n), d.event.event_type)
            out.append(p if p >= self.detector.threshold(d.event.event_type) else None)
        return out

    def candidates(self, text: str, sentences: list[Sentence], mentions: list[Mention],
                   published: date | None) -> list[Draft]:
        """Every candidate event of the article, one per happening, with its features."""
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        out: list[Draft] = []
        previous: list[Draft] = []
        seen: dict[str, list] = {}
        carried: Mention | None = None  # the last date of the previous sentence
        told: list[Draft] = []  # the events of the last sentence that told any
        sites: frozenset[str] = frozenset()  # the LOC and FAC names of the last sentence
        for s in sentences_or_whole(text, sentences):
            own = ordered[bisect_left(starts, s.start):bisect_right(starts, s.end - 1)]
            ws = words(text, s.start, s.end)
            if not ws:
                continue
            placed = place_spans(ws, [m for m in own if m.label in ACTOR_LABELS | PLACE_LABELS])
            ctx = Context(text, s, ws, own, placed, published,
                          inner_punctuation(ws, [sp for sp in placed if sp.mention.label == "PER"]))
            dated = [m for m in own if m.label == "DATE"]
            # a sentence that goes on with و and names no time of its own keeps the last one
            kept_time = carried if not dated and ws[0].folded.startswith("و") else None
            drafts = self._sentence(ctx, most_salient(seen), previous, kept_time is not None)
            if kept_time is not None:
                give_date(drafts, kept_time, published)
            carried = dated[-1] if dated else None
            if drafts:
                told = drafts
            elif dated:  # a sentence that tells no event of its own may add the incident's time
                give_date([d for d in told if d.event.event_type in INCIDENTS], dated[0], published)
            out.extend(d for d in drafts if not continues_incident(d, previous, sites))
            previous = drafts
            sites = frozenset(fold(m.normalized) for m in own if m.label in SITE_LABELS)
            for m in own:
                if m.label in SALIENT_LABELS:
                    entry = seen.setdefault(fold(m.normalized), [0, 0, m])
                    entry[0] += 2 if m.label == "PER" else 1
                    entry[1:] = [m.start, m]
        drafts = merge_coreferent(out)
        for d in drafts:
            d.event.mentions = d.event.tellings()
        add_article_features(drafts)
        return drafts

    def _sentence(self, ctx: Context, salient: Mention | None, previous: list[Draft],
                  kept_time: bool) -> list[Draft]:
        """The candidates one sentence tells, merged per type and actor."""
        ws, own, s = ctx.ws, ctx.own, ctx.sentence
        if len(ws) < RULES.min_words or ws[-1].text in "؟?":
            return []  # headlines, captions and questions state no event
        hits = find_hits(ws, [m for m in own if m.label in NAME_LABELS or m.label in ("DATE", "TIME")], previous,
                         ctx.inner)
        evidence = ctx.text[s.start:s.end].strip()
        drafts: list[Draft] = []
        same = Counter(h.trigger.event_type for h in hits)
        for n, hit in enumerate(hits):
            bounds = (hits[n - 1].k if n else -1, hits[n + 1].k if n + 1 < len(hits) else len(ws))
            local = next((d.actors for d in reversed(drafts) if d.actors), None)
            draft = self._draft(ctx, hit, bounds, local or ([salient] if salient else None))
            draft.event.evidence = evidence
            if draft.event.event_type == "STATEMENT" and not draft.explicit_actor:
                continue
            points = None
            if draft.event.event_type in INCIDENTS:
                if draft.event.status in AHEAD:
                    continue  # an attack or protest that may happen
                points = incident_evidence(ctx, hit, draft, kept_time, repeated=same[draft.event.event_type] > 1)
            draft.features = candidate_features(ws, hit, draft, s.index, len(hits), points)
            drafts.append(draft)
        return [d for d in merge_sentence(drafts)
                if d.event.participants or d.event.event_type in INCIDENTS]

    def _draft(self, ctx: Context, hit: Hit, bounds: tuple[int, int],
               fallback: list[Mention] | None) -> Draft:
        """The candidate of the trigger ``hit``: its arguments, then its date and status."""
        w, trig = ctx.ws[hit.k], hit.trigger
        event = Event(trig.event_type, w.text, w.start, w.end, ctx.sentence.index, mode=trig.mode)
        draft = Draft(event, hit.k, clause_around(ctx.ws, hit.k, ctx.inner), sources=trig.sources,
                      own_clause=hit.passive or complementizer_before(ctx.ws, hit.k, RULES.speech_reach) is not None)
        attach_arguments(ctx, hit, draft, fallback, self.targets, self.actors, self.roles)
        date_and_status(ctx, hit, draft, bounds)
        verb, noun, actor, explicit, dated, needs = RULES.prior
        event.confidence = round(min(1.0, (verb if trig.verb else noun) + actor * bool(draft.actors)
                                     + explicit * draft.explicit_actor + dated * (event.event_date is not None)
                                     + needs * bool(trig.needs)), 2)
        return draft
