"""Rule and lexicon based entity recognition (PER, ORG, GPE, LOC, FAC, NORP).

Per sentence: gazetteer phrases (longest match, a leading proclitic allowed), head-noun
rules for ORG/FAC/LOC (``مجلس النواب الأميركي``, ``السفارة الأميركية``, ``منطقة المنصور``),
person names after title cues or known first names; spans of a statistical token tagger
(:mod:`akhbar.ner`, ANERcorp labels refined to GPE/LOC/FAC) where no rule matched; then,
article-wide, bare surnames of names seen in full (``الكاظمي`` → ``مصطفى الكاظمي``).
Overlaps are resolved longest first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from akhbar.extract.translit import name_parts, to_latin
from akhbar.geo.places import CONFIG as GEO
from akhbar.geo.places import not_a_place
from akhbar.lexicon import Entry, Lexicon, load
from akhbar.model import Mention, Sentence, sentences_or_whole
from akhbar.ner.base import TokenTagger
from akhbar.ner.conll import spans
from akhbar.ner.crf import packaged_clusters
from akhbar.text.arabic import clean, fold, strip_proclitic
from akhbar.text.caches import word_cache
from akhbar.text.tokens import Token, tokenize

MAX_NAME_TOKENS = 3
MAX_TITLE_GAP = 10  # tokens between a title cue and the name (complements, ORG/NORP phrases)
MAX_DEFINITE_COMPLEMENT = 2  # ``لجنة العلاقات الخارجية``
ANCHORS = ("NORP", "GPE")
CLITIC_ARTICLE = ("بال", "لل", "فال", "كال")
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")
# tie-break between equally long candidates
PRIORITY = {"gaz_ORG": 6, "head": 5, "gaz_GPE": 4, "gaz_LOC": 4, "gaz_PER": 4, "PER": 3, "gaz_NORP": 2, "head_gpe": 1}
TAGGER_LABELS = {"PERS": "PER", "ORG": "ORG", "MISC": "MISC"}  # LOC is refined per span
TAGGER_CONFIDENCE = 0.7
UNSURE_PROCLITIC = ("tagger", "labeller")  # kinds whose first word's proclitic the lexicon did not check
# ANERcorp tags currencies MISC; as entities of their own they only crowd the entity table
CURRENCIES = frozenset(fold(w) for w in ("دولار", "دولارا", "دولارات", "يورو", "دينار", "دينارا",
                                         "درهم", "درهما", "جنيه", "جنيها", "ليرة", "ين", "روبل"))


@dataclass(slots=True)
class Word:
    """One token with its proclitic split off (when the stem is a known word)."""

    token: Token
    prefix: str
    stem: str  # cleaned, article restored for لل
    key: str  # folded stem
    whole: str  # folded token

    @property
    def definite(self) -> bool:
        return self.key.startswith("ال") and len(self.key) > 3

    @property
    def is_word(self) -> bool:
        return self.token.text[0].isalpha()


@dataclass(slots=True)
class Candidate:
    i: int  # first word
    j: int  # one past the last word
    label: str
    kind: str
    confidence: float
    entry: Entry | None = None


@dataclass(slots=True)
class Analysed:
    """One sentence as the rules see it: its words, the tagger's BIO tags (ANERcorp labels,
    all ``O`` without a tagger) and the resolved rule candidates, in text order."""

    sentence: Sentence
    words: list[Word]
    tags: list[str]
    candidates: list[Candidate]


class Labeller(Protocol):
    """A stage after the rules that gives each sentence's final entity spans."""

    name: str

    def relabel_all(self, sentences: Sequence[Analysed]) -> list[list[Candidate]]: ...


@dataclass(slots=True)
class Reading:
    """A text read by the rules: per sentence, its words and the candidates found so far, and
    the tagger's BIO tags once :meth:`EntityRecognizer.tag` has run (``None`` before or without
    a tagger)."""

    text: str
    sentences: list[tuple[Sentence, list[Word], list[Candidate]]]
    tags: list[list[str]] | None = None


