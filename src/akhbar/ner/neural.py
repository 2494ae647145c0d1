"""A BiLSTM-CRF token tagger (torch, CPU) trained on ANERcorp: embeddings, training, tagging.

Each token is read five ways, then a bidirectional LSTM and a CRF (BIO constraints) tag the
sentence:

* frozen word vectors of the folded token and of its stem with one proclitic split off
  (``والعراق`` → ``العراق``), learned from unlabeled news by :func:`build_embeddings`:
  skip-gram with negative sampling and PPMI-SVD over positional contexts, concatenated;
* a character CNN over the token (morphology, clitics, transliterated names);
* the proclitic and the token's shape (digit, Latin, punctuation);
* the lexicon's gazetteer BIO tag and cue class (title, org, place head …), as in the CRF.

A model is a folder: ``weights.pt`` (the word table as int8 with a float16 scale per row,
stored once, and the float16 weights of each network of the ensemble), ``vocab.json`` (words,
characters, proclitics) and ``network.json`` (parameters, embedding parameters, training history).
By default two networks (seeds 1 and 2) are trained; their emission scores and CRF weights are
averaged at tagging time, over all the sentences given at once (:class:`_Stack`; its matrix products
in bfloat16 where the CPU has it natively). :func:`distil` teaches one network the pair's averaged
scores on unlabeled news, for half the tagging time (measured and not packaged: see the model card).

Scores and protocol: see the model card.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from akhbar.lexicon import load
from akhbar.ner.base import NOT, TAGS, TokenTagger, allowed, bio_forbidden, budget_runs, conlleval_bio, viterbi
from akhbar.ner.consistency import harmonize
from akhbar.ner.features import Featurizer, shape
from akhbar.text.arabic import clean
from akhbar.text.caches import word_cache

WEIGHTS = "weights.pt"
VOCAB = "vocab.json"
META = "network.json"  # parameters, embedding parameters, training history
GAZETTEER = ("O", "B-GPE", "I-GPE", "B-LOC", "I-LOC", "B-FAC", "I-FAC", "B-ORG", "I-ORG",
             "B-PERS", "I-PERS", "B-NORP", "I-NORP", "B-MISC", "I-MISC")
CUES = ("-", "title", "org", "fac", "loc", "gpe", "stop")
SHAPES = ("", "digit", "latin", "punct")  # the order the packaged weights learned
MAX_CHARS = 20  # characters of a token seen by the char CNN
# Added to the emission scores of B-/I- tags at tagging time. The networks find ORG and MISC with
# high precision and low recall (dev: 0.83 / 0.63 and 0.86 / 0.39); this prior evens that out:
# dev F1 0.784 → 0.795, better on each half of the dev block (odd and even sentences), and chosen
# over 0.25, 0.75 and 1.0 (a PERS or LOC bias gave nothing).
LABEL_BIAS = {"ORG": 0.5, "MISC": 0.5}
PAD, UNK = 0, 1
TOKEN_CACHE = 100_000  # tokens whose inputs the encoder keeps (about 0.5 kB each)
# kernels oneDNN keeps compiled, one per matrix shape met (its default, 1,024, held about 110 MB more in
# a worker, as sentence batches come in every shape; 8 measured at the same CPU; 0 cost a tenth more)
ONEDNN_KERNELS = 8


@dataclass(frozen=True, slots=True)
class TrainParams:
    epochs: int = 12
    seed: int = 1
    lr: float = 0.002
    batch: int = 16
    hidden: int = 200  # LSTM units per direction
    char_dim: int = 32
    char_filters: int = 100
    dropout: float = 0.5
    word_dropout: float = 0.1  # share of word/stem ids replaced by UNK in training
    min_count: int = 2  # training words kept without a pretrained vector
    max_words: int = 60_000
    ensemble: int = 2  # networks trained with seeds seed, seed+1, …; their scores are averaged


@dataclass(frozen=True, slots=True)
class PretrainParams:
    """The encoder's language-model pretraining (:func:`pretrain`): one pass over unlabeled sentences."""

    tokens: int = 5_500_000  # of unlabeled sentences read (about 20 minutes on two threads)
    negatives: int = 512  # rows of the word table each batch's words are told apart from
    min_words: int = 4  # sentences shorter or longer are left out
    max_words: int = 60
    threads: int = 2
    seed: int = 0


@dataclass(frozen=True, slots=True)
class EmbeddingParams:
    dims: int = 100  # per method: the vectors are SGNS ++ SVD, 2 * dims wide
    min_count: int = 3
    window: int = 5
    negatives: int = 5
    epochs: int = 3
    contexts: int = 10_000  # SVD: most frequent words used as positional contexts
    seed: int = 0


@dataclass(slots=True)
class Embeddings:
    words: list[str]  # folded words
    vectors: np.ndarray  # float32, one unit-norm row per method block
    params: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------- embeddings

def _unit_rows(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-6)


def _svd_vectors(docs: list[np.ndarray], n_words: int, p: EmbeddingParams) -> np.ndarray:
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    contexts = min(p.contexts, n_words)
    rows, cols = [], []
    for ids in docs:
        ctx = np.where(ids < contexts, ids, -1)
        for side, off in enumerate((-2, -1, 1, 2)):
            if len(ids) <= abs(off):
                continue
            a, b = (ids[-off:], ctx[:off]) if off < 0 else (ids[:-off], ctx[off:])
            keep = (a >= 0) & (b >= 0)
            rows.append(a[keep])
            cols.append(side * contexts + b[keep])
    rows_, cols_ = np.concatenate(rows), np.concatenate(cols)
    counts = sparse.csr_matrix((np.ones(len(rows_), np.float32), (rows_, cols_)),
                               shape=(n_words, 4 * contexts))
    counts.sum_duplicates()
    total = counts.sum()
    row = np.asarray(counts.sum(axis=1)).ravel()
    col = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    col = col / col.sum() * total
    coo = counts.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
    dims = max(1, min(p.dims, min(ppmi.shape) - 1))
    svd = TruncatedSVD(dims, random_state=p.seed, n_iter=5)
    u = svd.fit_transform(ppmi) / np.sqrt(np.maximum(svd.singular_values_, 1e-6))
    if dims < p.dims:
        u = np.pad(u, ((0, 0), (0, p.dims - dims)))
    return _unit_rows(u.astype(np.float32))


