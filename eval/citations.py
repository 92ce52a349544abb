"""Evaluate citations: does the passage a verdict cites first actually back the verdict?

Data: Factcheck-GPT claim/evidence pairs (stance.jsonl format). Each claim's evidence passages become its
own reference corpus (one feed entry per passage) and the claim is verified as the service does. When the
verdict (or the best guess of a needs_review verdict) is supported or refuted, its first citation is
checked against the gold label of the passage it quotes: a hit when that passage is labelled supports for a
supported verdict, refutes for a refuted one. Printed per label: verdicts with a citation, hits, and
precision@1; beside it the share of those claims that have any gold passage of that stance (the ceiling a
perfect ranking could reach). By default the held-out test split (splits.py) of the public file is scored,
and every claim of a file whose claims the models never saw.

    python eval/citations.py --data ../shared/data/factcheck_gpt/stance.jsonl [--split test] [--json OUT]
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from splits import split_of
from stance_data import StancePair, default_split, eval_parser, read_pairs

from claimcheck.reader.model import load_reader
from claimcheck.settings import Settings
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.verdict import verify
from schemas.common import VerdictLabel
from schemas.evidence import FeedEntry

_BACKING = {VerdictLabel.supported: "supports", VerdictLabel.refuted: "refutes"}


def corpus(pairs: list[StancePair]) -> EvidenceIndex:
    """One feed entry per evidence passage of a claim, its id the passage's position."""
    index = EvidenceIndex()
    for number, pair in enumerate(pairs):
        index.add_entry(
            FeedEntry(
                id=f"p{number}",
                feed_id="evidence",
                feed_title="evidence",
                url=None,
                title=pair.evidence[:80],
                published=None,
                text=pair.evidence,
                content_hash=hashlib.sha256(pair.evidence.encode("utf-8")).hexdigest(),
            )
        )
    return index


def main() -> int:
    parser = eval_parser(__doc__.split("\n")[0], several_splits=False)
    args = parser.parse_args()
    settings = Settings()
    reader = None if args.lexical else load_reader()

    pairs = read_pairs(args.data)
    split = args.split or default_split(pairs)
    by_claim: dict[str, list[StancePair]] = defaultdict(list)
    for pair in pairs:
        if split == "all" or split_of(pair.claim) == split:
            by_claim[pair.claim].append(pair)
    if not by_claim:
        parser.error(f"no pairs in split {split!r}")

    figures: dict[str, dict[str, float]] = {}
    tally = {label: {"cited": 0, "hits": 0, "reachable": 0} for label in _BACKING}
    for claim, pairs in by_claim.items():
        verdict = verify(claim, corpus(pairs), settings.retrieval_top_k, settings.review_below, reader)
        label = verdict.best_guess if verdict.label is VerdictLabel.needs_review else verdict.label
        if label not in _BACKING or not verdict.citations:
            continue
        wanted = _BACKING[label]
        cited = pairs[int(verdict.citations[0].entry_id.removeprefix("p"))]
        counts = tally[label]
        counts["cited"] += 1
        counts["hits"] += cited.label == wanted
        counts["reachable"] += any(p.label == wanted for p in pairs)
    stance = "lexical" if reader is None else "reader"
    print(f"citations ({stance}), split {split} of {args.data.name} ({len(by_claim)} claims)")
    print(f"{'verdict':<12}{'cited':>8}{'hits':>8}{'P@1':>8}{'ceiling':>9}")
    for label, counts in tally.items():
        cited = counts["cited"]
        precision = counts["hits"] / cited if cited else 0.0
        ceiling = counts["reachable"] / cited if cited else 0.0
        figures[label.value] = {**counts, "precision_at_1": precision, "ceiling": ceiling}
        print(f"{label.value:<12}{cited:>8}{counts['hits']:>8}{precision:>8.3f}{ceiling:>9.3f}")
    if args.json:
        payload = {"data": str(args.data), "stance": stance, "split": split, "labels": figures}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
