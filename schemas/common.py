"""Closed sets and small value types shared by every schema."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

MAX_URL_LENGTH = 2048


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


class ArticleStatus(StrEnum):
    queued = "queued"
    extracting = "extracting"
    checking = "checking"
    done = "done"
    failed = "failed"


class SkipReason(StrEnum):
    """Why a whole article was left unchecked."""

    empty = "empty"  # no text once whitespace and markup are removed
    not_english = "not_english"
    no_sentences = "no_sentences"  # every paragraph or sentence was boilerplate, a heading, a question...


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


def is_http_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) URL with a host: a link a reader may safely follow."""
    # Browsers drop whitespace and control characters inside a URL, so "java\nscript:" would run.
    if len(value) > MAX_URL_LENGTH or any(c.isspace() or not c.isprintable() for c in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False


def _http_url(value: str) -> str:
    if not is_http_url(value):
        raise ValueError("must be an absolute http or https URL with a host")
    return value


# An http or https URL, kept as spelled (pydantic's HttpUrl would rewrite it, e.g. add a trailing slash).
HttpUrlText = Annotated[
    str,
    Field(max_length=MAX_URL_LENGTH, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"),
    AfterValidator(_http_url),
]
