"""The ensemble backend: the BiLSTM-CRF's tag probabilities, with a vote of the CRF.

The network gives, per token, the posterior probability of every BIO tag; the CRF gives its
best tag sequence. Each token's distribution is ``CRF_WEIGHT`` on the CRF's tag plus the rest
times the network's; the ensemble picks the most probable valid BIO sequence (an ``I-X`` only
after ``B-X`` or ``I-X``). So the CRF decides where the network is unsure, and the network
where it is confident. Last, :func:`~akhbar.ner.consistency.harmonize` makes each name's label
consistent across neighbouring sentences (one article in the pipeline). A model folder holds
the CRF's files and the network's in ``bilstm/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from akhbar.ner.base import TAGS, TokenTagger, bio_forbidden, viterbi
from akhbar.ner.consistency import harmonize
from akhbar.ner.crf import MODEL_DIR, CrfTagger
from akhbar.ner.neural import NeuralTagger

BILSTM_DIR = "bilstm"
# chosen with two-network models on two dev blocks of ANERcorp train (first and last 15 %): 0.3 beat
# 0, 0.2, 0.4 and 1; the CRF's vote also beat its marginals (and costs 1/3 of the time). Against the
# four networks of the previous release the vote no longer helped in domain (see the model card).
CRF_WEIGHT = 0.3


class EnsembleTagger(TokenTagger):
    name = "akhbar-crf+bilstm"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.crf = CrfTagger(model_dir)
        self.bilstm = NeuralTagger(model_dir / BILSTM_DIR)
        self.version = f"{self.crf.version}+{self.bilstm.version}"

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        votes = self.crf.tag(sentences)
        out = []
        for tags, probabilities in zip(votes, self.bilstm.marginals(sentences)):
            mixed = (1 - CRF_WEIGHT) * probabilities
            mixed[np.arange(len(tags)), [_INDEX[t] for t in tags]] += CRF_WEIGHT
            out.append(best_path(mixed) if len(tags) else [])
        return harmonize(sentences, out)


_FORBIDDEN_STEP, _FORBIDDEN_FIRST = bio_forbidden()
_STEP = np.where(_FORBIDDEN_STEP, -np.inf, 0.0)  # log-space penalties
_FIRST = np.where(_FORBIDDEN_FIRST, -np.inf, 0.0)
_LAST = np.zeros(len(TAGS))
_INDEX = {tag: j for j, tag in enumerate(TAGS)}


def best_path(probabilities: np.ndarray) -> list[str]:
    """The valid BIO sequence with the highest product of per-token probabilities
    (``probabilities``: tokens × :data:`TAGS`)."""
    with np.errstate(divide="ignore"):
        logp = np.log(probabilities)
    path, = viterbi(logp[None], [len(logp)], _STEP, _FIRST, _LAST)
    return [TAGS[j] for j in path]
