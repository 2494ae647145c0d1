"""The sentence networks: a bidirectional LSTM reads a trigger's sentence; one head scores its possible
actors and targets (the role network: opt-in, setting ``roles = "network"``; event model card, stop 49),
another whether the candidate is an event (the detection network: opt-in, setting
``detection = "network"``; stop 50).

Per word it reads the NER network's frozen vectors of the folded word and of its stem
(:mod:`akhbar.ner.neural`, learned from the unlabeled news), and embeddings of its proclitic, its
shape, the label of the entity mention covering it, its position relative to the trigger (clipped
at ``±RoleNetParams.reach``), whether it is punctuation, and the event type. A possible actor or
target (a :class:`Place`: its words and label) is read from the mean and the maximum of the states
over its words, the state at the trigger, embeddings of its role, label, the type and its distance,
and four flags (verb, passive, before the trigger, several words); a two-layer perceptron gives a
probability. The arguments stage blends it with the logistic role model's: (model + mean of the
networks) / 2, kept at the network's own threshold per role. A candidate (its trigger's sentence) is
read by the detection head from the states at the trigger, their maximum over the sentence and their
mean over the trigger's neighbours, the event type and two flags (verb, passive); the extractor blends
its probability with the event classifier's the same way, kept at the network's thresholds per type;
a candidate the classifier gives less than the network's ``floor`` is dropped without reading it.

A model is a folder: ``weights.pt`` (float16 weights of each network, the word table left out: it is
the NER model's, whose weights' hash ``meta.json`` records) and ``meta.json`` (parameters, the
thresholds and their out-of-fold figures), written by ``akhbar train-roles`` (``model/roles``) or
``akhbar train-detector`` (``model/detect``).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

from akhbar.ner.crf import MODEL_DIR as NER_DIR
from akhbar.ner.ensemble import BILSTM_DIR
from akhbar.ner.neural import VOCAB, WEIGHTS, Encoder, WordTable

MODEL_DIR = Path(__file__).parents[1] / "model" / "roles"
DETECT_DIR = Path(__file__).parents[1] / "model" / "detect"
META = "meta.json"
ACTOR, TARGET = 0, 1  # an option's role
LABELS = ("-", "PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC", "phrase", "other")
TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE",
         "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "STATEMENT", "SUPPORT", "THREATEN")
PUNCTUATION = frozenset("،,.:;؛!?؟\"«»()-–")


@dataclass(frozen=True, slots=True)
class RoleNetParams:
    hidden: int = 96  # LSTM units per direction
    epochs: int = 8
    lr: float = 0.001
    batch: int = 32  # candidates (a sentence and its options) per step
    read_batch: int = 64  # held-out detection units read at once (a step without gradients)
    dropout: float = 0.4  # on the words' inputs
    mlp: int = 128
    mlp_dropout: float = 0.3
    reach: int = 20  # positions relative to the trigger, clipped
    near: int = 3  # detection: the trigger's neighbours on each side whose states are averaged
    seeds: tuple[int, ...] = (0,)  # one network per seed; their probabilities are averaged


class Place(NamedTuple):
    """Words ``[i, j)`` of a sentence and their label (an entity label, or ``phrase``)."""

    i: int
    j: int
    label: str


class RoleSentence(NamedTuple):
    """What the network reads of a candidate: its sentence's words, the trigger's word ``k``, the
    sentence's entity mentions, the event type and how the trigger is read."""

    words: tuple[str, ...]
    k: int
    spans: tuple[Place, ...]
    event_type: str
    verb: bool
    passive: bool


def _index(label: str) -> int:
    return LABELS.index(label) if label in LABELS else LABELS.index("other")


class _Inputs:
    """Sentences → tensors, with the NER model's vocabulary and word table."""

    def __init__(self, ner_dir: Path, reach: int) -> None:
        import torch

        vocab = json.loads((ner_dir / VOCAB).read_text(encoding="utf-8"))
        state = torch.load(ner_dir / WEIGHTS, map_location="cpu", weights_only=True)
        self.table = WordTable(state["words"], state["words_scale"].float())
        self.encoder = Encoder(vocab["words"], vocab["chars"], vocab["prefixes"])
        self.prefixes, self.reach = len(vocab["prefixes"]), reach

    def sentence(self, s: RoleSentence):
        import torch

        ids = [self.encoder.token(w)[0] for w in s.words]
        labels = [0] * len(s.words)
        for i, j, label in s.spans:
            for t in range(i, min(j, len(s.words))):
                labels[t] = labels[t] or _index(label)
        near = [max(-self.reach, min(self.reach, t - s.k)) + self.reach for t in range(len(s.words))]
        columns = [[x[0] for x in ids], [x[1] for x in ids], [x[2] for x in ids], [x[4] for x in ids],
                   labels, near, [int(w in PUNCTUATION) for w in s.words]]
        return torch.tensor(columns, dtype=torch.long), TYPES.index(s.event_type) if s.event_type in TYPES else 0


