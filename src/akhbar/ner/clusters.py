"""Word clusters learned from unlabeled Arabic text (a feature of the NER model).

Distributional clusters in the spirit of Brown clusters, built fast: counts of each word's
left and right neighbours among the most frequent words, positive PMI, a truncated SVD and
k-means at two granularities. Words are keyed by their folded form
(:func:`akhbar.text.arabic.fold`), so hamza/ta marbuta/alef maqsura variants share a cluster.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from akhbar.text.arabic import fold

SIZES = (64, 256, 1024)


def corpus_words(texts: Iterable[str]) -> Iterator[list[str]]:
    """Folded word tokens of each text (punctuation split off, as in ANERcorp)."""
    from akhbar.text.tokens import tokenize

    for text in texts:
        yield [fold(t.text) for t in tokenize(text)]


def build_clusters(docs: Iterable[list[str]], sizes: tuple[int, ...] = SIZES, min_count: int = 5,
                   contexts: int = 4000, dims: int = 100, seed: int = 0) -> dict[str, tuple[int, ...]]:
    """Folded word → one cluster id per size in ``sizes``, for words seen ``min_count`` times."""
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    docs = [d for d in docs if d]
    freq = Counter(w for d in docs for w in d)
    vocab = sorted((w for w, n in freq.items() if n >= min_count), key=lambda w: (-freq[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:contexts])}
    rows, cols = [], []
    for d in docs:
        ids = [index.get(w, -1) for w in d]
        cids = [ctx.get(w, -1) for w in d]
        for k, i in enumerate(ids):
            if i < 0:
                continue
            for off, side in ((-1, 0), (-2, 2), (1, 1), (2, 3)):
                n = k + off
                if 0 <= n < len(d) and cids[n] >= 0:
                    rows.append(i)
                    cols.append(side * contexts + cids[n])
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(len(vocab), 4 * contexts))
    counts.sum_duplicates()
    total = counts.sum()
    row = np.asarray(counts.sum(axis=1)).ravel()
    col = np.asarray(counts.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col = col / col.sum() * total
    coo = counts.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
    vectors = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(ppmi))
    labels = [MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit_predict(vectors)
              for k in sizes]
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def write_clusters(path: Path, clusters: dict[str, tuple[int, ...]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n")
        for word, ids in clusters.items():
            out.writerow([word, *ids])


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """Folded word → cluster ids as strings (feature values)."""
    with open(path, encoding="utf-8") as f:
        return {row[0]: tuple(row[1:]) for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
