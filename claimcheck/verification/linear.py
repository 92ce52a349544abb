"""A multinomial logistic model loaded from a small JSON file: standardise, weigh, softmax."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class SoftmaxModel:
    """Class probabilities from a feature vector; `temperature` > 1 softens over-confident scores."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per label
    bias: tuple[float, ...]
    temperature: float = 1.0

    def probabilities(self, vector: list[float]) -> dict[str, float]:
        """Probability of each label for one feature vector (in the order of `features`)."""
        if len(vector) != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got {len(vector)}")
        z = [(v - m) / s for v, m, s in zip(vector, self.mean, self.scale, strict=True)]
        logits = [
            (b + sum(w * x for w, x in zip(row, z, strict=True))) / self.temperature
            for row, b in zip(self.weights, self.bias, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(value - top) for value in logits]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """The model as plain JSON data, rounded to keep the file small and diffs readable."""
        return {
            "labels": list(self.labels),
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "weights": [[round(v, 6) for v in row] for row in self.weights],
            "bias": [round(v, 6) for v in self.bias],
            "temperature": round(self.temperature, 4),
        }


def model_from_json(data: dict[str, Any]) -> SoftmaxModel:
    """A model from the plain JSON data of `SoftmaxModel.to_json`."""
    return SoftmaxModel(
        labels=tuple(data["labels"]),
        features=tuple(data["features"]),
        mean=tuple(float(v) for v in data["mean"]),
        scale=tuple(float(v) for v in data["scale"]),
        weights=tuple(tuple(float(v) for v in row) for row in data["weights"]),
        bias=tuple(float(v) for v in data["bias"]),
        temperature=float(data.get("temperature", 1.0)),
    )


def load_model(path: Path) -> SoftmaxModel:
    """Read a model written by `SoftmaxModel.to_json`."""
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))
