"""Fit the claim-matching scorer (claimcheck/matching/scorer_weights.json) on CLEF CheckThat! data.

Pools: for every train query of each dataset given, the fused candidates of the shipped index
(claimcheck.matching.index), labelled by the qrels. The ranker is a linear model fitted listwise (softmax
over each query's pool, its relevant candidates the target), one per L2 strength in a small grid, and the
one with the best mean dev MAP@5 kept. The judge is a logistic model (same claim or not) over the
collection-independent features of every train candidate. On each dataset's train and dev queries
together, the reuse threshold is the lowest judge probability at which the ranker's best matches scoring
at least it are >= 95 % relevant; the highest of these ships. The related threshold keeps 90 % of relevant dev
candidates. The same is done without embeddings for the lexical models. Test queries are never read.

    python eval/train_matching.py --data ../shared/data/claim_matching/clef2020_t2_en \\
        --data ../shared/data/claim_matching/clef2022_t2b_en [--out claimcheck/matching/scorer_weights.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from matching import Query, VectorCache, average_precision, build_index, read_queries
from scipy.optimize import minimize
from softmax_fit import fit_softmax

from claimcheck.matching.index import (
    FEATURES,
    JUDGE_FEATURES,
    LEXICAL_FEATURES,
    LEXICAL_JUDGE_FEATURES,
    Candidate,
    MatchingIndex,
)
from claimcheck.matching.scorer import SAME, WEIGHTS_PATH, Calibrated, MatchScorer
from claimcheck.matching.signals import clean_text
from claimcheck.verification.linear import SoftmaxModel

# Only candidate pools are drawn while fitting, so the index's own scorer is never consulted.
_ZERO = SoftmaxModel(("other", SAME), ("cosine",), (0.0,), (1.0,), ((0.0,), (0.0,)), (0.0, 0.0))
UNFITTED = MatchScorer(Calibrated(_ZERO, _ZERO, 1.0, 0.0), Calibrated(_ZERO, _ZERO, 1.0, 0.0))
L2_GRID = (0.001, 0.1)
JUDGE_L2 = 0.001
TARGET_PRECISION = 0.95


@dataclass
class Pools:
    """Every query's candidate pool, for one dataset and split."""

    queries: list[Query]
    candidates: list[list[Candidate]]


def pools(index: MatchingIndex, queries: list[Query], cache: VectorCache, dense: bool) -> Pools:
    vectors = cache.vectors([clean_text(q.text) for q in queries]) if dense else [None] * len(queries)
    return Pools(queries, [index.candidates(q.text, vector=v) for q, v in zip(queries, vectors, strict=True)])


