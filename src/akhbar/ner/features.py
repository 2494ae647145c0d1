"""Token features of the CRF tagger: word forms, affixes, shape, lexicons, clusters, context.

Every token is a whitespace token with its clitics attached (as in ANERcorp), so the features
look at it three ways: the folded token, its stem with one proclitic cluster split off
(``والعراق`` → ``العراق``) and the stem without its article (``عراق``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from akhbar.extract.lexicon import Lexicon
from akhbar.text.arabic import clean, fold, strip_proclitic

WINDOW = (-3, -2, -1, 1, 2, 3)
_PUNCT = frozenset(".,،؛;:!?؟\"'«»()[]{}-–—_/\\*")


@dataclass(frozen=True, slots=True)
class Forms:
    whole: str  # folded token
    stem: str  # folded, proclitic removed when the stem is a known word (article kept)
    bare: str  # stem without ال
    prefix: str  # the proclitic split off ('' when none)


class Featurizer:
    """Feature strings for sentences; pure, and cached per folded token."""

    def __init__(self, lexicon: Lexicon, clusters: dict[str, tuple[str, ...]]) -> None:
        self.lex = lexicon
        self.clusters = clusters
        self._cues = {}
        for name, words in (("title", lexicon.titles), ("org", lexicon.org_strong | lexicon.org_weak),
                            ("fac", lexicon.fac_heads), ("loc", lexicon.loc_heads),
                            ("gpe", lexicon.gpe_heads), ("stop", lexicon.stopwords)):
            for w in words:
                self._cues.setdefault(w, name)
        self._forms: dict[str, Forms] = {}
        self._own: dict[str, list[str]] = {}

    def forms(self, token: str) -> Forms:
        found = self._forms.get(token)
        if found is None:
            whole = fold(token)
            prefix, stem = "", whole
            if whole not in self.lex.known and token[:1].isalpha():
                split = strip_proclitic(clean(token), self.lex.known)
                prefix, stem = split[0], fold(split[1])
            bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
            found = self._forms[token] = Forms(whole, stem, bare, prefix)
        return found

    def _cue(self, f: Forms) -> str:
        return self._cues.get(f.stem) or self._cues.get(f.whole) or "-"

    def _cluster(self, f: Forms) -> tuple[str, ...]:
        return self.clusters.get(f.whole) or self.clusters.get(f.stem) or ("-",) * 3

    def _own_features(self, token: str) -> list[str]:
        """Features of the token alone (cached: they do not depend on the sentence)."""
        cached = self._own.get(token)
        if cached is not None:
            return cached
        f = self.forms(token)
        w = f.whole
        feats = ["w=" + w, "s=" + f.stem, "b=" + f.bare, "pre=" + f.prefix, "cue=" + self._cue(f)]
        feats += [f"p{k}={w[:k]}" for k in (1, 2, 3)] + [f"x{k}={w[-k:]}" for k in (1, 2, 3, 4)]
        feats += [f"bp{k}={f.bare[:k]}" for k in (2, 3)] + [f"bx{k}={f.bare[-k:]}" for k in (1, 2, 3)]
        feats.append("len=" + str(min(len(f.bare), 8)))
        if token[:1].isdigit() or token[-1:].isdigit():
            feats.append("digit")
        elif token.isascii() and token[:1].isalpha():
            feats.append("latin")
        elif token in _PUNCT or not token[:1].isalnum():
            feats.append("punct")
        if f.stem.startswith("ال"):
            feats.append("definite")
        if f.bare.endswith(("ي", "يه", "يون", "يين")):
            feats.append("nisba")
        for size, c in zip(("c64", "c256", "c1k"), self._cluster(f)):
            feats.append(f"{size}={c}")
        self._own[token] = feats
        return feats

    def _gazetteer(self, forms: list[Forms]) -> list[str]:
        """BIO gazetteer tags: longest lexicon phrase at each token (a clitic on its first token)."""
        tags = ["O"] * len(forms)
        i = 0
        while i < len(forms):
            best = None
            for first in dict.fromkeys((forms[i].whole, forms[i].stem)):
                for e in self.lex.phrases.get(first, ()):
                    n = len(e.tokens)
                    if i + n <= len(forms) and all(forms[i + k].whole == e.tokens[k] for k in range(1, n)):
                        best = e
                        break
                if best:
                    break
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
        forms = [self.forms(t) for t in tokens]
        gaz = self._gazetteer(forms)
        short = [(f.whole, f.stem, self._cluster(f), g, self._cue(f)) for f, g in zip(forms, gaz)]
        n = len(tokens)
        out = []
        for i, token in enumerate(tokens):
            feats = ["bias", "g=" + gaz[i]] + self._own_features(token)
            for off in WINDOW:
                k = i + off
                if 0 <= k < n:
                    w, s, c, g, cue = short[k]
                    feats += [f"{off}w={w}", f"{off}s={s}", f"{off}c={c[1]}", f"{off}g={g}", f"{off}cue={cue}"]
                    if abs(off) == 1:
                        feats += [f"{off}c64={c[0]}", f"{off}c1k={c[2]}"]
                else:
                    feats.append(f"{off}w=" + ("BOS" if k < 0 else "EOS"))
            if i > 0:
                feats.append(f"bi-={short[i - 1][1]}|{short[i][1]}")
            if i + 1 < n:
                feats.append(f"bi+={short[i][1]}|{short[i + 1][1]}")
            out.append(feats)
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
            names = {label: n for label, n in counts.items() if label != "O"}
            if names:
                best = max(sorted(names), key=names.__getitem__)
                feats.append([f"doc={best}", f"docshare={round(names[best] / sum(counts.values()), 1)}"])
            else:
                feats.append(["doc=O" if counts else "doc=none"])
        out.append(feats)
    return out
