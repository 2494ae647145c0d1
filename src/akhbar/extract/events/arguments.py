"""Stage 2, arguments (:func:`attach_arguments`): the actor (a verb's subject, a noun's agent; a
title yields to the person it names), targets (chosen by the learned target model among the names
after the trigger), the phrase the text uses where no entity names a participant (``قتل انتحاري
29 شخصا``), places and the quantity. Arabic is mostly verb-subject-object: a clause-initial verb
takes the mention right after it as actor, otherwise the nearest one before. With the role network
(:mod:`.rolenet`), the learned models' probabilities are blended with its own."""

from __future__ import annotations

from akhbar.extract.events.classifier import EventClassifier
from akhbar.extract.events.config import (
    ACTOR_LABELS,
    AGENT_MARKERS,
    CLAUSE_WORDS,
    COMPANIONS,
    COMPLEMENTIZER_PRONOUNS,
    COUNT_HEADS,
    COUNTED_TARGETS,
    FALLBACK_TARGETS,
    FUTURE_PREFIXES,
    INCIDENTS,
    MISSILES,
    NEGATIONS,
    NISBA_ENDINGS,
    PARTITIVE,
    PLACE_HOLDERS,
    PLACE_LABELS,
    PLACE_WORDS,
    PREPOSITIONS,
    PRONOUN_PREPOSITIONS,
    REFLEXIVES,
    RULES,
    RULES_SPEAK,
    TARGET_PREPOSITIONS,
    TIME_ASIDES,
    UNDERGO_VERBS,
)
from akhbar.extract.events.features import (
    actor_features,
    bare,
    counts,
    is_counted,
    phrase_features,
    target_features,
)
from akhbar.extract.events.reading import (
    Context,
    Draft,
    Hit,
    Span,
    clitic_of,
    complementizer_before,
    definite,
    same_definiteness,
    trigger_of,
)
from akhbar.extract.events.rolenet import ACTOR, ROLE_BLEND, TARGET, Place, RoleNet, RoleSentence, blended
from akhbar.extract.numbers import find_quantities, marker_length, singular_count
from akhbar.extract.wordforms import Word, lookup
from akhbar.model import Event, Mention, Participant
from akhbar.text.arabic import fold


def _free(ws: list[Word], sp: Span) -> bool:
    """Not governed by a preposition (a subject or object, not a complement)."""
    before = ws[sp.i - 1].folded if sp.i > 0 else ""
    prep = lookup(before, PREPOSITIONS | PLACE_WORDS)
    return not sp.placed and not prep and clitic_of(sp.mention) not in ("ب", "ل")


def _rule_actor(ws: list[Word], hit: Hit, clause: tuple[int, int], spans: list[Span]) -> Span | None:
    """The rules' actor: a verb's subject (the name right after it, else the nearest before it in
    its clause), a verbal noun's agent (its genitive, else a name ending just before it)."""
    k = hit.k
    a, b = clause
    after = [sp for sp in spans if k < sp.i <= k + RULES.subject_reach and sp.i < b and sp.mention.label in ACTOR_LABELS
             and _free(ws, sp) and not any(lookup(x.folded, PREPOSITIONS) or trigger_of(x)
                                           for x in ws[k + 1:sp.i])]
    # a NORP title word (العراقي) right before the name it qualifies yields to the name
    after = [sp for n, sp in enumerate(after) if not (
        sp.mention.label == "NORP" and n + 1 < len(after) and after[n + 1].i <= sp.j + 2
        and after[n + 1].mention.label != "NORP")]
    before = [sp for sp in spans if a <= sp.i and sp.j <= k and sp.mention.label in ACTOR_LABELS
              and _free(ws, sp)]
    if hit.verb:
        if after and after[0].i <= k + RULES.verb_subject_reach:
            return after[0]
        if before:
            return before[-1]
        return after[0] if after else None
    if after and after[0].i <= k + RULES.genitive_reach and not hit.suffixed:
        return after[0]  # اجتماع الكاظمي
    if before and before[-1].j >= k - RULES.noun_agent_reach:
        return before[-1]  # واكدت بيلوسي دعم ... / اعلنت بغداد وواشنطن اتفاقهما
    return None


