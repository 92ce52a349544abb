"""Write claimcheck/verification/document_frequency.json: in how many documents each stemmed term occurs.

The documents are the distinct texts of the *train* split (see splits.py) of the Factcheck-GPT stance file
(Apache-2.0, Wang et al. 2023; ../shared/data/factcheck_gpt/SOURCE.md): every evidence passage and every
claim, once each. Terms are claimcheck's own terms(); terms seen in fewer than MIN_DF documents are left out
(at run time an unknown term counts as rare). Nothing else goes into the table, so the shipped file is ours
to license with the project.

    python eval/build_document_frequency.py --data ../shared/data/factcheck_gpt/stance.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from splits import split_of
from stance_data import read_pairs

from claimcheck.verification.term_weights import FREQUENCY_PATH
from claimcheck.verification.terms import terms

MIN_DF = 2
DEFAULT_DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "factcheck_gpt" / "stance.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=FREQUENCY_PATH)
    args = parser.parse_args()

    documents: set[str] = set()
    for pair in read_pairs(args.data):
        if split_of(pair.claim) == "train":
            documents.update((pair.claim, pair.evidence))
    counts: Counter[str] = Counter()
    for text in documents:
        counts.update(set(terms(text)))
    table = {term: n for term, n in sorted(counts.items()) if n >= MIN_DF}
    payload = {
        "_source": "document frequencies of claimcheck terms() over the train split of Factcheck-GPT "
        "stance.jsonl (Apache-2.0), built by eval/build_document_frequency.py",
        "documents": len(documents),
        "df": table,
    }
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(table)} terms from {len(documents)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
