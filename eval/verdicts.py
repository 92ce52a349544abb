"""Evaluate claimcheck's verdicts on AVeriTeC dev (or a generic JSONL): accuracy, macro-F1, P/R, ECE.

For each claim an evidence index is built from its own QA answers (one feed entry per answer, text
"question answer", title the question, url the answer's source_url); only the claim text and that corpus reach
the verifier (claimcheck.verification.verdict.verify), never the justification, answer types, boolean
explanations, claim types, strategies or label. Labels: Supported -> supported, Refuted -> refuted,
"Conflicting Evidence/Cherrypicking" -> conflicting, "Not Enough Evidence" -> not_enough_info.

Stance is the claim-evidence reader's where it is installed (`--lexical` scores the fallback). The verdict
policies were fitted on AVeriTeC train only (train_verdicts.py), their relevance gates on the Factcheck-GPT
train split, and the reader on neither dev file: every file, dev_public.json included, is scored whole.
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
from verdict_data import LABELS, VerdictCase, build_index, read_cases

from claimcheck.reader.model import load_reader
from claimcheck.settings import Settings
from claimcheck.verification.verdict import verify
from schemas.claims import Verdict
from schemas.common import VerdictLabel

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "averitec" / "dev_public.json"


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
    parser.add_argument("--lexical", action="store_true", help="judge stance lexically, without the reader")
    args = parser.parse_args()
    reader = None if args.lexical else load_reader()
    stance = "lexical" if reader is None else "reader"
    print(f"stance: {stance}")

    cases = read_cases(args.data)
    started = time.perf_counter()
    verdicts = [verify(c.claim, build_index(c), args.top_k, args.review_below, reader) for c in cases]
    elapsed = time.perf_counter() - started
    results = {"all": _score(cases, verdicts)}
    results["all"]["anchors"] = anchors = _anchors(cases)
    results["all"]["to_review"] = sum(v.label is VerdictLabel.needs_review for v in verdicts) / len(cases)
    _print(f"verdicts ({stance}), whole file {args.data.name}", results["all"])
    print(
        f"  sent to review: {results['all']['to_review']:.3f} of claims; anchors: always refuted"
        f" {anchors['always_refuted_accuracy']:.3f} acc / {anchors['always_refuted_macro_f1']:.3f} macro-F1;"
        f" yes/no count rule {anchors['yes_no_rule_accuracy']:.3f} / {anchors['yes_no_rule_macro_f1']:.3f}\n"
    )
    rate = len(cases) / elapsed
    print(f"{len(cases)} claims in {elapsed:.1f}s ({rate:.0f} claims/s, index building included)")
    if args.json:
        payload = {
            "data": str(args.data),
            "stance": stance,
            "top_k": args.top_k,
            "review_below": args.review_below,
            **results,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
