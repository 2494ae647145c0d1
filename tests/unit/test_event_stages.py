"""The event stages called directly, each on a real Arabic sentence."""

from datetime import date

from akhbar.extract.events.candidates import find_hits
from akhbar.extract.events.dates import date_and_status
from akhbar.extract.events.reading import Context, Draft, clause_around, definite, place_spans, same_definiteness
from akhbar.extract.timex import find_timex
from akhbar.extract.wordforms import words
from akhbar.model import Event, Sentence

THURSDAY = date(2021, 7, 29)


def _hits(text: str) -> list[tuple[str, str]]:
    ws = words(text)
    return [(ws[hit.k].text, hit.trigger.event_type) for hit in find_hits(ws, [], [])]


def test_candidates_skip_a_trigger_named_in_passing():
    # التعاون is the topic of the talks (after سبل), not an event of its own
    assert _hits("وبحث الوزير مع نظيره الأردني سبل التعاون بين البلدين.") == [("وبحث", "CONSULT")]
    # after a preposition the verbal noun is the topic too: no ASSAULT
    assert _hits("أكد الرئيس على أهمية مكافحة الإرهاب في المنطقة.") == [("أكد", "STATEMENT")]


def _dated(text: str) -> Event:
    sentence = Sentence(0, 0, len(text))
    ws = words(text)
    own = find_timex(text, [sentence], THURSDAY)
    ctx = Context(text, sentence, ws, own, place_spans(ws, []), THURSDAY)
    hit = next(iter(find_hits(ws, [], [])))
    w = ws[hit.k]
    draft = Draft(Event(hit.trigger.event_type, w.text, w.start, w.end, 0), hit.k, clause_around(ws, hit.k))
    date_and_status(ctx, hit, draft, (-1, len(ws)))
    return draft.event


def test_date_and_status_read_a_bare_weekday_by_the_verb_tense():
    past = _dated("اجتمع وزير الخارجية مع نظيره الفرنسي يوم الأحد في باريس.")
    assert (past.status, past.event_date) == ("asserted", date(2021, 7, 25))  # the last Sunday
    ahead = _dated("سيجتمع وزير الخارجية مع نظيره الفرنسي يوم الأحد في باريس.")
    assert (ahead.status, ahead.event_date) == ("planned", date(2021, 8, 1))  # the coming one


def test_definiteness_agreement_of_a_noun_and_its_adjective():
    shirka, riyadiya, waqfa, ihtijajiya = words("الشركة الرياضية وقفة احتجاجية")
    assert definite(shirka) and not definite(waqfa)
    assert same_definiteness(shirka, riyadiya) and same_definiteness(waqfa, ihtijajiya)
    assert not same_definiteness(shirka, ihtijajiya)
