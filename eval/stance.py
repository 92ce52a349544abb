"""Evaluate claimcheck's passage stance on Factcheck-GPT claim/evidence pairs: accuracy and macro-F1.

Labels: completely-support and partially-support -> supports, refute -> refutes, irrelevant -> neutral.
The stance model was trained (eval/train_stance.py) on a split by claim text: sha256(claim), first 8 hex
digits as an integer, modulo 10 -> 0-5 train, 6-7 validation, 8-9 test (see splits.py). By default the
held-out test split of the public file is scored, and every pair of a file whose claims the models never
saw (no claim of the public train split in it); `--split validation,test` scores several splits. The
stance the service takes is scored: the claim-evidence reader's (its best windows of the passage read, the
most decisive one counts, claimcheck.reader.passage), or with `--lexical` (or without the reader) the
lexical model's. The reader was trained on the same train split (train/train_reader.py).

    python eval/stance.py --data ../shared/data/factcheck_gpt/stance.jsonl [--split test] [--json OUT]
Reference: RoBERTa-large-MNLI scores 0.607 accuracy / 0.512 macro-F1 on the whole file.
"""

from __future__ import annotations

import json
import time

from metrics import classification_report, format_report
from splits import split_of
from stance_data import LABELS, default_split, eval_parser, read_pairs

from claimcheck.reader.model import Reader, load_reader
from claimcheck.reader.passage import read_passage
from claimcheck.verification.query import build_query
from claimcheck.verification.stance import Stance, stance_scores


def judge(claim: str, evidence: str, reader: Reader | None) -> Stance:
    """The stance the service would take: the reader's where given, else the lexical model's."""
    if reader is None:
        return stance_scores(build_query(claim), evidence).stance
    _, reading = read_passage(reader, claim, evidence)
    return stance_scores(build_query(claim), evidence, reading=reading).stance


def main() -> int:
    parser = eval_parser(__doc__.split("\n")[0], several_splits=True)
    args = parser.parse_args()
    reader = None if args.lexical else load_reader()
    model = "lexical" if reader is None else "reader"

    pairs = read_pairs(args.data)
    results = {}
    for split in (args.split or default_split(pairs)).split(","):
        chosen = [p for p in pairs if split == "all" or split_of(p.claim) == split]
        if not chosen:
            parser.error(f"no pairs in split {split!r}")
        started = time.perf_counter()
        predicted = [judge(p.claim, p.evidence, reader).label.value for p in chosen]
        elapsed = time.perf_counter() - started
        report = classification_report([p.label for p in chosen], predicted, LABELS)
        report["pairs_per_second"] = len(chosen) / elapsed
        report["model"] = model
        results[split] = report
        print(format_report(f"stance ({model}), split {split} of {args.data.name}", report, LABELS))
        print(f"  {len(chosen) / elapsed:.0f} pairs/s")
    if args.json:
        args.json.write_text(json.dumps({"data": str(args.data), "splits": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
