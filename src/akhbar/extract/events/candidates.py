"""Stage 1, candidates: the trigger words of a sentence that name an event, not one named in
passing (a topic, background, after a preposition); for attacks and protests, only a reported
incident, and how concretely it is told (:func:`incident_evidence`)."""

from __future__ import annotations

from akhbar.extract.events.config import (
    BACKGROUND,
    COMPLEMENTIZERS,
    INCIDENTS,
    LIGHT_VERBS,
    MODALS,
    NEGATIONS,
    OCCURRENCES,
    PASSING_HEADS,
    PASSIVE_SUPPORT_NOUNS,
    PASSIVE_SUPPORTS,
    PLACE_LABELS,
    PREPOSITIONS,
    RELATIVES,
    RULES,
    SUPPORT_VERBS,
    TEMPORALS,
)
from akhbar.extract.events.reading import (
    Context,
    Draft,
    Hit,
    clause_around,
    has_stem,
    is_negated,
    match_trigger,
    spelled_passive,
    trigger_of,
)
from akhbar.extract.wordforms import Word, lookup
from akhbar.model import Mention


def find_hits(ws: list[Word], inside: list[Mention], previous: list[Draft], inner: set[int]) -> list[Hit]:
    """Trigger words of a sentence that name an event (not one in passing, not a word of a
    date or of a name among ``inside``: نداء تونس is a party); ``inner``: its punctuation that bounds
    no clause (:func:`~akhbar.extract.events.reading.inner_punctuation`)."""
    out: list[Hit] = []
    passed: set[int] = set()
    recent = {d.event.event_type for d in previous}
    for k, w in enumerate(ws):
        hit = trigger_of(w)
        if hit is None or any(m.start <= w.start < m.end for m in inside):
            continue
        hit.k = k
        trig = hit.trigger
        near = ws[max(0, k - RULES.needs_reach):k + RULES.needs_reach + 1]
        if trig.needs and not any(has_stem(x.folded, trig.needs) for x in near if x is not w):
            continue
        before = ws[k - 1].folded if k else ""
        if hit.verb and trig.defective and spelled_passive(w, ws):
            hit.passive = True  # واستدعي السفير: the summoned
        if _agent_untold(ws, k):
            hit.verb, hit.passive = False, True  # تم بحث، جرى بحث، ألقي القبض، تم إلقاء القبض
        elif (lookup(before, PREPOSITIONS) or lookup(before, PASSING_HEADS)
              or (k and (h := trigger_of(ws[k - 1])) and h.verb)):
            hit.verb = False  # على سحب القوات، يؤكد رفض، جريمة قتل
        hit.supported = not hit.verb and _supported(ws, k, hit.definite, inner)
        if not hit.verb and not hit.supported and _passing(ws, k, w, out, passed, inner):
            passed.add(k)
            continue
        if hit.definite and trig.event_type in recent:
            continue  # القصف / الاجتماع: the event of the previous sentence again
        if trig.event_type in INCIDENTS and not _incident(ws, k, hit):
            continue
        out.append(hit)
    return out


def _agent_untold(ws: list[Word], k: int) -> bool:
    """The trigger at ``k`` is a verbal noun whose agent the sentence leaves untold: after a light
    verb (تم بحث، جرى بحث), after a support verb spelled as a passive (ألقي القبض), or after a support
    noun that follows a light verb (تم إلقاء القبض)."""
    before = ws[k - 1].folded if k else ""
    return bool(before in LIGHT_VERBS or lookup(before, LIGHT_VERBS)
                or lookup(before, PASSIVE_SUPPORTS) and spelled_passive(ws[k - 1], ws)
                or k > 1 and lookup(before, PASSIVE_SUPPORT_NOUNS) and lookup(ws[k - 2].folded, LIGHT_VERBS))


def _passing(ws: list[Word], k: int, w: Word, found: list[Hit], passed: set[int], inner: set[int]) -> bool:
    """A noun trigger named in passing: after a background/topic head, in the complement of
    another passing noun (تفاصيل اتفاق الانسحاب), as a genitive with ل (لاتفاق), or as the topic
    of a discussion (بحث سبل التعاون)."""
    if k > 0 and (lookup(ws[k - 1].folded, PASSING_HEADS) or k - 1 in passed):
        return True
    a, _ = clause_around(ws, k, inner)
    if any(max(a, k - RULES.passing_reach) <= p < k for p in passed):
        return True  # لاتفاق الكاظمي مع بايدن على سحب القوات، بعد زيارة ناجحة وتفاهمات
    if (w.folded.startswith("ل") and not w.folded.startswith("لل" + "ا") and w.folded[1:2] != "ل"
            and match_trigger(w.folded[1:], w.text.endswith("ة")) is not None):
        return True
    if any(lookup(x.folded, BACKGROUND) for x in ws[max(0, k - RULES.background_reach):k]):
        return True
    topic = trigger_of(w)
    return bool(topic) and topic.trigger.event_type != "CONSULT" and any(
        h.trigger.event_type == "CONSULT" and a <= h.k < k for h in found)


