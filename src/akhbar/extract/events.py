"""Rule-based event extraction: lexicon triggers (PLOVER types + STATEMENT),
status, participants, date and quantity, sentence by sentence.

A trigger is one folded word read through its clitics (``واجتماعه`` →
``اجتماع``). Arabic is mostly verb-subject-object, so a clause-initial verb
takes the mention right after it as actor; otherwise the nearest one before.
An attack or protest is kept only when the sentence reports it (not background,
generic talk or a plan) with enough concrete detail; mentions of one happening
in several sentences of an article become one event.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from akhbar.extract.event_classifier import TARGETS_FILE, EventClassifier
from akhbar.extract.event_lexicon import DETAILS, NOUNS, VERBS, Trigger, conjugate
from akhbar.extract.numbers import NUMBER_WORDS, VAGUE, find_quantities, singular_count
from akhbar.extract.timex import UNKNOWN, WEEKDAYS, parse_value
from akhbar.extract.wordforms import Word, fold_all, lookup, readings, words
from akhbar.model import Event, EventMention, Mention, Participant, Sentence
from akhbar.text.arabic import fold

ACTOR_LABELS = frozenset({"PER", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SALIENT_LABELS = frozenset({"PER", "ORG"})
NAME_LABELS = ACTOR_LABELS | PLACE_LABELS  # a trigger word inside one of these names is the name's

SUFFIXES = ("", "ه", "ها", "هما", "هم", "هن", "نا", "كم")
CLAUSE_PUNCT = frozenset("،,؛;:()«»\"")
CLAUSE_WORDS = fold_all(("فيما", "بينما", "حيث", "لكن", "إلا", "غير"))
NEGATIONS = fold_all(("لم", "لن", "لا", "ما", "ليس", "ليست", "عدم", "دون", "ولم", "ولن", "ولا",
                      "فلم", "فلن", "فلا", "وما"))
RELATIVE_MA = fold_all(("ما", "وما"))
DENIALS = fold_all(("نفى", "نفت", "ينفي", "تنفي", "نفوا", "نفي", "تنفي"))
RELATIVES = fold_all(("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"))
MODALS = fold_all(("يمكن", "يمكنه", "يمكنها", "يجب", "ينبغي", "بصدد", "لايمكن"))
COMPLEMENTIZERS = fold_all(("أن", "إن", "بأن", "لأن"))
TEMPORALS = fold_all(("عندما", "حين", "حينما", "لما", "بعدما", "عندئذ", "كلما", "منذ", "بعد", "قبل",
                      "ريثما", "فور", "إثر"))
# Belief and likelihood: what follows is not asserted (يعتقد أن، من المرجح أن، ربما).
HEDGES = fold_all(("يعتقد", "تعتقد", "يعتقدون", "المعتقد", "يزعم", "تزعم", "يرجح", "المرجح",
                   "ربما", "يحتمل", "المحتمل", "محتمل", "يخشى", "تخشى", "خشية", "تحسبا", "احتمال",
                   "مخاوف", "يمكن"))
CONDITIONALS = fold_all(("إذا", "لو", "حال", "لولا"))
PLANS = fold_all(("سوف", "المقرر", "المتوقع", "يعتزم", "تعتزم", "يعتزمون", "ينوي", "تنوي", "يخطط",
                  "تخطط", "سيتم", "ستتم", "سيجري", "ستجري", "ستتولى", "سيتولى", "يرتقب", "المرتقب",
                  "المزمع", "تقرر", "قرر", "قررت"))
UPCOMING = fold_all(("المقبل", "المقبلة", "القادم", "القادمة"))  # الاجتماع المقبل
REPORTING = fold_all(("قال", "قالت", "يقول", "تقول", "أفاد", "أفادت", "نقل", "نقلت", "ذكر", "ذكرت",
                      "مصادر", "مصدر", "وفقا", "وفق", "بحسب", "حسب", "أوضح", "أوضحت", "موضحة", "موضحا",
                      "أضاف", "أضافت", "أعلن", "أعلنت", "وكالة", "مؤكدة", "مضيفة"))
# Prepositions and nouns that place what follows (في بغداد، وسط بغداد، قرب السفارة).
PLACE_WORDS = fold_all(("في", "داخل", "قرب", "وسط", "خلف", "أمام", "محيط", "شمال", "جنوب", "شرق",
                        "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "عند", "ضواحي", "أطراف", "بالقرب",
                        "مدينة", "منطقة", "حي", "بلدة", "قرية", "مقر"))
PREPOSITIONS = fold_all(("مع", "ضد", "على", "إلى", "بين", "من", "عن", "منذ", "بعد", "قبل", "خلال",
                         "نحو", "حول", "لدى", "عبر", "في", "أن", "إن", "بأن", "لأن", "الذي", "التي", "إثر",
                         "عقب"))
# Past forms of support verbs that assert the event noun they govern (شن هجوما، عقد اجتماعا).
SUPPORT_VERBS = fold_all(form for verb in ("شن", "نفذ", "وجه", "قام", "تعرض", "عقد", "أجرى", "نظم",
                                             "ارتكب", "اندلع", "انطلق", "تجدد", "تواصل")
                         for form in conjugate(verb)[0])
# Nouns that say the event noun after them took place (حادثة سقوط صاروخ، وقوع انفجار).
OCCURRENCES = fold_all(("حادث", "حادثة", "واقعة", "وقوع", "حدوث"))
# Passive light verbs: the noun after them is the event, with no actor of its own.
LIGHT_VERBS = fold_all(("تم", "جرى", "يتم", "يجري", "تمت", "جرت"))
AHEAD = ("planned", "hypothetical")  # statuses whose date may lie in the future

# A date right after these is adverbial (it dates the event, not a noun before it).
DATE_LEADS = fold_all(("في", "خلال", "يوم", "حتى", "مع", "قبل", "بعد", "ليلة"))
SINCE = fold("منذ")
PRONOUN_PREPOSITIONS = fold_all(p + s for p in ("علي", "إلي", "لدي", "من", "عن", "في", "مع", "ل", "ب")
                                for s in ("ه", "ها", "هم", "هما", "هن", "نا", "كم"))
FUTURE_PREFIXES = frozenset(("سي", "ست", "سن"))
COMPANIONS = fold_all(("النار", "الرصاص", "سراح", "القبض"))
# Endings of relative (nisba) adjectives, folded: احتجاجية، الرياضية، عسكري، الإسرائيليين.
NISBA_ENDINGS = ("يه", "يون", "يين", "يات", "ي")
DIRECTIONS = fold_all(("الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "القادمة"))


@dataclass(frozen=True, slots=True)
class EventRules:
    """Every window and limit of the rules in one place (counted in words of a sentence)."""

    min_words: int = 5  # shorter lines are headlines or captions
    needs_reach: int = 6  # a trigger's companion word (اطلق + النار) within this many words
    targets: int = 3  # entity targets after the trigger, at most
    place_reach: int = 10  # a place this near the trigger, in its clause, is its location
    places: int = 2
    passing_reach: int = 5  # a noun this near a noun named in passing is named in passing too
    background_reach: int = 3  # منذ، خلفية، أعقاب this near before a noun makes it background
    support_reach: int = 4  # a support verb this near before a noun asserts it (شنت ... هجوما)
    subject_reach: int = 6  # a verb's subject after it, at most this far
    verb_subject_reach: int = 4  # ... preferred over one before the verb when this near
    genitive_reach: int = 2  # a verbal noun's agent right after it (اجتماع الكاظمي)
    noun_agent_reach: int = 4  # ... or ending this near before it (أكدت بيلوسي دعم)
    phrase_words: int = 2  # a participant phrase: a noun, or a number and its noun
    apposition_reach: int = 4  # a person named this near after a title is the title's holder
    date_reach: int = 8  # a date this many words after its trigger (before the next one) is its date


RULES = EventRules()
INCIDENTS = {t: [fold_all(words) for words in kinds.values()] for t, kinds in DETAILS.items()}
# A noun trigger right after these is named in passing (background, topic, measure).
PASSING_HEADS = fold_all((
    "منذ", "خلفية", "أعقاب", "بعد", "قبل", "سبل", "مستوى", "تعزيز", "تطوير", "أفق", "مجال",
    "مجالات", "إطار", "ضمن", "أحدث", "آخر", "يشكل", "تشكل", "شكل", "يشكلان", "ذكرى", "بشأن",
    "حول", "ملف", "قضية", "مسألة", "نتائج", "تداعيات", "تفاصيل", "عملية", "إتمام", "بتهمة",
    "تهمة", "إنهاء", "وقف", "تبادل", "سياسة", "أهمية", "استمرار", "ضحايا", "محاولة", "خطة",
    "علاقات", "بناء", "إثر", "عقب", "غداة", "إبان", "جراء", "جريمة", "جرائم", "عمليات", "حملة",
    "حملات", "أعمال", "قضايا", "تنفيذ", "شن", "تنظيم", "القيام", "تحقيق", "التحقيق", "محاكمة",
    "تهم", "مخاوف", "خطر", "حالات", "ميدان",
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
    supported: bool = False  # a noun asserted by a finite support verb (شنت هجوما)
    form: str = ""  # the lexicon form the word was read as (وهجومها → هجوم)


@dataclass(slots=True)
class _Span:
    """A mention placed on the sentence's words ``[i, j)``."""

    mention: Mention
    i: int
    j: int
    placed: bool = False  # after في/قرب/وسط... or a ب clitic