class EntityRecognizer:
    """Lexicon + rules recognizer, optionally completed by a statistical ``tagger`` and
    followed by a learned ``labeller`` that sets the final spans and labels."""

    def __init__(self, lexicon: Lexicon | None = None, tagger: TokenTagger | None = None,
                 labeller: Labeller | None = None) -> None:
        self.lex = lexicon or load()
        self.tagger = tagger
        self.labeller = labeller
        self._split = word_cache(self._token_split)

    @property
    def vocabulary(self) -> Collection[str]:
        """Folded words seen at least five times in the news the word clusters were learned from
        (:func:`~akhbar.ner.crf.packaged_clusters`): whether a word is one word or a proclitic and a word."""
        return packaged_clusters().keys()

    # -- public -----------------------------------------------------------------
    def recognize(self, text: str, sentences: list[Sentence], field: str = "text",
                  names: Mapping[str, str] | None = None) -> list[Mention]:
        """Entity mentions of ``text`` (offsets into it), never crossing a sentence.

        ``names`` maps folded surnames to full names known from elsewhere in the article
        (see :func:`known_names`), so a title's bare ``الكاظمي`` is a person too. With a
        ``labeller``, its spans (see :mod:`akhbar.extract.labeller`) replace the rules' own.
        """
        reading = self.read(text, sentences)
        self.tag([reading])
        return self.mentions(reading, field, names)

    def analyse(self, text: str, sentences: list[Sentence],
                names: Mapping[str, str] | None = None) -> tuple[list[Analysed], dict[str, str]]:
        """Per sentence: its words, the tagger's tags and the rules' resolved candidates; and the
        article's surnames (folded last name → full name)."""
        reading = self.read(text, sentences)
        self.tag([reading])
        surnames = {**(names or {}), **self._surnames(reading.sentences)}
        return self._analysed(reading, surnames), surnames

    def read(self, text: str, sentences: list[Sentence]) -> Reading:
        """The words of ``text`` and the rules' candidates, sentence by sentence."""
        per_sentence = []
        for s in sentences_or_whole(text, sentences):
            words = [Word(t, *self._split(t.text)) for t in tokenize(text, s.start, s.end)]
            cands = self._gazetteer(words) + self._people(words) + self._dateline(words, text)
            cands += self._heads(words, cands)
            cands += self._persons(words, cands)
            per_sentence.append((s, words, cands))
        return Reading(text, per_sentence)

    def tag(self, readings: Sequence[Reading]) -> None:
        """Add the tagger's spans where no rule matched to ``readings``, each a document of its
        own, the tagger run once over them all."""
        if self.tagger is None:
            return
        documents = [[[w.token.text for w in words] for _, words, _ in r.sentences] for r in readings]
        for reading, tags in zip(readings, self.tagger.tag_documents(documents)):
            for (_, words, cands), sentence_tags in zip(reading.sentences, tags):
                cands += self._tagged(words, sentence_tags, cands)
            reading.tags = tags

    def mentions(self, reading: Reading, field: str = "text",
                 names: Mapping[str, str] | None = None) -> list[Mention]:
        """The mentions of a tagged :class:`Reading` (see :meth:`recognize`); with a ``labeller``,
        its spans (see :mod:`akhbar.extract.labeller`) replace the rules' own."""
        return self.mentions_all([reading], field, [names])[0]

    def mentions_all(self, readings: Sequence[Reading], field: str = "text",
                     names: Sequence[Mapping[str, str] | None] | None = None) -> list[list[Mention]]:
        """:meth:`mentions` of each reading (``names``: each one's known names), the labeller run once
        over all their sentences; a place mention of a name that is no place (the virus كورونا:
        :func:`~akhbar.geo.places.not_a_place`) is dropped."""
        read = []
        for reading, known in zip(readings, names or [None] * len(readings)):
            surnames = {**(known or {}), **self._surnames(reading.sentences)}
            read.append((reading, surnames, self._analysed(reading, surnames)))
        sentences = [a for _, _, analysed in read for a in analysed]
        spans = iter(self.labeller.relabel_all(sentences) if self.labeller is not None
                     else [a.candidates for a in sentences])
        found = [[self._mention(reading.text, a.sentence, a.words, c, surnames, field)
                  for a in analysed for c in next(spans)] for reading, surnames, analysed in read]
        return [[m for m in ms if not (m.label in GEO.labels and not_a_place(m.normalized))] for ms in found]

    def _analysed(self, reading: Reading, surnames: Mapping[str, str]) -> list[Analysed]:
        tags = reading.tags or [["O"] * len(words) for _, words, _ in reading.sentences]
        return [Analysed(s, words, list(sentence_tags),
                         _resolve(cands + self._bare_surnames(words, surnames)))
                for (s, words, cands), sentence_tags in zip(reading.sentences, tags)]

    def _token_split(self, text: str) -> tuple[str, str, str, str]:
        """A token's prefix, stem, folded stem and folded whole (see :class:`Word`)."""
        whole = fold(text)
        if whole in self.lex.known or not text[0].isalpha():
            return "", clean(text), whole, whole
        prefix, stem = strip_proclitic(clean(text), self.lex.known)
        if "ك" in prefix:  # كورونا is not ك + ورونا; "like X" before a name is rare
            prefix, stem = "", clean(text)
        return prefix, stem, fold(stem), whole

    # -- candidates ---------------------------------------------------------------
    def _gazetteer(self, words: list[Word]) -> list[Candidate]:
        """Longest gazetteer phrase at each word (its first token may carry a clitic)."""
        folded = [w.whole for w in words]
        out = []
        for i, w in enumerate(words):
            e = self.lex.phrase_at(folded, i, w.key)
            if e is None or (e.label == "NORP" and not self._norp_ok(words, folded, i)) \
                    or (e.label != "NORP" and not self._common_name_ok(e, folded, i)):
                continue
            out.append(Candidate(i, i + len(e.tokens), e.label, "gaz_" + e.label, e.confidence, e))
        return out

    def _people(self, words: list[Word]) -> list[Candidate]:
        """Known public figures, by full name or unambiguous surname (وترمب: Donald Trump)."""
        folded = [w.whole for w in words]
        out = []
        for i, w in enumerate(words):
            e = self.lex.phrase_at(folded, i, w.key, self.lex.people)
            if e is not None:
                out.append(Candidate(i, i + len(e.tokens), "PER", "gaz_PER", e.confidence, e))
        return out

    def _common_name_ok(self, e: Entry, folded: list[str], i: int) -> bool:
        """A one-word name that is also a common word (فتح: Fatah, or "opening") needs a head
        word before it (حركة فتح); elsewhere only the tagger may read it as a name."""
        if len(e.tokens) > 1 or e.tokens[0] not in self.lex.common:
            return True
        lex = self.lex
        return i > 0 and folded[i - 1] in (lex.org_strong | lex.org_weak | lex.gpe_heads | lex.loc_heads
                                           | lex.fac_heads)

    def _norp_ok(self, words: list[Word], folded: list[str], i: int) -> bool:
        """``الجمهورية`` is NORP after a definite noun (الأقلية الجمهورية), not in رئيس الجمهورية."""
        w = words[i]
        if not (w.key.endswith("يه") and w.definite):
            return True
        stem = w.key[2:-1]
        if stem not in self.lex.feminine_needs_head:
            return True
        prev_ok = i > 0 and words[i - 1].definite and words[i - 1].prefix == ""
        nxt = self.lex.phrase_at(folded, i + 1, words[i + 1].key) if i + 1 < len(words) else None
        return prev_ok and not (nxt and nxt.label in ANCHORS)

    def _dateline(self, words: list[Word], text: str) -> list[Candidate]:
        """``ايلاف من لندن:`` at the start of the text: source ORG and place GPE."""
        if not words or text[: words[0].token.start].strip():
            return []  # only at the very start of the text
        keys = [w.whole for w in words[:6]]
        if "من" not in keys[:3] or ":" not in keys:
            return []
        m, colon = keys.index("من"), keys.index(":")
        if not (1 <= m < colon - 1 and colon - m <= 3):
            return []
        return [Candidate(0, m, "ORG", "dateline", 0.8), Candidate(m + 1, colon, "GPE", "dateline", 0.8)]

    def _heads(self, words: list[Word], gaz: list[Candidate]) -> list[Candidate]:
        lex = self.lex
        at = {c.i: c for c in gaz}
        out = []
        for i, w in enumerate(words):
            k = w.key
            if k in lex.org_strong or k in lex.org_weak:
                label = "ORG"
            elif k in lex.fac_heads:
                label = "FAC"
            elif k in lex.loc_heads:
                label = "LOC"
            elif k in lex.gpe_heads:
                nxt = i + 1
                if nxt < len(words) and nxt not in at and self._name_like(words[nxt], 0, bare=True):
                    out.append(Candidate(nxt, nxt + 1, "GPE", "head_gpe", 0.55))
                continue
            else:
                continue
            end = self._complement(words, i, label, k in lex.org_strong, at)
            if end:
                anchored = any(c.i > i and c.j <= end for c in at.values())
                out.append(Candidate(i, end, label, "head", 0.75 if anchored else 0.65))
        return out

    def _complement(self, words: list[Word], i: int, label: str, strong: bool,
                    at: dict[int, Candidate]) -> int:
        """End (exclusive) of the name that head word ``i`` governs, 0 when there is none."""
        lex = self.lex
        head_definite = words[i].definite
        best, definite_run, pending_idafa, anchored = 0, 0, False, False
        j = i + 1
        while j < len(words):
            w = words[j]
            if not w.is_word or w.whole in lex.stopwords or w.key in lex.complement_stop \
                    or w.key in lex.titles:
                break
            c = at.get(j)
            if c is not None:
                if c.label in ANCHORS or c.label == "ORG" and label == "ORG":
                    if w.prefix and not (pending_idafa or c.label == "NORP"):
                        break
                    j = c.j
                    best, anchored, pending_idafa = j, True, False
                    continue
                break
            if label != "ORG" and (w.key in lex.fac_heads or w.key in lex.loc_heads):
                break
            if w.prefix == "ل" and label == "ORG" and strong and not pending_idafa:
                pending_idafa = True  # المكتب الاعلامي لرئاسة الحكومة العراقية
            elif w.prefix or anchored:
                break
            elif w.definite:
                definite_run += 1
                if definite_run > MAX_DEFINITE_COMPLEMENT + (1 if pending_idafa else 0):
                    break
            elif j == i + 1 and not head_definite and (strong or label != "ORG") \
                    and self._name_like(w, 0, bare=True):
                best = j + 1  # جامع الرحمن / شركة أرامكو: one proper-name token
                break
            else:
                break
            j += 1
            ok = not pending_idafa and not head_definite and (strong or label != "ORG")
            if ok and not anchored:
                best = j
        return best

    def _name_like(self, w: Word, pos: int, bare: bool = False) -> bool:
        """Can ``w`` be token ``pos`` of a person name (or a bare proper name)?"""
        lex = self.lex
        if not w.is_word or w.token.text[0].isdigit() or len(w.key) < 2:
            return False
        if w.whole in lex.stopwords or w.key in lex.titles or w.key in lex.stopwords:
            return False
        if lex.is_name_part(w.whole):
            return True
        if w.whole in lex.common or w.whole in lex.phrases:
            return False
        raw = clean(w.token.text)
        if pos == 0 or bare:
            return not w.key.startswith("ال") and not w.prefix and w.whole[0] != "و" \
                and not raw.startswith(CLITIC_ARTICLE) and not self._preposition_on_word(raw)
        # وزعيم / بالعاصمة / بضيفه: a conjunction, a clitic + article, or a clitic + pronoun suffix
        return raw[0] != "و" and not raw.startswith(CLITIC_ARTICLE) \
            and not (raw[0] in "بل" and raw.endswith(PRONOUN_SUFFIXES))

    def _preposition_on_word(self, raw: str) -> bool:
        """``لكرة`` (لكرة القدم), ``بوزارة``: ل or ب on a common word, not a given name (ليلى)."""
        return raw[0] in "لب" and len(raw) >= 4 and fold(raw[1:]) in self.lex.common \
            and fold(raw) not in name_parts()

    def _name_at(self, words: list[Word], j: int, taken: set[int]) -> int:
        """End of the person name starting at ``j`` (``j`` itself when there is none)."""
        k = j
        while k < len(words) and k - j < MAX_NAME_TOKENS and k not in taken \
                and self._name_like(words[k], k - j):
            k += 1
            if words[k - 1].key in self.lex.particles and k < len(words):
                k += 1  # عبد الله / أبو بكر: the particle binds the next word
        return k

    def _persons(self, words: list[Word], cands: list[Candidate]) -> list[Candidate]:
        lex = self.lex
        spans = {c.i: c for c in cands}
        taken = {k for c in cands for k in range(c.i, c.j)}
        out: list[Candidate] = []
        used: set[int] = set()
        for i, w in enumerate(words):
            if w.key in lex.titles and i not in used:
                j = i + 1
                while j < len(words) and j - i <= MAX_TITLE_GAP:
                    c = spans.get(j)
                    if c is not None and c.label in ("ORG", "NORP", "GPE", "LOC"):
                        j = c.j
                    elif words[j].definite and not words[j].prefix and words[j].whole not in lex.common \
                            or words[j].key in lex.titles or words[j].whole in ("عن", "في") \
                            or words[j].definite and words[j].whole in lex.common and j == i + 1:
                        j += 1
                    else:
                        break
                end = self._name_at(words, j, taken)
                if end == j and j + 1 < len(words) and words[j].whole in lex.common \
                        and not words[j].definite and self._name_like(words[j + 1], 1) \
                        and words[j + 1].whole not in lex.common and not words[j + 1].definite:
                    end = self._name_at(words, j + 1, taken)  # جو بايدن: a first name that is also a word
                if end > j:
                    conf = 0.8 if lex.is_first_name(words[j].whole) else 0.7
                    out.append(Candidate(j, end, "PER", "PER", conf))
                    used.update(range(j, end))
            elif i not in used and i not in taken and lex.is_first_name(w.key) and not w.definite:
                end = self._name_at(words, i + 1, taken)
                if end > i + 1 and (w.prefix == "" or w.prefix == "و"):
                    out.append(Candidate(i, end, "PER", "PER", 0.65))
                    used.update(range(i, end))
        return out

    def _tagged(self, words: list[Word], tags: list[str], rules: list[Candidate]) -> list[Candidate]:
        """The tagger's spans over words no rule candidate covers, with fine labels."""
        covered = {k for c in rules for k in range(c.i, c.j)}
        out = []
        for i, j, label in sorted(spans(tags)):
            if covered.isdisjoint(range(i, j)) and words[i].is_word and not words[i].token.text[0].isdigit() \
                    and not (j == i + 1 and words[i].key in CURRENCIES):
                fine = TAGGER_LABELS.get(label) or self._place_label(words, i, j)
                out.append(Candidate(i, j, fine, "tagger", TAGGER_CONFIDENCE))
        return out

    def _place_label(self, words: list[Word], i: int, j: int) -> str:
        """ANERcorp's LOC split by its head word: FAC (مطار), LOC (منطقة, نهر), else GPE."""
        head = words[i].key
        if head in self.lex.fac_heads:
            return "FAC"
        return "LOC" if head in self.lex.loc_heads else "GPE"

    def _surnames(self, per_sentence: list[tuple[Sentence, list[Word], list[Candidate]]]) -> dict[str, str]:
        """Folded last name → full name, from multi-word person names (first one wins)."""
        out: dict[str, str] = {}
        for _, words, cands in per_sentence:
            for c in cands:
                if c.label == "PER" and c.j - c.i >= 2:
                    last = words[c.j - 1].key
                    if last not in self.lex.particles and len(last) > 2:
                        out.setdefault(last, " ".join(w.stem if n == c.i else clean(w.token.text)
                                                      for n, w in enumerate(words[c.i:c.j], c.i)))
        return out

    def _bare_surnames(self, words: list[Word], surnames: dict[str, str]) -> list[Candidate]:
        out = []
        for i, w in enumerate(words):
            key = w.key if w.key in surnames else _unclitic_key(w.stem)
            if key in surnames:
                out.append(Candidate(i, i + 1, "PER", "PER", 0.7))
        return out

    # -- output ------------------------------------------------------------------
    def _mention(self, text: str, s: Sentence, words: list[Word], c: Candidate,
                 surnames: dict[str, str], field: str) -> Mention:
        first, last = words[c.i], words[c.j - 1]
        start, end = first.token.start, last.token.end
        # the surface keeps a proclitic (للعراق), the normalized form drops it (العراق)
        prefix, stem = first.prefix, first.stem
        if c.kind in UNSURE_PROCLITIC and not prefix:
            prefix, stem = _unknown_word_proclitic(clean(first.token.text), self.lex.known, self.vocabulary)
        elif prefix and _whole_word(clean(first.token.text), stem, self.vocabulary):
            prefix, stem = "", clean(first.token.text)  # فرقة الشرطة: no ف before الرقة's key
        normalized = stem + clean(text[first.token.end:end]) if prefix else clean(text[start:end])
        e = c.entry or self._entry_of(words, c)
        if e is not None and len(e.tokens) == c.j - c.i:
            canonical, latin, cc = e.canonical, e.latin, e.country_code
        elif c.label == "PER":
            canonical = surnames.get(fold(normalized), normalized) if c.j - c.i == 1 else normalized
            known = self.lex.person(canonical)
            canonical, latin, cc = (known.canonical, known.latin, known.country_code) if known \
                else (canonical, None, None)
        else:
            canonical, latin, cc = normalized, None, None
        return Mention(start=start, end=end, surface=text[start:end], label=c.label,
                       normalized=normalized, sentence_index=s.index, canonical=canonical,
                       canonical_latin=to_latin(canonical, latin), country_code=cc,
                       confidence=c.confidence, field=field)

    def _entry_of(self, words: list[Word], c: Candidate) -> Entry | None:
        """The gazetteer's entry spelled as the span's words exactly, for a span with none (the
        labeller's, where the rule candidate of the same words gave way to a longer one)."""
        if c.label == "PER":
            return None
        e = self.lex.phrase_at([w.whole for w in words], c.i, words[c.i].key)
        return e if e is not None and len(e.tokens) == c.j - c.i else None


