"""A linear-chain CRF trained by crfsuite, read into arrays and decoded with numpy, many sentences at once.

pycrfsuite's tagger takes feature strings and looks each up in the model's dictionary, about a quarter
of a microsecond a feature; the news labeller gives a token about 70, most of them properties of one
word. Read into arrays (:meth:`LinearCrf.read`), a token's summed state weights can be cached per word
(:class:`~akhbar.ner.features.Scorer`) and the sentences of a batch decoded together: the best path by
:func:`~akhbar.ner.base.viterbi` (ties to the lower label index, as crfsuite) and each position's label
marginals by forward-backward. Same tags as pycrfsuite's tagger on the same features.

The model file is crfsuite's ``FOMC`` format (``crf1d_model.c``): a header of offsets; the ``FEAT`` chunk,
one record per feature (type 0: attribute → label, type 1: label → label; source, destination, weight);
the label and attribute names in ``CQDB`` chunks, whose backward array gives each id's record.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from akhbar.ner.base import budget_runs, marginals, viterbi

_HEADER = struct.Struct("<4sI4sIIIIIIIII")  # magic, size, type, version, counts ×3, offsets ×5
_CQDB = struct.Struct("<4sIIIII")  # chunk, size, flag, byte order, backward size, backward offset
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
DECODED_TOGETHER = 8_192  # padded positions decoded in one array (sentences sorted by length)


@dataclass(frozen=True, eq=False)
class LinearCrf:
    labels: tuple[str, ...]  # in the model's id order
    attributes: dict[str, int]  # attribute → row of ``state``
    state: np.ndarray  # attribute × label weights
    transition: np.ndarray  # previous label × label weights

    @classmethod
    def read(cls, path: Path) -> LinearCrf:
        """The weights of a crfsuite model file (see the module docstring)."""
        buf = path.read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_features, off_labels, off_attrs, _, _ = \
            _HEADER.unpack_from(buf, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path} is not a crfsuite linear-chain CRF model")
        labels, attrs = _names(buf, off_labels), _names(buf, off_attrs)
        if (len(labels), len(attrs)) != (n_labels, n_attrs) or buf[off_features:off_features + 4] != b"FEAT":
            raise ValueError(f"{path}: a damaged crfsuite model")
        count, = struct.unpack_from("<I", buf, off_features + 8)
        features = np.frombuffer(buf, _FEATURE, count, off_features + 12)
        state = np.zeros((n_attrs, n_labels))
        transition = np.zeros((n_labels, n_labels))
        for kind_id, into in ((0, state), (1, transition)):
            rows = features[features["type"] == kind_id]
            np.add.at(into, (rows["source"].astype(np.intp), rows["target"].astype(np.intp)), rows["weight"])
        return cls(tuple(labels), {a: k for k, a in enumerate(attrs)}, state, transition)

    def total(self, features: Iterable[str]) -> np.ndarray:
        """The summed state weights of ``features`` per label (attributes the model lacks weigh nothing)."""
        rows = [k for f in features if (k := self.attributes.get(f)) is not None]
        return self.state[rows].sum(0)

    def decode(self, scores: Sequence[np.ndarray]) -> list[tuple[list[str], np.ndarray]]:
        """Per sentence (its positions × labels state scores): the best labels and, per position, the
        marginal probability of the label chosen there."""
        lengths = [len(s) for s in scores]
        order = sorted(range(len(scores)), key=lengths.__getitem__)
        out: list[tuple[list[str], np.ndarray]] = [([], np.zeros(0))] * len(scores)
        nonempty = [i for i in order if lengths[i]]
        edge = np.zeros(len(self.labels))
        for run in budget_runs(nonempty, lengths, DECODED_TOGETHER, padded=True):
            padded = np.zeros((len(run), lengths[run[-1]], len(self.labels)))
            for b, i in enumerate(run):
                padded[b, :lengths[i]] = scores[i]
            run_lengths = [lengths[i] for i in run]
            paths = viterbi(padded, run_lengths, self.transition, edge, edge)
            probs = marginals(padded, run_lengths, self.transition)
            for b, (i, path) in enumerate(zip(run, paths)):
                out[i] = ([self.labels[k] for k in path], probs[b, np.arange(len(path)), path])
        return out


def _names(buf: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk in id order."""
    chunk, _, _, _, count, backward = _CQDB.unpack_from(buf, offset)
    if chunk != b"CQDB":
        raise ValueError("a damaged crfsuite model: no CQDB chunk where the header points")
    out = []
    for record in np.frombuffer(buf, "<u4", count, offset + backward).tolist():
        start = offset + record + 8
        size, = struct.unpack_from("<I", buf, offset + record + 4)
        out.append(buf[start:start + size - 1].decode("utf-8"))  # the size counts the closing NUL
    return out