def _sgns_vectors(docs: list[np.ndarray], counts: np.ndarray, p: EmbeddingParams) -> np.ndarray:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(p.seed)
    torch.manual_seed(p.seed)
    n = len(counts)
    total = counts.sum()
    keep_p = np.minimum(1.0, np.sqrt(1e-4 * total / counts) + 1e-4 * total / counts)
    noise = counts ** 0.75
    table = rng.choice(n, size=min(10_000_000, 100 * int(total)), p=noise / noise.sum())
    inp = torch.nn.Embedding(n, p.dims, sparse=True)
    out = torch.nn.Embedding(n, p.dims, sparse=True)
    torch.nn.init.uniform_(inp.weight, -0.5 / p.dims, 0.5 / p.dims)
    torch.nn.init.zeros_(out.weight)
    opt = torch.optim.SparseAdam([inp.weight, out.weight], lr=0.003)
    for _ in range(p.epochs):
        centers, contexts = [], []
        for ids in docs:
            ids = ids[ids >= 0]
            ids = ids[rng.random(len(ids)) < keep_p[ids]]
            m = len(ids)
            win = rng.integers(1, p.window + 1, size=m)
            for off in range(1, min(p.window, m - 1) + 1):
                a = np.nonzero(win[: m - off] >= off)[0]
                centers.append(ids[a])
                contexts.append(ids[a + off])
                b = np.nonzero(win[off:] >= off)[0]
                centers.append(ids[b + off])
                contexts.append(ids[b])
        if not centers:
            break
        c_all, x_all = np.concatenate(centers), np.concatenate(contexts)
        order = rng.permutation(len(c_all))
        c_all, x_all = c_all[order], x_all[order]
        for s in range(0, len(c_all), 4096):
            c = torch.from_numpy(c_all[s:s + 4096])
            x = torch.from_numpy(x_all[s:s + 4096])
            neg = torch.from_numpy(table[rng.integers(0, len(table), size=(len(c), p.negatives))])
            vc = inp(c)
            pos = (vc * out(x)).sum(-1)
            negs = torch.bmm(out(neg), vc.unsqueeze(-1)).squeeze(-1)
            loss = -(F.logsigmoid(pos).mean() + F.logsigmoid(-negs).sum(-1).mean())
            opt.zero_grad()
            loss.backward()
            opt.step()
    return _unit_rows(inp.weight.detach().numpy().astype(np.float32))


def build_embeddings(docs: Iterable[Sequence[str]],
                     params: EmbeddingParams = EmbeddingParams()) -> Embeddings:
    """Word vectors of folded words seen ``min_count`` times in ``docs`` (lists of folded tokens,
    e.g. :func:`akhbar.ner.clusters.corpus_words`): SGNS and PPMI-SVD, each unit-norm, side by side.
    Deterministic for a given seed on one thread."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        docs = [list(d) for d in docs if d]
        freq = Counter(w for d in docs for w in d)
        words = sorted((w for w, n in freq.items() if n >= params.min_count), key=lambda w: (-freq[w], w))
        index = {w: i for i, w in enumerate(words)}
        ids = [np.array([index.get(w, -1) for w in d], dtype=np.int64) for d in docs]
        counts = np.array([freq[w] for w in words], dtype=np.float64)
        vectors = np.concatenate([_sgns_vectors(ids, counts, params),
                                  _svd_vectors(ids, len(words), params)], 1)
    finally:
        torch.set_num_threads(threads)
    return Embeddings(words, vectors, {**asdict(params), "tokens": int(sum(map(len, docs)))})


def save_embeddings(path: Path, emb: Embeddings) -> None:
    np.savez_compressed(path, words=np.array(emb.words), vectors=emb.vectors.astype(np.float16),
                        params=json.dumps(emb.params))


def load_embeddings(path: Path) -> Embeddings:
    with np.load(path) as f:
        return Embeddings(list(f["words"]), f["vectors"].astype(np.float32), json.loads(str(f["params"])))


# ---------------------------------------------------------------------------- features

class Encoder:
    """Token strings → integer inputs (the last :data:`TOKEN_CACHE` tokens cached)."""

    def __init__(self, words: Sequence[str], chars: Sequence[str], prefixes: Sequence[str]) -> None:
        self.words = {w: i for i, w in enumerate(words)}
        self.chars = {c: i for i, c in enumerate(chars)}
        self.prefixes = {p: i for i, p in enumerate(prefixes)}
        self.features = Featurizer(load(), {})
        self._gaz = {g: i for i, g in enumerate(GAZETTEER)}
        self._cue = {c: i for i, c in enumerate(CUES)}
        self.token = word_cache(self._token, TOKEN_CACHE)

    def _token(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        f = self.features.forms(token)
        ids = (self.words.get(f.whole, UNK), self.words.get(f.stem, UNK), self.prefixes.get(f.prefix, UNK),
               self._cue.get(self.features.cue(f), 0), SHAPES.index(shape(token)))
        chars = tuple(self.chars.get(c, UNK) for c in (clean(token) or token)[:MAX_CHARS]) or (UNK,)
        return ids, chars

    def gazetteer(self, tokens: Sequence[str]) -> list[int]:
        """The gazetteer's longest-match BIO tag of each token, as an index of :data:`GAZETTEER`."""
        return [self._gaz.get(g, 0) for g in self.features.gazetteer([self.features.forms(t) for t in tokens])]

    def sentence(self, tokens: Sequence[str]) -> tuple[list, list[int]]:
        return [self.token(t) for t in tokens], self.gazetteer(tokens)


def _batch(encoded: Sequence[tuple[list, list[int]]], word_dropout: float = 0.0, rng=None):
    """Training tensors of a batch: features, the characters of its distinct tokens, each
    token's row among them, lengths."""
    import torch

    lengths = [len(toks) for toks, _ in encoded]
    n, t = len(encoded), max(lengths)
    feats = np.zeros((n, t, 6), dtype=np.int64)  # word, stem, prefix, cue, shape, gazetteer
    cidx = np.zeros((n, t), dtype=np.int64)
    unique: dict[tuple[int, ...], int] = {}
    for b, (toks, gaz) in enumerate(encoded):
        k = len(toks)
        feats[b, :k, :5] = [ids for ids, _ in toks]
        feats[b, :k, 5] = gaz
        cidx[b, :k] = [unique.setdefault(chars, len(unique)) for _, chars in toks]
    if word_dropout:
        drop = rng.random((n, t, 2)) < word_dropout
        feats[:, :, :2][drop] = UNK
    chars = np.zeros((len(unique), max(map(len, unique))), dtype=np.int64)
    for key, j in unique.items():
        chars[j, :len(key)] = key
    return (torch.from_numpy(feats), torch.from_numpy(chars), torch.from_numpy(cidx),
            torch.tensor(lengths, dtype=torch.long))


# ---------------------------------------------------------------------------- model

