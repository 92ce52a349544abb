"""Train the sentence check-worthiness scorer on the CLEF-2019 CheckThat! Task 1 TRAIN split only.

Train files: every `*.tsv` in `--data`, by default ../shared/data/clef2019_checkworthiness/train (the 19
debates and speeches of upstream `data/training/`, 16,421 sentences). The test split is never read here.

Features (claimcheck/extraction/checkworthiness.py, shared with inference): hashed word n-grams (and, as
candidates, within-word character n-grams) as sublinear, L2-normalised tf-idf, plus a few hand-made cues
(numbers, percentages, money, years, comparisons, names, first person, stance, questions, thanks, length).
Only the sentence text is used, never the speaker. Model: L2 logistic regression with balanced class
weights (scikit-learn, liblinear), exported as float16 arrays for the numpy-only scorer.

Choosing hyperparameters (n-gram spec, C, cue scale) uses validation carved out of train by debate file:
the 19 train debates are dealt into 5 folds by a seeded shuffle; each fold of whole debates is held out in
turn while the rest train; the candidate with the best MAP over held-out debates (mean average precision
over the 19 debates, averaged over 3 shuffles) wins and is refit on all 19 train debates.

Deterministic: fixed shuffle seeds, liblinear with a fixed random_state, CRC-32 feature hashing.

    python eval/train_checkworthiness.py [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import sklearn
from checkworthiness import Debate, read_debates  # the sibling eval/checkworthiness.py
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from claimcheck.extraction.checkworthiness import (
    CUE_NAMES,
    MODEL_FORMAT,
    MODEL_PATH,
    FeatureSpec,
    cue_features,
    encode_array,
    hashed_counts,
    load_model,
    score_with,
)
from claimcheck.extraction.ranking_metrics import RankingScores, mean_scores, score_ranking

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clef2019_checkworthiness" / "train"
FOLDS = 5
FOLD_SEEDS = (0, 1, 2)
SPECS = (
    FeatureSpec(hash_bits=17, word_ngrams=2, char_ngrams=None),
    FeatureSpec(hash_bits=17, word_ngrams=3, char_ngrams=None),
    FeatureSpec(hash_bits=17, word_ngrams=2, char_ngrams=(2, 5)),
)
CS = (0.1, 0.3, 1.0)
CUE_SCALES = (0.0, 0.3, 1.0)

Matrix: TypeAlias = sparse.csr_matrix
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One hyperparameter setting tried in validation."""

    spec: FeatureSpec
    c: float
    cue_scale: float


@dataclass(frozen=True, slots=True)
class Fitted:
    """A trained scorer in the shape the inference module reads."""

    idf: Floats
    weights: Floats
    cue_weights: Floats
    bias: float


def count_matrix(texts: Sequence[str], spec: FeatureSpec) -> Matrix:
    """Hashed n-gram counts, one row per text."""
    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        for bucket, count in hashed_counts(text, spec).items():
            rows.append(row)
            cols.append(bucket)
            vals.append(float(count))
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), spec.dim))


def fit_idf(counts: Matrix) -> Floats:
    """Smoothed idf per bucket, 0 for buckets no training sentence has (so inference ignores them)."""
    df = np.asarray((counts > 0).sum(axis=0)).ravel().astype(np.float64)
    idf = np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0
    return np.where(df > 0, idf, 0.0)


def tfidf(counts: Matrix, idf: Floats) -> Matrix:
    """Sublinear tf times idf, each row scaled to unit L2 norm (as tfidf_vector does for one text)."""
    x = counts.copy()
    x.data = 1.0 + np.log(x.data)
    x = sparse.csr_matrix(x @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ x)


def fit(counts: Matrix, cues: Floats, labels: Sequence[int], candidate: Candidate) -> Fitted:
    """Logistic regression with balanced class weights on tf-idf plus scaled cues."""
    idf = fit_idf(counts)
    x = sparse.hstack([tfidf(counts, idf), sparse.csr_matrix(cues * candidate.cue_scale)]).tocsr()
    model = LogisticRegression(
        C=candidate.c, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=0
    )
    model.fit(x, np.asarray(labels))
    coef = model.coef_.ravel()
    dim = candidate.spec.dim
    return Fitted(idf, coef[:dim], coef[dim:] * candidate.cue_scale, float(model.intercept_[0]))