@dataclass(slots=True)
class _Context:
    """One sentence as the stages see it: its words, its mentions, and those placed on its words."""

    text: str
    sentence: Sentence
    ws: list[Word]
    own: list[Mention]
    spans: list[_Span]
    published: date | None


@dataclass(slots=True)
class _Draft:
    event: Event
    k: int
    clause: tuple[int, int]
    actors: list[Mention] = field(default_factory=list)
    explicit_actor: bool = False
    features: list[str] = field(default_factory=list)  # what the classifier stage reads
    # possible targets (a name, or the phrase where no name is) and their features
    options: list[tuple[Mention | Participant, list[str]]] = field(default_factory=list)


def match_trigger(folded: str, ta_marbuta: bool = False) -> _Hit | None:
    """The trigger a folded word spells, read through clitics and pronoun suffixes.
    ``ta_marbuta``: the word ends with ة, so its folded final ه is no pronoun (وزارة is not و+زاره)."""
    found = _reading(folded, ta_marbuta)
    return _Hit(-1, *found[:4], verb=found[0].verb, form=found[4]) if found else None


def _trigger_of(w: Word) -> _Hit | None:
    return match_trigger(w.folded, w.text.endswith("ة"))


@lru_cache(maxsize=100_000)
def _reading(folded: str, ta_marbuta: bool = False) -> tuple[Trigger, bool, bool, bool, str] | None:
    """(trigger, definite, suffixed, future, lexicon form) of the first reading of ``folded`` that is one."""
    for prefix, stem in readings(folded):
        for core, bare_article, future in _cores(stem):
            definite = bare_article or prefix.endswith("ال")
            for suffix in SUFFIXES:
                if suffix and not core.endswith(suffix) or ta_marbuta and suffix == "ه":
                    continue
                base = core[: len(core) - len(suffix)]
                for form in (base, base[:-1] + "ه") if suffix and base.endswith("ت") else (base,):
                    if len(form) < 2:
                        continue
                    trig = VERBS.get(form)
                    if trig is None:
                        trig = None if future else NOUNS.get(form)
                    elif definite or prefix[-1:] in ("ب", "ك") or (
                            prefix.endswith("ل") and form[0] not in "يتن"):
                        # لقصف، بقصف: the verbal noun; القصف، التعاون: a topic as a rule
                        trig = None if future or definite else NOUNS.get(form)
                    if trig is not None:
                        return trig, definite, bool(suffix), future, form
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
    """Events of one article from its text, sentences and mentions, in named stages: candidates
    (triggers, arguments, status, date, merged per happening), then the learned classifier
    (:mod:`akhbar.extract.event_classifier`), which sets each event's ``confidence`` and drops
    those under its threshold. ``classifier=None`` keeps every candidate (for training)."""

    def __init__(self, classifier: EventClassifier | None | str = "packaged",
                 targets: EventClassifier | None | str = "packaged") -> None:
        self.classifier = EventClassifier.load() if classifier == "packaged" else classifier
        self.targets = EventClassifier.load(TARGETS_FILE) if targets == "packaged" else targets

    def extract(self, text: str, sentences: list[Sentence], mentions: list[Mention],
                published: date | None) -> list[Event]:
        events = []
        for draft in self.candidates(text, sentences, mentions, published):
            if self.classifier is not None:
                p = self.classifier.probability(draft.features)
                if not self.classifier.keeps(draft.event.event_type, p):
                    continue
                draft.event.confidence = round(p, 4)
            events.append(draft.event)
        return events

    def candidates(self, text: str, sentences: list[Sentence], mentions: list[Mention],
                   published: date | None) -> list[_Draft]:
        """Every candidate event of the article, one per happening, with its features."""
        spans = sentences or [Sentence(0, 0, len(text))]
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        out: list[_Draft] = []
        previous: list[_Draft] = []
        seen: dict[str, list] = {}
        carried: Mention | None = None  # the last date of the previous sentence
        told: list[_Draft] = []  # the events of the last sentence that told any
        for s in spans:
            own = ordered[bisect_left(starts, s.start):bisect_right(starts, s.end - 1)]
            ws = words(text, s.start, s.end)
            if not ws:
                continue
            salient = _most_salient(seen)
            dated = [m for m in own if m.label == "DATE"]
            # a sentence that goes on with و and names no time of its own keeps the last one
            kept_time = carried if not dated and ws[0].folded.startswith("و") else None
            drafts = self._sentence(text, s, ws, own, published, salient, previous,
                                    kept_time is not None)
            if kept_time is not None:
                _give_date(drafts, kept_time, published)
            carried = dated[-1] if dated else None
            if drafts:
                told = drafts
            elif dated:  # a sentence that tells no event of its own may add the incident's time
                _give_date([d for d in told if d.event.event_type in INCIDENTS], dated[0], published)
            kept = [d for d in drafts if not _continues(d, previous)]
            out.extend(kept)
            previous = drafts
            for m in own:
                if m.label in SALIENT_LABELS:
                    entry = seen.setdefault(fold(m.normalized), [0, 0, m])
                    entry[0] += 2 if m.label == "PER" else 1
                    entry[1:] = [m.start, m]
        drafts = _coreferent(out)
        for d in drafts:
            d.event.mentions = d.event.tellings()
        _add_article_features(drafts)
        return drafts

    # ------------------------------------------------------------ sentence
    def _sentence(self, text: str, s: Sentence, ws: list[Word], own: list[Mention],
                  published: date | None, salient: Mention | None,
                  previous: list[_Draft], kept_time: bool) -> list[_Draft]:
        timed = [m for m in own if m.label in ("DATE", "TIME")]
        placed = _place(ws, [m for m in own if m.label in ACTOR_LABELS | PLACE_LABELS])
        ctx = _Context(text, s, ws, own, placed, published)
        if len(ws) < RULES.min_words or ws[-1].text in "؟?":
            return []  # headlines, captions and questions state no event
        hits = self._hits(ws, timed + [m for m in own if m.label in NAME_LABELS], previous)
        evidence = text[s.start:s.end].strip()
        drafts: list[_Draft] = []
        same = Counter(h.trigger.event_type for h in hits)
        for n, hit in enumerate(hits):
            clause = _clause(ws, hit.k)
            bounds = (hits[n - 1].k if n else -1, hits[n + 1].k if n + 1 < len(hits) else len(ws))
            local = next((d.actors for d in reversed(drafts) if d.actors), None)
            fallback = local or ([salient] if salient else None)
            draft = self._draft(ctx, hit, clause, bounds, fallback)
            draft.event.evidence = evidence
            if draft.event.event_type == "STATEMENT" and not draft.explicit_actor:
                continue
            points = None
            if draft.event.event_type in INCIDENTS:
                if draft.event.status in AHEAD:
                    continue  # an attack or protest that may happen
                points = _evidence(ctx, hit, draft.event, clause, kept_time,
                                   repeated=same[draft.event.event_type] > 1)
            draft.features = _features(ws, hit, draft, s.index, len(hits), points)
            drafts.append(draft)
        return [d for d in _merge(drafts)
                if d.event.participants or d.event.event_type in INCIDENTS]

    def _hits(self, ws: list[Word], inside: list[Mention], previous: list[_Draft]) -> list[_Hit]:
        """Trigger words of a sentence that name an event (not one in passing, not a word of a
        date or of a name among ``inside``: نداء تونس is a party)."""
        out: list[_Hit] = []
        passed: set[int] = set()
        recent = {d.event.event_type for d in previous}
        for k, w in enumerate(ws):
            hit = _trigger_of(w)
            if hit is None or any(m.start <= w.start < m.end for m in inside):
                continue
            hit.k = k
            trig = hit.trigger
            near = ws[max(0, k - RULES.needs_reach):k + RULES.needs_reach + 1]
            if trig.needs and not any(_has(x.folded, trig.needs) for x in near if x is not w):
                continue
            before = ws[k - 1].folded if k else ""
            if before in LIGHT_VERBS or lookup(before, LIGHT_VERBS):
                hit.verb, hit.passive = False, True  # تم بحث، جرى بحث
            elif (lookup(before, PREPOSITIONS) or lookup(before, PASSING_HEADS)
                  or (k and (h := _trigger_of(ws[k - 1])) and h.verb)):
                hit.verb = False  # على سحب القوات، يؤكد رفض، جريمة قتل
            hit.supported = not hit.verb and _supported(ws, k, hit.definite)
            if not hit.verb and not hit.supported and _passing(ws, k, w, out, passed):
                passed.add(k)
                continue
            if hit.definite and trig.event_type in recent:
                continue  # القصف / الاجتماع: the event of the previous sentence again
            if trig.event_type in INCIDENTS and not _incident(ws, k, hit):
                continue
            out.append(hit)
        return out

    def _draft(self, ctx: _Context, hit: _Hit, clause: tuple[int, int], bounds: tuple[int, int],
               fallback: list[Mention] | None) -> _Draft:
        """Arguments, date, quantity and status of the trigger ``hit`` (stages 2 and 3)."""
        ws, spans, own, published = ctx.ws, ctx.spans, ctx.own, ctx.published
        k, trig = hit.k, hit.trigger
        w = ws[k]
        event = Event(trig.event_type, w.text, w.start, w.end, ctx.sentence.index, mode=trig.mode)
        a, b = clause
        actors, explicit = ([], False) if hit.passive else _actors(ws, hit, clause, spans)
        if (not actors and fallback and (hit.suffixed or hit.verb) and not hit.passive
                and trig.event_type not in INCIDENTS):
            actors = fallback
        for m in actors:
            event.participants.append(_argument(ctx, "actor", m))
        taken = {id(m) for m in actors}
        spots = [sp for sp in spans if k < sp.i < b and not sp.placed and id(sp.mention) not in taken]
        options = [(sp.mention, _target_features(ws, hit, sp, n, spots, bool(actors)))
                   for n, sp in enumerate(spots)]
        if self.targets is not None:  # learned: which of them the guide would name as targets
            targets = [m for m, f in options
                       if self.targets.probability(f) >= self.targets.threshold][:RULES.targets]
        else:  # the rules (and training's candidates): the first names after it, a NORP last
            targets = [m for m, _ in options if m.label != "NORP"][:RULES.targets] \
                or [m for m, _ in options][:1]
        for m in targets:
            event.participants.append(_argument(ctx, "target", m))
        if trig.event_type != "STATEMENT":
            phrase = _phrase_participants(event, ctx, hit, b, actors)
            if phrase is not None:
                features = _phrase_features(ws, hit, phrase, bool(actors))
                options.append((phrase, features))
                if not targets and (self.targets is None or
                                    self.targets.probability(features) >= self.targets.threshold):
                    event.participants.append(phrase)
        places = sorted((sp for sp in spans if sp.placed and a <= sp.i < b
                         and abs(sp.i - k) <= RULES.place_reach),
                        key=lambda sp: (sp.i < k, abs(sp.i - k)))[:RULES.places]
        for sp in places:
            event.participants.append(_participant("location", sp.mention))
        when = _date_mention(ws, own, spans, k, clause, bounds) or _sentence_day(ws, own)
        event.event_date, event.date_precision = parse_value(when.value) if when else (None, UNKNOWN)
        if event.event_date is None and published and hit.verb and trig.present and k == 0:
            event.event_date, event.date_precision = published, "day"  # a fresh report: يتظاهر
        q = _quantity(ctx.text, ws, own, k, clause)
        if q is not None:
            event.quantity, event.quantity_approximate = q
        if event.mode == "attack" and any(lookup(x.folded, MISSILES) for x in ws[a:b]):
            event.mode = "missile"
        event.status = _status(ws, hit, clause, published, event.event_date)
        if (event.status == "planned" and when is not None and published is not None
                and event.event_date is not None and event.event_date < published
                and _bare_weekday(when)):
            event.event_date += timedelta(days=7)  # سيجتمع الأحد: the coming Sunday, not the last
        event.confidence = round(min(1.0, (0.65 if trig.verb else 0.5) + 0.15 * bool(actors)
                                     + 0.1 * explicit + 0.05 * (event.event_date is not None)
                                     - 0.1 * bool(trig.needs)), 2)
        return _Draft(event, k, clause, actors, explicit, options=options)