def _modules():
    """The torch modules, defined on first use so importing this file does not import torch."""
    import torch
    from torch import nn

    class Crf(nn.Module):
        def __init__(self, k: int) -> None:
            super().__init__()
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))
            step, first = bio_forbidden()  # I-X only after B-X or I-X
            self.register_buffer("forbid", torch.from_numpy(step * -1e4).float())
            self.register_buffer("forbid_start", torch.from_numpy(first * -1e4).float())

        def nll(self, em, tags, lengths, allowed=None, weights=None):
            """Negative log-likelihood of the gold tags, summed over the sentences (each times its
            ``weights`` entry, when given). With ``allowed`` (sentences × positions × tags, boolean:
            partial labels), of every path through the allowed tags; ``tags`` is not read."""
            n, t, _ = em.shape
            trans, start = self.trans + self.forbid, self.start + self.forbid_start
            mask = torch.arange(t)[None, :] < lengths[:, None]
            if allowed is not None:
                gold = self.log_z(self.alphas(em.masked_fill(~allowed, -1e4), mask)[-1])
                return _total(self.log_z(self.alphas(em, mask)[-1]) - gold, weights)
            # the gold path and the forward pass in one loop: the order of the packaged networks' training
            # (computing the forward pass apart changes their weights in the last bits)
            gold = start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
            alpha = start[None] + em[:, 0]
            for i in range(1, t):
                step = trans[tags[:, i - 1], tags[:, i]] + em[:, i].gather(1, tags[:, i:i + 1]).squeeze(1)
                gold = gold + step * mask[:, i]
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + em[:, i, None, :], dim=1)
                alpha = torch.where(mask[:, i, None], nxt, alpha)
            gold = gold + self.end[tags.gather(1, (lengths - 1)[:, None]).squeeze(1)]
            return _total(self.log_z(alpha) - gold, weights)

        def alphas(self, em, mask) -> list:
            """The forward pass: each position's log-sum of the path scores ending in each tag (past a
            sentence's end, its last position's)."""
            trans, start = self.trans + self.forbid, self.start + self.forbid_start
            out = [start[None] + em[:, 0]]
            for i in range(1, em.shape[1]):
                nxt = torch.logsumexp(out[-1][:, :, None] + trans[None] + em[:, i, None, :], dim=1)
                out.append(torch.where(mask[:, i, None], nxt, out[-1]))
            return out

        def log_z(self, alpha):
            return torch.logsumexp(alpha + self.end[None], dim=1)

        def marginals(self, em, lengths):
            """Posterior probability of each tag at each position (forward-backward)."""
            n, t, _ = em.shape
            trans = self.trans + self.forbid
            mask = torch.arange(t)[None, :] < lengths[:, None]
            alphas = self.alphas(em, mask)
            end = self.end[None].expand(n, -1)
            betas = [end]
            for i in range(t - 2, -1, -1):
                nxt = torch.logsumexp(trans[None] + (em[:, i + 1] + betas[-1])[:, None, :], dim=2)
                betas.append(torch.where(mask[:, i + 1, None], nxt, end))
            z = self.log_z(alphas[-1])
            return (torch.stack(alphas, 1) + torch.stack(betas[::-1], 1) - z[:, None, None]).exp()

        def decode(self, em, lengths) -> list[list[int]]:
            return viterbi(em.detach().numpy(), lengths.tolist(), (self.trans + self.forbid).detach().numpy(),
                           (self.start + self.forbid_start).detach().numpy(), self.end.detach().numpy())

    class Net(nn.Module):
        def __init__(self, n_words: int, word_dim: int, n_chars: int, n_prefixes: int, p: dict,
                     table=None) -> None:
            super().__init__()
            if table is None:  # training: initialised (this draws from the seed), then overwritten
                self.words = nn.Embedding(n_words, word_dim, padding_idx=PAD)
                self.words.weight.requires_grad_(False)  # pretrained, frozen
            else:  # the table given (tagging: on the meta device, never read), no random initialisation
                self.words = nn.Embedding.from_pretrained(table, freeze=True, padding_idx=PAD)
            self.chars = nn.Embedding(n_chars, p["char_dim"], padding_idx=PAD)
            self.conv = nn.Conv1d(p["char_dim"], p["char_filters"], 3, padding=1)
            self.prefixes = nn.Embedding(n_prefixes, 8)
            self.shapes = nn.Embedding(4, 4)
            self.gazetteer = nn.Embedding(len(GAZETTEER), 8)
            self.cues = nn.Embedding(len(CUES), 8)
            self.drop = nn.Dropout(p["dropout"])
            self.lstm = nn.LSTM(2 * word_dim + p["char_filters"] + 28, p["hidden"], bidirectional=True,
                                batch_first=True)
            self.out = nn.Linear(2 * p["hidden"], len(TAGS))
            self.crf = Crf(len(TAGS))

        def char_vectors(self, chars):
            """(tokens × characters) ids → (tokens × filters): the character CNN, max-pooled."""
            c = torch.relu(self.conv(self.chars(chars).transpose(1, 2)))
            return c.masked_fill((chars == PAD)[:, None, :], 0.0).max(2).values

        def states(self, feats, chars, cidx, lengths):
            """The BiLSTM's states (sentences × positions × 2 hidden: forward, then backward), dropped out."""
            x = torch.cat([self.words(feats[..., 0]), self.words(feats[..., 1]), self.char_vectors(chars)[cidx],
                           self.prefixes(feats[..., 2]), self.cues(feats[..., 3]), self.shapes(feats[..., 4]),
                           self.gazetteer(feats[..., 5])], -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.drop(h)

        def forward(self, feats, chars, cidx, lengths):
            return self.out(self.states(feats, chars, cidx, lengths))

    return Net, Crf


# ---------------------------------------------------------------------------- tagging

class Network(NamedTuple):
    """A loaded model: its encoder, the networks' averaged CRF and the stacked networks."""

    encoder: Encoder
    crf: object
    stack: _Stack


class NeuralTagger(TokenTagger):
    """Tags sentences with a trained model folder: the networks of the ensemble run side by side,
    over many sentences at once (see :class:`_Stack`; ``precision`` of its matrix products: by default
    :func:`matmul_precision`); each sentence's tags depend on
    nothing but its own tokens and gazetteer tags, whatever it is batched with."""

    name = "akhbar-bilstm-crf"

    def __init__(self, model_dir: Path, threads: int | None = 1, precision: str | None = None) -> None:
        self.weights = model_dir / WEIGHTS
        if not self.weights.is_file():
            raise FileNotFoundError(f"no neural NER model at {model_dir}")
        if precision not in (None, *PRECISIONS):
            raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
        self.threads, self.precision = threads, precision
        self.version = hashlib.sha1(self.weights.read_bytes()).hexdigest()[:10]
        self.bias = [LABEL_BIAS.get(tag[2:], 0.0) for tag in TAGS]

    @cached_property
    def network(self) -> Network:
        """The encoder, the averaged CRF and the stacked networks, loaded on first use: a process
        that only names the model (the flow, to version its extractor) does not load torch."""
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", str(ONEDNN_KERNELS))
        import torch

        if self.threads:
            torch.set_num_threads(self.threads)
        folder = self.weights.parent
        vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        state = torch.load(self.weights, map_location="cpu", weights_only=True)
        net_cls, crf_cls = _modules()
        table = WordTable(state["words"], state["words_scale"].float())
        unused = torch.empty(table.codes.shape, device="meta")  # the networks' own copy: never made
        nets = []
        for member in state["nets"]:
            net = net_cls(len(vocab["words"]), meta["word_dim"], len(vocab["chars"]), len(vocab["prefixes"]),
                          meta["params"], unused)
            member = {k: v.float() if v.is_floating_point() else v for k, v in member.items()}
            found = net.load_state_dict(member, strict=False)
            if found.unexpected_keys or found.missing_keys != ["words.weight"]:
                raise ValueError(f"{self.weights} does not match this code: {found}")
            nets.append(net.eval())
        crf = crf_cls(len(TAGS))  # the networks' CRF weights averaged
        with torch.no_grad():
            for name in ("trans", "start", "end"):
                getattr(crf, name).copy_(sum(getattr(n.crf, name) for n in nets) / len(nets))
            stack = _Stack(nets, table, torch.tensor(self.bias), getattr(torch, self.precision or matmul_precision()))
        return Network(Encoder(vocab["words"], vocab["chars"], vocab["prefixes"]), crf, stack)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Best paths, then one label per name across neighbouring sentences (:func:`harmonize`)."""
        return self.tag_documents([sentences])[0]

    def tag_documents(self, documents: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
        """:meth:`tag` of each document, the network run once over the sentences of them all."""
        flat = [sentence for document in documents for sentence in document]
        crf = self.network.crf
        paths = self._each(flat, lambda em, lengths: [[TAGS[j] for j in path] for path in crf.decode(em, lengths)], [])
        out, start = [], 0
        for document in documents:
            out.append(harmonize(document, paths[start:start + len(document)]))
            start += len(document)
        return out

    def marginals(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence, a (tokens × :data:`TAGS`) array of the CRF's posterior probabilities."""
        crf = self.network.crf
        return self._each(sentences, lambda em, lengths: [
            m[:k].numpy().astype(np.float64) for m, k in zip(crf.marginals(em, lengths), lengths.tolist())],
            np.zeros((0, len(TAGS))))

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence, a (tokens × :data:`TAGS`) float32 array of the ensemble's averaged
        emission scores without the label bias (:data:`LABEL_BIAS`): what a distilled network learns."""
        stack = self.network.stack
        bias = stack.b_out - sum(net.out.bias for net in stack.nets) / len(stack.nets)
        return self._each(sentences, lambda em, lengths: [
            (e[:k] - bias).numpy().copy() for e, k in zip(em, lengths.tolist())], np.zeros((0, len(TAGS)), np.float32))

    def _each(self, sentences: Sequence[Sequence[str]], read, empty) -> list:
        """``read(emissions, lengths)`` over batches of sentences of similar length, in the
        sentences' order (``empty`` for an empty sentence). The sentences are taken in groups of
        about :data:`GROUP_TOKENS` tokens, whose distinct (token, gazetteer tag) pairs are read once."""
        import torch

        encoder, _, stack = self.network
        out: list = [empty for _ in sentences]
        lengths = [len(s) for s in sentences]
        order = sorted((i for i, k in enumerate(lengths) if k), key=lambda i: lengths[i])
        with torch.inference_mode():
            for group in budget_runs(order, lengths, GROUP_TOKENS):
                rows: dict[tuple[str, int], int] = {}
                positions = []
                for i in group:
                    gazetteer = encoder.gazetteer(sentences[i])
                    positions.append([rows.setdefault(key, len(rows)) for key in zip(sentences[i], gazetteer)])
                inputs = stack.inputs([encoder.token(token) for token, _ in rows],
                                           [gaz for _, gaz in rows])
                for batch in budget_runs(range(len(group)), [lengths[i] for i in group], BATCH_TOKENS, padded=True):
                    size = torch.tensor([lengths[group[b]] for b in batch])
                    emissions = stack.emissions(inputs, [positions[b] for b in batch], size)
                    for b, result in zip(batch, read(emissions, size)):
                        out[group[b]] = result
        return out


PRECISIONS = ("bfloat16", "float32")  # of the LSTMs' matrix products


def matmul_precision() -> str:
    """``bfloat16`` where the CPU multiplies it natively (AVX512-BF16 or AMX: about 1.4 times as
    fast as float32 here, and the tags of 150,649 news tokens differ in 4), else ``float32``."""
    import torch

    native = (getattr(torch.cpu, name, lambda: False)() for name in
              ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
    return PRECISIONS[0] if any(native) else PRECISIONS[1]


GROUP_TOKENS = 10_000  # sentences whose distinct tokens are read together (memory: ~13 KB a distinct token)
BATCH_TOKENS = 4_096  # sentences × the longest of them, per run of the LSTMs


class WordTable(NamedTuple):
    """The word vectors as stored: int8 codes and a float32 scale per row, dequantized on lookup
    (the same float32 values as dequantizing the whole table, in a quarter of its memory)."""

    codes: object  # (words, dims) int8 tensor
    scale: object  # (words,) float32 tensor

    def rows(self, ids):
        return self.codes[ids].float() * self.scale[ids][:, None]

    def dense(self):
        return self.codes.float() * self.scale[:, None]


class _Stack:
    """The networks of an ensemble as stacked tensors, for tagging.

    A network reads a token as a vector made from the token alone (word and stem vectors,
    character CNN, proclitic, cue, shape) and its gazetteer tag, so the LSTMs' input projection
    is computed once for each distinct (token, gazetteer tag) pair of a group of sentences. Then
    the forward and backward LSTMs of all the networks advance together, one batched matrix
    product per time step; the backward ones read each sentence reversed within its length, so
    padding never enters a sentence's states. The matrix products run in ``dtype`` (in bfloat16:
    operands and results rounded to it, sums in float32), the cell states and everything else in
    float32, each sentence on rows of its own, so its tags do not depend on its
    batch mates. Stacked order: the forward LSTMs, then the backward ones.
    """

    def __init__(self, nets: list, table: WordTable, bias, dtype) -> None:
        import torch

        self.nets, self.table = nets, table
        hidden = nets[0].lstm.hidden_size
        # gates reordered from torch's (i, f, g, o) to (i, f, o, g): one sigmoid, one tanh
        order = torch.cat([torch.arange(0, 2 * hidden), torch.arange(3 * hidden, 4 * hidden),
                           torch.arange(2 * hidden, 3 * hidden)])
        w_tok, w_gaz, w_hh, w_out = [], [], [], []
        for direction, suffix in enumerate(("", "_reverse")):
            for net in nets:
                w_ih, w_rec, b_ih, b_hh = (getattr(net.lstm, f"{name}_l0{suffix}")[order]
                                           for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
                gaz = net.gazetteer.embedding_dim  # the last input columns
                w_tok.append(w_ih[:, :-gaz].T)
                w_gaz.append(net.gazetteer.weight @ w_ih[:, -gaz:].T + b_ih + b_hh)
                w_hh.append(w_rec.T)
                w_out.append(net.out.weight[:, direction * hidden:(direction + 1) * hidden].T)
        self.hidden = hidden
        self.dtype = dtype
        self.w_tok = torch.stack(w_tok).to(self.dtype)  # (stacked, token features, 4 × hidden)
        self.w_gaz = torch.stack(w_gaz)  # (stacked, gazetteer tags, 4 × hidden), biases included
        self.w_hh = torch.stack(w_hh).contiguous().to(self.dtype)  # (stacked, hidden, 4 × hidden)
        self.w_out = torch.stack(w_out).contiguous()  # (stacked, hidden, tags)
        self.b_out = sum(net.out.bias for net in nets) / len(nets) + bias

    def inputs(self, tokens: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], gazetteer: Sequence[int]):
        """The LSTMs' input projections of (token, gazetteer tag) pairs, tokens as
        :meth:`Encoder.token` gives them: (stacked, pairs, 4 × hidden)."""
        import torch

        ids = torch.tensor([t for t, _ in tokens])
        chars = [c for _, c in tokens]
        by_length: dict[int, list[int]] = {}
        for j, c in enumerate(chars):
            by_length.setdefault(len(c), []).append(j)
        gazetteer = torch.tensor(gazetteer)
        words = torch.cat([self.table.rows(ids[:, 0]), self.table.rows(ids[:, 1])], 1)
        out = torch.empty(len(self.w_tok), len(tokens), self.w_tok.shape[2])
        for m, net in enumerate(self.nets):
            char = torch.empty(len(tokens), net.conv.out_channels)
            for rows in by_length.values():  # the character CNN in groups of equal length: no padding
                char[rows] = net.char_vectors(torch.tensor([chars[j] for j in rows]))
            x = torch.cat([words, char, net.prefixes(ids[:, 2]), net.cues(ids[:, 3]),
                           net.shapes(ids[:, 4])], 1).to(self.dtype)
            for s in (m, m + len(self.nets)):  # forward, backward
                out[s] = torch.matmul(x, self.w_tok[s])
                out[s] += self.w_gaz[s].index_select(0, gazetteer)
        return out

    def emissions(self, inputs, positions: list[list[int]], lengths):
        """Emission scores (sentences × longest length × tags), the networks averaged and
        :data:`LABEL_BIAS` added, of sentences given as rows of ``inputs``."""
        import torch

        n, t = len(positions), int(lengths.max())
        rows = np.zeros((2, t, n), dtype=np.int64)  # forward; backward (reversed within length)
        for b, r in enumerate(positions):
            rows[0, :len(r), b], rows[1, :len(r), b] = r, r[::-1]
        rows = torch.from_numpy(rows)
        stacked, hidden, nets = len(self.w_hh), self.hidden, len(self.nets)
        h = torch.zeros(stacked, n, hidden)
        c = torch.zeros(stacked, n, hidden)
        x = torch.empty(stacked, n, 4 * hidden)
        states = torch.empty(t, stacked, n, hidden)
        for i in range(t):
            torch.index_select(inputs[:nets], 1, rows[0, i], out=x[:nets])
            torch.index_select(inputs[nets:], 1, rows[1, i], out=x[nets:])
            gates = x + torch.bmm(h.to(self.dtype), self.w_hh)
            sig = torch.sigmoid(gates[..., :3 * hidden])
            c = sig[..., hidden:2 * hidden] * c + sig[..., :hidden] * torch.tanh(gates[..., 3 * hidden:])
            h = states[i] = sig[..., 2 * hidden:] * torch.tanh(c)
        scores = torch.bmm(states.transpose(0, 1).reshape(stacked, t * n, hidden), self.w_out)
        scores = scores.reshape(2, nets, t, n, -1).sum(1)
        back = (lengths[None, :] - 1 - torch.arange(t)[:, None]).clamp(min=0)  # step of position i: k - 1 - i
        emissions = scores[0] + scores[1][back, torch.arange(n)[None, :]]
        return (emissions / nets).transpose(0, 1) + self.b_out


# ---------------------------------------------------------------------------- training

def _vocabulary(sentences: Sequence[Sequence[str]], emb: Embeddings, min_count: int, max_words: int,
                features: Featurizer) -> tuple[list[str], list[str], list[str]]:
    seen, chars, prefixes = Counter(), Counter(), Counter()
    for tokens in sentences:
        for t in tokens:
            f = features.forms(t)
            seen[f.whole] += 1
            if f.stem != f.whole:
                seen[f.stem] += 1
            chars.update((clean(t) or t)[:MAX_CHARS])
            prefixes[f.prefix] += 1
    words = {w for w, n in seen.items() if n >= min_count}
    for w in emb.words:  # most frequent first
        if len(words) >= max_words:
            break
        words.add(w)
    return (["<pad>", "<unk>", *sorted(words)],
            ["<pad>", "<unk>", *sorted(c for c, n in chars.items() if n >= 2)],
            ["<pad>", "<unk>", *sorted(prefixes)])


def _labels(tags: Sequence[str]) -> list[int] | np.ndarray:
    """A training sentence's labels: its tags' indices, or, when a tag is partial (``!PERS``), the
    (tokens × tags) mask of the tags each token allows."""
    tags = conlleval_bio(tags)
    if any(t.startswith(NOT) for t in tags):
        return np.stack([allowed(t) for t in tags])
    return [TAGS.index(t) for t in tags]


def _gold(shape: tuple[int, int], labels: Sequence[list[int] | np.ndarray]):
    """A batch's gold tags (sentences × positions) and, when one of its sentences has partial
    labels, the (sentences × positions × tags) mask of allowed tags (else ``None``)."""
    import torch

    gold = torch.zeros(shape, dtype=torch.long)
    partial = []  # the sentences with partial labels (an allowed-tags mask each)
    for b, tags in enumerate(labels):
        if isinstance(tags, np.ndarray):
            partial.append(b)
        else:
            gold[b, :len(tags)] = torch.tensor(tags)
    if not partial:
        return gold, None
    mask = torch.nn.functional.one_hot(gold, len(TAGS)).bool()
    for b in partial:
        mask[b, :len(labels[b])] = torch.from_numpy(labels[b])
    return gold, mask


def _total(losses, weights=None):
    """A batch's loss: its sentences' losses summed, each times its weight when ``weights`` is given."""
    return losses.sum() if weights is None else (losses * weights).sum()


def _batch_weights(weights: Sequence[float]):
    """A batch's sentence weights as a tensor, or ``None`` when every one is 1 (the unweighted sum,
    to the bit)."""
    import torch

    return None if all(w == 1.0 for w in weights) else torch.tensor(weights, dtype=torch.float32)


class Inputs(NamedTuple):
    """What a training run reads its sentences with: the vocabulary, its encoder and the word table
    (stored as int8 codes and a scale per row; the networks train on the stored values)."""

    words: list[str]
    chars: list[str]
    prefixes: list[str]
    encoder: Encoder
    quantized: np.ndarray
    scale: np.ndarray
    table: Any  # float32 tensor of the stored values
    has_vector: np.ndarray  # per word: whether its row is a pretrained vector


def _inputs(sentences: Sequence[Sequence[str]], embeddings: Embeddings, params: TrainParams) -> Inputs:
    import torch

    words, chars, prefixes = _vocabulary(sentences, embeddings, params.min_count, params.max_words,
                                         Featurizer(load(), {}))
    dim = embeddings.vectors.shape[1]
    index = {w: i for i, w in enumerate(embeddings.words)}
    # words without a pretrained vector get fixed random rows (the same for every member seed)
    table = np.random.default_rng(0).normal(0, dim ** -0.5, (len(words), dim)).astype(np.float32)
    table[PAD] = 0
    for i, w in enumerate(words):
        j = index.get(w)
        if j is not None:
            table[i] = embeddings.vectors[j]
    scale = np.maximum(np.abs(table).max(1), 1e-8) / 127
    quantized = np.round(table / scale[:, None]).astype(np.int8)
    scale = scale.astype(np.float16)
    return Inputs(words, chars, prefixes, Encoder(words, chars, prefixes), quantized, scale,
                  torch.from_numpy(quantized.astype(np.float32) * scale.astype(np.float32)[:, None]),
                  np.array([w in index for w in words]))


class Pretrained(NamedTuple):
    state: dict  # the encoder's weights (no word table, output layer or CRF)
    meta: dict


def pretrain(text: Sequence[Sequence[str]], inputs: Inputs, params: TrainParams,
             pre: PretrainParams = PretrainParams(), log=None) -> Pretrained:
    """The network's encoder (characters, prefixes, cues, shapes, gazetteer tags, the BiLSTM) trained
    as a bidirectional language model over ``text`` (its sentences up to ``pre.tokens``, one pass, in
    batches of sentences of like length in a seeded order): the
    forward state at a word scores the next word, the backward state the word before, each against
    ``pre.negatives`` rows of the frozen word table shared by the batch (a sampled softmax over the
    words that have a pretrained vector); a linear head per direction, dropped afterwards."""
    import torch
    import torch.nn as nn

    threads = torch.get_num_threads()
    torch.set_num_threads(pre.threads)
    torch.manual_seed(pre.seed)
    rng = np.random.default_rng(pre.seed)
    started = time.perf_counter()
    try:
        data, read = [], 0
        for tokens in text:
            if read >= pre.tokens:
                break
            if pre.min_words <= len(tokens) <= pre.max_words:
                data.append(inputs.encoder.sentence(tokens))
                read += len(tokens)
        net_cls, _ = _modules()
        table = inputs.table
        net = net_cls(len(inputs.words), table.shape[1], len(inputs.chars), len(inputs.prefixes), asdict(params))
        net.words.weight.data.copy_(table)
        heads = nn.ModuleList([nn.Linear(params.hidden, table.shape[1]) for _ in range(2)])  # forward, backward
        trainable = [w for w in net.parameters() if w.requires_grad] + list(heads.parameters())
        opt = torch.optim.Adam(trainable, lr=params.lr)
        has_vector = torch.from_numpy(inputs.has_vector)
        pool = np.flatnonzero(inputs.has_vector)
        losses = []
        order = sorted(range(len(data)), key=lambda i: len(data[i][0]) + rng.random() * 4)  # batches of like length
        batches = [order[k:k + params.batch] for k in range(0, len(order), params.batch)]
        rng.shuffle(batches)
        net.train()
        for chunk in batches:
            feats, chars, cidx, lengths = _batch([data[i] for i in chunk])
            negatives = torch.from_numpy(rng.choice(pool, min(pre.negatives, len(pool)), replace=False))
            loss, count = _lm_loss(net.states(feats, chars, cidx, lengths), heads, feats[..., 0], lengths,
                                   table, negatives, has_vector)
            if not count:
                continue
            loss = loss / count
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 5.0)
            opt.step()
            losses.append(loss.item())
            if log and len(losses) % 1000 == 0:
                log({"pretrain_batches": len(losses), "loss": round(sum(losses[-1000:]) / 1000, 4),
                     "seconds": round(time.perf_counter() - started, 1)})
    finally:
        torch.set_num_threads(threads)
    window = max(1, min(200, len(losses) // 4))  # batches averaged for the first and last loss
    first, last = losses[:window], losses[-window:]
    meta = {"params": asdict(pre), "sentences": len(data), "tokens": read, "batches": len(losses),
            "loss_first": round(sum(first) / max(1, len(first)), 4),
            "loss_last": round(sum(last) / max(1, len(last)), 4),
            "seconds": round(time.perf_counter() - started, 1)}
    state = {k: v.detach().clone() for k, v in net.state_dict().items() if not k.startswith(("words.", "out.", "crf."))}
    return Pretrained(state, meta)


def _lm_loss(states, heads, ids, lengths, table, negatives, has_vector):
    """The language model's summed loss over a batch and how many words it scored: the forward
    half of each word's ``states`` scores the next word, the backward half the word before, against
    the ``negatives`` rows of ``table`` (one that is the word itself masked); words without a
    pretrained vector are not scored."""
    import torch
    import torch.nn as nn

    t, hidden = ids.shape[1], states.shape[-1] // 2
    valid = torch.arange(t)[None, :] < lengths[:, None]
    loss, count = 0.0, 0
    for side, (src, tgt) in enumerate(((slice(0, t - 1), slice(1, t)), (slice(1, t), slice(0, t - 1)))):
        words = ids[:, tgt]
        m = valid[:, tgt] & valid[:, src] & has_vector[words]
        if not m.any():
            continue
        pred = heads[side](states[:, src, side * hidden:(side + 1) * hidden][m])
        logits = torch.cat([(pred * table[words[m]]).sum(-1, keepdim=True), pred @ table[negatives].T], 1)
        itself = torch.cat([torch.zeros(len(pred), 1, dtype=torch.bool), negatives[None, :] == words[m][:, None]], 1)
        loss = loss + nn.functional.cross_entropy(logits.masked_fill(itself, -1e4),
                                                  torch.zeros(len(pred), dtype=torch.long), reduction="sum")
        count += len(pred)
    return loss, count


def _train_member(data: list, table, sizes: tuple[int, int, int], params: TrainParams, member: int,
                  start: Pretrained | None = None, log=None) -> tuple[dict, list]:
    """One network of the ensemble (seed ``params.seed + member``) on encoded ``data``, from the
    pretrained encoder ``start`` if given; returns its float16 weights (the shared word table left
    out) and its epoch history, each epoch also given to ``log``. Runs on one thread."""
    import torch

    torch.set_num_threads(1)
    seed = params.seed + member
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net_cls, _ = _modules()
    n_words, n_chars, n_prefixes = sizes
    net = net_cls(n_words, table.shape[1], n_chars, n_prefixes, asdict(params))
    net.words.weight.data.copy_(table)
    if start is not None:  # the encoder; the output layer and CRF stay as drawn
        found = net.load_state_dict(start.state, strict=False)
        if found.unexpected_keys:
            raise ValueError(f"the pretrained encoder has weights this network lacks: {found.unexpected_keys}")
    opt = torch.optim.Adam([w for w in net.parameters() if w.requires_grad], lr=params.lr)
    history, started = [], time.perf_counter()
    for epoch in range(params.epochs):
        net.train()
        order = sorted(range(len(data)), key=lambda i: len(data[i][1]) + rng.random() * 4)
        batches = [order[k:k + params.batch] for k in range(0, len(order), params.batch)]
        rng.shuffle(batches)
        total = 0.0
        for chunk in batches:
            batch = _batch([data[i][0] for i in chunk], params.word_dropout, rng)
            gold, mask = _gold(batch[0].shape[:2], [data[i][1] for i in chunk])
            weights = _batch_weights([data[i][2] for i in chunk])
            loss = net.crf.nll(net(*batch), gold, batch[-1], mask, weights) / len(chunk)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        history.append({"member": member, "epoch": epoch + 1, "loss": round(total / max(1, len(batches)), 4),
                        "seconds": round(time.perf_counter() - started, 1)})
        if log:
            log(history[-1])
    weights = {k: v.half() if v.is_floating_point() else v for k, v in net.state_dict().items() if k != "words.weight"}
    return weights, history


def train(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], out_dir: Path, embeddings: Embeddings,
          params: TrainParams = TrainParams(), log=None, jobs: int = 1,
          weights: Sequence[float] | None = None, text: Sequence[Sequence[str]] = (),
          pretrain_params: PretrainParams = PretrainParams()) -> dict:
    """Train on (tokens, BIO tags) sentences into ``out_dir``; returns the meta. ``weights`` (one
    per sentence, default 1) scale each sentence's share of the loss. With ``text`` (unlabeled token
    lists), every network starts from an encoder pretrained on it as a language model
    (:func:`pretrain`) instead of random weights. Each network is
    seeded and trained on one thread, so the same data and parameters give the same weights,
    whether the networks train one after another or in ``jobs`` processes at once. ``log`` gets
    each epoch's loss and time (in parallel, a network's epochs when it is done)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    started = time.perf_counter()
    try:
        if weights is not None and len(weights) != len(sentences):
            raise ValueError(f"{len(weights)} weights for {len(sentences)} sentences")
        inputs = _inputs([t for t, _ in sentences], embeddings, params)
        words, chars, prefixes, encoder, quantized, scale, table, _ = inputs
        start = pretrain(text, inputs, params, pretrain_params, log) if text else None
        data = [(encoder.sentence(t), _labels(y), w)
                for (t, y), w in zip(sentences, weights or [1.0] * len(sentences)) if len(t)]
        sizes = (len(words), len(chars), len(prefixes))
        runs = [(data, table, sizes, params, member, start) for member in range(params.ensemble)]
        if jobs > 1 and len(runs) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(min(jobs, len(runs)), mp_context=multiprocessing.get_context("spawn")) as pool:
                results = []
                for weights, epochs in pool.map(_train_member, *zip(*runs)):
                    results.append((weights, epochs))
                    for entry in epochs if log else ():
                        log(entry)
        else:
            results = [_train_member(*run, log=log) for run in runs]
        members = [weights for weights, _ in results]
        history = [entry for _, epochs in results for entry in epochs]
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = out_dir / (WEIGHTS + ".tmp")
        torch.save({"words": torch.from_numpy(quantized), "words_scale": torch.from_numpy(scale),
                    "nets": members}, tmp)
        tmp.replace(out_dir / WEIGHTS)
    finally:
        torch.set_num_threads(threads)
    (out_dir / VOCAB).write_text(json.dumps({"words": words, "chars": chars, "prefixes": prefixes},
                                            ensure_ascii=False), encoding="utf-8")
    meta = {"sentences": len(sentences), "tokens": sum(len(t) for t, _ in sentences), "params": asdict(params),
            **({"weighted_sentences": sum(w != 1.0 for w in weights)} if weights is not None else {}),
            **({"pretrained": start.meta} if start else {}),
            "word_dim": embeddings.vectors.shape[1], "embeddings": embeddings.params, "history": history,
            "train_seconds": round(time.perf_counter() - started, 1)}
    (out_dir / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


# ---------------------------------------------------------------------------- distillation

@dataclass(frozen=True, slots=True)
class DistilParams:
    epochs: int = 4
    batch: int = 32
    lr: float = 0.0005
    member: int = 0  # the ensemble's network the student starts from
    # Dropout while learning: the targets are the ensemble's scores without dropout, and under
    # dropout squared error pulls the student towards the mean scores. With the training dropout
    # (0.5) the student agreed less with the ensemble than its starting network did.
    dropout: float = 0.0
    seed: int = 1
    held_out: float = 0.02  # share of the sentences kept out of training, to measure agreement


def _agreement(student: list[list[str]], teacher: list[list[str]]) -> dict:
    """Token agreement and entity-span F1 of the student's tags against the teacher's."""
    from akhbar.ner.conll import score

    tokens = sum(len(t) for t in teacher)
    same = sum(a == b for s, t in zip(student, teacher) for a, b in zip(s, t))
    return {"sentences": len(teacher), "tokens": tokens, "token_agreement": round(same / max(1, tokens), 5),
            "entities": score(teacher, student)["overall"].summary()}


def distil(model_dir: Path, sentences: Sequence[Sequence[str]], out_dir: Path,
           params: DistilParams = DistilParams(), log=None, start: Path | None = None) -> dict:
    """One network taught to give the emission scores of the ensemble at ``model_dir``.

    The targets are the ensemble's averaged emission scores (float32 products) on ``sentences``,
    unlabeled token lists (:meth:`NeuralTagger.scores`); the student (:func:`_student`) learns
    them by mean squared error (:func:`_fit_student`). A share ``params.held_out`` of the
    sentences (chosen by a hash of their tokens) is not trained on: the tags of student and
    ensemble are compared there (``agreement`` in the meta). Written to ``out_dir`` as a
    one-network model of the same vocabulary and word table; returns the meta. Runs on the
    threads torch is set to."""
    import torch

    started = time.perf_counter()
    teacher = NeuralTagger(model_dir, threads=None, precision=PRECISIONS[1])
    sentences = [list(s) for s in sentences if len(s)]
    train_s = [s for s in sentences if not _held_out(s, params.held_out)]
    check_s = [s for s in sentences if _held_out(s, params.held_out)]
    targets = teacher.scores(train_s)
    if log:
        log({"stage": "targets", "sentences": len(train_s), "seconds": round(time.perf_counter() - started, 1)})
    torch.manual_seed(params.seed)
    student = _student(teacher, model_dir, params, start)
    data = [teacher.network.encoder.sentence(s) for s in train_s]
    history = _fit_student(student, data, targets, params, log, started)
    _save_student(student, model_dir, out_dir)
    meta = json.loads((model_dir / META).read_text(encoding="utf-8"))
    teacher_history = meta.pop("history")
    out_meta = {**meta, "params": {**meta["params"], "ensemble": 1},
                "distilled": {"from": meta["params"], "teacher_history": teacher_history,
                              "params": asdict(params), "start": str(start) if start else None,
                              "sentences": len(train_s),
                              "tokens": sum(map(len, train_s)), "history": history}}
    _write_meta(out_dir, out_meta)  # the student's tagger reads it
    student_tags = NeuralTagger(out_dir, threads=None, precision=PRECISIONS[1]).tag(check_s)
    out_meta["distilled"] |= {"agreement": _agreement(student_tags, teacher.tag(check_s)),
                              "seconds": round(time.perf_counter() - started, 1)}
    _write_meta(out_dir, out_meta)  # with the agreement measured on the saved model
    return out_meta


def _held_out(tokens: Sequence[str], share: float) -> bool:
    """Whether a sentence is among the ``share`` kept out of distillation (by a hash of its tokens)."""
    digest = hashlib.sha1(" ".join(tokens).encode()).digest()
    return int.from_bytes(digest[:4], "big") < share * 2 ** 32


def _student(teacher: NeuralTagger, model_dir: Path, params: DistilParams, start: Path | None):
    """The network to distil into: the ensemble's network ``params.member`` (or the one network
    of the model at ``start``, to train a student further), with the teacher's word table and
    averaged CRF weights (kept) and dropout ``params.dropout``."""
    import torch

    encoder, crf, stack = teacher.network
    meta = json.loads((model_dir / META).read_text(encoding="utf-8"))
    net_cls, _ = _modules()
    student = net_cls(len(encoder.words), meta["word_dim"], len(encoder.chars), len(encoder.prefixes),
                      meta["params"], stack.table.dense())
    first = torch.load((start or model_dir) / WEIGHTS, map_location="cpu", weights_only=True)["nets"][
        0 if start else params.member]
    student.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in first.items()}, strict=False)
    with torch.no_grad():
        for name in ("trans", "start", "end"):
            getattr(student.crf, name).copy_(getattr(crf, name))
    student.drop.p = params.dropout
    return student


