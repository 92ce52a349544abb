"""Reading Factcheck-GPT stance pairs and mapping their labels to supports / refutes / neutral."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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


def read_pairs(path: Path) -> list[StancePair]:
    """One pair per JSONL line: claim, evidence and a label mapped onto LABELS."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            pairs.append(StancePair(row["claim"], row["evidence"], _MAP[row["label"]]))
    return pairs