def _actor_spots(hit: Hit, clause: tuple[int, int], spans: list[Span], rule: Span | None) -> list[Span]:
    """Every name that may be the trigger's actor: one before it in its sentence, at most
    ``RULES.actor_reach`` words back, or one after it in its clause within ``RULES.subject_reach``
    words (none a place), and the rules' choice."""
    k, b = hit.k, clause[1]
    return [sp for sp in spans if sp is rule or sp.mention.label in ACTOR_LABELS and not sp.placed and (
        k - RULES.actor_reach <= sp.i and sp.j <= k or k < sp.i <= k + RULES.subject_reach and sp.i < b)]


def _chances(model: EventClassifier, roles: RoleNet | None, sentence: RoleSentence, role: int,
             places: list[Place], features: list[list[str]]) -> tuple[list[float], float]:
    """The learned model's probability of each option and its threshold; with the role network, the
    mean of both against the network's threshold for the role."""
    probs = [model.probability(f) for f in features]
    if roles is None:
        return probs, model.threshold
    net = roles.probabilities(sentence, [(role, place) for place in places])
    return [blended(a, b, ROLE_BLEND) for a, b in zip(probs, net, strict=True)], roles.thresholds[
        "actors" if role == ACTOR else "targets"]


def _actors(ws: list[Word], hit: Hit, clause: tuple[int, int], spans: list[Span],
            model: EventClassifier | None, roles: RoleNet | None = None, sentence: RoleSentence | None = None
            ) -> tuple[list[Mention], bool, list[tuple[Mention, list[str]]], list[Place]]:
    """Actor mentions (coordinated ones expanded), whether they were found in text, and every
    possible actor with its features and its words: the ``model``'s most likely one when it is likely enough
    (the rules' choice is one of its features; for a noun with a pronoun suffix, one before it:
    the pronoun's antecedent; where there is none the caller takes the salient actor), the rules'
    choice where there is no model. A statement's speaker is the rules' choice where they find one
    (:data:`~akhbar.extract.events.config.RULES_SPEAK`). With ``roles``, the model's probabilities
    are blended with the role network's (reading ``sentence``)."""
    rule = _rule_actor(ws, hit, clause, spans)
    spots = _actor_spots(hit, clause, spans, rule)
    options = [(sp.mention, actor_features(ws, hit, sp, spots, sp is rule, _adjectival(ws, sp, spans)))
               for sp in spots]
    places = _places(spots)
    chosen = rule
    if model is not None and not (rule is not None and hit.trigger.event_type in RULES_SPEAK):
        # a pronoun suffix (اجتماعه) refers back: its agent is a name before it, else the salient one
        allowed = [n for n, sp in enumerate(spots) if not hit.suffixed or sp.i < hit.k]
        probs, threshold = _chances(model, roles, sentence, ACTOR, places, [f for _, f in options])
        best = max(((probs[n], n) for n in allowed), default=None)
        chosen = spots[best[1]] if best is not None and best[0] >= threshold else None
    if chosen is None:
        return [], False, options, places
    named = _named_in_apposition(ws, chosen, spans)
    if named is not None:  # قال رئيس جهاز الأمن الأوكراني، فاسيل غريتساك: the person is the actor
        chosen = named
    group = [chosen]
    for sp in reversed(spans):  # back to the first conjunct: بغداد وواشنطن
        if sp.j <= group[0].i <= sp.j + 1 and sp.mention.label in ACTOR_LABELS and (
                clitic_of(group[0].mention) == "و" or ws[group[0].i - 1].folded == "و"):
            group.insert(0, sp)
    for sp in spans:
        if group[-1].j <= sp.i <= group[-1].j + 1 and sp.mention.label in ACTOR_LABELS and (
                clitic_of(sp.mention) == "و" or ws[sp.i - 1].folded == "و"):
            group.append(sp)
    return [sp.mention for sp in group], True, options, places


