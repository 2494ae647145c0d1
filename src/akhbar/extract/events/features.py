"""The sparse string features of the learned models: of a candidate for the event classifier
(:func:`candidate_features`, :func:`add_article_features`) and of a possible target for the target
model (:func:`target_features`, :func:`phrase_features`)."""

from __future__ import annotations

from collections import Counter

from akhbar.extract.events.config import (
    CLAUSE_PUNCT,
    CLAUSE_WORDS,
    COMPLEMENTIZERS,
    COUNT_HEADS,
    MISHAPS,
    PREPOSITIONS,
    RELATIVES,
    REPORTING,
    RULES,
)
from akhbar.extract.events.reading import (
    Draft,
    Hit,
    Span,
    clitic_of,
    definite,
    is_negated,
    same_definiteness,
    trigger_of,
)
from akhbar.extract.numbers import COUNT_WORDS, VAGUE, marker_length
from akhbar.extract.wordforms import Word, lookup, readings
from akhbar.model import Participant
from akhbar.text.arabic import fold

COUNTING = COUNT_WORDS | frozenset(VAGUE) | COUNT_HEADS  # a phrase's first word that counts (ثلاثة، ألف، مئات، أحد)


def phrase_features(ws: list[Word], hit: Hit, phrase: Participant, i: int, has_actor: bool) -> list[str]:
    """Features of the phrase a trigger's target may be (no name there; its first word is ``ws[i]``):
    how it is worded and whether it agrees in definiteness with a noun trigger (then more likely
    its adjective)."""
    t, read = hit.trigger.event_type, _read(hit)
    last = fold(phrase.surface.split()[-1])
    agrees = not hit.verb and same_definiteness(ws[i], ws[hit.k])
    counted = is_counted(ws, i, phrase)
    return ["phrase", f"{t}|phrase", f"phrase_read={read}", f"{t}|phrase_read={read}",
            f"phrase_gap={_distance(i - hit.k)}",
            f"phrase_definite={definite(ws[i])}", f"phrase_agrees={agrees}",
            f"phrase_end={last[-1:]}", f"phrase_end2={last[-2:]}", f"phrase_counted={counted}",
            f"phrase_words={len(phrase.surface.split()) - marker_length(ws, i)}",  # its count's marker aside
            f"phrase_has_actor={has_actor}"]


def is_counted(ws: list[Word], i: int, phrase: Participant) -> bool:
    """A phrase that counts people or things (29 شخصا، ثلاثة أشخاص، مئات الموظفين، نحو ألف شخص); its
    first word is ``ws[i]``."""
    return any(ch.isdigit() for ch in phrase.surface) or counts(ws[i + marker_length(ws, i)])


def counts(w: Word) -> bool:
    """``w`` counts what follows it: a number, a vague plural (مئات) or a count's head (عدد، أحد)."""
    return any(ch.isdigit() for ch in w.text) or lookup(w.folded, COUNTING) is not None


def _read(hit: Hit) -> str:
    """How the trigger is read here: ``verb`` or ``noun``."""
    return "verb" if hit.verb else "noun"


def _distance(words: int) -> str:
    for top, name in ((3, ""), (6, "4-6"), (10, "7-10")):
        if words <= top:
            return name or str(words)
    return "11+"


def _preposition(folded: str) -> str:
    found = lookup(folded, PREPOSITIONS)
    return found[1] if found else "-"


def target_features(ws: list[Word], hit: Hit, sp: Span, rank: int, spots: list[Span],
                     has_actor: bool) -> list[str]:
    """Sparse features of a named entity after a trigger (the ``rank``-th of ``spots``) as its
    possible target: its label, how far and behind which prepositions, relative pronouns, other
    triggers or other names it comes, how the trigger is read and its lexicon form, whether a name
    was found for the event (an actor, or the salient name an arrest takes as its target)."""
    t, k, read = hit.trigger.event_type, hit.k, _read(hit)
    between = ws[k + 1:sp.i]
    label = sp.mention.label
    prev = _preposition(ws[sp.i - 1].folded) if sp.i > 0 else "-"
    preps = [p for p in (_preposition(x.folded) for x in between) if p != "-"]
    out = [f"label={label}", f"{t}|label={label}", f"rank={min(rank, 3)}", f"{t}|rank={min(rank, 3)}",
           f"gap={_distance(sp.i - k)}",
           f"read={read}", f"{t}|read={read}", f"clitic={clitic_of(sp.mention)}", f"has_actor={has_actor}",
           f"prev_prep={prev}", f"{t}|prev_prep={prev}",
           f"first_prep={preps[0] if preps else '-'}", f"preps={_bucket(len(preps), 3)}",
           f"entities_between={_bucket(sum(1 for o in spots if o.i < sp.i), 3)}",
           f"relative_between={any(x.folded in RELATIVES for x in between)}",
           f"trigger_between={any(trigger_of(x) for x in between)}",
           f"{t}|{label}|rank={min(rank, 2)}", f"form={hit.form}"]
    return out


