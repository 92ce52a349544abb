"""Deterministic data splits by a hash of the claim text, so one claim never straddles two splits.

`split_of(claim)` takes the first 8 hex digits of sha256(claim text, UTF-8) as an integer, modulo 10:
buckets 0-5 are "train" (60 %), 6-7 "validation" (20 %), 8-9 "test" (20 %). `half_of(claim)` uses the same
number's parity: even is "tune", odd is "heldout".
"""

from __future__ import annotations

import hashlib
import re

_TOKEN = re.compile(r"[a-z0-9]+")


def _bucket(claim: str) -> int:
    return int(hashlib.sha256(claim.encode("utf-8")).hexdigest()[:8], 16)


def split_of(claim: str) -> str:
    """'train', 'validation' or 'test' for a claim text (60/20/20)."""
    bucket = _bucket(claim) % 10
    return "train" if bucket < 6 else "validation" if bucket < 8 else "test"


def half_of(claim: str) -> str:
    """'tune' or 'heldout' for a claim text (50/50)."""
    return "tune" if _bucket(claim) % 2 == 0 else "heldout"


def fold_of(claim: str, folds: int) -> int:
    """Cross-validation fold of a claim, from hex digits 8-16 of the same hash (independent of the split)."""
    return int(hashlib.sha256(claim.encode("utf-8")).hexdigest()[8:16], 16) % folds


def _tokens(claim: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(claim.lower()))


def near_duplicates(claims: list[str], seen: list[str], threshold: float = 0.5) -> set[str]:
    """The claims whose word sets overlap some seen claim's by at least `threshold` (Jaccard).

    A benchmark repeats a claim in other words when several outlets checked it; hash splits put the copies
    in different splits, so a model that read one copy is not unseen on the others."""
    seen_sets = [_tokens(s) for s in seen]
    close = set()
    for claim in claims:
        words = _tokens(claim)
        if any(len(words & other) >= threshold * len(words | other) for other in seen_sets if other):
            close.add(claim)
    return close