def _agent(ws: list[Word], k: int, clause: tuple[int, int], spans: list[Span]) -> Span | None:
    """The name that an agent phrase (من قبل، من طرف، على يد) introduces after the trigger at ``k``
    in its clause: the agent, of a passive or a noun alike (the guide's «من قبل»)."""
    return next((sp for sp in spans if k + 2 < sp.i < clause[1] and sp.mention.label in ACTOR_LABELS
                 and (ws[sp.i - 2].folded, ws[sp.i - 1].folded) in AGENT_MARKERS), None)


def _named_in_apposition(ws: list[Word], title: Span, spans: list[Span]) -> Span | None:
    """The person a title names right after it (``المبعوث الأميركي الخاص لإيران، برايان هوك``):
    a PER mention within ``RULES.apposition_reach`` words of the title's mention, with no trigger
    between them."""
    if title.mention.label == "PER":
        return None
    for sp in spans:
        if (sp.mention.label == "PER" and title.j <= sp.i <= title.j + RULES.apposition_reach
                and not any(trigger_of(x) for x in ws[title.j:sp.i])):
            return sp
    return None


def _titles(ws: list[Word], sp: Span, spans: list[Span], actors: list[Span]) -> bool:
    """``sp`` is the title of one of the ``actors`` (``الرئيس الروسي فلاديمير بوتين``، ``سفير إيران
    بتونس مصطفى بروجردي``): the actor follows it at once, or is the person it names in apposition.
    A title with its holder is one participant: never the target of the holder's event."""
    if not actors:
        return False
    named = _named_in_apposition(ws, sp, spans)
    return any(a is named or sp.j <= a.i <= sp.j + 1 for a in actors)


def most_salient(seen: dict[str, list]) -> Mention | None:
    """The PER/ORG mentioned most so far (people count double), the latest on ties."""
    if not seen:
        return None
    return max(seen.values(), key=lambda e: (e[0], e[1]))[2]


def as_participant(role: str, m: Mention) -> Participant:
    """``m`` in ``role``, worded as the guide words participants: without a leading conjunction or
    preposition clitic (وواشنطن → واشنطن; للحوثيين keeps its letters, as no span of the text is
    الحوثيين)."""
    c = clitic_of(m)
    if len(c) == 1 and fold(m.surface[1:]) == fold(m.normalized):
        return Participant(role, m.surface[1:], m.start + 1, m.end, m)
    return Participant(role, m.surface, m.start, m.end, m)


def _argument(ctx: Context, role: str, m: Mention) -> Participant:
    """``m`` as a participant; a nationality adjective that qualifies the word before it (السلطات
    التونسية، مسؤول قطري) is not one (the guide), nor a place held by the title before it (والي
    القيروان، سكان غزة: an unnamed agent): the phrase it ends is, as the text words it."""
    sp = next((sp for sp in ctx.spans if sp.mention is m), None)
    if sp is None or not (_adjectival(ctx.ws, sp, ctx.spans) or _held_place(ctx.ws, sp)):
        return as_participant(role, m)
    start = ctx.ws[sp.i - 1].start
    return Participant(role, ctx.text[start:m.end], start, m.end)


def _held_place(ws: list[Word], sp: Span) -> bool:
    """A place right after a title or people word that governs it (والي القيروان، سكان غزة)."""
    return (sp.mention.label in PLACE_LABELS and sp.i > 0 and not clitic_of(sp.mention)
            and lookup(ws[sp.i - 1].folded, PLACE_HOLDERS) is not None)


