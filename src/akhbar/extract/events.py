"""Rule-based event extraction: lexicon triggers (PLOVER types + STATEMENT),
status, participants, date and quantity, sentence by sentence.

A trigger is one folded word read through its clitics (``واجتماعه`` →
``اجتماع``). Arabic is mostly verb-subject-object, so a clause-initial verb
takes the mention right after it as actor; otherwise the nearest one before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from akhbar.extract.event_lexicon import LEXICON, SUPPORT_CUES, Trigger
from akhbar.extract.numbers import find_quantities
from akhbar.extract.timex import UNKNOWN, parse_value
from akhbar.extract.wordforms import Word, fold_all, lookup, readings, words
from akhbar.model import Event, Mention, Participant, Sentence
from akhbar.text.arabic import fold

ACTOR_LABELS = frozenset({"PER", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SALIENT_LABELS = frozenset({"PER", "ORG"})

SUFFIXES = ("", "ه", "ها", "هما", "هم", "هن", "نا", "كم")
CLAUSE_PUNCT = frozenset("،,؛;:()«»\"")
CLAUSE_WORDS = fold_all(("فيما", "بينما", "حيث", "لكن", "إلا", "غير"))
NEGATIONS = fold_all(("لم", "لن", "لا", "ما", "ليس", "ليست", "عدم", "دون", "ولم", "ولن", "ولا",
                      "فلم", "فلن", "فلا", "وما"))
DENIALS = fold_all(("نفى", "نفت", "ينفي", "تنفي", "نفوا", "نفي", "تنفي"))
CONDITIONALS = fold_all(("إذا", "لو", "حال", "لولا"))
PLANS = fold_all(("سوف", "المقرر", "المتوقع", "يعتزم", "تعتزم", "يعتزمون", "ينوي", "تنوي", "يخطط",
                  "تخطط", "سيتم", "ستتم", "سيجري", "ستجري", "ستتولى", "سيتولى", "يرتقب", "المرتقب",
                  "المزمع", "تقرر", "قرر", "قررت"))
REPORTING = fold_all(("قال", "قالت", "يقول", "تقول", "أفاد", "أفادت", "نقل", "نقلت", "ذكر", "ذكرت",
                      "مصادر", "مصدر", "وفقا", "وفق", "بحسب", "حسب", "أوضح", "أوضحت", "موضحة", "موضحا",
                      "أضاف", "أضافت", "أعلن", "أعلنت", "وكالة", "مؤكدة", "مضيفة"))
# Prepositions and nouns that place what follows (في بغداد، وسط بغداد، قرب السفارة).
PLACE_WORDS = fold_all(("في", "داخل", "قرب", "وسط", "خلف", "أمام", "محيط", "شمال", "جنوب", "شرق",
                        "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "عند", "ضواحي", "أطراف", "بالقرب",
                        "مدينة", "منطقة", "حي", "بلدة", "قرية", "مقر"))
PREPOSITIONS = fold_all(("مع", "ضد", "على", "إلى", "بين", "من", "عن", "منذ", "بعد", "قبل", "خلال",
                         "نحو", "حول", "لدى", "عبر", "في", "أن", "إن", "بأن", "لأن", "الذي", "التي"))
# Passive light verbs: the noun after them is the event, with no actor of its own.
LIGHT_VERBS = fold_all(("تم", "جرى", "يتم", "يجري", "تمت", "جرت"))
AHEAD = ("planned", "hypothetical")  # statuses whose date may lie in the future

# A date right after these is adverbial (it dates the event, not a noun before it).
DATE_LEADS = fold_all(("في", "خلال", "يوم", "حتى", "مع", "قبل", "بعد", "ليلة"))
SINCE = fold("منذ")
MIN_WORDS = 5  # shorter lines are headlines or captions
INCIDENTS = {t: fold_all(cues) for t, cues in SUPPORT_CUES.items()}
# A noun trigger right after these is named in passing (background, topic, measure).
PASSING_HEADS = fold_all((
    "منذ", "خلفية", "أعقاب", "بعد", "قبل", "سبل", "مستوى", "تعزيز", "تطوير", "أفق", "مجال",
    "مجالات", "إطار", "ضمن", "أحدث", "آخر", "يشكل", "تشكل", "شكل", "يشكلان", "ذكرى", "بشأن",
    "حول", "ملف", "قضية", "مسألة", "نتائج", "تداعيات", "تفاصيل", "عملية", "إتمام", "بتهمة",
    "تهمة", "إنهاء", "وقف", "تبادل", "سياسة", "أهمية", "استمرار", "ضحايا", "محاولة", "خطة",
    "علاقات", "بناء",
))
BACKGROUND = fold_all(("منذ", "خلفية", "أعقاب", "ذكرى"))
MISSILES = fold_all(("صاروخ", "صواريخ", "صاروخين", "صاروخان", "صاروخي", "صاروخا", "كاتيوشا",
                     "قذيفة", "قذائف", "هاون", "قذيفتين"))


@dataclass(slots=True)
class _Hit:
    """A trigger found at word ``k``."""

    k: int
    trigger: Trigger
    definite: bool
    suffixed: bool
    future: bool
    verb: bool = True  # read as a verb here (not after a preposition or light verb)
    passive: bool = False


@dataclass(slots=True)
class _Span:
    """A mention placed on the sentence's words ``[i, j)``."""

    mention: Mention
    i: int
    j: int
    placed: bool = False  # after في/قرب/وسط... or a ب clitic


