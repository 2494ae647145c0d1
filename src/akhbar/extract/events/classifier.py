"""The learned stage of event extraction: is a candidate event one the text reports?

The rules find candidates (a trigger read through its clitics, its arguments, status and date)
and describe each by sparse string features (:mod:`akhbar.extract.events.features`). A
logistic regression over those features, trained on annotated articles and the GSR event
sentences (``akhbar train-events``), gives each candidate a calibrated probability; the
candidates under the threshold chosen on the tune data are dropped. The model is a JSON file of
feature weights, read here with no dependency beyond the standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MODEL_FILE = Path(__file__).parents[1] / "model" / "events.json"
# The same kind of model, over an event's candidate targets: which named entities after the trigger
# are its targets (``akhbar train-events`` fits all three).
TARGETS_FILE = Path(__file__).parents[1] / "model" / "targets.json"
# ... and over the names around the trigger: which of them is its actor.
ACTORS_FILE = Path(__file__).parents[1] / "model" / "actors.json"
ALWAYS_KEPT = frozenset({"STATEMENT"})  # optional in the guide: never a false positive


@dataclass(frozen=True, slots=True)
class EventClassifier:
    """Feature weights, a bias and the keep threshold of a trained model (one per event type where
    the type has its own, else the default)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> EventClassifier:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["threshold"], data.get("thresholds", {}),
                   data.get("meta", {}))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"bias": self.bias, "threshold": self.threshold, "thresholds": self.thresholds,
                "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0

    def keeps(self, event_type: str, probability: float) -> bool:
        return event_type in ALWAYS_KEPT or probability >= self.thresholds.get(event_type, self.threshold)