def _adjectival(ws: list[Word], sp: Span, spans: list[Span]) -> bool:
    """A one-word NORP mention that agrees in definiteness with the plain word before it (no
    clitic, entity, preposition, negation or trigger between): an adjective of that noun."""
    if sp.mention.label != "NORP" or sp.j - sp.i != 1 or sp.i == 0 or clitic_of(sp.mention):
        return False
    prev = ws[sp.i - 1]
    if (not prev.text[0].isalpha() or any(o.i < sp.i <= o.j and o is not sp for o in spans)
            or lookup(prev.folded, PREPOSITIONS | CLAUSE_WORDS) or prev.folded in NEGATIONS
            or trigger_of(prev)):
        return False
    return same_definiteness(prev, ws[sp.i])


def _phrase(ctx: Context, i: int, b: int, acted_on: bool = False) -> tuple[Participant, int] | None:
    """The phrase at word ``i`` that names a participant no entity names (انتحاري، 29 شخصا،
    المحتجين، ثلاثة أشخاص، مئات الموظفين), as the guide asks, and the word after it: one noun, or a
    number or vague plural with its noun (a count's head too: عدد 78 شخصا، أحد الأشخاص; through «من»:
    عدد من المدنيين; an approximation marker: نحو 20 شخصا، ما لا يقل عن 16 شخصا); none where a preposition,
    punctuation, a negation, a date, a trigger or the clause's end is — but what is ``acted_on`` (a
    trigger's object) may be a trigger noun itself (استهدفت تعزيزات المتمردين، أدانت الهجوم الإرهابي)."""
    ws, own = ctx.ws, ctx.own
    lead = marker_length(ws, i) if i < b else 0  # نحو، أكثر من: the count's, not a preposition or a noun
    taken: list[Word] = ws[i:i + lead] if i + lead < b else []
    n = i + len(taken)
    limit = RULES.phrase_words + len(taken) + bool(i < b and lookup(ws[i].folded, COUNT_HEADS))  # عدد 78 شخصا
    while n < b and len(taken) < limit:
        w = ws[n]
        if w.folded == PARTITIVE and taken and counts(taken[-1]) and n + 1 < b:
            taken.append(w)  # عدد من المدنيين، 5 من جنوده: the count goes on to what it counts
            n += 1
            limit += 1
            continue
        if _ends_phrase(w, own) or trigger_of(w) and not (acted_on and n == i):
            break
        taken.append(w)
        n += 1
        if not counts(w):
            if n < b and len(taken) < limit and _construct(w, ws[n], own):
                taken.append(ws[n])  # a noun's genitive is the phrase's (قوات الأمن، رجال الشرطة)
                n += 1
            while n < b and len(taken) < limit and _qualifies(taken[-1], ws[n]):
                taken.append(ws[n])  # the noun's adjectives are the phrase's (الشركة الرياضية)
                n += 1
            break  # a noun ends the phrase; a number (29، ثلاثة) or a vague plural (مئات) takes its noun
    if taken and taken[-1].folded == PARTITIVE:  # «خمسة من» and a name: the count alone
        taken.pop()
        n -= 1
    if not taken or not any(ch.isalpha() for ch in taken[-1].text):
        return None
    start, end = taken[0].start, taken[-1].end  # the text's own spaces (a no-break space too)
    return Participant("", ctx.text[start:end], start, end), n


def _ends_phrase(w: Word, own: list[Mention]) -> bool:
    """``w`` is no word of a participant phrase: punctuation, a preposition or place word, a
    negation, a clause word, a word no phrase starts with (:func:`_not_a_participant`) or part of a
    date or time (a trigger ends one too, but a trigger's object may start with one: the caller's)."""
    return (not w.text[0].isalnum() or lookup(w.folded, PREPOSITIONS | PLACE_WORDS) is not None
            or w.folded in NEGATIONS or lookup(w.folded, CLAUSE_WORDS) is not None
            or _not_a_participant(w) or _in_time(w, own))


def _construct(noun: Word, w: Word, own: list[Mention]) -> bool:
    """``w`` is the genitive of ``noun`` before it: a bare indefinite noun (no article, no clitic)
    and a definite word after it that would go on a phrase (:func:`_ends_phrase`) and is no trigger,
    nor a weekday (قوات الأمن، أعوان المراقبة)."""
    return (noun.text[0].isalpha() and not definite(noun) and bare(noun) == noun.folded
            and definite(w) and not _ends_phrase(w, own) and not trigger_of(w)
            and w.folded not in TIME_ASIDES)