# ---------------------------------------------------------------- features
def _phrase_features(ws: list[Word], hit: _Hit, phrase: Participant, has_actor: bool) -> list[str]:
    """Features of the phrase a trigger's target may be (no name there): how it is worded and
    whether it agrees in definiteness with a noun trigger (then more likely its adjective)."""
    t = hit.trigger.event_type
    i = next(n for n, w in enumerate(ws) if w.start >= phrase.start)
    first, last = ws[i].folded, fold(phrase.surface.split()[-1])
    agrees = not hit.verb and first.startswith("ال") == ws[hit.k].folded.startswith("ال")
    counted = any(ch.isdigit() for ch in phrase.surface) or bool(lookup(first, NUMBER_WORDS | VAGUE))
    return ["phrase", f"{t}|phrase", f"phrase_read={'verb' if hit.verb else 'noun'}",
            f"{t}|phrase_read={'verb' if hit.verb else 'noun'}", f"phrase_gap={_distance(i - hit.k)}",
            f"phrase_definite={first.startswith('ال')}", f"phrase_agrees={agrees}",
            f"phrase_end={last[-1:]}", f"phrase_end2={last[-2:]}", f"phrase_counted={counted}",
            f"phrase_words={len(phrase.surface.split())}", f"phrase_has_actor={has_actor}"]


