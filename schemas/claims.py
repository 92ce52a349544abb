"""Claim, verdict and citation schemas."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from schemas.common import ClaimType, DecidedBy, HttpUrlText, VerdictLabel, utcnow
from schemas.evidence import TextSource


class Entity(BaseModel):
    text: str
    label: str


class Citation(BaseModel):
    """A passage of a stored feed entry that a verdict rests on, as the checker (or a reviewer) cites it."""

    model_config = ConfigDict(extra="forbid")  # reviewers send citations too: unknown fields are errors

    kind: Literal["entry"] = Field(default="entry", description="A passage of a reference feed entry.")
    feed: str = Field(description="Title of the reference feed.")
    url: HttpUrlText | None = Field(description="Link of the feed entry (http or https).")
    title: str = Field(description="Title of the feed entry.")
    published: datetime | None
    passage: str
    start: int = Field(ge=0, description="Offset of the passage in the entry text.")
    end: int = Field(ge=0, description="End offset of the passage; not before `start`.")
    entry_id: str = Field(min_length=1)
    stance: str
    score: float = Field(ge=0.0, le=1.0, allow_inf_nan=False, description="Strength of the stance, 0 to 1.")
    text_source: TextSource | None = Field(
        default=None,
        description="Whether the passage is from the article page behind the link or the feed's own summary "
        "(null where a reviewer cited the entry).",
    )

    @model_validator(mode="after")
    def _span_in_order(self) -> Self:
        if self.start > self.end:
            raise ValueError("start must not be after end")
        return self


class SourceCitation(BaseModel):
    """A source outside the reference feeds that a reviewer cites: a page, what it says, when it was read."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["source"] = Field(default="source", description="A source outside the reference feeds.")
    url: HttpUrlText = Field(description="Where the source is (http or https).")
    title: str = Field(min_length=1, max_length=500)
    quote: str | None = Field(
        default=None, max_length=5_000, description="The words relied on, as the source has them."
    )
    accessed_at: AwareDatetime = Field(description="When the reviewer read the source, with its time zone.")


def _citation_kind(value: Any) -> str:
    """The kind a citation says it is; one that does not say is an entry if it names one, else a source."""
    if isinstance(value, dict):
        kind = value.get("kind")
        if kind is None:
            return "entry" if "entry_id" in value else "source"
        return str(kind)
    return str(getattr(value, "kind", "entry"))


AnyCitation = Annotated[
    Annotated[Citation, Tag("entry")] | Annotated[SourceCitation, Tag("source")],
    Discriminator(_citation_kind),
]


class MatchLink(BaseModel):
    """Where a matched verdict came from: a human-resolved claim or a fact-checker's ClaimReview."""

    kind: str = Field(description="'claim' or 'claimreview'.")
    id: str = Field(description="The prior claim's id, or the feed entry id of the ClaimReview.")
    text: str = Field(description="The prior claim's text, or the claimReviewed.")
    score: float = Field(ge=0.0, le=1.0)
    url: str | None = None


class Verdict(BaseModel):
    label: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    citations: list[AnyCitation] = Field(default_factory=list)
    best_guess: VerdictLabel | None = Field(
        default=None, description="For needs_review: the label the machine leaned towards."
    )
    rationale: str | None = None
    decided_by: DecidedBy = DecidedBy.machine
    reviewer: str | None = Field(
        default=None, description="Name of the reviewer's API key, for human verdicts."
    )
    reviewer_key_id: str | None = Field(
        default=None, description="Id of the reviewer's API key, for human verdicts."
    )
    match: MatchLink | None = Field(default=None, description="Set when the verdict was reused from a match.")
    decided_at: datetime = Field(default_factory=utcnow)


class HistoryAction(StrEnum):
    """What a history entry records: a verdict change, or a reviewer's action on the claim."""

    verdict = "verdict"
    unlink = "unlink"
    flag = "flag"
    lease = "lease"
    release = "release"


class VerdictChange(BaseModel):
    """One entry of a claim's history: a verdict change (machine or human) or a reviewer's action."""

    at: datetime = Field(default_factory=utcnow)
    action: HistoryAction = HistoryAction.verdict
    from_label: VerdictLabel | None = None
    verdict: Verdict | None = Field(
        default=None, description="The new verdict; null for a flag, a lease or a release."
    )
    trigger: str = Field(
        description="What caused the entry, e.g. 'initial check', 'new evidence: <feed>', 'reviewer ana …'."
    )
    reviewer: str | None = Field(default=None, description="Name of the API key that acted, for reviewers.")
    reviewer_key_id: str | None = Field(
        default=None, description="Id of the API key that acted, for reviewers: names are for people."
    )


class Claim(BaseModel):
    """An atomic claim extracted from an article, with its verdict once checked."""

    id: str
    article_id: str
    ordinal: int = Field(ge=0, description="Position among the article's claims.")
    text: str
    sentence: str
    start: int = Field(ge=0, description="Offset of the source sentence in the article text.")
    end: int = Field(ge=0)
    type: ClaimType = ClaimType.event
    checkworthiness: float = Field(ge=0.0, le=1.0)
    entities: list[Entity] = Field(default_factory=list)
    checked: bool = Field(
        default=True,
        description="False for claims not sent to verification: opinions, predictions, and claims that "
        "need context.",
    )
    needs_context: bool = Field(
        default=False,
        description="The claim leans on an earlier sentence it does not name (an unresolved 'it', 'that', "
        "'this line'): kept and shown, not checked.",
    )
    verdict: Verdict | None = None
    version: int = Field(default=0, ge=0, description="Bumped on every verdict change.")
    unlinked_matches: list[str] = Field(
        default_factory=list, description="Prior decisions a reviewer said this claim must not reuse."
    )


class ClaimPublic(Claim):
    """A claim as clients see it."""


class ClaimsPublic(BaseModel):
    data: list[ClaimPublic]
    count: int
    next_cursor: str | None = None


class ClaimHistory(BaseModel):
    data: list[VerdictChange]
    count: int
