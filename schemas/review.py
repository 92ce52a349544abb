"""Reviewer workflow: queue items, leases, human verdicts, matches, API keys."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.claims import Citation, ClaimPublic
from schemas.common import VerdictLabel, utcnow


class Role(StrEnum):
    submitter = "submitter"
    reviewer = "reviewer"
    admin = "admin"


ROLE_RANK = {Role.submitter: 0, Role.reviewer: 1, Role.admin: 2}


class ApiKey(BaseModel):
    """A stored API key: its hash, never the key itself."""

    id: str
    name: str
    role: Role
    key_hash: str
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


class ReviewItem(BaseModel):
    """A claim waiting for a person, with why and how urgent."""

    claim: ClaimPublic
    priority: float
    reason: str
    queued_at: datetime


class ReviewQueue(BaseModel):
    data: list[ReviewItem]
    count: int
    next_cursor: str | None = None


class Lease(BaseModel):
    claim_id: str
    reviewer: str
    token: str = Field(description="Present it to release the lease early.")
    expires_at: datetime


class FlagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class HumanVerdictCreate(BaseModel):
    """Body of POST /v1/claims/{id}/verdict."""

    model_config = ConfigDict(extra="forbid")

    label: VerdictLabel
    rationale: str = Field(min_length=1, max_length=10_000)
    citations: list[Citation] = Field(default_factory=list)
    version: int | None = Field(
        default=None, ge=0, description="The claim version this decision was made on; or send If-Match."
    )


class MatchCandidate(BaseModel):
    kind: str
    id: str
    text: str
    score: float
    label: VerdictLabel | None
    url: str | None = None


class Matches(BaseModel):
    data: list[MatchCandidate]
    count: int