def _fit_student(student, data: list, targets: list[np.ndarray], params: DistilParams, log,
                 started: float) -> list[dict]:
    """Mean squared error of the student's emission scores against ``targets`` over the encoded
    sentences ``data``, in shuffled batches of similar length (the CRF weights stay); the history
    of each epoch."""
    import torch

    rng = np.random.default_rng(params.seed)
    trained = [w for name, w in student.named_parameters() if w.requires_grad and not name.startswith("crf.")]
    opt = torch.optim.Adam(trained, lr=params.lr)
    history = []
    for epoch in range(params.epochs):
        student.train()
        order = sorted(range(len(data)), key=lambda i: len(targets[i]) + rng.random() * 4)
        batches = [order[k:k + params.batch] for k in range(0, len(order), params.batch)]
        rng.shuffle(batches)
        total = 0.0
        for chunk in batches:
            batch = _batch([data[i] for i in chunk])
            target = torch.zeros(*batch[0].shape[:2], len(TAGS))
            for b, i in enumerate(chunk):
                target[b, :len(targets[i])] = torch.from_numpy(targets[i])
            mask = (torch.arange(target.shape[1])[None, :] < batch[-1][:, None]).float()[..., None]
            loss = (((student(*batch) - target) ** 2) * mask).sum() / (mask.sum() * len(TAGS))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 5.0)
            opt.step()
            total += loss.item()
        history.append({"epoch": epoch + 1, "mse": round(total / max(1, len(batches)), 5),
                        "seconds": round(time.perf_counter() - started, 1)})
        if log:
            log(history[-1])
    return history


def _save_student(student, model_dir: Path, out_dir: Path) -> None:
    """The student's weights (half precision, with the teacher's word table) and the teacher's
    vocabulary, written to ``out_dir``."""
    import torch

    state = torch.load(model_dir / WEIGHTS, map_location="cpu", weights_only=True)
    weights = {k: v.half() if v.is_floating_point() else v
               for k, v in student.state_dict().items() if k != "words.weight"}
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (WEIGHTS + ".tmp")
    torch.save({"words": state["words"], "words_scale": state["words_scale"], "nets": [weights]}, tmp)
    tmp.replace(out_dir / WEIGHTS)
    (out_dir / VOCAB).write_text((model_dir / VOCAB).read_text(encoding="utf-8"), encoding="utf-8")


def _write_meta(out_dir: Path, meta: dict) -> None:
    tmp = out_dir / (META + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out_dir / META)