def _distance(words: int) -> str:
    for top, name in ((3, ""), (6, "4-6"), (10, "7-10")):
        if words <= top:
            return name or str(words)
    return "11+"


def _preposition(folded: str) -> str:
    found = lookup(folded, PREPOSITIONS)
    return found[1] if found else "-"


def _target_features(ws: list[Word], hit: _Hit, sp: _Span, rank: int, spots: list[_Span],
                     has_actor: bool) -> list[str]:
    """Sparse features of a named entity after a trigger (the ``rank``-th of ``spots``) as its
    possible target: its label, how far and behind which prepositions, relative pronouns, other
    triggers or other names it comes, how the trigger is read, whether an actor was found."""
    t = hit.trigger.event_type
    k = hit.k
    between = ws[k + 1:sp.i]
    label = sp.mention.label
    prev = ws[sp.i - 1].folded if sp.i > 0 else ""
    preps = [p for p in (_preposition(x.folded) for x in between) if p != "-"]
    out = [f"label={label}", f"{t}|label={label}", f"rank={min(rank, 3)}", f"{t}|rank={min(rank, 3)}",
           f"gap={_distance(sp.i - k)}",
           f"read={'verb' if hit.verb else 'noun'}", f"{t}|read={'verb' if hit.verb else 'noun'}",
           f"clitic={_clitic(sp.mention)}", f"has_actor={has_actor}",
           f"prev_prep={_preposition(prev)}", f"{t}|prev_prep={_preposition(prev)}",
           f"first_prep={preps[0] if preps else '-'}", f"preps={_bucket(len(preps), 3)}",
           f"entities_between={_bucket(sum(1 for o in spots if o.i < sp.i), 3)}",
           f"relative_between={any(x.folded in RELATIVES for x in between)}",
           f"trigger_between={any(_trigger_of(x) for x in between)}",
           f"{t}|{label}|rank={min(rank, 2)}"]
    return out


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def _features(ws: list[Word], hit: _Hit, draft: _Draft, sentence: int, hits: int,
              points: int | None) -> list[str]:
    """Sparse features of one candidate for the classifier: what the trigger is and how it is
    read, its status, arguments and place in the article, and for attacks and protests how
    concretely they are told (``_evidence``'s points)."""
    e, k, trig = draft.event, hit.k, hit.trigger
    t = e.event_type
    a, b = draft.clause
    roles = Counter(p.role for p in e.participants)
    actor_labels = sorted({m.label for m in draft.actors})
    target_labels = sorted({p.mention.label for p in e.participants if p.role == "target" and p.mention})
    out = [f"type={t}", f"{t}|form={hit.form}", f"status={e.status}", f"{t}|status={e.status}",
           f"read={'verb' if hit.verb else 'noun'}", f"{t}|read={'verb' if hit.verb else 'noun'}",
           f"actors={_bucket(roles['actor'], 2)}", f"{t}|actors={_bucket(roles['actor'], 2)}",
           f"targets={_bucket(roles['target'], 2)}", f"{t}|targets={_bucket(roles['target'], 2)}",
           f"located={roles['location'] > 0}", f"dated={e.event_date is not None}",
           f"sentence={_bucket(sentence, 4)}", f"{t}|sentence={_bucket(sentence, 2)}",
           f"word={_bucket(k, 4)}", f"clause_start={k == a}", f"hits={_bucket(hits, 4)}",
           f"explicit={draft.explicit_actor}", f"{t}|explicit={draft.explicit_actor}",
           f"quantity={e.quantity is not None}", f"present={trig.present}"]
    out += [f"actor={label}" for label in actor_labels] + [f"{t}|actor={label}" for label in actor_labels]
    out += [f"target={label}" for label in target_labels]
    out += [name for name, on in (("definite", hit.definite), ("suffixed", hit.suffixed),
                                  ("future", hit.future), ("passive", hit.passive),
                                  ("supported", hit.supported), ("needs", bool(trig.needs)),
                                  ("negated", _negated(ws, k)), ("clause_end", b - k <= 2),
                                  ("quoted", any(x.text in "«\"" for x in ws[:k])))
            if on]
    if points is not None:
        out += [f"evidence={_bucket(points, 5)}", f"{t}|evidence={_bucket(points, 5)}"]
    return out


