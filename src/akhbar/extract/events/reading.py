"""How the stages read a sentence: a trigger read through its clitics and tense (``واجتماعه`` →
``اجتماع``), mentions placed on its words, the clause around a word, negation and definiteness;
and the records the stages pass along (:class:`Hit`, :class:`Span`, :class:`Context`,
:class:`Draft`)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from akhbar.extract.events.config import (
    CLAUSE_PUNCT,
    CLAUSE_WORDS,
    COMMAS,
    COMPLEMENTIZERS,
    NEGATIONS,
    OCCURRENCE,
    PLACE_LABELS,
    PLACE_WORDS,
    QUOTES,
    RELATIVE_MA,
    RULES,
    SUFFIXES,
    TIME_ASIDES,
)
from akhbar.extract.events.lexicon import NOUNS, VERBS, Trigger
from akhbar.extract.events.rolenet import Place, RoleSentence
from akhbar.extract.wordforms import Word, lookup, readings
from akhbar.model import Event, Mention, Participant, Sentence
from akhbar.text.arabic import clean, fold
from akhbar.text.caches import word_cache

HAMZA_ALEFS = frozenset("أإآ")


@dataclass(slots=True)
class Hit:
    """A trigger found at word ``k``."""

    k: int
    trigger: Trigger
    definite: bool
    suffixed: bool
    future: bool
    verb: bool = True  # read as a verb here (not after a preposition or light verb)
    passive: bool = False  # a passive verb (أصيب) or a verbal noun after a light verb (تم بحث)
    supported: bool = False  # a noun asserted by a finite support verb (شنت هجوما)
    form: str = ""  # the lexicon form the word was read as (وهجومها → هجوم)


@dataclass(slots=True)
class Span:
    """A mention placed on the sentence's words ``[i, j)``."""

    mention: Mention
    i: int
    j: int
    placed: bool = False  # after في/قرب/وسط... or a ب clitic


@dataclass(slots=True)
class Context:
    """One sentence as the stages see it: its words, its mentions, and those placed on its words."""

    text: str
    sentence: Sentence
    ws: list[Word]
    own: list[Mention]
    spans: list[Span]
    published: date | None
    inner: set[int]  # its punctuation that bounds no clause (:func:`inner_punctuation`)


@dataclass(slots=True)
class Draft:
    """A candidate event as the stages build it: the event, its trigger's word and clause, the
    actors found, and what the learned models read."""

    event: Event
    k: int
    clause: tuple[int, int]
    actors: list[Mention] = field(default_factory=list)
    explicit_actor: bool = False
    features: list[str] = field(default_factory=list)  # what the classifier stage reads
    # possible targets (a name, or the phrase where no name is) and their features
    options: list[tuple[Mention | Participant, list[str]]] = field(default_factory=list)
    actor_options: list[tuple[Mention, list[str]]] = field(default_factory=list)  # possible actors
    # what the role network reads: the sentence, and the words of each possible actor and target
    # (aligned with actor_options and options)
    role_sentence: RoleSentence | None = None
    actor_places: list[Place] = field(default_factory=list)
    target_places: list[Place] = field(default_factory=list)
    sources: frozenset[str] = frozenset()  # an annotated trigger's training articles (Trigger.sources)
    # told in a clause of its own (after a bare إن/أن: its subject follows) or passive: the speaker of a
    # saying before it is not its actor (قالت الوزارة إن 4 فلسطينيين أصيبوا)
    own_clause: bool = False


def match_trigger(folded: str, ta_marbuta: bool = False, conjunction: bool = False) -> Hit | None:
    """The trigger a folded word spells, read through clitics and pronoun suffixes.
    ``ta_marbuta``: the word ends with ة, so its folded final ه is no pronoun (وزارة is not و+زاره);
    ``conjunction``: its first letter is a clitic, so it is never read whole (:func:`opens_with_conjunction`)."""
    found = _reading(folded, ta_marbuta, conjunction)
    return Hit(-1, *found[:4], verb=found[0].verb, passive=found[0].passive, form=found[4]) if found else None


def opens_with_conjunction(text: str) -> bool:
    """و or ف written before a hamza on alef: a conjunction, as no verb or noun of the lexicon opens so
    (وأفق is و + أفق "and the horizon", never وافق "agreed", whose alef carries no hamza)."""
    t = clean(text)
    return t[:1] in ("و", "ف") and t[1:2] in HAMZA_ALEFS


def trigger_of(w: Word) -> Hit | None:
    return match_trigger(w.folded, w.text.endswith("ة"), opens_with_conjunction(w.text))


def spelled_passive(w: Word, ws: list[Word]) -> bool:
    """``w``, a past verb whose active ends in ى, spelled with ي where its sentence writes a final ى
    elsewhere (على، إلى): the passive (واستدعي السفير، ألقي القبض على), not a spelling habit."""
    return clean(w.text).endswith("ي") and any(x is not w and x.text.endswith("ى") for x in ws)


@word_cache
def _reading(folded: str, ta_marbuta: bool = False,
             conjunction: bool = False) -> tuple[Trigger, bool, bool, bool, str] | None:
    """(trigger, definite, suffixed, future, lexicon form) of the first reading of ``folded`` that is one."""
    for prefix, stem in readings(folded)[conjunction:]:
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
                            prefix.endswith("ل") and not (trig.present or form[0] == "ت")):
                        # لقصف، بقصف: the verbal noun; after ل a verb is present (ليجتمع) or a تـ form
                        # spelled as its verbal noun (لتظاهر); لنقل is "let us say", not نقل;
                        # القصف، التعاون: a topic as a rule
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


