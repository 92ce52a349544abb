"""Stance of a passage toward a claim: supports, refutes or neutral, with a score in [0, 1].

This first version is lexical: term coverage decides relevance; a quantity stated differently or a
flipped negation turns a relevant passage into a refutation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from claimcheck.verification.quantities import conflicting_quantities
from claimcheck.verification.terms import terms

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|without|false|untrue|denie[sd]|deny|denying|reject(?:s|ed)?|"
    r"dismiss(?:es|ed)?|refute[sd]?|disput(?:e|es|ed|ing)|debunk(?:s|ed)?|fake|hoax)\b|n't\b",
    re.IGNORECASE,
)
RELEVANCE_THRESHOLD = 0.35
NEGATION_THRESHOLD = 0.5


class StanceLabel(StrEnum):
    supports = "supports"
    refutes = "refutes"
    neutral = "neutral"


@dataclass(frozen=True, slots=True)
class Stance:
    label: StanceLabel
    score: float
    reason: str


def term_coverage(claim: str, passage: str) -> float:
    """Share of the claim's distinct content terms that the passage contains."""
    claim_terms = set(terms(claim))
    if not claim_terms:
        return 0.0
    return len(claim_terms & set(terms(passage))) / len(claim_terms)


def _negated(text: str) -> bool:
    return len(_NEGATION.findall(text)) % 2 == 1


def score_stance(claim: str, passage: str) -> Stance:
    """How `passage` bears on `claim`."""
    coverage = term_coverage(claim, passage)
    if coverage < RELEVANCE_THRESHOLD:
        return Stance(StanceLabel.neutral, round(coverage, 3), "few shared terms")
    conflicts = conflicting_quantities(claim, passage)
    if conflicts:
        stated, found = conflicts[0]
        reason = f"claim says {stated.value:g} {stated.unit}, passage says {found.value:g} {found.unit}"
        return Stance(StanceLabel.refutes, round(min(1.0, coverage + 0.2), 3), reason)
    if coverage >= NEGATION_THRESHOLD and _negated(claim) != _negated(passage):
        return Stance(StanceLabel.refutes, round(coverage * 0.9, 3), "negation differs")
    return Stance(StanceLabel.supports, round(coverage, 3), "passage restates the claim")