Head = Literal["roles", "detect"]


def _network(inputs: _Inputs, p: RoleNetParams, head: Head = "roles"):
    """The torch module with the ``head`` it is trained for, defined on first use so that importing
    this file does not import torch."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.prefixes = nn.Embedding(inputs.prefixes, 8)
            self.shapes = nn.Embedding(4, 4)
            self.labels = nn.Embedding(len(LABELS), 16)
            self.near = nn.Embedding(2 * p.reach + 1, 16)
            self.punct = nn.Embedding(2, 4)
            self.types = nn.Embedding(len(TYPES), 16)
            if head == "roles":
                self.roles = nn.Embedding(2, 8)
            self.drop = nn.Dropout(p.dropout)
            words = 2 * inputs.table.codes.shape[1]
            self.lstm = nn.LSTM(words + 8 + 4 + 16 + 16 + 4 + 16, p.hidden, bidirectional=True, batch_first=True)
            wide = 6 * p.hidden + 16 + (8 + 16 + 16 + 4 if head == "roles" else 2)
            self.mlp = nn.Sequential(nn.Linear(wide, p.mlp), nn.ReLU(), nn.Dropout(p.mlp_dropout), nn.Linear(p.mlp, 1))

        def states(self, sentences: list) -> list:
            """Each encoded sentence's LSTM states (words × 2 hidden)."""
            xs = []
            for cols, kind in sentences:
                n = cols.shape[1]
                words = inputs.table.rows(cols[:2].reshape(-1)).reshape(2, n, -1)
                xs.append(torch.cat([words[0], words[1], self.prefixes(cols[2]), self.shapes(cols[3]),
                                     self.labels(cols[4]), self.near(cols[5]), self.punct(cols[6]),
                                     self.types(torch.full((n,), kind))], 1))
            lengths = torch.tensor([x.shape[0] for x in xs])
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(nn.utils.rnn.pad_sequence(xs, batch_first=True)),
                                                       lengths, batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
            return [h[b, :n] for b, n in enumerate(lengths.tolist())]

        def scores(self, h, sentence: RoleSentence, kind: int, options: Sequence[tuple[int, Place]]):
            """Logits of ``options`` (role, place) of one sentence, from its states ``h``."""
            rows = []
            for role, (i, j, label) in options:
                i = min(i, len(h) - 1)
                words = h[i:min(max(j, i + 1), len(h))]
                near = max(-p.reach, min(p.reach, i - sentence.k)) + p.reach
                rows.append(torch.cat([words.mean(0), words.max(0).values, h[sentence.k], self.types.weight[kind],
                                       self.roles.weight[role], self.labels.weight[_index(label)],
                                       self.near.weight[near],
                                       torch.tensor([float(sentence.verb), float(sentence.passive),
                                                     float(i < sentence.k), float(j - i > 1)])]))
            return self.mlp(torch.stack(rows)).squeeze(1)

        def detect(self, states: list, sentences: Sequence[RoleSentence], kinds: Sequence[int]):
            """Logits of candidates (their sentences, states and type indices) being events."""
            rows = []
            for h, s, kind in zip(states, sentences, kinds):
                near = h[max(0, s.k - p.near):min(len(h), s.k + p.near + 1)]
                rows.append(torch.cat([h[s.k], h.max(0).values, near.mean(0), self.types.weight[kind],
                                       torch.tensor([float(s.verb), float(s.passive)])]))
            return self.mlp(torch.stack(rows)).squeeze(1)

    return Net


Candidate = tuple[RoleSentence, list[tuple[int, Place]], list[int]]  # sentence, (role, place) options, labels
Unit = tuple[RoleSentence, int, float]  # a candidate for detection: its sentence, label and weight