def _qualifies(noun: Word, w: Word) -> bool:
    """``w`` is a relative adjective of ``noun`` before it: a nisba ending and the same
    definiteness (وقفة احتجاجية، الشركة الرياضية; not قتل انتحاري, where the word before is a verb,
    which the caller rules out)."""
    f = w.folded
    stem = f[2:] if definite(w) else f
    return (w.text[0].isalpha() and len(stem) >= 4 and stem.endswith(NISBA_ENDINGS)
            and same_definiteness(w, noun))


def _not_a_participant(w: Word) -> bool:
    """A word no participant phrase starts with: one behind a preposition clitic (باتخاذ، لتأمين),
    a preposition with a pronoun (عليها، إليه), a future verb (سيعقد), a trigger's companion word
    (إطلاق النار), an adverb or adjective in the accusative (بشدة، قضائيا), a reflexive (نفسه)."""
    f = w.folded
    return (f[:1] in ("ب", "ل") and len(f) > 3 and not f.startswith("لل") or f in REFLEXIVES
            or lookup(f, PRONOUN_PREPOSITIONS) is not None or f[:2] in FUTURE_PREFIXES
            or f in COMPANIONS or len(f) > 4 and f[-2:] in ("يا", "ها") and f[-3] != "ا")


def _phrase_participants(event: Event, ctx: Context, hit: Hit, b: int,
                         known: list[Mention]) -> tuple[Participant, int] | None:
    """The actor phrase where no name was found for the event (``known``: its actors, or the salient
    name an arrest takes as its target), added (a verb's subject: قتل انتحاري 29 شخصا), and the phrase
    that may be the target (its object, a verbal noun's complement: مقتل 29 شخصا; an attack's or an
    arrest's «على» phrase: القبض على المشتبه فيه) with the index of its first word."""
    spans = ctx.spans
    k = hit.k
    entity_words = {n for sp in spans for n in range(sp.i, sp.j)}
    nxt = k + 1
    names = {n for sp in spans if sp.mention.label != "NORP" for n in range(sp.i, sp.j)}
    subject = _subject_before(ctx, k, names)
    if subject is not None and not known:  # أن مسلحين هاجموا: the actor; أن 4 فلسطينيين أصيبوا: the target
        subject.role = "target" if hit.passive else "actor"
        event.participants.append(subject)
    elif hit.verb and not hit.passive and not known and nxt not in entity_words and not _subject_told(ctx.ws, k):
        found = _phrase(ctx, nxt, b)
        if found and not (event.event_type in COUNTED_TARGETS and is_counted(ctx.ws, nxt, found[0])):
            actor, nxt = found
            actor.role = "actor"
            event.participants.append(actor)
    elif known:
        nxt = max((sp.j for sp in spans if k < sp.i <= k + RULES.subject_reach
                   and any(m is sp.mention for m in known)), default=nxt)
    nxt = _past_time(ctx, nxt, b)  # أدانت تونس، مساء الجمعة، الهجوم: the object after the time
    if event.event_type in COUNTED_TARGETS:  # أطلق النار على المصلين، القبض على المشتبه فيه
        nxt = _past_target_preposition(ctx.ws, nxt, b)
    if nxt not in entity_words and not (
            nxt == k + 1 and not hit.verb and nxt < len(ctx.ws) and _qualifies(ctx.ws[k], ctx.ws[nxt])):
        found = _phrase(ctx, nxt, b, acted_on=True)  # not the event noun's own adjective (وقفة احتجاجية)
        if found:
            target, _ = found
            target.role = "target"
            return target, nxt
    return None


def _past_target_preposition(ws: list[Word], n: int, b: int) -> int:
    """The word after the «على / ضد / بحق» that follows word ``n`` (past a trigger's companion word:
    النار على، القبض على), where an attack's or an arrest's target is told; else ``n``."""
    m = n
    while m < b and ws[m].folded in COMPANIONS:
        m += 1
    return m + 1 if m + 1 < b and ws[m].folded in TARGET_PREPOSITIONS else n


