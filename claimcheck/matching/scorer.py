"""The learned re-scorer: a ranker that orders a query's candidates, and a judge that says "same claim".

The ranker is a linear model over retrieval scores and entity/number agreement, fitted listwise (softmax
over each query's pool), so its margins only order candidates. Whether the best one states the same claim
is the judge's call: a logistic model over features that do not depend on the collection (cosine, term and
name overlap, number agreement), so its probability means the same for ten prior checks as for a million
and a lone, unrelated candidate is not mistaken for a match. Both ship in scorer_weights.json, written by
eval/train_matching.py (fitted on train queries, thresholds chosen on dev); `full` needs sentence
embeddings, `lexical` is for when the encoder package is not installed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimcheck.verification.linear import SoftmaxModel, model_from_json

WEIGHTS_PATH = Path(__file__).with_name("scorer_weights.json")
SAME = "same"


def log_odds(model: SoftmaxModel, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
    """A two-label model's log-odds of SAME for each feature row."""
    if not rows:
        return np.zeros(0, dtype=np.float64)
    x = np.array([[row[name] for name in model.features] for row in rows], dtype=np.float64)
    same = model.labels.index(SAME)
    weights = np.asarray(model.weights, dtype=np.float64)
    scale = np.where(np.asarray(model.scale) > 0, np.asarray(model.scale), 1.0)
    z = (x - np.asarray(model.mean)) / scale
    bias = model.bias[same] - model.bias[1 - same]
    margin: npt.NDArray[np.float64] = (z @ (weights[same] - weights[1 - same]) + bias) / model.temperature
    return margin


@dataclass(frozen=True, slots=True)
class Calibrated:
    """A ranker, a judge and the judge's thresholds: `reuse` (same claim) and `related` (worth showing)."""

    ranker: SoftmaxModel
    judge: SoftmaxModel
    reuse: float
    related: float

    def order(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """The ranker's scores: higher is a better candidate for this query (comparable within a pool)."""
        return [float(v) for v in log_odds(self.ranker, rows)]

    def probability(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """The judge's probability that each candidate states the same claim as the query."""
        return [float(p) for p in 1.0 / (1.0 + np.exp(-log_odds(self.judge, rows)))]


@dataclass(frozen=True, slots=True)
class MatchScorer:
    """The shipped models: `full` over lexical and dense signals, `lexical` without embeddings."""

    full: Calibrated
    lexical: Calibrated

    def for_dense(self, dense: bool) -> Calibrated:
        """The models to use with (or without) sentence embeddings."""
        return self.full if dense else self.lexical

    def to_json(self) -> dict[str, Any]:
        """The scorer as the plain JSON data of scorer_weights.json."""
        return {
            name: {
                "ranker": part.ranker.to_json(),
                "judge": part.judge.to_json(),
                "reuse": round(part.reuse, 4),
                "related": round(part.related, 4),
            }
            for name, part in (("full", self.full), ("lexical", self.lexical))
        }


def scorer_from_json(data: Mapping[str, Any]) -> MatchScorer:
    """A scorer from the data of `MatchScorer.to_json`."""

    def part(raw: Mapping[str, Any]) -> Calibrated:
        return Calibrated(
            model_from_json(raw["ranker"]),
            model_from_json(raw["judge"]),
            float(raw["reuse"]),
            float(raw["related"]),
        )

    return MatchScorer(part(data["full"]), part(data["lexical"]))


@lru_cache(maxsize=1)
def load_scorer(path: Path = WEIGHTS_PATH) -> MatchScorer:
    """The shipped scorer."""
    return scorer_from_json(json.loads(path.read_text(encoding="utf-8")))