def _add_article_features(drafts: list[_Draft]) -> None:
    """Features known once the candidates of the whole article are merged: how many tellings a
    candidate has, and which of its type's candidates it is (first, second, later) of how many."""
    total = Counter(d.event.event_type for d in drafts)
    nth: Counter = Counter()
    for d in drafts:
        t = d.event.event_type
        d.features += [f"tellings={_bucket(len(d.event.mentions), 3)}",
                       f"nth={_bucket(nth[t], 2)}", f"{t}|nth={_bucket(nth[t], 2)}",
                       f"of={_bucket(total[t], 3)}"]
        nth[t] += 1


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
    """A noun trigger named in passing: after a background/topic head, in the complement of
    another passing noun (تفاصيل اتفاق الانسحاب), as a genitive with ل (لاتفاق), or as the topic
    of a discussion (بحث سبل التعاون)."""
    if k > 0 and (lookup(ws[k - 1].folded, PASSING_HEADS) or k - 1 in passed):
        return True
    a, _ = _clause(ws, k)
    if any(max(a, k - RULES.passing_reach) <= p < k for p in passed):
        return True  # لاتفاق الكاظمي مع بايدن على سحب القوات، بعد زيارة ناجحة وتفاهمات
    if (w.folded.startswith("ل") and not w.folded.startswith("لل" + "ا") and w.folded[1:2] != "ل"
            and match_trigger(w.folded[1:], w.text.endswith("ة")) is not None):
        return True
    if any(lookup(x.folded, BACKGROUND) for x in ws[max(0, k - RULES.background_reach):k]):
        return True
    topic = _trigger_of(w)
    return bool(topic) and topic.trigger.event_type != "CONSULT" and any(
        h.trigger.event_type == "CONSULT" and a <= h.k < k for h in found)


