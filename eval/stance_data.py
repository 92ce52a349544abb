"""Reading Factcheck-GPT stance pairs and mapping their labels to supports / refutes / neutral."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from splits import split_of

LABELS = ("supports", "refutes", "neutral")
_MAP = {
    "completely-support": "supports",
    "partially-support": "supports",
    "support": "supports",
    "supports": "supports",
    "refute": "refutes",
    "refutes": "refutes",
    "irrelevant": "neutral",
    "neutral": "neutral",
}


@dataclass(frozen=True, slots=True)
class StancePair:
    claim: str
    evidence: str
    label: str


PUBLIC_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "factcheck_gpt" / "stance.jsonl"


def training_claims(public: Path = PUBLIC_DATA) -> frozenset[str]:
    """Claims the stance models were trained on: the train split of the public file (none if it is absent)."""
    if not public.is_file():
        return frozenset()
    return frozenset(p.claim for p in read_pairs(public) if split_of(p.claim) == "train")


def default_split(pairs: list[StancePair]) -> str:
    """'test' for the public file (or a copy), 'all' for a file of claims the models never saw."""
    seen = training_claims()
    return "test" if any(p.claim in seen for p in pairs) else "all"


def read_pairs(path: Path) -> list[StancePair]:
    """One pair per JSONL line: claim, evidence and a label mapped onto LABELS."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            pairs.append(StancePair(row["claim"], row["evidence"], _MAP[row["label"]]))
    return pairs


def eval_parser(description: str, several_splits: bool) -> argparse.ArgumentParser:
    """The arguments the stance-file evals share: --data, --split, --lexical and --json."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=PUBLIC_DATA, help="a stance.jsonl-format file")
    choices = "test, validation, train, all" + (", or a comma list" if several_splits else "")
    parser.add_argument(
        "--split", default=None, help=f"{choices} (default: test for the public file, else all)"
    )
    parser.add_argument(
        "--lexical", action="store_true", help="judge stance lexically even where the reader is installed"
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    return parser
