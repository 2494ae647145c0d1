"""Readable Latin forms of Arabic names (``مصطفى الكاظمي`` → ``Mustafa al-Kadhimi``).

A known Latin name (CLDR / GeoNames / curated) always wins. Otherwise the phrase is
romanized word by word:

1. ``resources/name_parts.tsv``: conventional spellings of frequent name parts and words
   (``محمد`` → ``Muhammad``, ``مجلس`` → ``Majlis``), also through inflection suffixes
   (``العراقية`` → ``al-Iraqiya`` from ``عراق``, ``الدولية`` → ``al-Duwaliya`` from ``دولي``).
2. Proclitics: the article (``al-``), ``لل`` (``lil-``), ``وال``/``بال`` (``wal-``/``bil-``)
   and, when the rest is a known word, ``و``/``ب``/``ل`` (``wa-``/``bi-``/``li-``).
3. Rules for the rest. Unvocalized Arabic writes only long vowels, so short vowels are
   guessed from the syllable structure: every consonant not followed by a vowel letter
   either closes a syllable or gets a short vowel, alternating like Arabic ``CVC.CV``
   (``مكتب`` → ``maktab``), with the usual patterns: ``فاعل`` + suffix takes ``i``
   (``الكاظمي`` → ``al-Kadhimi``), ``ـية`` is ``-iya``, a consonant before a consonantal
   ``ي`` takes ``i``, ``فعول`` plurals take ``u`` (``الشيوخ`` → ``al-Shuyukh``), and word-
   final clusters are kept only when they read well (``Hizb`` but ``Hasan``). Words that
   look like transcribed foreign names (``ترامب``, ``بايدن``, ``جو``) keep their clusters,
   get ``e`` as the guessed vowel, ``g`` for ``غ`` and ``o`` for a final ``و``.
4. A ``ة`` noun before a definite word is in construct (``وزارة الصحة`` →
   ``Wizarat al-Sihha``).

Output is deterministic ASCII: letters, ``'`` (for ``ع`` and some hamzas), hyphens and
spaces; words capitalized, ``al-`` and particles lowercase.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial

from akhbar.lexicon import RESOURCES
from akhbar.text.arabic import clean, fold
from akhbar.text.caches import word_cache

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "dh", "ع": "'", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "ch",
    "گ": "g", "ڤ": "v", "ڨ": "g", "ی": "y", "ک": "k",
}
_HAMZAS = "ءأإؤئآ"
_VOWEL_LETTERS = "اىةوي"
_LONG = "اى"
_FOREIGN_LETTERS = set("پچگڤڨ")
# letters foreign-name transcriptions practically never use
_NATIVE_LETTERS = set("عحصضظثذءؤئةق")
_SONORANT = {"r", "l", "n", "m", "w", "y"}
_ONSET_SECOND = {"r", "l"}
_ONSET_FIRST = {"b", "p", "t", "d", "k", "g", "f", "v"}
_S_ONSET = {"t", "k", "p", "m", "n", "l", "w"}
_TAFAUL = re.compile("^تشا[^اىة][^اىة][ةي]?$")  # تشاور (tashawur), not تشاك (Chuck)
_ARABIC_RUN = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_TOKEN = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+|[^\\W_]+", re.UNICODE)
# proclitic + article clusters, longest first
_PROCLITICS = (("ولل", "wa-lil-"), ("وبال", "wa-bil-"), ("وال", "wal-"), ("بال", "bil-"),
               ("فال", "fal-"), ("لل", "lil-"))
_SHORT_PROCLITICS = (("وب", "wa-bi-"), ("ول", "wa-li-"), ("و", "wa-"), ("ب", "bi-"),
                     ("ل", "li-"))
# folded inflection suffixes: (suffix, Latin ending)
_SUFFIXES = (("يين", "iyin"), ("يون", "iyun"), ("يات", "iyat"), ("يه", "iya"), ("ي", "i"),
             ("ات", "at"), ("ون", "un"), ("ين", "in"), ("ه", "a"))


@dataclass(frozen=True, slots=True)
class Part:
    latin: str
    kind: str  # n = name part, f = foreign given name, p = particle, w = word


@dataclass(slots=True)
class _Word:
    prefix: str  # lowercase proclitic, e.g. "wa-", "lil-"
    definite: bool  # article or a proclitic with the article
    latin: str
    kind: str
    construct: bool  # ends in ta marbuta and may take -at
    particle: bool = False
    foreign: bool | None = None  # looks like a transcribed foreign name (None: unclear)


@dataclass(slots=True)
class _Unit:
    kind: str  # "C" or "V"
    latin: str
    hamza: bool = False
    initial: bool = False  # word-initial short vowel from an alif
    ins: str = ""  # guessed short vowel after a consonant
    src: int = -1  # index of the letter in the word
    force: str = ""  # short vowel this consonant must take (ثانوي: n takes a)


# -- resources ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def name_parts() -> dict[str, Part]:
    """Folded Arabic (one or two words) → conventional Latin spelling."""
    out: dict[str, Part] = {}
    path = RESOURCES / "name_parts.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        arabic, latin, kind = line.split("\t")[:3]
        out.setdefault(" ".join(fold(w) for w in arabic.split()), Part(latin, kind))
    return out


@lru_cache(maxsize=1)
def _known_words() -> tuple[frozenset[str], frozenset[str], dict[str, int], frozenset[str]]:
    """Folded single-word gazetteer forms, common words (``common.txt``), person-name tokens
    with their counts, and the tokens that are mostly person names."""
    places: set[str] = set()
    common: set[str] = set()
    counts: dict[str, int] = {}
    names: set[str] = set()
    path = RESOURCES / "names.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            tok, first, inner, other = line.split("\t")
            counts[tok] = int(first) + int(inner)
            if int(first) + int(inner) > int(other):
                names.add(tok)
    path = RESOURCES / "common.txt"
    if path.exists():
        common.update(w for w in path.read_text(encoding="utf-8").split() if w)
    path = RESOURCES / "gazetteer.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            form = line.split("\t", 1)[0]
            if " " not in form:
                places.add(fold(form))
    return frozenset(places), frozenset(common), counts, frozenset(names)


def _splittable(whole: str, rest: str, hamza: bool = False) -> bool:
    """Whether a proclitic may be split off ``whole`` (folded) leaving ``rest`` (folded).

    Never when the whole is itself a listed word or place; always when the rest starts with a
    hamza (``لأوباما``: no word continues و/ب/ل with one) or is in the name-part table
    (``لرئاسة``); otherwise when the rest is a known word and the whole is not (``وهشام`` but
    not ``وسام``, ``لجنة`` is not ``ل`` + ``جنة``)."""
    places, common, counts, _ = _known_words()
    if whole in places or _lookup(whole) is not None:
        return False
    if hamza or rest in name_parts():
        return True
    if whole in common:
        return False
    if rest in common or rest in places:
        return counts.get(rest, 0) >= counts.get(whole, 0)
    return rest in counts and counts[rest] > counts.get(whole, 0)


# -- one word by rule --------------------------------------------------------------------
def _looks_foreign(body: str) -> bool | None:
    """True for a transcribed foreign name (``ترامب``, ``بايدن``, ``كريستيانو``), False for a
    word with letters foreign transcriptions practically never use, None when unclear."""
    if any(ch in _FOREIGN_LETTERS for ch in body):
        return True
    if any(ch in _NATIVE_LETTERS for ch in body[1:]) or body[0] in "عحصضظثذق":
        return False
    if len(body) >= 2 and body[-1] == "و" and body[-2] != "و":
        return True  # جو، رونالدو، الفيديو: a final -o
    if body.startswith("تش") and len(body) > 2 and body[2] in "اوي" and not _TAFAUL.match(body):
        return True  # تشاك, تشيني: ch
    units = _units(body, False)
    vowels = [k for k, u in enumerate(units) if u.kind == "V" and not u.initial]
    if vowels:
        last = vowels[-1]
        tail = len(units) - 1 - last
        head = sum(1 for u in units[:last] if u.kind == "C")
        if tail >= 3:
            return True  # بايدن: no Arabic word ends in three consonants
        c1, c2 = (units[last + 1].latin, units[-1].latin) if tail == 2 else ("", "")
        if tail == 2 and head >= 2 and body[0] != "م" and units[last].latin == "a" \
                and c1 in ("r", "l", "n", "m") and _good_coda(c1, c2):
            return True  # ترامب, دونالد (but فاعل: كامل; مفاعل: مبارك; تفاعل: تبادل)
    vowels = [u for u in units if u.kind == "V" and not u.initial]
    if vowels and body.endswith("ي") and units[-1].kind == "V":
        vowels.pop()  # a nisba -i: سليماني
    if len(vowels) >= 3:
        return True  # كريستيانو, إيمانويل: every vowel written
    return None


def _units(body: str, foreign: bool) -> list[_Unit]:
    """Consonant and long-vowel units of one word (no article, no proclitic)."""
    units: list[_Unit] = []
    n = len(body)
    i = 0
    first = body[0]
    if first in "اأإآ":
        nxt = body[1] if n > 1 else ""
        after = body[2] if n > 2 else ""
        if first == "آ":
            units.append(_Unit("V", "a"))
            i = 1
        elif nxt == "ي" and after and after not in _VOWEL_LETTERS \
                and not (first == "أ" and n > 3 and body[3] not in _VOWEL_LETTERS):
            units.append(_Unit("V", "i"))  # إيران, إيطاليا (but أيام, أيمن)
            i = 2
        elif nxt == "و" and after and after not in _VOWEL_LETTERS and (n == 3 or body[3] in "اوي"):
            units.append(_Unit("V", "o"))  # أوباما, أوروبا
            i = 2
        elif nxt == "و" and after and after not in _VOWEL_LETTERS and n > 3 and body[3] not in _VOWEL_LETTERS:
            units.append(_Unit("V", "u"))  # أوزبكي, أوغندا
            i = 2
        else:
            wasl = first == "ا" and n >= 5 and nxt not in _VOWEL_LETTERS and after not in _VOWEL_LETTERS
            vowel = "i" if first == "إ" or wasl else "a"
            units.append(_Unit("V", vowel, initial=True))
            i = 1
    while i < n:
        for u in units[-2:]:
            if u.src < 0:
                u.src = i - 1
        ch = body[i]
        nxt = body[i + 1] if i + 1 < n else ""
        prev = units[-1] if units else None
        if ch == "ت" and nxt == "ش" and (i == 0 or foreign) and i + 2 < n and body[i + 2] in "اوي" \
                and not (i == 0 and _TAFAUL.match(body)):
            units.append(_Unit("C", "ch"))  # تشاك, ريتشارد
            i += 2
            continue
        if ch in _LONG:
            if ch == "ا" and prev is not None and prev.kind == "V" and prev.latin == "a":
                pass  # doubled alif
            else:
                units.append(_Unit("V", "a"))
        elif ch == "ة":
            if prev is not None and prev.kind == "V" and prev.latin == "a":
                units.append(_Unit("C", "t"))  # حياة → hayat
            else:
                units.append(_Unit("V", "a"))
        elif ch in "وي":
            units.extend(_semivowel(body, i, units, foreign))
        elif ch in _HAMZAS:
            if ch == "آ":
                units.extend((_Unit("C", "'", hamza=True), _Unit("V", "a")))
            else:
                units.append(_Unit("C", "'", hamza=True))
        elif ch in _CONSONANTS:
            latin = _CONSONANTS[ch]
            if foreign and ch == "غ":
                latin = "g"
            units.append(_Unit("C", latin))
        i += 1
    for u in units[-2:]:
        if u.src < 0:
            u.src = n - 1
    return units


def _semivowel(body: str, i: int, units: list[_Unit], foreign: bool) -> list[_Unit]:
    """``و``/``ي`` as a consonant (w/y) or a long vowel (u/i, final foreign ``و`` → o)."""
    ch = body[i]
    nxt = body[i + 1] if i + 1 < len(body) else ""
    prev = units[-1] if units else None
    cons, vowel = ("w", "u") if ch == "و" else ("y", "i")
    if prev is None or prev.kind == "V":
        if prev is not None and prev.initial and nxt not in _VOWEL_LETTERS:
            return [_Unit("V", vowel)]  # اوروبا-like spellings after a bare initial alif
        if foreign and ch == "و" and not nxt and prev.latin == "i":
            return [_Unit("V", "o")]  # بومبيو
        return [_Unit("C", cons)]
    if not nxt:
        if ch == "ي":
            return [_Unit("V", "i")]
        return [_Unit("V", "o" if foreign else "u")]
    if ch == "ي" and nxt == "و" and i + 2 < len(body) and body[i + 2] in "اىة":
        return [_Unit("V", "i")]  # ديوان → diwan
    if ch == "و" and nxt == "ي":
        rest = body[i + 2:]
        if rest in ("", "ة", "ون", "ين", "ات"):
            prev.force = "a"  # nisba of -a words: ثانوي → thanawi, علوية → alawiya
            return [_Unit("C", "w")]
        if rest and rest[0] not in _VOWEL_LETTERS:
            return [_Unit("C", "w")]  # قزوين → qazwin, تويتر
    if nxt in "اىة" or (ch == "ي" and nxt in "وي" and i + 2 < len(body)):
        if ch == "ي" and foreign and nxt in "او" and i + 2 == len(body):
            return [_Unit("V", "i")]  # final -ia / -io of foreign names: إيطاليا, أنطونيو
        return [_Unit("C", cons)]
    return [_Unit("V", vowel)]


def _good_coda(c1: str, c2: str) -> bool:
    """A word-final consonant pair that reads well (``Harb``, ``Sa'd``, ``Fahd``, ``Hizb``,
    ``Tramb``; not ``Hasn``, ``Asd``)."""
    if c2 in _SONORANT or c2 == "'" or c1 == c2:
        return False
    if c1 in ("r", "l", "n", "m", "'", "h", "kh"):
        return True
    return c1 in ("s", "sh", "f", "z", "dh", "th", "gh") and c2 in ("t", "k", "q", "b")


def _good_onset(c1: str, c2: str) -> bool:
    return (c1 in _ONSET_FIRST and c2 in _ONSET_SECOND) or (c1 == "s" and c2 in _S_ONSET) \
        or (c1 in {"g", "k", "q", "t", "d"} and c2 == "w")


def _stem_shape(body: str) -> str:
    """The word without a nisba / feminine / plural suffix (for pattern checks)."""
    for suffix in ("يين", "يون", "يات", "ية", "ات", "ة", "ي"):
        if body.endswith(suffix) and len(body) - len(suffix) >= 3:
            return body[: -len(suffix)]
    return body


def _rule(body: str, definite: bool, foreign: bool = False) -> str:
    """Rule romanization of one bare word (lowercase); ``foreign`` for a transcribed name."""
    units = _units(body, foreign)
    if not units:
        return ""
    stem = _stem_shape(body)
    # فاعل / مفاعل / فعالل + suffix (الكاظمي، جامعة، مقاتل، الثعالبي): the pair after ا takes i
    head = stem[:-3]
    faail = len(stem) >= 4 and stem[-3] == "ا" and all(c not in _VOWEL_LETTERS for c in stem[-2:]) \
        and stem[-2] not in _HAMZAS and head[-1:] not in _VOWEL_LETTERS \
        and 1 <= len(head) <= 2 and all(c not in _VOWEL_LETTERS for c in head)
    # فعول plural with the article (الشيوخ، الحقوق): u before the long u
    fuul = definite and stem == body and len(stem) == 4 and stem[2] == "و" \
        and stem[0] not in _VOWEL_LETTERS
    # مفاعلة (مكافحة، مشاركة) is mufa'ala: a, not i
    faail_vowel = "a" if body[0] == "م" and body.endswith("ة") and len(stem) == 5 else "i"
    default = "e" if foreign else "a"
    consonants = [k for k, u in enumerate(units) if u.kind == "C"]
    last_c = consonants[-1] if consonants else -1
    state = "start"  # start | vowel (long) | short | closed
    first_insert = True
    for k, u in enumerate(units):
        if u.kind == "V":
            state = "short" if u.initial else "vowel"
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and nxt.kind == "V":
            state = "vowel"
            continue
        after = units[k + 2] if k + 2 < len(units) else None
        before_y = nxt is not None and nxt.kind == "C" and nxt.latin == "y" and after is not None \
            and after.kind == "V"
        quality = default
        if before_y:
            quality = "u" if after.latin == "u" and not foreign else "i"
        elif not foreign and fuul and k == 0:
            quality = "u"
        elif units[0].initial and units[0].latin == "i" and first_insert and not foreign:
            quality = "i"  # انتخاب، استقلال
        if k == len(units) - 1:
            state = "closed"
            continue
        if u.force:
            u.ins = u.force
            state = "short"
            continue
        if before_y and foreign and state == "vowel":
            insert = False  # نتانياهو → Netanyaho
        elif before_y:
            insert = True
            if foreign and quality == "i":
                nxt.latin = ""  # كريستيانو → Kristiano
        elif state in ("start", "closed"):
            # foreign names keep an onset cluster before a vowel: ترامب, كاسترو
            insert = not (foreign and nxt is not None and nxt.kind == "C"
                          and _good_onset(u.latin, nxt.latin)
                          and (k + 2 < len(units) and units[k + 2].kind == "V"))
        elif state == "vowel":
            prev = units[k - 1] if k else None
            insert = not foreign and faail and prev is not None and prev.latin == "a" \
                and nxt is not None and nxt.kind == "C" and u.src == len(stem) - 2
            if insert:
                quality = faail_vowel
        else:
            insert = False
        if insert:
            u.ins = quality
            first_insert = False
            state = "short"
        else:
            state = "closed"
    # word-final consonant pair
    if last_c == len(units) - 1 and last_c >= 1:
        prev = units[last_c - 1]
        if prev.kind == "C" and not prev.ins and not _good_coda(prev.latin, units[last_c].latin):
            before = units[last_c - 2] if last_c >= 2 else None
            if foreign:
                prev.ins = "e"
            elif before is not None and before.kind == "V" and before.latin == "a" and not before.initial:
                prev.ins = "i"  # faa'il: كاظم
            elif before is not None and before.kind == "V" and before.latin in "ui" and not before.initial:
                prev.ins = "i"
            else:
                prev.ins = "a"
    return _render(units)


def _render(units: list[_Unit]) -> str:
    pieces: list[str] = []
    for k, u in enumerate(units):
        if u.kind == "C" and u.latin == "'":
            prev_vowel = bool(pieces) and pieces[-1][-1:] in ("a", "e", "i", "o", "u")
            nxt_vowel = bool(u.ins) or (k + 1 < len(units) and units[k + 1].kind == "V")
            if not pieces:
                pieces.append(u.ins)  # word-initial ع / hamza: just the vowel
                continue
            if u.hamza and not (prev_vowel and nxt_vowel):
                pieces.append(u.ins)  # رأس → ras, مسؤول → masul
                continue
            if not prev_vowel and not nxt_vowel:
                pieces.append(u.ins)
                continue
        pieces.append(u.latin + u.ins)
    return "".join(pieces).lstrip("'").replace("ii", "i")


# -- words and phrases -------------------------------------------------------------------
def _lookup(folded: str) -> Part | None:
    """A table entry for the folded word, directly or through an inflection suffix:
    ``عراقية`` → ``Iraq`` + ``iya``, ``دولية`` → ``Duwali`` + ``ya``, ``حكومات`` → ``Hukumat``,
    ``مسلمين`` → ``Muslim`` + ``in``."""
    table = name_parts()
    part = table.get(folded)
    if part is not None:
        return part
    for suffix, ending in _SUFFIXES:
        stem = folded[: -len(suffix)]
        if not folded.endswith(suffix) or len(stem) < 2:
            continue
        base = table.get(stem)
        if suffix == "ات":  # feminine plural of a ة noun
            singular = table.get(stem + "ه")
            if singular is not None and singular.latin.endswith("a"):
                return Part(singular.latin[:-1] + "at", "w")
        if base is None or base.kind == "p" or " " in base.latin:
            continue
        latin = base.latin
        if suffix == "ه" and latin.endswith("i"):
            return Part(latin + "ya", "w")  # دولي → دولية
        if latin.endswith("i") and suffix in ("ون", "ين", "ات"):
            return Part(latin + "y" + ending, "w")  # ديمقراطي → ديمقراطيين
        if latin.endswith(("a", "i")) and ending[0] in "ai":
            latin = latin[:-1]
        return Part(latin + ending, "w")
    return None


def _cap(latin: str) -> str:
    return latin[:1].upper() + latin[1:] if latin else latin


def _body(body: str, definite: bool, foreign: bool) -> tuple[str, str, bool | None]:
    """(Latin, kind, looks foreign) of a word without article or proclitic; ``foreign`` is the
    mode for a word with no clear signal of its own (a phrase with a foreign name)."""
    folded = fold(body)
    part = _lookup(folded)
    if part is not None:
        return part.latin, part.kind, part.kind == "f" or None
    if folded.startswith("عبدال") and len(folded) > 6:  # عبدالرحمن
        rest_latin, _, _ = _body(body[5:], True, False)
        return "Abd al-" + _cap(rest_latin), "n", False
    if body.endswith("ستان") and len(body) > 5:  # أفغانستان, تتارستان
        stem_latin, _, _ = _body(body[:-4], definite, foreign)
        return stem_latin + "stan", "w", None
    detected = _looks_foreign(body)
    mode = detected if detected is not None else foreign and not definite
    return _cap(_rule(body, definite, mode)), "w", detected


def _word(token: str, foreign: bool = False) -> _Word:
    """Romanize one Arabic token with its proclitics."""
    table = name_parts()
    places, common, _, _ = _known_words()
    folded = fold(token)
    ends_tm = token.endswith("ة")
    part = table.get(folded)
    if part is not None:
        return _Word("", False, part.latin, part.kind, ends_tm, part.kind == "p",
                     part.kind == "f" or None)
    for cluster, prefix in _PROCLITICS:
        if token.startswith(cluster) and len(token) - len(cluster) >= 3:
            if cluster in ("وال", "بال", "فال") and (folded in places or folded in common):
                break  # a word that merely starts with the cluster
            latin, kind, detected = _body(token[len(cluster):], True, foreign)
            return _Word(prefix, True, latin, kind, ends_tm, False, detected)
    if token.startswith("ال") and len(token) > 3:
        latin, kind, detected = _body(token[2:], True, foreign)
        return _Word("al-", True, latin, kind, ends_tm, False, detected)
    for cluster, prefix in _SHORT_PROCLITICS:
        rest = token[len(cluster):]
        if token.startswith(cluster) and len(rest) >= 3 \
                and _splittable(folded, fold(rest), rest[0] in "أإآ"):
            if rest.startswith("ال") and len(rest) > 3:
                latin, kind, detected = _body(rest[2:], True, foreign)
                return _Word(prefix + "al-", True, latin, kind, ends_tm, False, detected)
            latin, kind, detected = _body(rest, False, foreign)
            return _Word(prefix, False, latin, kind, ends_tm, False, detected)
    latin, kind, detected = _body(token, False, foreign)
    return _Word("", False, latin, kind, ends_tm, False, detected)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in "'-"))


def _words(tokens: list[str], foreign: bool) -> list[_Word | str]:
    table = name_parts()
    names = _known_words()[3]
    out: list[_Word | str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not _ARABIC_RUN.fullmatch(tok):
            out.append(_ascii(tok))
            i += 1
            continue
        if i + 1 < len(tokens):  # two-word entries: عبد الله, زين العابدين
            pair = table.get(fold(tok) + " " + fold(tokens[i + 1]))
            if pair is not None:
                out.append(_Word("", False, pair.latin, pair.kind, False))
                i += 2
                continue
        w = _word(tok, foreign)
        if w.kind in ("n", "f") or fold(tok) in names:
            w.construct = False
        out.append(w)
        i += 1
    return out


@partial(word_cache, maxsize=65_536)
def romanize(text: str) -> str:
    """Readable romanization of an Arabic phrase (see the module docstring)."""
    tokens = _TOKEN.findall(clean(text))
    out = _words(tokens, False)
    # a phrase with a transcribed foreign name (تشاك شومر): its unclear words are foreign too
    if any(isinstance(w, _Word) and w.foreign for w in out):
        out = _words(tokens, True)
    words: list[str] = []
    for k, w in enumerate(out):
        if isinstance(w, str):
            if w:
                words.append(w)
            continue
        latin = w.latin
        nxt = out[k + 1] if k + 1 < len(out) else None
        if w.construct and not w.definite and isinstance(nxt, _Word) and nxt.definite \
                and not nxt.particle and latin.endswith("a"):
            latin += "t"  # وزارة الصحة → Wizarat al-Sihha
        if w.particle:
            latin = latin.lower() if words else _cap(latin)
        elif latin[:3] != "al-":
            latin = _cap(latin)
        words.append(w.prefix + latin)
    return " ".join(words)


def to_latin(canonical: str, known: str | None = None) -> str:
    """The known Latin name when there is one, else :func:`romanize`."""
    return known or romanize(canonical)