@dataclass(slots=True)
class _Draft:
    event: Event
    k: int
    clause: tuple[int, int]
    actors: list[Mention] = field(default_factory=list)
    explicit_actor: bool = False


def match_trigger(folded: str) -> _Hit | None:
    """The trigger a folded word spells, read through clitics and pronoun suffixes."""
    for prefix, stem in readings(folded):
        for core, bare_article, future in _cores(stem):
            definite = bare_article or prefix.endswith("ال")
            for suffix in SUFFIXES:
                if suffix and not core.endswith(suffix):
                    continue
                base = core[: len(core) - len(suffix)]
                for form in (base, base[:-1] + "ه") if suffix and base.endswith("ت") else (base,):
                    trig = LEXICON.get(form)
                    if trig is None or len(form) < 2:
                        continue
                    if trig.verb and (definite or prefix[-1:] in ("ب", "ك")
                                      or (prefix.endswith("ل") and form[0] not in "يتن")):
                        continue
                    if future and not trig.verb:
                        continue
                    return _Hit(-1, trig, definite, bool(suffix), future, trig.verb)
    return None


def _cores(stem: str) -> list[tuple[str, bool, bool]]:
    """(core, had article, had future prefix) readings of a clitic-free stem."""
    out = [(stem, False, False)]
    if stem.startswith("ال") and len(stem) > 4:
        out.append((stem[2:], True, False))
    if stem.startswith("س") and stem[1:2] in ("ي", "ت", "ن") and len(stem) > 4:
        out.append((stem[1:], False, True))
    return out