def fit(inputs: _Inputs, units: Sequence, params: RoleNetParams, seed: int, head: Head = "roles"):
    """One network trained on ``units`` (:data:`Candidate` for roles: binary cross-entropy over their
    options; :data:`Unit` for detection: weighted over the candidates), seeded; on the thread torch
    is set to."""
    import torch

    torch.manual_seed(seed)
    order = random.Random(seed)
    net = _network(inputs, params, head)()
    encoded = [inputs.sentence(u[0]) for u in units]
    optimizer = torch.optim.Adam(net.parameters(), lr=params.lr)
    for _ in range(params.epochs):
        net.train()
        chosen = list(range(len(units)))
        order.shuffle(chosen)
        for start in range(0, len(chosen), params.batch):
            batch = chosen[start:start + params.batch]
            states = net.states([encoded[n] for n in batch])
            if head == "roles":
                logits = torch.cat([net.scores(h, units[n][0], encoded[n][1], units[n][1])
                                    for h, n in zip(states, batch)])
                truth = torch.tensor([float(y) for n in batch for y in units[n][2]])
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, truth)
            else:
                logits = net.detect(states, [units[n][0] for n in batch], [encoded[n][1] for n in batch])
                truth = torch.tensor([float(units[n][1]) for n in batch])
                weight = torch.tensor([units[n][2] for n in batch])
                loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, truth, reduction="none")
                        * weight).sum() / weight.sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return net.eval()


class Scorer:
    """Trained networks with their inputs: the probability of a sentence's options, the networks
    averaged; the sentence's LSTM states are kept for the next call on the same sentence (its
    targets, after its actors)."""

    def __init__(self, inputs: _Inputs, nets: Sequence) -> None:
        self.inputs, self.nets = inputs, nets
        self._last: tuple[RoleSentence, int, list] | None = None

    def probabilities(self, sentence: RoleSentence, options: Sequence[tuple[int, Place]]) -> list[float]:
        import torch

        if not options:
            return []
        with torch.inference_mode():
            if self._last is None or self._last[0] != sentence:
                encoded = self.inputs.sentence(sentence)
                self._last = (sentence, encoded[1], [net.states([encoded])[0] for net in self.nets])
            _, kind, states = self._last
            total = sum(torch.sigmoid(net.scores(h, sentence, kind, options)) for net, h in zip(self.nets, states))
        return (total / len(self.nets)).tolist()

    def events(self, sentences: Sequence[RoleSentence]) -> list[float]:
        """The probability that each candidate (its sentence) is an event, the networks averaged; the
        candidates are read as one batch (an article's: its figures do not depend on other articles)."""
        import torch

        if not sentences:
            return []
        with torch.inference_mode():
            encoded = [self.inputs.sentence(s) for s in sentences]
            kinds = [kind for _, kind in encoded]
            total = sum(torch.sigmoid(net.detect(net.states(encoded), sentences, kinds)) for net in self.nets)
        return (total / len(self.nets)).tolist()


def ner_weights_hash(ner_dir: Path) -> str:
    return hashlib.sha1((ner_dir / WEIGHTS).read_bytes()).hexdigest()[:10]


def fit_and_score(ner_dir: Path, train: Sequence, test: Sequence, params: RoleNetParams, seed: int,
                  head: Head = "roles") -> tuple[list, dict]:
    """A network fitted on ``train`` on one thread: its probabilities of the ``test`` units (per
    option of a :data:`Candidate`; per :data:`Unit`, ``params.read_batch`` at a time), and its float16 weights
    (for a process pool)."""
    import torch

    torch.set_num_threads(1)
    inputs = _Inputs(ner_dir, params.reach)
    net = fit(inputs, train, params, seed, head)
    scorer = Scorer(inputs, [net])
    if head == "roles":
        probs = [scorer.probabilities(s, options) for s, options, _ in test]
    else:
        step = params.read_batch
        probs = [p for n in range(0, len(test), step) for p in scorer.events([u[0] for u in test[n:n + step]])]
    return probs, {k: v.half() for k, v in net.state_dict().items()}


def save(out_dir: Path, states: Sequence[dict], meta: dict) -> None:
    """The networks' weights and ``meta``, written atomically into ``out_dir``."""
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (WEIGHTS + ".tmp")
    torch.save({"nets": list(states)}, tmp)
    tmp.replace(out_dir / WEIGHTS)
    tmp = out_dir / (META + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out_dir / META)