def _incident(ws: list[Word], k: int, hit: _Hit) -> bool:
    """An ASSAULT/PROTEST trigger that reports an incident, not one told of: a past verb that is
    not negated nor in a relative or temporal clause (not ``يستهدف``، ``لم تنفجر``، ``الهجوم الذي
    استهدف``، ``عندما قتلوا``), or an indefinite noun (not ``الهجوم``، ``مظاهراتهم``)."""
    trig = hit.trigger
    before = ws[k - 1].folded if k else ""
    if trig.verb and ((trig.present and k) or hit.future or _negated(ws, k)
                      or lookup(before, RELATIVES) or _temporal(ws, k)):
        return False
    return _asserting(ws, hit) or not (hit.definite or hit.suffixed)


def _asserting(ws: list[Word], hit: _Hit) -> bool:
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


def _supported(ws: list[Word], k: int, definite: bool) -> bool:
    """A noun trigger governed by a finite support verb shortly before it in its clause
    (شنت جماعات مسلحة هجوما، تعرضت لهجوم، نظموا اعتصاما) or, indefinite, named as an
    occurrence: the event is asserted."""
    if (not definite and k and lookup(ws[k - 1].folded, OCCURRENCES)
            and not (k > 1 and ws[k - 2].folded in NEGATIONS)):
        return True  # حادثة سقوط صاروخ، وقوع انفجار (not عدم وقوع، حادث الاغتيال)
    a, _ = _clause(ws, k)
    return any((verb := lookup(ws[n].folded, SUPPORT_VERBS)) and verb[0] in ("", "و", "ف")
               and _finite(ws, n) for n in range(max(a, k - RULES.support_reach), k))


def _finite(ws: list[Word], n: int) -> bool:
    """Word ``n`` (a verb form) is a finite verb, not a verbal noun after a preposition, a noun
    head or a modal (لشن، محاولة شن، يمكن شن) nor a relative clause (الذي شهد)."""
    before = ws[n - 1].folded if n else ""
    return not (lookup(before, PREPOSITIONS) or lookup(before, PASSING_HEADS)
                or lookup(before, RELATIVES) or lookup(before, MODALS))


def _evidence(ctx: _Context, hit: _Hit, event: Event, clause: tuple[int, int], kept_time: bool,
              repeated: bool) -> int:
    """How concretely an attack or protest is told: a point each for a finite verb (or a noun
    asserted by a support verb), a number, a time (in its clause or kept from the sentence before)
    and a place in its clause, another trigger of its type, and each kind of detail in the
    sentence (casualties, agents, weapons; purpose, agents, acts)."""
    ws, own, spans = ctx.ws, ctx.own, ctx.spans
    k = hit.k
    a, b = clause
    lo, hi = ws[a].start, ws[b - 1].end
    points = [
        _asserting(ws, hit),
        any(m.label == "QUANTITY" and lo <= m.start < hi for m in own),
        kept_time or any(m.label in ("DATE", "TIME") and lo <= m.start < hi for m in own),
        any(p.role == "location" for p in event.participants)
        or any(sp.mention.label in PLACE_LABELS and a <= sp.i < b for sp in spans),
        repeated,
    ]
    points += [any(_has(x.folded, kind) for n, x in enumerate(ws) if n != k)
               for kind in INCIDENTS[event.event_type]]
    return sum(points)


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
    after = [sp for sp in spans if k < sp.i <= k + RULES.subject_reach and sp.i < b and sp.mention.label in ACTOR_LABELS
             and _free(ws, sp) and not any(lookup(x.folded, PREPOSITIONS) or _trigger_of(x)
                                           for x in ws[k + 1:sp.i])]
    # a NORP title word (العراقي) right before the name it qualifies yields to the name
    after = [sp for n, sp in enumerate(after) if not (
        sp.mention.label == "NORP" and n + 1 < len(after) and after[n + 1].i <= sp.j + 2
        and after[n + 1].mention.label != "NORP")]
    before = [sp for sp in spans if a <= sp.i and sp.j <= k and sp.mention.label in ACTOR_LABELS
              and _free(ws, sp)]
    chosen: _Span | None = None
    if hit.verb:
        if after and after[0].i <= k + RULES.verb_subject_reach:
            chosen = after[0]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
    elif after and after[0].i <= k + RULES.genitive_reach and not hit.suffixed:
        chosen = after[0]  # اجتماع الكاظمي
    elif before and before[-1].j >= k - RULES.noun_agent_reach:
        chosen = before[-1]  # واكدت بيلوسي دعم ... / اعلنت بغداد وواشنطن اتفاقهما
    if chosen is None:
        return [], False
    named = _named_in_apposition(ws, chosen, spans)
    if named is not None:  # قال رئيس جهاز الأمن الأوكراني، فاسيل غريتساك: the person is the actor
        chosen = named
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