class EventExtractor:
    """Events of one article from its text, sentences and mentions."""

    def extract(self, text: str, sentences: list[Sentence], mentions: list[Mention],
                published: date | None) -> list[Event]:
        spans = sentences or [Sentence(0, 0, len(text))]
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        out: list[_Draft] = []
        previous: list[_Draft] = []
        seen: dict[str, list] = {}
        carried: tuple[date | None, str] = (None, UNKNOWN)
        for s in spans:
            own = ordered[bisect_left(starts, s.start):bisect_right(starts, s.end - 1)]
            ws = words(text, s.start, s.end)
            if not ws:
                continue
            salient = _most_salient(seen)
            drafts = self._sentence(text, s, ws, own, published, salient, previous)
            dated = [m for m in own if m.label == "DATE" and m.value]
            if not dated and ws[0].folded.startswith("و"):
                for d in drafts:
                    if d.event.event_date is None and carried[0] is not None and (
                            d.event.status in AHEAD or carried[0] <= (published or date.today())):
                        d.event.event_date, d.event.date_precision = carried
            carried = parse_value(dated[-1].value) if dated else (None, UNKNOWN)
            kept = [d for d in drafts if not _continues(d, previous)]
            out.extend(kept)
            previous = drafts
            for m in own:
                if m.label in SALIENT_LABELS:
                    entry = seen.setdefault(fold(m.normalized), [0, 0, m])
                    entry[0] += 2 if m.label == "PER" else 1
                    entry[1:] = [m.start, m]
        return [d.event for d in out]

    # ------------------------------------------------------------ sentence
    def _sentence(self, text: str, s: Sentence, ws: list[Word], own: list[Mention],
                  published: date | None, salient: Mention | None,
                  previous: list[_Draft]) -> list[_Draft]:
        timed = [m for m in own if m.label in ("DATE", "TIME")]
        spans = _place(ws, [m for m in own if m.label in ACTOR_LABELS | PLACE_LABELS])
        if len(ws) < MIN_WORDS or ws[-1].text in "؟?":
            return []  # headlines, captions and questions state no event
        hits = self._hits(ws, timed, previous)
        evidence = text[s.start:s.end].strip()
        drafts: list[_Draft] = []
        for n, hit in enumerate(hits):
            clause = _clause(ws, hit.k)
            bounds = (hits[n - 1].k if n else -1, hits[n + 1].k if n + 1 < len(hits) else len(ws))
            local = next((d.actors for d in reversed(drafts) if d.actors), None)
            fallback = local or ([salient] if salient else None)
            draft = self._draft(text, s, ws, hit, clause, bounds, spans, own, fallback, published)
            draft.event.evidence = evidence
            if draft.event.event_type == "STATEMENT" and not draft.explicit_actor:
                continue
            drafts.append(draft)
        return [d for d in _merge(drafts)
                if d.event.participants or d.event.event_type in ("ASSAULT", "PROTEST")]

    def _hits(self, ws: list[Word], timed: list[Mention], previous: list[_Draft]) -> list[_Hit]:
        """Trigger words of a sentence that name an event (not one in passing)."""
        out: list[_Hit] = []
        passed: set[int] = set()
        recent = {d.event.event_type for d in previous}
        for k, w in enumerate(ws):
            hit = match_trigger(w.folded)
            if hit is None or any(m.start <= w.start < m.end for m in timed):
                continue
            hit.k = k
            trig = hit.trigger
            if trig.needs and not any(lookup(x.folded, trig.needs)
                                      for x in ws[max(0, k - 6):k + 7] if x is not w):
                continue
            before = ws[k - 1].folded if k else ""
            if before in LIGHT_VERBS or lookup(before, LIGHT_VERBS):
                hit.verb, hit.passive = False, True  # تم بحث، جرى بحث
            elif lookup(before, PREPOSITIONS) or (k and (h := match_trigger(before)) and h.verb):
                hit.verb = False  # على سحب القوات، يؤكد رفض
            if not hit.verb and _passing(ws, k, w, out, passed):
                passed.add(k)
                continue
            if hit.definite and trig.event_type in recent:
                continue  # القصف / الاجتماع: the event of the previous sentence again
            if not hit.verb and trig.event_type in INCIDENTS and (
                    hit.definite or not _corroborated(ws, k, trig)):
                continue  # الهجوم، المظاهرات: an incident told of, not reported here
            out.append(hit)
        return out

    def _draft(self, text: str, s: Sentence, ws: list[Word], hit: _Hit, clause: tuple[int, int],
               bounds: tuple[int, int], spans: list[_Span], own: list[Mention],
               fallback: list[Mention] | None, published: date | None) -> _Draft:
        k, trig = hit.k, hit.trigger
        w = ws[k]
        event = Event(trig.event_type, w.text, w.start, w.end, s.index, mode=trig.mode)
        a, b = clause
        actors, explicit = ([], False) if hit.passive else _actors(ws, hit, clause, spans)
        if (not actors and fallback and (hit.suffixed or hit.verb) and not hit.passive
                and trig.event_type not in ("ASSAULT", "PROTEST")):
            actors = fallback
        for m in actors:
            event.participants.append(_participant("actor", m))
        taken = {id(m) for m in actors}
        targets = [sp.mention for sp in spans if k < sp.i < b and not sp.placed
                   and id(sp.mention) not in taken and sp.mention.label != "NORP"][:3]
        if not targets:
            targets = [sp.mention for sp in spans if k < sp.i < b and not sp.placed
                       and id(sp.mention) not in taken][:1]
        for m in targets:
            event.participants.append(_participant("target", m))
        places = sorted((sp for sp in spans if sp.placed and a <= sp.i < b and abs(sp.i - k) <= 10),
                        key=lambda sp: (sp.i < k, abs(sp.i - k)))[:2]
        for sp in places:
            event.participants.append(_participant("location", sp.mention))
        event.event_date, event.date_precision = _date(ws, own, spans, k, clause, bounds)
        q = _quantity(text, ws, own, k, clause)
        if q is not None:
            event.quantity, event.quantity_approximate = q
        if event.mode == "attack" and any(lookup(x.folded, MISSILES) for x in ws[a:b]):
            event.mode = "missile"
        event.status = _status(ws, hit, clause, published, event.event_date)
        event.confidence = round(min(1.0, (0.65 if trig.verb else 0.5) + 0.15 * bool(actors)
                                     + 0.1 * explicit + 0.05 * (event.event_date is not None)
                                     - 0.1 * bool(trig.needs)), 2)
        return _Draft(event, k, clause, actors, explicit)


