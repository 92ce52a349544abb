"""Ranking measures of CLEF-2019 CheckThat! Task 1: average precision, R-precision and precision at k.

Each function takes the gold labels (1 relevant, 0 not) in ranked order, best first; `rank_labels` makes
that order from scores the way the official scorer does: by score descending, ties kept in input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RankingScores:
    """The Task 1 measures of one ranked list (one debate), or their means over several."""

    average_precision: float
    r_precision: float
    precision_at_5: float
    precision_at_10: float
    precision_at_20: float


def rank_labels(labels: Sequence[int], scores: Sequence[float]) -> list[int]:
    """Labels reordered by score, highest first; equal scores keep their input order (a stable sort)."""
    if len(labels) != len(scores):
        raise ValueError(f"{len(labels)} labels but {len(scores)} scores")
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(ranked: Sequence[int]) -> float:
    """Mean of the precision at the rank of each relevant item, over all relevant items (0 if none)."""
    relevant = sum(1 for label in ranked if label == 1)
    if relevant == 0:
        return 0.0
    hits = 0
    total = 0.0
    for rank, label in enumerate(ranked, start=1):
        if label == 1:
            hits += 1
            total += hits / rank
    return total / relevant


def precision_at(ranked: Sequence[int], k: int) -> float:
    """Share of relevant items among the first k (ranks past the end of the list count as misses)."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return sum(1 for label in ranked[:k] if label == 1) / k


def r_precision(ranked: Sequence[int]) -> float:
    """Precision at R, R being the number of relevant items in the list (0 if there are none)."""
    relevant = sum(1 for label in ranked if label == 1)
    return precision_at(ranked, relevant) if relevant else 0.0


def score_ranking(labels: Sequence[int], scores: Sequence[float]) -> RankingScores:
    """All Task 1 measures of the list ranked by these scores."""
    ranked = rank_labels(labels, scores)
    return RankingScores(
        average_precision=average_precision(ranked),
        r_precision=r_precision(ranked),
        precision_at_5=precision_at(ranked, 5),
        precision_at_10=precision_at(ranked, 10),
        precision_at_20=precision_at(ranked, 20),
    )


def mean_scores(per_list: Sequence[RankingScores]) -> RankingScores:
    """Macro average of each measure over the lists (MAP is the mean of the average precisions)."""
    if not per_list:
        raise ValueError("no ranked lists to average")
    count = len(per_list)
    return RankingScores(
        average_precision=sum(s.average_precision for s in per_list) / count,
        r_precision=sum(s.r_precision for s in per_list) / count,
        precision_at_5=sum(s.precision_at_5 for s in per_list) / count,
        precision_at_10=sum(s.precision_at_10 for s in per_list) / count,
        precision_at_20=sum(s.precision_at_20 for s in per_list) / count,
    )
