"""Reference feed registration and health."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AnyHttpUrl, AnyUrl, BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.common import utcnow


class FeedKind(StrEnum):
    news = "news"
    factcheck = "factcheck"


class FeedSource(StrEnum):
    remote = "remote"  # registered over the API or the CLI, polled over HTTP
    local = "local"  # a file in CLAIMCHECK_FEEDS_DIR, which workers load when they start


class FetchOutcome(StrEnum):
    ok = "ok"
    not_modified = "not_modified"
    error = "error"


class FeedFields(BaseModel):
    """What every feed has, however it is read."""

    url: AnyUrl
    name: str = Field(min_length=1, max_length=200)
    kind: FeedKind = FeedKind.news
    trust: float = Field(default=0.8, ge=0.0, le=1.0)
    poll_interval_s: int = Field(default=900, ge=30, le=7 * 24 * 3600)
    fetch_full_text: bool | None = Field(
        default=None,
        description="Fetch the page behind each new or changed entry's link and use its article text as the "
        "entry's evidence; null is the default for the kind (on for news, off for factcheck).",
    )

    @property
    def full_text(self) -> bool:
        """Whether the pages behind this feed's entries are fetched: the setting, or the kind's default."""
        return self.kind is FeedKind.news if self.fetch_full_text is None else self.fetch_full_text


class FeedCreate(FeedFields):
    """Body of POST /v1/feeds."""

    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl = Field(description="http or https URL of an RSS, Atom, JSON Feed or ClaimReview source.")

    @field_validator("url")
    @classmethod
    def http_or_https_only(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        if value.scheme not in {"http", "https"}:
            raise ValueError("only http and https URLs can be polled")
        return value


class Feed(FeedFields):
    """A registered feed: polled over HTTP, or a local file (its url a file: URL) that workers load."""

    model_config = ConfigDict(extra="ignore")

    url: AnyUrl = Field(description="The http(s) URL polled, or the file: URL of a local feed file.")
    id: str
    source: FeedSource = FeedSource.remote
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def scheme_fits_source(self) -> Feed:
        allowed = {"file"} if self.source is FeedSource.local else {"http", "https"}
        if self.url.scheme not in allowed:
            raise ValueError(f"a {self.source.value} feed's URL must be {' or '.join(sorted(allowed))}")
        return self


class FeedHealth(BaseModel):
    """What the last polls of a feed found."""

    last_fetch_at: datetime | None = None
    last_outcome: FetchOutcome | None = None
    last_error: str | None = None
    last_warning: str | None = Field(
        default=None,
        description="What the last document read had wrong that its entries were recovered from (malformed "
        "XML, a wrong declared encoding); null when it was read cleanly.",
    )
    consecutive_failures: int = 0
    next_poll_at: datetime | None = None
    entry_count: int = 0
    etag: str | None = None
    last_modified: str | None = None


class FeedPublic(Feed):
    """A feed with its health, as clients see it."""

    health: FeedHealth


class FeedsPublic(BaseModel):
    data: list[FeedPublic]
    count: int


class FeedImportSkipReason(StrEnum):
    """Why an outline of an imported OPML file registered no feed."""

    no_xml_url = "no_xml_url"
    not_http = "not_http"
    invalid_url = "invalid_url"
    duplicate_in_file = "duplicate_in_file"
    too_many_feeds = "too_many_feeds"
    already_registered = "already_registered"


class FeedImportSkip(BaseModel):
    """One outline of an OPML file that registered no feed, and why."""

    url: str | None = Field(description="The outline's xmlUrl as written; null when it has none.")
    name: str | None = Field(description="The outline's title (or text); null when it has neither.")
    reason: FeedImportSkipReason
    detail: str
    feed_id: str | None = Field(
        default=None, description="For already_registered: the feed registered with that URL."
    )


class FeedImportReport(BaseModel):
    """What POST /v1/feeds/import did: the feeds it registered, and every outline it skipped."""

    added: list[FeedPublic]
    skipped: list[FeedImportSkip]
