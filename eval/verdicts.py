"""Evaluate claimcheck's verdicts on AVeriTeC dev (or a generic JSONL): accuracy, macro-F1, P/R, ECE.

For each claim an evidence index is built from its own QA answers (one feed entry per answer, text
"question answer", title the question, url the answer's source_url); only the claim text and that corpus reach
the verifier (claimcheck.verification.verdict.verify), never the justification, answer types, boolean
explanations, claim types, strategies or label. Labels: Supported -> supported, Refuted -> refuted,
"Conflicting Evidence/Cherrypicking" -> conflicting, "Not Enough Evidence" -> not_enough_info.

The verdict policy's label model was fitted on the "tune" half (sha256 of the claim text, first 8 hex digits
as an integer, even; see splits.py and train_verdicts.py), its relevance gate on the Factcheck-GPT train
split. A run on the public file (or a copy) reports the tune half, the held-out half and the whole file; a
file with none of the tune claims (a generic JSONL, or AVeriTeC's held-aside part) is scored whole.
Figures: with the best-guess label standing in for needs_review; coverage and accuracy on the decided
claims; expected calibration error of the confidence, with a reliability table.

    python eval/verdicts.py --data ../shared/data/averitec/dev_public.json [--json OUT] [--top-k 8]
A generic JSONL has one {"claim": str, "label": "supported|refuted|conflicting|not_enough_info",
"evidence": [str, ...]} per line. Anchors on dev_public: always "refuted" 0.651 accuracy / 0.197 macro-F1.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from metrics import calibration, classification_report, format_calibration, format_report
from splits import half_of
from verdict_data import LABELS, VerdictCase, build_index, read_cases

from claimcheck.settings import Settings
from claimcheck.verification.dense import sentence_vectors
from claimcheck.verification.verdict import verify
from schemas.claims import Verdict
from schemas.common import VerdictLabel

_PARTS = {"tune": "policy fitted on it", "heldout": "policy not fitted on it", "all": "whole file"}
DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "averitec" / "dev_public.json"


def _fitted_claims() -> frozenset[str]:
    """Claims the verdict policy was fitted on: the tune half of the public dev file (none if absent)."""
    if not DEFAULT_DATA.is_file():
        return frozenset()
    return frozenset(c.claim for c in read_cases(DEFAULT_DATA) if half_of(c.claim) == "tune")


def _score(cases: list[VerdictCase], verdicts: list[Verdict]) -> dict[str, Any]:
    gold = [c.label for c in cases]
    guessed = [
        (v.best_guess or v.label).value if v.label is VerdictLabel.needs_review else v.label.value
        for v in verdicts
    ]
    decided = [i for i, v in enumerate(verdicts) if v.label is not VerdictLabel.needs_review]
    with_guess = classification_report(gold, guessed, LABELS)
    on_decided = classification_report([gold[i] for i in decided], [guessed[i] for i in decided], LABELS)
    calib = calibration(
        [v.confidence for v in verdicts], [g == p for g, p in zip(gold, guessed, strict=True)]
    )
    return {
        "best_guess": with_guess,
        "decided": {"coverage": len(decided) / len(cases) if cases else 0.0, **on_decided},
        "calibration": calib,
    }


def _print(title: str, result: dict[str, Any]) -> None:
    print(format_report(f"{title} (needs_review counted as its best guess)", result["best_guess"], LABELS))
    decided = result["decided"]
    print(
        f"  decided (not needs_review): coverage {decided['coverage']:.3f},"
        f" accuracy {decided['accuracy']:.3f}, macro-F1 {decided['macro_f1']:.3f} on {decided['n']} claims"
    )
    print(format_calibration(result["calibration"]))


def yes_no_rule(case: VerdictCase) -> str:
    """Anchor: more yes than no answers -> supported, more no -> refuted, a tie with both -> conflicting;
    with neither, "no answer could be found" answers -> not_enough_info, else refuted (the common label)."""
    replies = [e.text[len(e.title) :].strip().lower() for e in case.evidence]
    yes = sum(1 for r in replies if r.startswith("yes"))
    no = sum(1 for r in replies if r.startswith("no") and not r.startswith("no answer"))
    if yes > no:
        return "supported"
    if no > yes:
        return "refuted"
    if yes:
        return "conflicting"
    return "not_enough_info" if any(r.startswith("no answer") for r in replies) else "refuted"


def _anchors(cases: list[VerdictCase]) -> dict[str, float]:
    gold = [c.label for c in cases]
    figures = {}
    for name, predicted in (
        ("always_refuted", ["refuted"] * len(cases)),
        ("yes_no_rule", [yes_no_rule(c) for c in cases]),
    ):
        report = classification_report(gold, predicted, LABELS)
        figures[f"{name}_accuracy"], figures[f"{name}_macro_f1"] = report["accuracy"], report["macro_f1"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    settings = Settings()
    parser.add_argument("--top-k", type=int, default=settings.retrieval_top_k)
    parser.add_argument("--review-below", type=float, default=settings.review_below)
    parser.add_argument("--dense", action="store_true", help="judge stance with sentence embeddings")
    args = parser.parse_args()
    vectors = sentence_vectors() if args.dense else None
    print(f"stance: {'lexical' if vectors is None else 'lexical + sentence embeddings'}")

    cases = read_cases(args.data)
    started = time.perf_counter()
    verdicts = [verify(c.claim, build_index(c), args.top_k, args.review_below, vectors) for c in cases]
    elapsed = time.perf_counter() - started
    results = {}
    # The halves only mean something for the file the policy was fitted on (or a copy of it); a file of
    # claims it never saw is scored whole.
    fitted = _fitted_claims()
    parts = ("tune", "heldout", "all") if any(c.claim in fitted for c in cases) else ("all",)
    if parts == ("all",):
        print("none of these claims was used to fit the policy: scoring the whole file as unseen data")
    for part in parts:
        chosen = [i for i, c in enumerate(cases) if part == "all" or half_of(c.claim) == part]
        if not chosen:
            continue
        results[part] = _score([cases[i] for i in chosen], [verdicts[i] for i in chosen])
        results[part]["anchors"] = anchors = _anchors([cases[i] for i in chosen])
        _print(f"verdicts, {part} ({_PARTS[part]}) of {args.data.name}", results[part])
        print(
            f"  anchors: always refuted {anchors['always_refuted_accuracy']:.3f} acc /"
            f" {anchors['always_refuted_macro_f1']:.3f} macro-F1; yes/no count rule"
            f" {anchors['yes_no_rule_accuracy']:.3f} / {anchors['yes_no_rule_macro_f1']:.3f}\n"
        )
    rate = len(cases) / elapsed
    print(f"{len(cases)} claims in {elapsed:.1f}s ({rate:.0f} claims/s, index building included)")
    if args.json:
        payload = {
            "data": str(args.data),
            "stance": "lexical" if vectors is None else "dense",
            "top_k": args.top_k,
            "review_below": args.review_below,
            **results,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