# ---------------------------------------------------------------- helpers
def _place(ws: list[Word], mentions: list[Mention]) -> list[_Span]:
    """Mentions on word indices, marked when a place word or a ب clitic precedes them."""
    starts = [w.start for w in ws]
    out: list[_Span] = []
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        j = bisect_left(starts, m.end)
        if i < 0:
            continue
        before = ws[i - 1].folded if i > 0 else ""
        clitic = _clitic(m) == "ب"
        placed = m.label in PLACE_LABELS and (clitic or bool(lookup(before, PLACE_WORDS)))
        out.append(_Span(m, i, j, placed))
    return out


def _clause(ws: list[Word], k: int) -> tuple[int, int]:
    """Word range of the clause around ``k`` (between punctuation and فيما/بينما/حيث...)."""
    def boundary(x: Word) -> bool:
        return x.text in CLAUSE_PUNCT or bool(lookup(x.folded, CLAUSE_WORDS))
    a = k
    while a > 0 and not boundary(ws[a - 1]):
        a -= 1
    b = k + 1
    while b < len(ws) and not boundary(ws[b]):
        b += 1
    return a, b


def _passing(ws: list[Word], k: int, w: Word, found: list[_Hit], passed: set[int]) -> bool:
    """A noun trigger named in passing: after a background/topic head or another passing
    noun (تفاصيل اتفاق الانسحاب), as a genitive with ل (لاتفاق), or as the topic of a
    discussion (بحث سبل التعاون)."""
    if k > 0 and (lookup(ws[k - 1].folded, PASSING_HEADS) or k - 1 in passed):
        return True
    if w.folded.startswith("و") and any(k - 3 <= p < k for p in passed):
        return True  # بعد زيارة ناجحة وتفاهمات
    if w.folded.startswith("ل") and not w.folded.startswith("لل" + "ا") and w.folded[1:2] != "ل":
        if match_trigger(w.folded[1:]) is not None:
            return True
    if any(lookup(x.folded, BACKGROUND) for x in ws[max(0, k - 3):k]):
        return True
    a, _ = _clause(ws, k)
    topic = match_trigger(w.folded)
    return bool(topic) and topic.trigger.event_type != "CONSULT" and any(
        h.trigger.event_type == "CONSULT" and a <= h.k < k for h in found)


def _corroborated(ws: list[Word], k: int, trig: Trigger) -> bool:
    """An incident noun (هجوم، مظاهرة) with a second cue in its sentence: casualties,
    weapons, crowds or another trigger of its type."""
    cues = INCIDENTS[trig.event_type]
    for n, x in enumerate(ws):
        if n == k:
            continue
        other = match_trigger(x.folded)
        if lookup(x.folded, cues) or (other and other.trigger.event_type == trig.event_type
                                      and x.folded != ws[k].folded):
            return True
    return False