def decision(fitted: Fitted, counts: Matrix, cues: Floats) -> Floats:
    """Logits of the rows (ranking by logit equals ranking by the sigmoid score)."""
    logits = tfidf(counts, fitted.idf) @ fitted.weights + cues @ fitted.cue_weights + fitted.bias
    return np.asarray(logits, dtype=np.float64)


def validate(debates: Sequence[Debate], counts: Matrix, cues: Floats, candidate: Candidate) -> RankingScores:
    """Task 1 measures over held-out train debates (folds of whole debates), averaged over fold shuffles."""
    starts = np.cumsum([0] + [len(d.texts) for d in debates])
    per_shuffle = []
    for seed in FOLD_SEEDS:
        order = np.random.default_rng(seed).permutation(len(debates))
        held_out = []
        for fold in range(FOLDS):
            held = set(order[fold::FOLDS].tolist())
            train_rows = np.concatenate(
                [np.arange(starts[i], starts[i + 1]) for i in range(len(debates)) if i not in held]
            )
            labels = [label for i, d in enumerate(debates) if i not in held for label in d.labels]
            fitted = fit(counts[train_rows], cues[train_rows], labels, candidate)
            for i in sorted(held):
                rows = slice(starts[i], starts[i + 1])
                logits = decision(fitted, counts[rows], cues[rows])
                held_out.append(score_ranking(debates[i].labels, logits.tolist()))
        per_shuffle.append(mean_scores(held_out))
    return mean_scores(per_shuffle)


def export(fitted: Fitted, spec: FeatureSpec, path: Path, metadata: dict[str, Any]) -> None:
    """Write the weights as the JSON file the inference module loads."""
    document = {
        "format": MODEL_FORMAT,
        "features": {
            "hash_bits": spec.hash_bits,
            "word_ngrams": spec.word_ngrams,
            "char_ngrams": None if spec.char_ngrams is None else list(spec.char_ngrams),
        },
        "cue_names": list(CUE_NAMES),
        "cue_weights": [round(float(w), 6) for w in fitted.cue_weights],
        "bias": round(fitted.bias, 6),
        "idf": encode_array(fitted.idf),
        "weights": encode_array(fitted.weights),
        "training": metadata,
    }
    path.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Choose hyperparameters on debate-held-out train folds, refit on all of train, export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="train split directory")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    args = parser.parse_args(argv)

    debates = read_debates(args.data)
    texts = [t for d in debates for t in d.texts]
    labels = [label for d in debates for label in d.labels]
    print(f"train: {len(debates)} debates, {len(texts)} sentences, {sum(labels)} check-worthy")
    cues = np.asarray([cue_features(t) for t in texts], dtype=np.float64)

    results: list[tuple[RankingScores, Candidate]] = []
    for spec in SPECS:
        counts = count_matrix(texts, spec)
        for c in CS:
            for cue_scale in CUE_SCALES:
                candidate = Candidate(spec, c, cue_scale)
                scores = validate(debates, counts, cues, candidate)
                results.append((scores, candidate))
                print(f"  validation MAP {scores.average_precision:.4f}  {candidate}", flush=True)
    best_scores, best = max(results, key=lambda r: r[0].average_precision)
    print(f"chosen: {best}")
    print(
        "  validation (held-out train debates): "
        + ", ".join(f"{k} {v:.4f}" for k, v in asdict(best_scores).items())
    )

    fitted = fit(count_matrix(texts, best.spec), cues, labels, best)
    metadata = {
        "train_files": [d.name for d in debates],
        "c": best.c,
        "cue_scale": best.cue_scale,
        "class_weight": "balanced",
        "validation_folds": f"{FOLDS} folds of whole train debates x shuffle seeds {list(FOLD_SEEDS)}",
        "validation": {k: round(v, 4) for k, v in asdict(best_scores).items()},
        "scikit_learn": sklearn.__version__,
    }
    export(fitted, best.spec, args.out, metadata)

    # The float16 round trip must not change the ranking the trained model makes.
    exact = decision(fitted, count_matrix(texts, best.spec), cues)
    shipped = np.asarray(score_with(load_model(args.out), texts))
    agreement = float(np.corrcoef(exact, np.log(shipped / (1.0 - shipped)))[0, 1])
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.2f} MB); exported vs exact logits r={agreement:.6f}")
    if agreement < 0.9999:
        raise SystemExit("the exported float16 weights do not reproduce the trained model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
