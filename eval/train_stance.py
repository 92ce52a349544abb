"""Train the lexical stance model on Factcheck-GPT; writes claimcheck/verification/stance_weights.json.

This is the fallback stance, used where the claim-evidence reader (train/train_reader.py) is not installed.


Split (see splits.py): sha256 of the claim text, first 8 hex digits as an integer, modulo 10 -> buckets
0-5 train, 6-7 validation, 8-9 test; every evidence passage of a claim goes where its claim goes. The model
(multinomial logistic regression over claimcheck.verification.features, class-balanced) is fitted on train
only. The L2 strength, class balancing and per-label bias offsets are chosen by mean
macro-F1 over 5 folds of train (folds by a second part of the same hash, so a claim stays in one fold); the
validation macro-F1 of every candidate is printed beside it, and the final model is refitted on all of train.
The test split is not looked at here: eval/stance.py reports it.

    python eval/train_stance.py --data ../shared/data/factcheck_gpt/stance.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from metrics import classification_report
from softmax_fit import fit_softmax
from splits import fold_of, split_of
from stance_data import LABELS, PUBLIC_DATA, read_pairs

from claimcheck.verification.features import FEATURE_NAMES, stance_features
from claimcheck.verification.linear import SoftmaxModel
from claimcheck.verification.query import build_query
from claimcheck.verification.stance import WEIGHTS_PATH, stance_from_features

FOLDS = 5
L2_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)


def _with_offsets(model: SoftmaxModel, offsets: tuple[float, ...]) -> SoftmaxModel:
    bias = tuple(b + o for b, o in zip(model.bias, offsets, strict=True))
    return SoftmaxModel(model.labels, model.features, model.mean, model.scale, model.weights, bias)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=PUBLIC_DATA)
    parser.add_argument("--out", type=Path, default=None, help="default: the shipped weights file")
    args = parser.parse_args()
    out = args.out or WEIGHTS_PATH

    pairs = read_pairs(args.data)
    started = time.perf_counter()
    rows = [stance_features(build_query(p.claim), p.evidence) for p in pairs]
    names = FEATURE_NAMES
    print(f"{len(names)} features for {len(pairs)} pairs in {time.perf_counter() - started:.1f}s")
    split = [split_of(p.claim) for p in pairs]
    train = [i for i, s in enumerate(split) if s == "train"]
    valid = [i for i, s in enumerate(split) if s == "validation"]
    print(f"train {len(train)} pairs, validation {len(valid)} pairs")

    gold = [p.label for p in pairs]
    folds = [fold_of(pairs[i].claim, FOLDS) for i in train]
    best: tuple[float, SoftmaxModel, str] | None = None
    for l2, balance in itertools.product(L2_GRID, (0.5, 0.75, 1.0)):
        fold_models = []
        for fold in range(FOLDS):
            fit_rows = [i for i, f in zip(train, folds, strict=True) if f != fold]
            fold_models.append(
                fit_softmax(
                    [rows[i] for i in fit_rows],
                    [gold[i] for i in fit_rows],
                    LABELS,
                    names,
                    l2=l2,
                    balance=balance,
                )
            )
        model = fit_softmax(
            [rows[i] for i in train], [gold[i] for i in train], LABELS, names, l2=l2, balance=balance
        )
        for offsets in itertools.product((-0.25, 0.0, 0.25), (-0.5, -0.25, 0.0, 0.25, 0.5)):
            scores = []
            for fold in range(FOLDS):
                held = [i for i, f in zip(train, folds, strict=True) if f == fold]
                shifted = _with_offsets(fold_models[fold], (*offsets, 0.0))
                predicted = [stance_from_features(rows[i], shifted).label.value for i in held]
                scores.append(classification_report([gold[i] for i in held], predicted, LABELS)["macro_f1"])
            cv = sum(scores) / FOLDS
            final = _with_offsets(model, (*offsets, 0.0))
            predicted = [stance_from_features(rows[i], final).label.value for i in valid]
            validation = classification_report([gold[i] for i in valid], predicted, LABELS)["macro_f1"]
            note = f"l2={l2} balance={balance} offsets={offsets}"
            if best is None or cv > best[0] + 1e-9:
                best = (cv, final, note)
                print(f"train-CV macro-F1 {cv:.3f}  validation macro-F1 {validation:.3f}  {note}")
    assert best is not None
    out.write_text(json.dumps(best[1].to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"chose {best[2]} (train-CV macro-F1 {best[0]:.3f}); wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