def _free(ws: list[Word], sp: _Span) -> bool:
    """Not governed by a preposition (a subject or object, not a complement)."""
    before = ws[sp.i - 1].folded if sp.i > 0 else ""
    prep = lookup(before, PREPOSITIONS | PLACE_WORDS)
    return not sp.placed and not prep and _clitic(sp.mention) not in ("ب", "ل")


def _actors(ws: list[Word], hit: _Hit, clause: tuple[int, int],
            spans: list[_Span]) -> tuple[list[Mention], bool]:
    """Actor mentions (coordinated ones expanded) and whether they were found in text."""
    k = hit.k
    a, b = clause
    after = [sp for sp in spans if k < sp.i <= k + 6 and sp.i < b and sp.mention.label in ACTOR_LABELS
             and _free(ws, sp) and not any(lookup(x.folded, PREPOSITIONS) or match_trigger(x.folded)
                                           for x in ws[k + 1:sp.i])]
    # a NORP title word (العراقي) right before the name it qualifies yields to the name
    after = [sp for n, sp in enumerate(after) if not (
        sp.mention.label == "NORP" and n + 1 < len(after) and after[n + 1].i <= sp.j + 2)]
    before = [sp for sp in spans if a <= sp.i and sp.j <= k and sp.mention.label in ACTOR_LABELS
              and _free(ws, sp)]
    chosen: _Span | None = None
    if hit.verb:
        if after and after[0].i <= k + 4:
            chosen = after[0]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
    elif after and after[0].i <= k + 2 and not hit.suffixed:
        chosen = after[0]  # اجتماع الكاظمي
    elif before and before[-1].j >= k - 4:
        chosen = before[-1]  # واكدت بيلوسي دعم ... / اعلنت بغداد وواشنطن اتفاقهما
    if chosen is None:
        return [], False
    group = [chosen]
    for sp in reversed(spans):  # back to the first conjunct: بغداد وواشنطن
        if sp.j <= group[0].i <= sp.j + 1 and sp.mention.label in ACTOR_LABELS and (
                _clitic(group[0].mention) == "و" or ws[group[0].i - 1].folded == "و"):
            group.insert(0, sp)
    for sp in spans:
        if group[-1].j <= sp.i <= group[-1].j + 1 and sp.mention.label in ACTOR_LABELS and (
                _clitic(sp.mention) == "و" or ws[sp.i - 1].folded == "و"):
            group.append(sp)
    return [sp.mention for sp in group], True


def _clitic(m: Mention) -> str:
    """The leading clitic letter kept in a mention's surface (``وواشنطن`` → ``و``), or ''."""
    surface, normalized = fold(m.surface), fold(m.normalized)
    if len(surface) > 1 and surface[1:] == normalized:
        return surface[0]
    if surface.startswith("لل") and normalized.startswith("ال") and surface[2:] == normalized[2:]:
        return "ل"  # للمليشيات → المليشيات
    return ""


def _most_salient(seen: dict[str, list]) -> Mention | None:
    """The PER/ORG mentioned most so far (people count double), the latest on ties."""
    if not seen:
        return None
    return max(seen.values(), key=lambda e: (e[0], e[1]))[2]


def _participant(role: str, m: Mention) -> Participant:
    return Participant(role, m.surface, m.start, m.end, m)


def _date(ws: list[Word], own: list[Mention], spans: list[_Span], k: int, clause: tuple[int, int],
          bounds: tuple[int, int]) -> tuple[date | None, str]:
    """An adverbial date after the trigger (before the next one), else the nearest date
    before it in its clause or at the head of the sentence; ``منذ`` dates are not event dates."""
    starts = [w.start for w in ws]
    ends = {sp.j for sp in spans}
    after: list[Mention] = []
    before: list[Mention] = []
    for m in (m for m in own if m.label == "DATE" and m.value):
        i = bisect_right(starts, m.start) - 1
        lead = ws[i - 1].folded if i > 0 else ""
        if lead == SINCE:
            continue
        if k < i < bounds[1] and (i == k + 1 or lookup(lead, DATE_LEADS) or i in ends
                                  or m.surface[:1] in "وب"):
            after.append(m)
        elif i < k and (i >= clause[0] or bounds[0] < 0):
            before.append(m)
    chosen = after[0] if after else before[-1] if before else None
    return parse_value(chosen.value) if chosen else (None, UNKNOWN)


