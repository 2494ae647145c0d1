"""Stage 3, date and status (:func:`date_and_status`): the day of the trigger's clause or sentence
(none when the text names only a month or a year; a bare weekday is the last such day, the coming
one when the verb is future), and whether the event is asserted, reported, planned, hypothetical or
denied."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from akhbar.extract.events.config import (
    AHEAD,
    ATTRIBUTIONS,
    CLAUSE_PUNCT,
    COMPLEMENTIZERS,
    CONDITIONALS,
    DATE_LEADS,
    DENIALS,
    DIRECTIONS,
    HEDGES,
    PLANS,
    REPORTING,
    RULES,
    SINCE,
    UPCOMING,
)
from akhbar.extract.events.reading import Context, Draft, Hit, Span, is_negated
from akhbar.extract.timex import DAY, UNKNOWN, WEEKDAYS, parse_value
from akhbar.extract.wordforms import Word, lookup, words
from akhbar.model import (
    ASSERTED,
    DENIED,
    HYPOTHETICAL,
    NO_DATE,
    PLANNED,
    PUBLISHED_DATE,
    REPORTED,
    TEXT_DATE,
    Mention,
)


def _date_mention(ws: list[Word], own: list[Mention], spans: list[Span], k: int,
                  clause: tuple[int, int], bounds: tuple[int, int]) -> Mention | None:
    """An adverbial date after the trigger (before the next one), else the nearest date
    before it in its clause or at the head of the sentence; ``منذ`` dates are not event dates."""
    starts = [w.start for w in ws]
    ends = {sp.j for sp in spans}
    after: list[Mention] = []
    before: list[Mention] = []
    for m in (m for m in own if m.label == "DATE" and m.value):
        i = bisect_right(starts, m.start) - 1
        p = i - 1  # the word before the date, past commas and quotes: أدانت الخارجية، الأربعاء،
        while p > k and ws[p].text in CLAUSE_PUNCT:
            p -= 1
        lead = ws[p].folded if p >= 0 else ""
        if lead == SINCE:
            continue
        if k < i < bounds[1] and (p == k or lookup(lead, DATE_LEADS) or p + 1 in ends
                                  or m.surface[:1] in "وب" or i - k <= RULES.date_reach):
            after.append(m)
        elif i < k and (i >= clause[0] or bounds[0] < 0):
            before.append(m)
    return after[0] if after else before[-1] if before else None


def _sentence_day(ws: list[Word], own: list[Mention]) -> Mention | None:
    """The one day the sentence names (not after منذ), when it names one: the day of the sentence
    that tells the event (قالت الوكالة، الثلاثاء، إن السلطات أصدرت أوامر باعتقال ...)."""
    starts = [w.start for w in ws]
    days = []
    for m in own:
        if m.label != "DATE" or not m.value or parse_value(m.value)[1] != DAY:
            continue
        i = bisect_right(starts, m.start) - 1
        if i > 0 and ws[i - 1].folded == SINCE:
            continue
        days.append(m)
    return days[0] if len({m.value for m in days}) == 1 else None


def _bare_weekday(m: Mention) -> bool:
    """A weekday with no ``الماضي``/``المقبل`` and no date (resolved to the past by default)."""
    tokens = [w.folded for w in words(m.surface)]
    return (any(lookup(t, WEEKDAYS) for t in tokens) and not any(lookup(t, DIRECTIONS) for t in tokens)
            and not any(ch.isdigit() for ch in m.surface))


def give_date(drafts: list[Draft], when: Mention, published: date | None) -> None:
    """Date the undated events of ``drafts`` with a DATE mention that fixes a day, unless it lies
    after the publication date (today, when unknown) and the event is not planned."""
    day, precision = parse_value(when.value)
    for d in drafts:
        if d.event.event_date is None and precision == DAY and (
                d.event.status in AHEAD or day <= (published or date.today())):
            d.event.event_date, d.event.date_precision, d.event.date_source = day, precision, TEXT_DATE


def _status(ws: list[Word], hit: Hit, clause: tuple[int, int], published: date | None,
            when: date | None) -> str:
    k = hit.k
    a, _ = clause
    before = ws[a:k]
    if is_negated(ws, k) or any(lookup(x.folded, DENIALS) for x in before):
        return DENIED
    if any(lookup(x.folded, CONDITIONALS) or lookup(x.folded, HEDGES) for x in before):
        return HYPOTHETICAL
    # a date after the publication date (today, when unknown) is one an event cannot have had yet
    if hit.future or any(lookup(x.folded, PLANS) for x in ws[max(a, k - RULES.plan_reach):k]) or (
            k + 1 < len(ws) and ws[k + 1].folded in UPCOMING) or (
            when is not None and when > (published or date.today())):
        return PLANNED
    if hit.trigger.event_type != "STATEMENT" and _sourced(ws, k):
        return REPORTED
    return ASSERTED


def _sourced(ws: list[Word], k: int) -> bool:
    """The event at word ``k`` is told on someone's word: the sentence names a source (وفق مصادر،
    بحسب الوكالة), or a verb of saying before it has it in its complement (قال مسؤولون إن مسلحين
    هاجموا). Not when the writer tells it beside a saying (زارت الوزيرة المدينة وقالت إن ...، قال
    الشاهد خلال زيارة أداها ...)."""
    return (any(lookup(x.folded, ATTRIBUTIONS) for n, x in enumerate(ws) if n != k)
            or any(lookup(ws[n].folded, REPORTING) and any(lookup(x.folded, COMPLEMENTIZERS) for x in ws[n + 1:k])
                   for n in range(k)))


def date_and_status(ctx: Context, hit: Hit, draft: Draft, bounds: tuple[int, int]) -> None:
    """The date and status stage: the date of the trigger's clause or sentence (``bounds``: the
    words of the triggers before and after it), the publication day for a sentence-opening present
    verb (a fresh report: يتظاهر), its status, and a planned event's bare weekday moved ahead."""
    ws, own, published, event = ctx.ws, ctx.own, ctx.published, draft.event
    k = hit.k
    when = _date_mention(ws, own, ctx.spans, k, draft.clause, bounds) or _sentence_day(ws, own)
    day, precision = parse_value(when.value) if when else (None, UNKNOWN)
    # the guide dates an event only when the text fixes its day: a month or a year dates nothing
    # (its mention keeps its value), though a coming one still makes the event planned
    event.event_date, event.date_precision = (day, DAY) if precision == DAY else (None, UNKNOWN)
    event.date_source = TEXT_DATE if event.event_date is not None else NO_DATE
    if when is None and published and hit.verb and hit.trigger.present and k == 0:
        event.event_date, event.date_precision, event.date_source = published, DAY, PUBLISHED_DATE
    event.status = _status(ws, hit, draft.clause, published, day)
    if (event.status == PLANNED and when is not None and published is not None
            and event.event_date is not None and event.event_date < published
            and _bare_weekday(when)):
        event.event_date += timedelta(days=7)  # سيجتمع الأحد: the coming Sunday, not the last
