"""Reviewer workflow: queue items, leases, human verdicts, matches, API keys."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.claims import AnyCitation, ClaimPublic
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


class ApiKeyCreate(BaseModel):
    """Body of POST /v1/keys."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, description="Who or what uses the key; unique.")
    role: Role


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself, shown this once; only its hash is stored.")


class ApiKeysPublic(BaseModel):
    data: list[ApiKeyPublic]
    count: int


class ReviewerKey(BaseModel):
    """The API key a reviewer acts with: its id tells reviewers apart, its name is for people."""

    model_config = ConfigDict(frozen=True)

    key_id: str
    name: str


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
    reviewer: str = Field(description="Name of the holder's API key.")
    # None only in leases written before leases carried key ids; they expire within one lease TTL.
    reviewer_key_id: str | None = Field(default=None, description="Id of the holder's API key.")
    token: str = Field(
        description="Identifies this lease; the same holder taking the claim again keeps it. Releasing needs "
        "no token: DELETE /v1/review/claims/{id}/lease gives back the lease the calling key holds."
    )
    expires_at: datetime

    def held_by(self, key_id: str | None, name: str | None) -> bool:
        """Whether the reviewer with this key holds the lease (older leases go by the key's name)."""
        if self.reviewer_key_id is None:
            return self.reviewer == name
        return self.reviewer_key_id == key_id


class FlagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class HumanVerdictCreate(BaseModel):
    """Body of POST /v1/claims/{id}/verdict."""

    model_config = ConfigDict(extra="forbid")

    label: VerdictLabel
    rationale: str = Field(min_length=1, max_length=10_000)
    citations: list[AnyCitation] = Field(
        default_factory=list,
        max_length=100,
        description="Passages of stored feed entries (kind `entry`) and outside sources (kind `source`).",
    )
    version: int | None = Field(
        default=None, ge=0, description="The claim version this decision was made on; or send If-Match."
    )


class MatchCandidate(BaseModel):
    """A prior check ranked for a claim: what it said, who rated it how, and why it matched."""

    kind: str = Field(description="'claim' (resolved by a reviewer) or 'claimreview' (a fact-checker's).")
    id: str
    text: str = Field(description="The prior claim's text, or the ClaimReview's claimReviewed.")
    score: float = Field(description="Calibrated probability that both state the same claim.")
    label: VerdictLabel | None
    url: str | None = None
    relation: str = Field(
        default="related",
        description="'same' (at or above the reuse threshold: its verdict may be reused), 'related' "
        "(worth showing as context) or 'weak'.",
    )
    title: str | None = Field(default=None, description="The fact-check's headline, where it has one.")
    rating: str | None = Field(default=None, description="The rating as the fact-checker wrote it.")
    fact_checker: str | None = None
    date: str | None = Field(default=None, description="When the claim was made or decided (ISO 8601).")
    shared_entities: list[str] = Field(default_factory=list, description="Names both mention (lower case).")
    shared_numbers: list[str] = Field(default_factory=list, description="Numbers both state.")


class Matches(BaseModel):
    data: list[MatchCandidate]
    count: int