def _quantity(text: str, ws: list[Word], own: list[Mention], k: int,
              clause: tuple[int, int]) -> tuple[float, bool] | None:
    """The QUANTITY of the clause nearest the trigger (within six words)."""
    a, b = clause
    lo, hi = ws[max(a, k - 6)].start, ws[min(b, k + 7) - 1].end
    near = [m for m in own if m.label == "QUANTITY" and lo <= m.start < hi and m.value]
    if not near:
        return None
    m = min(near, key=lambda m: abs(m.start - ws[k].start))
    parsed = find_quantities(text, m.start, m.end)
    return float(m.value or 0), bool(parsed and parsed[0].approximate)


def _status(ws: list[Word], hit: _Hit, clause: tuple[int, int], published: date | None,
            when: date | None) -> str:
    k = hit.k
    a, _ = clause
    before = ws[a:k]
    if (k > 0 and ws[k - 1].folded in NEGATIONS) or any(lookup(x.folded, DENIALS) for x in before):
        return "denied"
    if any(lookup(x.folded, CONDITIONALS) for x in before):
        return "hypothetical"
    # a date after the publication date (today, when unknown) is one an event cannot have had yet
    if hit.future or any(lookup(x.folded, PLANS) for x in ws[max(a, k - 4):k]) or (
            when is not None and when > (published or date.today())):
        return "planned"
    if hit.trigger.event_type != "STATEMENT" and any(
            lookup(x.folded, REPORTING) for n, x in enumerate(ws) if n != k):
        return "reported"
    return "asserted"


def _same_actor(x: _Draft, y: _Draft) -> bool:
    fx = {fold(m.normalized) for m in x.actors}
    return not x.actors or not y.actors or bool(fx & {fold(m.normalized) for m in y.actors})


def _absorb(into: _Draft, other: _Draft) -> None:
    e, o = into.event, other.event
    seen = {(p.role, p.start) for p in e.participants}
    e.participants += [p for p in o.participants if (p.role, p.start) not in seen]
    if e.event_date is None:
        e.event_date, e.date_precision = o.event_date, o.date_precision
    if e.quantity is None:
        e.quantity, e.quantity_approximate = o.quantity, o.quantity_approximate
    e.confidence = max(e.confidence, o.confidence)
    into.actors = into.actors or other.actors


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One event per type and actor in a sentence; speech covered by another event drops."""
    out: list[_Draft] = []
    for d in drafts:
        twin = next((o for o in out if o.event.event_type == d.event.event_type and _same_actor(o, d)),
                    None)
        if twin is not None:
            _absorb(twin, d)
        else:
            out.append(d)
    said = [d for d in out if d.event.event_type != "STATEMENT"]
    kept: list[_Draft] = []
    for d in out:
        if d.event.event_type == "STATEMENT":
            told = [o for o in said if o.clause == d.clause and 0 < o.k - d.k <= 6]
            for o in told:  # أكدت بيلوسي دعم ...: the speech is the event
                if not o.explicit_actor:
                    o.event.participants = [p for p in o.event.participants if p.role != "actor"]
                    o.event.participants[:0] = [_participant("actor", m) for m in d.actors]
                    o.actors, o.explicit_actor = d.actors, True
            if told or any({id(m) for m in d.actors} & {id(m) for m in o.actors} for o in said):
                continue
        kept.append(d)
    return kept


def _continues(draft: _Draft, previous: list[_Draft]) -> bool:
    """An incident told on over two sentences (same type, a shared place or target) is
    merged into the earlier event."""
    if draft.event.event_type not in ("ASSAULT", "PROTEST"):
        return False
    places = {fold(p.mention.normalized) for p in draft.event.participants
              if p.role != "actor" and p.mention}
    for o in previous:
        if o.event.event_type == draft.event.event_type and places & {
                fold(p.mention.normalized) for p in o.event.participants if p.mention}:
            _absorb(o, draft)
            return True
    return False