def _past_time(ctx: Context, n: int, b: int) -> int:
    """The first word from ``n`` on that is neither of a date or time (مساء الجمعة، الثلاثاء) nor the
    sentence's inner punctuation (the commas around such an aside among it)."""
    while n < b and (n in ctx.inner or _in_time(ctx.ws[n], ctx.own)):
        n += 1
    return n


def _in_time(w: Word, own: list[Mention]) -> bool:
    """Word ``w`` is part of a DATE or TIME mention among ``own``."""
    return any(m.label in ("DATE", "TIME") and m.start <= w.start < m.end for m in own)


def _subject_before(ctx: Context, k: int, names: set[int]) -> Participant | None:
    """The phrase between a bare complementizer and the verb at ``k``, no name (``names``: their
    words) part of it (أن مسلحين هاجموا، إن 4 فلسطينيين أصيبوا): the clause's subject, told before its
    verb."""
    j = complementizer_before(ctx.ws, k, RULES.complementizer_reach)
    found = _phrase(ctx, j + 1, k) if j is not None else None
    return found[0] if found and found[1] == k and not names & set(range(j + 1, k)) else None


def _subject_told(ws: list[Word], k: int) -> bool:
    """The verb at ``k`` has its subject told before it, so the phrase after it is its object: a
    plural subject suffix (هاجموا، يتظاهرون; a verb before its subject stays singular), or a
    complementizer with the subject pronoun right before it (إنها اعتقلت)."""
    return (ws[k].folded.endswith(("وا", "ون")) and len(ws[k].folded) > 3
            or k > 0 and lookup(ws[k - 1].folded, COMPLEMENTIZER_PRONOUNS) is not None)


def _quantity(text: str, ws: list[Word], own: list[Mention], k: int,
              clause: tuple[int, int]) -> tuple[float, bool] | None:
    """The QUANTITY of the clause nearest the trigger (within ``RULES.quantity_reach`` words), else one when the
    trigger names a single countable thing right after it (``سقوط صاروخ``، ``مقتل شخص``)."""
    a, b = clause
    lo, hi = ws[max(a, k - RULES.quantity_reach)].start, ws[min(b, k + RULES.quantity_reach + 1) - 1].end
    near = [m for m in own if m.label == "QUANTITY" and lo <= m.start < hi and m.value]
    if not near:
        return (1.0, False) if k + 1 < b and singular_count(ws[k + 1].folded) else None
    m = min(near, key=lambda m: abs(m.start - ws[k].start))
    parsed = find_quantities(text, m.start, m.end)
    return float(m.value or 0), bool(parsed and parsed[0].approximate)


def _chosen(model: EventClassifier, roles: RoleNet | None, sentence: RoleSentence, place: Place,
            features: list[str]) -> bool:
    """Whether a target option is likely enough (see :func:`_chances`)."""
    [p], threshold = _chances(model, roles, sentence, TARGET, [place], [features])
    return p >= threshold


def _places(spans: list[Span]) -> list[Place]:
    return [Place(sp.i, sp.j, sp.mention.label) for sp in spans]


