"""How informative a term is: rare words (names, specific nouns) weigh more than common ones.

The weight is an inverse document frequency over document_frequency.json, a table the project builds from
the train split of its own benchmark data (eval/build_document_frequency.py); no third-party word list.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

FREQUENCY_PATH = Path(__file__).with_name("document_frequency.json")
FLOOR = 0.5
CEILING = 7.5  # about ln(documents): a term the table does not list
NUMBER_WEIGHT = 4.5


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, int]]:
    if not FREQUENCY_PATH.exists():
        return 0, {}
    data = json.loads(FREQUENCY_PATH.read_text(encoding="utf-8"))
    return int(data["documents"]), {str(k): int(v) for k, v in data["df"].items()}


def document_frequency(term: str) -> int:
    """In how many documents of the shipped table `term` occurs (0 when it is not listed)."""
    return _table()[1].get(term, 0)


def term_weight(term: str) -> float:
    """Information weight of a stemmed term, from 0.5 for the commonest words to 7.5 for rare ones."""
    if term[:1].isdigit():
        return NUMBER_WEIGHT
    documents, table = _table()
    if not documents:
        return CEILING
    idf = math.log((documents + 1) / (table.get(term, 0) + 1))
    return max(FLOOR, min(CEILING, idf))


def weighted_coverage(key: tuple[str, ...] | list[str], found: set[str]) -> float:
    """Share of the claim's term weight that `found` contains."""
    total = sum(term_weight(t) for t in key)
    return sum(term_weight(t) for t in key if t in found) / total if total else 0.0
