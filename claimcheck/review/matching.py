"""Fact-checkers' ratings as our verdict labels, for reusing a matched ClaimReview's verdict."""

from __future__ import annotations

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