def fit_ranker(train: list[Pools], features: Sequence[str], l2: float) -> SoftmaxModel:
    """A linear ranker: softmax over each query's pool, with its relevant candidates as the target."""
    groups = []
    for pool in train:
        for query, found in zip(pool.queries, pool.candidates, strict=True):
            relevant = np.array([c.prior.id in query.relevant for c in found])
            if relevant.any():
                groups.append((np.array([[c.features[f] for f in features] for c in found]), relevant))
    stacked = np.vstack([x for x, _ in groups])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0)
    scale[scale < 1e-9] = 1.0
    standard = [((x - mean) / scale, r) for x, r in groups]

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        total, grad = 0.0, np.zeros_like(w)
        for z, relevant in standard:
            s = z @ w
            e = np.exp(s - s.max())
            p = e / e.sum()
            q = np.where(relevant, e, 0.0) / e[relevant].sum()
            total -= float(np.log(e[relevant].sum() / e.sum()))
            grad += z.T @ (p - q)
        return total / len(standard) + l2 * float(w @ w), grad / len(standard) + 2 * l2 * w

    w = minimize(loss, np.zeros(len(features)), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    return SoftmaxModel(
        ("other", SAME),
        tuple(features),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        (tuple(0.0 for _ in features), tuple(float(v) for v in w)),
        (0.0, 0.0),
    )


def fit_judge(train: list[Pools], features: Sequence[str]) -> SoftmaxModel:
    """Logistic same-claim probability over every train candidate."""
    rows, gold = [], []
    for pool in train:
        for query, found in zip(pool.queries, pool.candidates, strict=True):
            rows += [[c.features[f] for f in features] for c in found]
            gold += [SAME if c.prior.id in query.relevant else "other" for c in found]
    return fit_softmax(rows, gold, ["other", SAME], features, JUDGE_L2, balance=0.0)


def best_first(part: Calibrated, found: list[Candidate]) -> list[Candidate]:
    order = part.order([c.features for c in found])
    return [c for _, c in sorted(zip(order, found, strict=True), key=lambda pair: -pair[0])]


def map_at_5(part: Calibrated, pool: Pools) -> float:
    values = [
        average_precision([c.prior.id for c in best_first(part, found)], q.relevant, 5)
        for found, q in zip(pool.candidates, pool.queries, strict=True)
    ]
    return sum(values) / len(values)


def reuse_threshold(part: Calibrated, pool: Pools) -> float:
    """The lowest judge probability at which the ranker's best matches scoring at least it are >= 95 %
    relevant (1.0 when no such probability exists)."""
    best = []
    for found, q in zip(pool.candidates, pool.queries, strict=True):
        if found:
            top = best_first(part, found)[0]
            best.append((part.probability([top.features])[0], top.prior.id in q.relevant))
    best.sort(key=lambda pair: -pair[0])
    threshold, correct = 1.0, 0
    for i, (score, hit) in enumerate(best):
        correct += hit
        if correct / (i + 1) >= TARGET_PRECISION:
            threshold = score
    return threshold


def thresholds(part: Calibrated, dev: list[Pools]) -> tuple[float, float]:
    """(reuse, related) on dev, as the module docstring says."""
    reuse = max(reuse_threshold(part, pool) for pool in dev)
    relevant = sorted(
        p
        for pool in dev
        for found, q in zip(pool.candidates, pool.queries, strict=True)
        for p, c in zip(part.probability([c.features for c in found]), found, strict=True)
        if c.prior.id in q.relevant
    )
    related = relevant[len(relevant) // 10] if relevant else 0.5
    return reuse, min(related, reuse)


def train_part(
    train: list[Pools], dev: list[Pools], features: Sequence[str], judged: Sequence[str], name: str
) -> Calibrated:
    judge = fit_judge(train, judged)
    chosen, chosen_map = None, -1.0
    for l2 in L2_GRID:
        part = Calibrated(fit_ranker(train, features, l2), judge, 1.0, 0.0)
        dev_maps = [map_at_5(part, pool) for pool in dev]
        mean = sum(dev_maps) / len(dev_maps)
        figures = " ".join(f"{m:.3f}" for m in dev_maps)
        print(f"{name} ranker l2={l2:g}: dev MAP@5 {figures} mean {mean:.3f}", flush=True)
        if mean > chosen_map:
            chosen, chosen_map = part, mean
    assert chosen is not None
    # Dev alone holds few confident matches (13 on CLEF-2022 dev), so the reuse threshold must hold on each
    # dataset's train and dev queries together; the related threshold comes from dev only.
    merged = [
        Pools(t.queries + d.queries, t.candidates + d.candidates) for t, d in zip(train, dev, strict=True)
    ]
    reuse = max(reuse_threshold(chosen, pool) for pool in merged)
    related = min(thresholds(chosen, dev)[1], reuse)
    print(f"{name}: reuse threshold {reuse:.3f}, related threshold {related:.3f}")
    return Calibrated(chosen.ranker, judge, reuse, related)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True, help="a dataset folder")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)
    cache = VectorCache()
    parts = []
    for dense, features, judged, name in (
        (True, FEATURES, JUDGE_FEATURES, "full"),
        (False, LEXICAL_FEATURES, LEXICAL_JUDGE_FEATURES, "lexical"),
    ):
        train, dev = [], []
        for folder in args.data:
            index = build_index(folder / "vclaims.jsonl", cache, UNFITTED)
            for split, target in (("train", train), ("dev", dev)):
                queries = read_queries(folder / "queries.jsonl", folder / "qrels.jsonl", split)
                target.append(pools(index, queries, cache, dense))
        parts.append(train_part(train, dev, features, judged, name))
    scorer = MatchScorer(*parts)
    args.out.write_text(json.dumps(scorer.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