def attach_arguments(ctx: Context, hit: Hit, draft: Draft, fallback: list[Mention] | None,
                     targets: EventClassifier | None, actors_model: EventClassifier | None,
                     roles: RoleNet | None = None) -> None:
    """The arguments stage: the candidate's actors (the ``actors_model``'s choice among the names
    around the trigger, or the rules' where it is None; ``fallback``, the sentence's or article's
    salient actor, where none is found), its targets (the ``targets`` model's choice among the
    names after the trigger, or the rules'), the phrases no entity names, its places and quantity;
    every possible actor and target with its features goes in ``draft.actor_options`` and
    ``draft.options``, their words in ``draft.actor_places`` and ``draft.target_places``. ``roles``:
    the role network, blended with both learned models."""
    ws, spans, event = ctx.ws, ctx.spans, draft.event
    k, trig = hit.k, hit.trigger
    a, b = draft.clause
    sentence = draft.role_sentence = RoleSentence(tuple(w.text for w in ws), k, tuple(_places(spans)),
                                                  trig.event_type, hit.verb, hit.passive)
    agent = _agent(ws, k, draft.clause, spans)
    if agent is not None:  # تم اعتقاله من قبل الشرطة: the agent the text names
        actors, explicit, draft.actor_options, draft.actor_places = [agent.mention], True, [], []
    else:
        actors, explicit, draft.actor_options, draft.actor_places = (([], False, [], []) if hit.passive else _actors(
            ws, hit, draft.clause, spans, actors_model, roles, sentence))
    given: list[Mention] = []  # targets the salient name fills
    undergone = not hit.verb and any(lookup(x.folded, UNDERGO_VERBS) for x in ws[max(a, k - RULES.support_reach):k])
    if undergone:  # تعرضت إدارة فيسبوك لانتقادات: the subject is the target, the agent untold
        event.participants += [_argument(ctx, "target", m) for m in actors]
        actors, explicit = [], False
    elif (not actors and fallback and (hit.suffixed or hit.verb) and not hit.passive
            and trig.event_type not in INCIDENTS):
        if trig.event_type in FALLBACK_TARGETS:  # أوقف ... : the salient one is the arrested
            given = fallback
            event.participants += [_argument(ctx, "target", m) for m in given]
        else:
            actors = fallback
    draft.actors, draft.explicit_actor = actors, explicit
    for m in actors:
        event.participants.append(_argument(ctx, "actor", m))
    holders = [sp for sp in spans if any(sp.mention is m for m in actors)]
    known = actors + given  # someone the event is about was found: the phrase after a verb is its object
    taken = {id(m) for m in known}
    spots = [sp for sp in spans if k < sp.i < b and not sp.placed and id(sp.mention) not in taken
             and not _titles(ws, sp, spans, holders)]
    options: list[tuple[Mention | Participant, list[str]]] = [
        (sp.mention, target_features(ws, hit, sp, n, spots, bool(known))) for n, sp in enumerate(spots)]
    target_places = _places(spots)
    if targets is not None:  # learned: which of them the guide would name as targets
        probs, threshold = _chances(targets, roles, sentence, TARGET, target_places, [f for _, f in options])
        chosen = [m for (m, _), p in zip(options, probs) if p >= threshold][:RULES.targets]
    else:  # the rules (and training's candidates): the first names after it, a NORP last
        chosen = [m for m, _ in options if m.label != "NORP"][:RULES.targets] or [m for m, _ in options][:1]
    for m in chosen:
        event.participants.append(_argument(ctx, "target", m))
    if trig.event_type != "STATEMENT":
        found = _phrase_participants(event, ctx, hit, b, known)
        if found is not None:
            phrase, i = found
            features = phrase_features(ws, hit, phrase, i, bool(known))
            options.append((phrase, features))
            target_places.append(Place(i, i + len(phrase.surface.split()), "phrase"))
            if not any(p.role == "target" for p in event.participants) and (
                    targets is None or _chosen(targets, roles, sentence, target_places[-1], features)):
                event.participants.append(phrase)
    draft.options, draft.target_places = options, target_places
    places = sorted((sp for sp in spans if sp.placed and a <= sp.i < b and abs(sp.i - k) <= RULES.place_reach),
                    key=lambda sp: (sp.i < k, abs(sp.i - k)))[:RULES.places]
    for sp in places:
        event.participants.append(as_participant("location", sp.mention))
    q = _quantity(ctx.text, ws, ctx.own, k, draft.clause)
    if q is not None:
        event.quantity, event.quantity_approximate = q
    if event.mode == "attack" and any(lookup(x.folded, MISSILES) for x in ws[a:b]):
        event.mode = "missile"