class _Packaged:
    """A trained network folder, loaded on first use; reads with the NER model at ``ner_dir`` (the
    packaged one by default), whose weights it was trained with."""

    name = ""
    head: Head = "roles"
    command = ""

    def __init__(self, folder: Path, ner_dir: Path | None = None) -> None:
        self.folder = folder
        self.ner_dir = ner_dir or NER_DIR / BILSTM_DIR
        if not (folder / WEIGHTS).is_file():
            raise FileNotFoundError(f"no trained network ({self.name}) at {folder}: train one with `{self.command}`")
        self.meta = json.loads((folder / META).read_text(encoding="utf-8"))
        self.version = hashlib.sha1((folder / WEIGHTS).read_bytes()).hexdigest()[:10]

    @cached_property
    def scorer(self) -> Scorer:
        """The networks, loaded on first use (a process that only names the model does not load torch)."""
        import torch

        if (found := ner_weights_hash(self.ner_dir)) != self.meta["ner_weights"]:
            raise ValueError(f"the network ({self.name}) at {self.folder} was trained with NER weights "
                             f"{self.meta['ner_weights']}, not {found}: retrain it with `{self.command}`")
        params = parameters(self.meta["params"])
        inputs = _Inputs(self.ner_dir, params.reach)
        nets = []
        for state in torch.load(self.folder / WEIGHTS, map_location="cpu", weights_only=True)["nets"]:
            net = _network(inputs, params, self.head)()
            net.load_state_dict({k: v.float() for k, v in state.items()})
            nets.append(net.eval())
        return Scorer(inputs, nets)


class RoleNet(_Packaged):
    """The role network (:data:`MODEL_DIR` by default): thresholds per option kind (actors, targets)."""

    name, head, command = "roles-net", "roles", "akhbar train-roles"

    def __init__(self, folder: Path = MODEL_DIR, ner_dir: Path | None = None) -> None:
        super().__init__(folder, ner_dir)
        self.thresholds: dict[str, float] = self.meta["thresholds"]  # per option kind: actors, targets

    def probabilities(self, sentence: RoleSentence, options: Sequence[tuple[int, Place]]) -> list[float]:
        """The probability of each (role, place) option of ``sentence``."""
        return self.scorer.probabilities(sentence, options)


class Detector(_Packaged):
    """The detection network (:data:`DETECT_DIR` by default): its probability blended with the event
    classifier's, ``(1 - share) * model + share * network``, kept at its threshold; share and
    threshold per event type (``"*"``: the types without their own). A candidate the classifier
    gives less than ``floor`` is dropped without reading the network (a cascade: the network's cost
    goes to the candidates in doubt)."""

    name, head, command = "detect-net", "detect", "akhbar train-detector"

    def __init__(self, folder: Path = DETECT_DIR, ner_dir: Path | None = None) -> None:
        super().__init__(folder, ner_dir)
        self.blend: dict[str, float] = self.meta["blend"]  # the network's share per type group
        self.floor: float = self.meta["floor"]
        self.thresholds: dict[str, float] = self.meta["thresholds"]

    def probabilities(self, sentences: Sequence[RoleSentence]) -> list[float]:
        """The probability that each candidate, read from its sentence, is an event."""
        return self.scorer.events(sentences)

    def mixed(self, model: float, network: float | None, event_type: str) -> float:
        """:func:`cascaded` at this network's share for ``event_type`` and its floor."""
        return cascaded(model, network, of_type(self.blend, event_type), self.floor)

    def threshold(self, event_type: str) -> float:
        return of_type(self.thresholds, event_type)


def of_type(per_group: dict[str, float], event_type: str) -> float:
    """A detection value (share, threshold) of ``event_type``: its own, else the ``"*"`` group's."""
    return per_group.get(event_type, per_group["*"])


ROLE_BLEND = 0.5  # the role networks' share of an option's probability: (packaged model + networks) / 2


def blended(model: float, network: float, share: float) -> float:
    """A learned model's probability and a network's (role or detection), the network weighing ``share``."""
    return (1 - share) * model + share * network


def cascaded(model: float, network: float | None, share: float, floor: float) -> float:
    """The detection blend: under ``floor`` the classifier's probability alone (the network is not
    read there: ``network`` may be None), else :func:`blended`. The extractor and the training of
    its thresholds both read candidates through it."""
    return model if model < floor or network is None else blended(model, network, share)


def describe(params: RoleNetParams) -> dict:
    return {**asdict(params), "seeds": list(params.seeds)}


def parameters(described: dict) -> RoleNetParams:
    return RoleNetParams(**{**described, "seeds": tuple(described["seeds"])})
