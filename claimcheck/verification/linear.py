"""A multinomial logistic model loaded from a small JSON file: standardise, weigh, softmax."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt


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
    # The same numbers as arrays, built once: a dense stance model has over a thousand features.
    _matrix: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _offset: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Standardising folded into the weights: w . (v - m) / s + b == (w / s) . v + (b - w . (m / s)).
        weights = np.asarray(self.weights, dtype=np.float64).reshape(len(self.labels), len(self.features))
        scale = np.asarray(self.scale, dtype=np.float64)
        scaled = weights / np.where(scale > 0, scale, 1.0)
        offset = np.asarray(self.bias, dtype=np.float64) - scaled @ np.asarray(self.mean, dtype=np.float64)
        object.__setattr__(self, "_matrix", scaled)
        object.__setattr__(self, "_offset", offset)

    def probabilities(self, vector: list[float]) -> dict[str, float]:
        """Probability of each label for one feature vector (in the order of `features`)."""
        if len(vector) != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got {len(vector)}")
        logits = (self._matrix @ np.asarray(vector, dtype=np.float64) + self._offset) / self.temperature
        exps = np.exp(logits - logits.max())
        shares = exps / exps.sum()
        return {label: float(p) for label, p in zip(self.labels, shares, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """The model as plain JSON data, rounded to keep the file small and diffs readable."""
        return {
            "labels": list(self.labels),
            "features": list(self.features),
            # Significant digits, not decimals: sentence-embedding features have scales near 1e-4.
            "mean": [float(f"{v:.6g}") for v in self.mean],
            "scale": [float(f"{v:.6g}") for v in self.scale],
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