def actor_features(ws: list[Word], hit: Hit, sp: Span, spots: list[Span], rule: bool,
                   adjectival: bool) -> list[str]:
    """Sparse features of a named entity near a trigger (one of ``spots``) as its possible actor:
    its side and distance, its rank on that side, its label, whether a preposition governs it,
    whether a clause boundary, a complementizer (قال X إن ...), a reporting word or another trigger
    lies between, how the trigger is read, its lexicon form on that side, and whether the rules chose
    it."""
    t = hit.trigger.event_type
    k = hit.k
    side = "before" if sp.i < k else "after"
    between = ws[sp.j:k] if sp.i < k else ws[k + 1:sp.i]
    rank = sum(1 for o in spots if (o.i < k) == (sp.i < k) and abs(o.i - k) < abs(sp.i - k))  # nearer, same side
    label = sp.mention.label
    prev = ws[sp.i - 1].folded if sp.i > 0 else ""
    read = _read(hit)
    return [f"side={side}", f"{t}|side={side}", f"{read}|side={side}", f"label={label}", f"{side}|label={label}",
            f"{t}|label={label}", f"rank={_bucket(rank, 2)}", f"{side}|rank={_bucket(rank, 2)}",
            f"{read}|{side}|rank={_bucket(rank, 2)}", f"gap={_distance(len(between))}",
            f"{side}|gap={_distance(len(between))}", f"prev_prep={_preposition(prev)}",
            f"clitic={clitic_of(sp.mention)}", f"read={read}", f"{t}|read={read}",
            f"suffixed={hit.suffixed}", f"adjectival={adjectival}",
            f"boundary_between={any(x.text in CLAUSE_PUNCT or lookup(x.folded, CLAUSE_WORDS) for x in between)}",
            f"complementizer_between={any(lookup(x.folded, COMPLEMENTIZERS) for x in between)}",
            f"reporting_between={any(lookup(x.folded, REPORTING) for x in between)}",
            f"trigger_between={any(trigger_of(x) for x in between)}",
            f"rule={rule}", f"{t}|rule={rule}", f"{read}|rule={rule}",
            f"form={hit.form}|side={side}"]  # the verb's own way with its subject (لقي حتفه: it died)


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def candidate_features(ws: list[Word], hit: Hit, draft: Draft, sentence: int, hits: int,
                       points: int | None) -> list[str]:
    """Sparse features of one candidate for the classifier: what the trigger is and how it is
    read, its status, arguments and place in the article, for attacks and protests how concretely
    they are told (``incident_evidence``'s points), whether its sentence has a word of saying or
    sourcing anywhere (the status reads only those that source the event), and the words of mishaps
    in its sentence."""
    e, k, trig, read = draft.event, hit.k, hit.trigger, _read(hit)
    t = e.event_type
    a, b = draft.clause
    roles = Counter(p.role for p in e.participants)
    actor_labels = sorted({m.label for m in draft.actors})
    target_labels = sorted({p.mention.label for p in e.participants if p.role == "target" and p.mention})
    out = [f"type={t}", f"{t}|form={hit.form}", f"status={e.status}", f"{t}|status={e.status}",
           f"read={read}", f"{t}|read={read}",
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
                                  ("annotated", trig.annotated), (f"{t}|annotated", trig.annotated),
                                  ("negated", is_negated(ws, k)), ("clause_end", b - k <= 2),
                                  ("quoted", any(x.text in "«\"" for x in ws[:k])))
            if on]
    if points is not None:
        out += [f"evidence={_bucket(points, 5)}", f"{t}|evidence={_bucket(points, 5)}"]
    said = any(lookup(x.folded, REPORTING) for n, x in enumerate(ws) if n != k)  # a saying anywhere (قال، وفق)
    out += [f"said={said}", f"{t}|said={said}"]
    mishaps = {found[1] for x in ws if (found := lookup(x.folded, MISHAPS))}
    out += [f"{t}|mishap={word}" for word in sorted(mishaps)]
    return out + context_features(ws, k, t)


def bare(w: Word) -> str:
    """The last of the word's readings (:func:`~akhbar.extract.wordforms.readings`): the folded
    word with its shortest proclitic off (والهجوم → الهجوم, وقال → قال), else as it is."""
    return readings(w.folded)[-1][1]


def context_features(ws: list[Word], k: int, event_type: str) -> list[str]:
    """The words around the trigger ``ws[k]``, clitics off, each with the event type: the
    ``RULES.context_words`` nearest by their offset, and those within ``RULES.context_bag`` as a bag
    per side; ``<s>`` and ``</s>`` past the sentence's ends."""
    out = []
    for off in range(-RULES.context_bag, RULES.context_bag + 1):
        if off == 0:
            continue
        j = k + off
        word = bare(ws[j]) if 0 <= j < len(ws) else ("<s>" if j < 0 else "</s>")
        if abs(off) <= RULES.context_words:
            out.append(f"{event_type}|c{off}={word}")
        out.append(f"{event_type}|w{'-' if off < 0 else '+'}={word}")
    return out


def add_article_features(drafts: list[Draft]) -> None:
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
