"""Closed sets and small value types shared by every schema."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


class ArticleStatus(StrEnum):
    queued = "queued"
    extracting = "extracting"
    checking = "checking"
    done = "done"
    failed = "failed"


class VerdictLabel(StrEnum):
    supported = "supported"
    refuted = "refuted"
    conflicting = "conflicting"
    not_enough_info = "not_enough_info"
    needs_review = "needs_review"


class ClaimType(StrEnum):
    event = "event"
    quantity = "quantity"
    attribution = "attribution"
    prediction = "prediction"
    opinion = "opinion"


class DecidedBy(StrEnum):
    machine = "machine"
    human = "human"
