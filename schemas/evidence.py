"""Reference evidence: feed entries and the passages cut from them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator

from schemas.common import is_http_url, utcnow


class ClaimReviewInfo(BaseModel):
    """A prior fact-check (schema.org ClaimReview) carried by an entry of a fact-check feed."""

    claim_reviewed: str
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    alternate_name: str | None = Field(default=None, description="The textual rating, e.g. 'False'.")
    author: str | None = Field(default=None, description="The organisation that reviewed the claim.")
    item_author: str | None = Field(default=None, description="Who made the reviewed claim.")
    item_date: datetime | None = None
    url: str | None = None


class TextSource(StrEnum):
    """Where an entry's `text` comes from."""

    summary = "summary"  # the feed's own text of the entry
    article = "article"  # the article body extracted from the page behind the entry's link


class FeedEntry(BaseModel):
    """One entry of a reference feed, reduced to plain text."""

    id: str
    feed_id: str
    feed_title: str
    trust: float = Field(default=0.8, ge=0.0, le=1.0)
    url: str | None
    title: str
    published: datetime | None
    text: str = Field(description="Plain text that citation offsets point into.")
    content_hash: str = Field(description="Hash of the feed's own content of the entry (never the page's).")
    text_source: TextSource = TextSource.summary
    summary: str | None = Field(
        default=None, description="The feed's text of the entry, kept when `text` is the article body."
    )
    full_text_error: str | None = Field(
        default=None, description="Why the article behind the link is not the text, when fetching it failed."
    )
    fetched_at: datetime = Field(default_factory=utcnow)
    review: ClaimReviewInfo | None = None

    @field_validator("url", mode="before")
    @classmethod
    def _followable_link_only(cls, value: Any) -> Any:
        # A feed is outside input and verdicts cite its links: a javascript: or relative link is dropped,
        # not stored, also when an entry stored before this check is read back.
        if isinstance(value, str) and not is_http_url(value):
            return None
        return value


class Passage(BaseModel):
    """A span of an entry's text, the unit of retrieval and citation."""

    entry_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class ArticlePage(BaseModel):
    """What was last read from the page behind an entry's link: its validators, and its text or why not."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    text: str | None = None
    error: str | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
