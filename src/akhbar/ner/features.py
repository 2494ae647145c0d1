"""Token features of the CRF tagger: word forms, affixes, shape, lexicons, clusters, context.

Every token is a whitespace token with its clitics attached (as in ANERcorp), so the features
look at it three ways: the folded token, its stem with one proclitic cluster split off
(``والعراق`` → ``العراق``) and the stem without its article (``عراق``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from akhbar.lexicon import Lexicon
from akhbar.ner.linear_crf import LinearCrf
from akhbar.text.arabic import clean, fold, strip_proclitic
from akhbar.text.caches import word_cache

WINDOW = (-3, -2, -1, 1, 2, 3)
# The segment of features a token gives the neighbour it is ``off`` tokens from (c64 and c1k only
# next to it); its context tuple holds one segment per WINDOW offset, with the gazetteer tag O.
_NEIGHBOUR = ("w", "s", "c", "g", "cue", "c64", "c1k")
_SEGMENTS = tuple(tuple(f"{off}{name}=" for name in _NEIGHBOUR[:7 if abs(off) == 1 else 5]) for off in WINDOW)


def _slots() -> tuple[tuple[int, int, int, int, str, str], ...]:
    """Per WINDOW offset: the offset; where its segment starts, has its gazetteer tag and ends in a
    context tuple; the gazetteer feature's name and the feature past either end of the sentence."""
    out, start = [], 0
    g = _NEIGHBOUR.index("g")
    for off, names in zip(WINDOW, _SEGMENTS):
        edge = f"{off}w=" + ("BOS" if off < 0 else "EOS")
        out.append((off, start, start + g, start + len(names), names[g], edge))
        start += len(names)
    return tuple(out)


_SLOTS = _slots()
TOKEN_CACHE = 30_000  # tokens whose features are kept (about 2 kB each)
_PUNCT = frozenset(".,،؛;:!?؟\"'«»()[]{}-–—_/\\*")


@dataclass(frozen=True, slots=True)
class Forms:
    whole: str  # folded token
    stem: str  # folded, proclitic removed when the stem is a known word (article kept)
    bare: str  # stem without ال
    prefix: str  # the proclitic split off ('' when none)


def shape(token: str) -> str:
    """``digit``, ``latin``, ``punct`` or ``""`` (a word in Arabic script)."""
    if token[:1].isdigit() or token[-1:].isdigit():
        return "digit"
    if token.isascii() and token[:1].isalpha():
        return "latin"
    if token in _PUNCT or not token[:1].isalnum():
        return "punct"
    return ""


