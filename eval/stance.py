"""Evaluate claimcheck's passage stance on Factcheck-GPT claim/evidence pairs: accuracy and macro-F1.

Labels: completely-support and partially-support -> supports, refute -> refutes, irrelevant -> neutral.
The stance model was trained (eval/train_stance.py) on a split by claim text: sha256(claim), first 8 hex
digits as an integer, modulo 10 -> 0-5 train, 6-7 validation, 8-9 test (see splits.py). By default the
held-out test split of the public file is scored, and every pair of a file whose claims the models never
saw (no claim of the public train split in it); `--split validation,test` scores several splits. The
lexical model (the service's default) is scored; `--dense` scores the model that also reads sentence
embeddings (CLAIMCHECK_DENSE_STANCE=true).

    python eval/stance.py --data ../shared/data/factcheck_gpt/stance.jsonl [--split test] [--json OUT]
Reference: RoBERTa-large-MNLI scores 0.607 accuracy / 0.512 macro-F1 on the whole file.
"""

from __future__ import annotations

import json
import time

from metrics import classification_report, format_report
from splits import split_of
from stance_data import LABELS, default_split, eval_parser, read_pairs

from claimcheck.verification.dense import SentenceVectors, sentence_vectors
from claimcheck.verification.query import build_query
from claimcheck.verification.stance import Stance, stance_scores


def judge(claim: str, evidence: str, vectors: SentenceVectors | None) -> Stance:
    """The stance the service would take, with dense features when `vectors` is given."""
    dense = None if vectors is None else vectors.features(claim, [evidence])[0]
    return stance_scores(build_query(claim), evidence, dense=dense).stance


def main() -> int:
    parser = eval_parser(__doc__.split("\n")[0], several_splits=True)
    args = parser.parse_args()
    vectors = sentence_vectors() if args.dense else None
    model = "lexical" if vectors is None else "lexical + sentence embeddings"

    pairs = read_pairs(args.data)
    results = {}
    for split in (args.split or default_split(pairs)).split(","):
        chosen = [p for p in pairs if split == "all" or split_of(p.claim) == split]
        if not chosen:
            parser.error(f"no pairs in split {split!r}")
        started = time.perf_counter()
        predicted = [judge(p.claim, p.evidence, vectors).label.value for p in chosen]
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
