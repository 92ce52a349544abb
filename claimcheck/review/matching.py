"""Claim matching: is a new claim the same as one people resolved, or one a fact-checker reviewed?"""

from __future__ import annotations

from claimcheck.verification.terms import terms
from schemas.common import VerdictLabel
from schemas.evidence import ClaimReviewInfo

# Textual ratings of fact-checkers, lower-cased, mapped onto our labels.
_REFUTED = (
    "false",
    "pants on fire",
    "incorrect",
    "fake",
    "wrong",
    "not true",
    "untrue",
    "fabricated",
    "hoax",
)
_SUPPORTED = ("true", "correct", "accurate", "mostly true", "verified")
_CONFLICTING = (
    "half true",
    "half-true",
    "mixture",
    "mixed",
    "misleading",
    "partly false",
    "partly true",
    "cherry",
)


def _term_set(text: str) -> set[str]:
    return set(terms(text))


def claim_similarity(
    a: str, b: str, a_entities: set[str] | None = None, b_entities: set[str] | None = None
) -> float:
    """Similarity in [0, 1]: Dice overlap of content terms, tempered when named entities disagree."""
    left, right = _term_set(a), _term_set(b)
    if not left or not right:
        return 0.0
    dice = 2 * len(left & right) / (len(left) + len(right))
    if a_entities and b_entities:
        shared = len({e.casefold() for e in a_entities} & {e.casefold() for e in b_entities})
        entity_agreement = shared / max(len(a_entities), len(b_entities))
        dice *= 0.75 + 0.25 * entity_agreement
    return round(dice, 3)


def rating_label(review: ClaimReviewInfo) -> VerdictLabel | None:
    """Our label for a fact-checker's rating: its text first, else its position on the rating scale."""
    name = (review.alternate_name or "").strip().casefold()
    if name:
        if any(word in name for word in _CONFLICTING):
            return VerdictLabel.conflicting
        if any(word in name for word in _REFUTED):
            return VerdictLabel.refuted
        if any(word in name for word in _SUPPORTED):
            return VerdictLabel.supported
    if review.rating_value is not None and review.best_rating is not None:
        worst = review.worst_rating if review.worst_rating is not None else 1.0
        if review.best_rating == worst:
            return None
        position = (review.rating_value - worst) / (review.best_rating - worst)
        if position <= 0.3:
            return VerdictLabel.refuted
        if position >= 0.7:
            return VerdictLabel.supported
        return VerdictLabel.conflicting
    return None