class Featurizer:
    """Feature strings for sentences; pure, and cached per token."""

    def __init__(self, lexicon: Lexicon, clusters: dict[str, tuple[str, ...]]) -> None:
        self.lex = lexicon
        self.clusters = clusters
        self._cues = {}
        for name, words in (("title", lexicon.titles), ("org", lexicon.org_strong | lexicon.org_weak),
                            ("fac", lexicon.fac_heads), ("loc", lexicon.loc_heads),
                            ("gpe", lexicon.gpe_heads), ("stop", lexicon.stopwords)):
            for w in words:
                self._cues.setdefault(w, name)
        self._forms = word_cache(self._token_forms)
        self._token = word_cache(self.token_features, TOKEN_CACHE)

    def forms(self, token: str) -> Forms:
        return self._forms(token)

    def _token_forms(self, token: str) -> Forms:
        whole = fold(token)
        prefix, stem = "", whole
        if whole not in self.lex.known and token[:1].isalpha():
            split = strip_proclitic(clean(token), self.lex.known)
            prefix, stem = split[0], fold(split[1])
        bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
        return Forms(whole, stem, bare, prefix)

    def cue(self, f: Forms) -> str:
        return self._cues.get(f.stem) or self._cues.get(f.whole) or "-"

    def _cluster(self, f: Forms) -> tuple[str, ...]:
        return self.clusters.get(f.whole) or self.clusters.get(f.stem) or ("-",) * 3

    def token_features(self, token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Its own features and its context tuple (see ``_SEGMENTS``): plain tuples of strings,
        which the garbage collector stops tracking (not cached: :meth:`sentence` caches them)."""
        f = self._forms(token)
        w = f.whole
        cue, c = self.cue(f), self._cluster(f)
        feats = ["w=" + w, "s=" + f.stem, "b=" + f.bare, "pre=" + f.prefix, "cue=" + cue]
        feats += [f"p{k}={w[:k]}" for k in (1, 2, 3)] + [f"x{k}={w[-k:]}" for k in (1, 2, 3, 4)]
        feats += [f"bp{k}={f.bare[:k]}" for k in (2, 3)] + [f"bx{k}={f.bare[-k:]}" for k in (1, 2, 3)]
        feats.append("len=" + str(min(len(f.bare), 8)))
        if kind := shape(token):
            feats.append(kind)
        if f.stem.startswith("ال"):
            feats.append("definite")
        if f.bare.endswith(("ي", "يه", "يون", "يين")):
            feats.append("nisba")
        for size, cluster in zip(("c64", "c256", "c1k"), c):
            feats.append(f"{size}={cluster}")
        values = (w, f.stem, c[1], "O", cue, c[0], c[2])
        # one copy of each feature that recurs across tokens (all but the word's own forms)
        return (tuple(feats[:3]) + tuple(map(sys.intern, feats[3:])),
                tuple(sys.intern(name + value) if k > 1 else name + value
                      for names in _SEGMENTS for k, (name, value) in enumerate(zip(names, values))))

    def gazetteer(self, forms: list[Forms]) -> list[str]:
        """BIO gazetteer tags: longest lexicon phrase at each token (a clitic on its first token)."""
        folded = [f.whole for f in forms]
        tags = ["O"] * len(forms)
        i = 0
        while i < len(forms):
            best = self.lex.phrase_at(folded, i, forms[i].stem)
            if best is None:
                i += 1
                continue
            tags[i] = "B-" + best.label
            for k in range(1, len(best.tokens)):
                tags[i + k] = "I-" + best.label
            i += len(best.tokens)
        return tags

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """One feature list per token."""
        forms = [self._forms(t) for t in tokens]
        parts = [self._token(t) for t in tokens]
        gaz = self.gazetteer(forms)
        n = len(tokens)
        out = []
        for i, (own, _) in enumerate(parts):
            feats = ["bias", "g=" + gaz[i], *own]
            for off, start, g, end, gaz_name, edge in _SLOTS:
                k = i + off
                if not 0 <= k < n:
                    feats.append(edge)
                elif gaz[k] == "O":
                    feats += parts[k][1][start:end]
                else:
                    context = parts[k][1]
                    feats += context[start:g]
                    feats.append(gaz_name + gaz[k])
                    feats += context[g + 1:end]
            if i > 0:
                feats.append(f"bi-={forms[i - 1].stem}|{forms[i].stem}")
            if i + 1 < n:
                feats.append(f"bi+={forms[i].stem}|{forms[i + 1].stem}")
            out.append(feats)
        return out


class Scorer:
    """A linear model's summed state weights (per label) of :meth:`Featurizer.sentence`'s features, and
    of extra per-token features, without making the feature strings: a token's own features and the
    context segment it gives each neighbour are summed once per word (cached, ``TOKEN_CACHE`` words);
    its gazetteer tags, word pairs and the sentence edges are looked up per sentence."""

    def __init__(self, featurizer: Featurizer, model: LinearCrf) -> None:
        self.features = featurizer
        self.model = model
        self._rows = np.eye(len(_SLOTS) + 1)  # one-hot rows of a token's sums (own, then per slot)
        self._start = self._weight("bias") + self._weight("g=O")
        self._edges = [self._weight(edge) for *_, edge in _SLOTS]
        self._marks: dict[str, np.ndarray] = {}  # gazetteer feature → its weight less the tag O's
        self._token = word_cache(self._token_sums, TOKEN_CACHE)

    def _weight(self, feature: str) -> np.ndarray:
        return self.model.total((feature,))

    def _mark(self, name: str, tag: str) -> np.ndarray:
        if (found := self._marks.get(name + tag)) is None:
            found = self._marks[name + tag] = self._weight(name + tag) - self._weight(name + "O")
        return found

    def _token_sums(self, token: str) -> np.ndarray:
        """Row 0: the token's own features; row 1 + o: the segment it gives the token ``WINDOW[o]``
        before it, with its gazetteer tag ``O``."""
        own, context = self.features.token_features(token)
        get = self.model.attributes.get
        rows, ids = [], []
        for row, feats in enumerate((own, *(context[start:end] for _, start, _, end, _, _ in _SLOTS))):
            for f in feats:
                if (k := get(f)) is not None:
                    rows.append(row)
                    ids.append(k)
        return self._rows[rows].T @ self.model.state[ids]

    def sentence(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] = ()) -> np.ndarray:
        """Tokens × labels: the summed weights of ``Featurizer.sentence(tokens)[i] + extra[i]``."""
        n = len(tokens)
        if not n:
            return np.zeros((0, len(self.model.labels)))
        forms = [self.features.forms(t) for t in tokens]
        gaz = self.features.gazetteer(forms)
        sums = np.stack([self._token(t) for t in tokens])
        out = sums[:, 0] + self._start
        for o, (off, *_), edge in zip(range(1, len(_SLOTS) + 1), _SLOTS, self._edges):
            lo, hi = max(0, off), min(n, n + off)  # the neighbours k that a token k - off has
            if hi > lo:
                out[lo - off:hi - off] += sums[lo:hi, o]
            out[:max(0, min(n, -off))] += edge  # no neighbour before the first token
            out[max(0, n - off):] += edge  # … or past the last
        for k, tag in enumerate(gaz):
            if tag != "O":
                out[k] += self._mark("g=", tag)
                for off, _, _, _, name, _ in _SLOTS:
                    if 0 <= k - off < n:
                        out[k - off] += self._mark(name, tag)
        get = self.model.attributes.get
        looked_up = [(i, get(f"bi-={forms[i - 1].stem}|{forms[i].stem}")) for i in range(1, n)]
        looked_up += [(i, get(f"bi+={forms[i].stem}|{forms[i + 1].stem}")) for i in range(n - 1)]
        looked_up += [(i, get(f)) for i, feats in enumerate(extra) for f in feats]
        found = [(i, k) for i, k in looked_up if k is not None]
        if found:
            at, rows = zip(*found)
            np.add.at(out, np.array(at), self.model.state[list(rows)])
        return out


def document_features(featurizer: Featurizer, sentences: Sequence[Sequence[str]],
                      first_pass: Sequence[Sequence[str]], window: int) -> list[list[list[str]]]:
    """Second-pass features: how the first pass tagged the same word (its bare stem) in the
    other sentences within ``window`` sentences — names recur in a news story, and a name
    tagged with confidence in one sentence tells about its other mentions."""
    keys = [[featurizer.forms(t).bare for t in s] for s in sentences]
    seen: dict[str, list[tuple[int, str]]] = {}
    for si, (ks, tags) in enumerate(zip(keys, first_pass)):
        for k, tag in zip(ks, tags):
            if len(k) >= 3 and k not in featurizer.lex.stopwords:
                seen.setdefault(k, []).append((si, tag[2:] if tag != "O" else "O"))
    out = []
    for si, ks in enumerate(keys):
        feats = []
        for k in ks:
            counts: dict[str, int] = {}
            for sj, label in seen.get(k, ()):
                if sj != si and abs(sj - si) <= window:
                    counts[label] = counts.get(label, 0) + 1
            if not counts:
                feats.append(["doc=none"])
                continue
            names = {label: n for label, n in counts.items() if label != "O"}
            if names:
                best = max(sorted(names), key=names.__getitem__)
                feats.append([f"doc={best}", f"docshare={round(names[best] / sum(counts.values()), 1)}"])
            else:
                feats.append(["doc=O"])
        out.append(feats)
    return out