def _named_in_apposition(ws: list[Word], title: _Span, spans: list[_Span]) -> _Span | None:
    """The person a title names right after it (``المبعوث الأميركي الخاص لإيران، برايان هوك``):
    a PER mention within ``RULES.apposition_reach`` words of the title's mention, with no trigger
    between them."""
    if title.mention.label == "PER":
        return None
    for sp in spans:
        if (sp.mention.label == "PER" and title.j <= sp.i <= title.j + RULES.apposition_reach
                and not any(_trigger_of(x) for x in ws[title.j:sp.i])):
            return sp
    return None


def _has(folded: str, stems: frozenset[str]) -> bool:
    """``folded`` is one of ``stems`` through its clitics, with or without the article or the
    accusative ending."""
    for _, stem in readings(folded):
        bare = stem[2:] if stem.startswith("ال") else stem
        if stem in stems or bare in stems or (bare.endswith("ا") and bare[:-1] in stems):
            return True  # قتيلا، مهاجما: the accusative ending
    return False


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
    """``m`` in ``role``, worded as the guide words participants: without a leading conjunction or
    preposition clitic (وواشنطن → واشنطن; للحوثيين keeps its letters, as no span of the text is
    الحوثيين)."""
    c = _clitic(m)
    if len(c) == 1 and fold(m.surface[1:]) == fold(m.normalized):
        return Participant(role, m.surface[1:], m.start + 1, m.end, m)
    return Participant(role, m.surface, m.start, m.end, m)


def _argument(ctx: _Context, role: str, m: Mention) -> Participant:
    """``m`` as a participant; a nationality adjective that qualifies the word before it (السلطات
    التونسية، مسؤول قطري) is not one (the guide): the phrase it ends is, as the text words it."""
    sp = next((sp for sp in ctx.spans if sp.mention is m), None)
    if sp is None or not _adjectival(ctx.ws, sp, ctx.spans):
        return _participant(role, m)
    start = ctx.ws[sp.i - 1].start
    return Participant(role, ctx.text[start:m.end], start, m.end)


def _adjectival(ws: list[Word], sp: _Span, spans: list[_Span]) -> bool:
    """A one-word NORP mention that agrees in definiteness with the plain word before it (no
    clitic, entity, preposition, negation or trigger between): an adjective of that noun."""
    if sp.mention.label != "NORP" or sp.j - sp.i != 1 or sp.i == 0 or _clitic(sp.mention):
        return False
    prev = ws[sp.i - 1]
    if (not prev.text[0].isalpha() or any(o.i < sp.i <= o.j and o is not sp for o in spans)
            or lookup(prev.folded, PREPOSITIONS | CLAUSE_WORDS) or prev.folded in NEGATIONS
            or _trigger_of(prev)):
        return False
    return prev.folded.startswith("ال") == ws[sp.i].folded.startswith("ال")


def _phrase(ctx: _Context, i: int, b: int) -> tuple[Participant, int] | None:
    """The phrase at word ``i`` that names a participant no entity names (انتحاري، 29 شخصا،
    المحتجين، ثلاثة أشخاص، مئات الموظفين), as the guide asks, and the word after it: one noun, or a number or
    vague plural with its noun; none where a preposition, punctuation, a negation, a date, a
    trigger or the clause's end is."""
    ws, own = ctx.ws, ctx.own
    taken: list[Word] = []
    n = i
    while n < b and len(taken) < RULES.phrase_words:
        w = ws[n]
        if (not w.text[0].isalnum() or lookup(w.folded, PREPOSITIONS | PLACE_WORDS)
                or w.folded in NEGATIONS or lookup(w.folded, CLAUSE_WORDS) or _trigger_of(w)
                or _not_a_participant(w)
                or any(m.label in ("DATE", "TIME") and m.start <= w.start < m.end for m in own)):
            break
        taken.append(w)
        n += 1
        if not any(ch.isdigit() for ch in w.text) and not lookup(w.folded, VAGUE) \
                and not lookup(w.folded, NUMBER_WORDS):
            while n < b and len(taken) < RULES.phrase_words and _qualifies(taken[-1], ws[n]):
                taken.append(ws[n])  # the noun's adjectives are the phrase's (الشركة الرياضية)
                n += 1
            break  # a noun ends the phrase; a number (29، ثلاثة) or a vague plural (مئات) takes its noun
    if not taken or not any(ch.isalpha() for ch in taken[-1].text):
        return None
    start, end = taken[0].start, taken[-1].end  # the text's own spaces (a no-break space too)
    return Participant("", ctx.text[start:end], start, end), n


def _qualifies(noun: Word, w: Word) -> bool:
    """``w`` is a relative adjective of ``noun`` before it: a nisba ending and the same
    definiteness (وقفة احتجاجية، الشركة الرياضية; not قتل انتحاري, where the word before is a verb,
    which the caller rules out)."""
    f = w.folded
    stem = f[2:] if f.startswith("ال") else f
    return (w.text[0].isalpha() and len(stem) >= 4 and stem.endswith(NISBA_ENDINGS)
            and f.startswith("ال") == noun.folded.startswith("ال"))


def _not_a_participant(w: Word) -> bool:
    """A word no participant phrase starts with: one behind a preposition clitic (باتخاذ، لتأمين),
    a preposition with a pronoun (عليها، إليه), a future verb (سيعقد), a trigger's companion word
    (إطلاق النار), an adverb or adjective in the accusative (بشدة، قضائيا)."""
    f = w.folded
    return (f[:1] in ("ب", "ل") and len(f) > 3 and not f.startswith("لل")
            or lookup(f, PRONOUN_PREPOSITIONS) is not None or f[:2] in FUTURE_PREFIXES
            or f in COMPANIONS or len(f) > 4 and f[-2:] in ("يا", "ها") and f[-3] != "ا")