def _incident(ws: list[Word], k: int, hit: Hit) -> bool:
    """An ASSAULT/PROTEST trigger that reports an incident, not one told of: a past verb that is
    not negated nor in a relative or temporal clause (not ``يستهدف``، ``لم تنفجر``، ``الهجوم الذي
    استهدف``، ``عندما قتلوا``), or an indefinite noun not negated (not ``الهجوم``، ``مظاهراتهم``،
    ``دون وقوع إصابات``)."""
    trig = hit.trigger
    before = ws[k - 1].folded if k else ""
    if is_negated(ws, k) or trig.verb and ((trig.present and k) or hit.future
                                           or lookup(before, RELATIVES) or _temporal(ws, k)):
        return False
    return _asserting(ws, hit) or not (hit.definite or hit.suffixed)


def _asserting(ws: list[Word], hit: Hit) -> bool:
    """The trigger itself asserts its event: a finite verb (also after أن), the present only
    opening the sentence, or a noun governed by a support verb (شنت هجوما)."""
    trig, k = hit.trigger, hit.k
    finite = trig.verb and not (trig.present and k)
    return hit.supported or finite and (
        hit.verb or lookup(ws[k - 1].folded, COMPLEMENTIZERS) is not None)


def _temporal(ws: list[Word], k: int) -> bool:
    """The verb at ``k`` opens a temporal clause (عندما قتلوا، بعد أن فجر): background."""
    if k and lookup(ws[k - 1].folded, TEMPORALS):
        return True
    return k > 1 and bool(lookup(ws[k - 1].folded, COMPLEMENTIZERS)
                          and lookup(ws[k - 2].folded, TEMPORALS))


def _supported(ws: list[Word], k: int, definite: bool, inner: set[int]) -> bool:
    """A noun trigger governed by a finite support verb shortly before it in its clause
    (شنت جماعات مسلحة هجوما، تعرضت لهجوم، نظموا اعتصاما) or, indefinite, named as an
    occurrence: the event is asserted."""
    if (not definite and k and lookup(ws[k - 1].folded, OCCURRENCES)
            and not (k > 1 and ws[k - 2].folded in NEGATIONS)):
        return True  # حادثة سقوط صاروخ، وقوع انفجار (not عدم وقوع، حادث الاغتيال)
    a, _ = clause_around(ws, k, inner)
    return any((verb := lookup(ws[n].folded, SUPPORT_VERBS)) and verb[0] in ("", "و", "ف")
               and _finite(ws, n) for n in range(max(a, k - RULES.support_reach), k))


def _finite(ws: list[Word], n: int) -> bool:
    """Word ``n`` (a verb form) is a finite verb, not a verbal noun after a preposition, a noun
    head or a modal (لشن، محاولة شن، يمكن شن) nor a relative clause (الذي شهد)."""
    before = ws[n - 1].folded if n else ""
    return not (lookup(before, PREPOSITIONS) or lookup(before, PASSING_HEADS)
                or lookup(before, RELATIVES) or lookup(before, MODALS))


def incident_evidence(ctx: Context, hit: Hit, draft: Draft, kept_time: bool, repeated: bool) -> int:
    """How concretely an attack or protest is told: a point each for a finite verb (or a noun
    asserted by a support verb), a number, a time (in its clause or kept from the sentence before)
    and a place in its clause, another trigger of its type, and each kind of detail in the
    sentence (casualties, agents, weapons; purpose, agents, acts)."""
    ws, own, spans, event = ctx.ws, ctx.own, ctx.spans, draft.event
    k = hit.k
    a, b = draft.clause
    lo, hi = ws[a].start, ws[b - 1].end
    points = [
        _asserting(ws, hit),
        any(m.label == "QUANTITY" and lo <= m.start < hi for m in own),
        kept_time or any(m.label in ("DATE", "TIME") and lo <= m.start < hi for m in own),
        any(p.role == "location" for p in event.participants)
        or any(sp.mention.label in PLACE_LABELS and a <= sp.i < b for sp in spans),
        repeated,
    ]
    points += [any(has_stem(x.folded, kind) for n, x in enumerate(ws) if n != k)
               for kind in INCIDENTS[event.event_type]]
    return sum(points)