def _unknown_word_proclitic(word: str, known: Collection[str], vocabulary: Collection[str]) -> tuple[str, str]:
    """Proclitic of a name the lexicons do not know: only before the article (بالموصل) or a
    conjunction و before four letters or more (وفولكسفاغن), never a guess like ب|شار; and none off
    a word the lexicons know whole (وزارة, وليد: ``known``) or the news has whole but not without
    it (وحدات, وكيل: ``vocabulary``; both folded)."""
    whole = fold(word)
    if whole in known:
        return "", word
    prefix, stem = strip_proclitic(word)
    if _whole_word(word, stem, vocabulary):
        return "", word
    if prefix and (stem.startswith("ال") or prefix == "و" and len(stem) >= 4):
        return prefix, stem
    return "", word


def _whole_word(word: str, stem: str, vocabulary: Collection[str]) -> bool:
    """``word`` is a word of the news as it stands (``vocabulary``, folded) and ``stem``, what a
    proclitic off it would leave, is not (فرقة / رقة, وحدات / حدات): no proclitic is split off."""
    return fold(word) in vocabulary and fold(stem) not in vocabulary


@word_cache
def _unclitic_key(stem: str) -> str:
    """``stem`` folded, with any proclitic split off (known words or not): a bare surname's key."""
    return fold(strip_proclitic(stem)[1])


def known_names(mentions: list[Mention]) -> dict[str, str]:
    """Folded surname → full name, from the multi-word person mentions of an article."""
    out: dict[str, str] = {}
    for m in mentions:
        name = m.canonical or m.normalized
        if m.label == "PER" and " " in name:
            out.setdefault(fold(name.rsplit(" ", 1)[1]), name)
    return out


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest (then highest priority) first, in text order."""
    taken: set[int] = set()
    kept = []
    for c in sorted(cands, key=lambda c: (-(c.j - c.i), -PRIORITY.get(c.kind, 3), c.i)):
        span = range(c.i, c.j)
        if not any(k in taken for k in span):
            taken.update(span)
            kept.append(c)
    return sorted(kept, key=lambda c: c.i)