def place_spans(ws: list[Word], mentions: list[Mention]) -> list[Span]:
    """Mentions on word indices, marked when a place word or a ب clitic precedes them."""
    starts = [w.start for w in ws]
    out: list[Span] = []
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        j = bisect_left(starts, m.end)
        if i < 0:
            continue
        before = ws[i - 1].folded if i > 0 else ""
        clitic = clitic_of(m) == "ب"
        placed = m.label in PLACE_LABELS and (clitic or bool(lookup(before, PLACE_WORDS)))
        out.append(Span(m, i, j, placed))
    return out


def clause_around(ws: list[Word], k: int, inner: set[int]) -> tuple[int, int]:
    """Word range of the clause around ``k`` (between punctuation and فيما/بينما/حيث...); the
    sentence's ``inner`` punctuation (:func:`inner_punctuation`) bounds none."""

    def boundary(n: int) -> bool:
        return ws[n].text in CLAUSE_PUNCT and n not in inner or bool(lookup(ws[n].folded, CLAUSE_WORDS))
    a = k
    while a > 0 and not boundary(a - 1):
        a -= 1
    b = k + 1
    while b < len(ws) and not boundary(b):
        b += 1
    return a, b


def inner_punctuation(ws: list[Word], people: Iterable[Span] = ()) -> set[int]:
    """Indices of punctuation inside a clause: quotes around a short name (اتهمت منظمة "هيومن رايتس
    ووتش"، at most ``RULES.quoted_name`` words, not quoted speech), a pair of commas around an adverb
    of time (اتهمت المنظمة، الخميس، الشرطة المصرية: at most ``RULES.aside_words`` words, one of them in
    :data:`TIME_ASIDES`), and the commas around a person named in apposition after a word (اتهم الرئيس
    الأمريكي، دونالد ترامب، وزير العدل: one of ``people`` fills the words from the comma to the next
    punctuation; a comma there is inner too)."""
    out: set[int] = set()
    for sp in people:
        if (sp.i >= 2 and ws[sp.i - 1].text in COMMAS and ws[sp.i - 2].text[0].isalpha()
                and (sp.j == len(ws) or not ws[sp.j].text[0].isalnum())):
            out.add(sp.i - 1)
            if sp.j < len(ws) and ws[sp.j].text in COMMAS:
                out.add(sp.j)
    opened: int | None = None
    for n, w in enumerate(ws):
        if opened is not None and w.text == QUOTES[ws[opened].text]:
            inside = ws[opened + 1:n]
            if 0 < len(inside) <= RULES.quoted_name and all(x.text[0].isalnum() for x in inside):
                out.update((opened, n))
            opened = None
        elif w.text in QUOTES:
            opened = n
    for n, w in enumerate(ws):
        if w.text not in COMMAS:
            continue
        end = next((m for m in range(n + 1, min(len(ws), n + RULES.aside_words + 2))
                    if not ws[m].text[0].isalnum()), None)
        if (end is not None and end > n + 1 and ws[end].text in COMMAS
                and any(lookup(x.folded, TIME_ASIDES) for x in ws[n + 1:end])):
            out.update((n, end))
    return out


def complementizer_before(ws: list[Word], k: int, reach: int) -> int | None:
    """The nearest bare complementizer (إن، أن، وأن) among the ``reach`` words before word ``k``."""
    return next((j for j in range(k - 1, max(-1, k - reach - 1), -1) if lookup(ws[j].folded, COMPLEMENTIZERS)),
                None)


def has_stem(folded: str, stems: frozenset[str]) -> bool:
    """``folded`` is one of ``stems`` through its clitics, with or without the article or the
    accusative ending."""
    for _, stem in readings(folded):
        bare = stem[2:] if stem.startswith("ال") else stem
        if stem in stems or bare in stems or (bare.endswith("ا") and bare[:-1] in stems):
            return True  # قتيلا، مهاجما: the accusative ending
    return False


def definite(w: Word) -> bool:
    """The word starts with the article (after folding: ``الشركة``)."""
    return w.folded.startswith("ال")


def same_definiteness(a: Word, b: Word) -> bool:
    """Both words or neither have the article: an adjective agrees so with its noun."""
    return definite(a) == definite(b)


def clitic_of(m: Mention) -> str:
    """The leading clitic letter kept in a mention's surface (``وواشنطن`` → ``و``), or ''."""
    surface, normalized = fold(m.surface), fold(m.normalized)
    if len(surface) > 1 and surface[1:] == normalized:
        return surface[0]
    if surface.startswith("لل") and normalized.startswith("ال") and surface[2:] == normalized[2:]:
        return "ل"  # للمليشيات → المليشيات
    return ""


def is_negated(ws: list[Word], k: int) -> bool:
    """A negation right before word ``k``, or before an occurrence noun right before it (دون وقوع
    إصابات، عدم سقوط ضحايا); ``ما`` after a word is a relative (وفق ما أكده، ما كشف عنه), a negation
    only when it opens the clause."""
    if k > 1 and ws[k - 1].folded in OCCURRENCE and ws[k - 2].folded in NEGATIONS:
        return True
    if k == 0 or ws[k - 1].folded not in NEGATIONS:
        return False
    return ws[k - 1].folded not in RELATIVE_MA or k == 1 or not ws[k - 2].text[0].isalnum()