def _phrase_participants(event: Event, ctx: _Context, hit: _Hit, b: int,
                         actors: list[Mention]) -> Participant | None:
    """The actor phrase where no entity was found, added (a verb's subject: قتل انتحاري 29 شخصا),
    and the phrase that may be the target (its object, a verbal noun's complement: مقتل 29 شخصا)."""
    spans = ctx.spans
    k = hit.k
    entity_words = {n for sp in spans for n in range(sp.i, sp.j)}
    nxt = k + 1
    if hit.verb and not hit.passive and not actors and nxt not in entity_words:
        found = _phrase(ctx, nxt, b)
        if found:
            actor, nxt = found
            actor.role = "actor"
            event.participants.append(actor)
    elif actors:
        nxt = max((sp.j for sp in spans if k < sp.i <= k + RULES.subject_reach
                   and any(m is sp.mention for m in actors)), default=nxt)
    if nxt not in entity_words and not (
            nxt == k + 1 and not hit.verb and nxt < len(ctx.ws) and _qualifies(ctx.ws[k], ctx.ws[nxt])):
        found = _phrase(ctx, nxt, b)  # not the event noun's own adjective (وقفة احتجاجية)
        if found:
            target, _ = found
            target.role = "target"
            return target
    return None


def _date_mention(ws: list[Word], own: list[Mention], spans: list[_Span], k: int,
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
        if m.label != "DATE" or not m.value or parse_value(m.value)[1] != "day":
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


def _give_date(drafts: list[_Draft], when: Mention, published: date | None) -> None:
    """Date the undated events of ``drafts`` with a DATE mention, unless it lies after the
    publication date (today, when unknown) and the event is not planned."""
    day, precision = parse_value(when.value)
    for d in drafts:
        if d.event.event_date is None and day is not None and (
                d.event.status in AHEAD or day <= (published or date.today())):
            d.event.event_date, d.event.date_precision = day, precision


def _quantity(text: str, ws: list[Word], own: list[Mention], k: int,
              clause: tuple[int, int]) -> tuple[float, bool] | None:
    """The QUANTITY of the clause nearest the trigger (within six words), else one when the
    trigger names a single countable thing right after it (``سقوط صاروخ``، ``مقتل شخص``)."""
    a, b = clause
    lo, hi = ws[max(a, k - 6)].start, ws[min(b, k + 7) - 1].end
    near = [m for m in own if m.label == "QUANTITY" and lo <= m.start < hi and m.value]
    if not near:
        return (1.0, False) if k + 1 < b and singular_count(ws[k + 1].folded) else None
    m = min(near, key=lambda m: abs(m.start - ws[k].start))
    parsed = find_quantities(text, m.start, m.end)
    return float(m.value or 0), bool(parsed and parsed[0].approximate)


def _negated(ws: list[Word], k: int) -> bool:
    """A negation right before word ``k``; ``ما`` after a word is a relative (وفق ما أكده،
    ما كشف عنه), a negation only when it opens the clause."""
    if k == 0 or ws[k - 1].folded not in NEGATIONS:
        return False
    return ws[k - 1].folded not in RELATIVE_MA or k == 1 or not ws[k - 2].text[0].isalnum()


def _status(ws: list[Word], hit: _Hit, clause: tuple[int, int], published: date | None,
            when: date | None) -> str:
    k = hit.k
    a, _ = clause
    before = ws[a:k]
    if _negated(ws, k) or any(lookup(x.folded, DENIALS) for x in before):
        return "denied"
    if any(lookup(x.folded, CONDITIONALS) or lookup(x.folded, HEDGES) for x in before):
        return "hypothetical"
    # a date after the publication date (today, when unknown) is one an event cannot have had yet
    if hit.future or any(lookup(x.folded, PLANS) for x in ws[max(a, k - 4):k]) or (
            k + 1 < len(ws) and ws[k + 1].folded in UPCOMING) or (
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
    _record_mentions(e, o)
    seen = {(p.role, _key(p)) for p in e.participants}
    e.participants += [p for p in o.participants if (p.role, _key(p)) not in seen]
    if e.event_date is None:
        e.event_date, e.date_precision = o.event_date, o.date_precision
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


def _coreferent(drafts: list[_Draft]) -> list[_Draft]:
    """One event per happening in an article: an event whose actors and other participants are
    all among those of another of its type (the lede's ``فيما بحث`` and the meeting told in full
    after it) is merged into the fuller one, unless their dates or statuses differ."""
    kept: list[_Draft] = []
    for d in drafts:
        keys = _keys(d.event)
        for n, o in enumerate(kept):
            other = _keys(o.event)
            if (d.event.event_type != o.event.event_type or d.event.event_type == "STATEMENT"
                    or not (d.actors and o.actors) or not (keys <= other or other <= keys)
                    or d.event.status != o.event.status and not (
                        {d.event.status, o.event.status} <= {"asserted", "reported"})
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


def _continues(draft: _Draft, previous: list[_Draft]) -> bool:
    """An incident told on over two sentences (same type, a shared place or target) is
    merged into the earlier event."""
    if draft.event.event_type not in INCIDENTS:
        return False
    places = {fold(p.mention.normalized) for p in draft.event.participants
              if p.role != "actor" and p.mention}
    for o in previous:
        if o.event.event_type == draft.event.event_type and places & {
                fold(p.mention.normalized) for p in o.event.participants if p.mention}:
            _absorb(o, draft)
            return True
    return False
