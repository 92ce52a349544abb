"""Entity tags for cheap polling: derived from versions, never from the serialized body."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import Response

import claimcheck
from api.openapi import documented_header

# Clients may keep a copy but must ask (cheaply, with If-None-Match) before using it.
CACHE_CONTROL = "no-cache"


def version_etag(kind: str, *parts: str) -> str:
    """A strong ETag for a resource of `kind` at the version spelled by `parts`."""
    seed = "\x1f".join((claimcheck.__version__, kind, *parts))
    return f'"{kind}-{hashlib.sha256(seed.encode()).hexdigest()[:24]}"'


def claim_etag(version: int) -> str:
    """The ETag of a claim: its version, so If-Match can name it ("v3")."""
    return f'"v{version}"'


def claim_version_of(etag: str) -> int | None:
    """The claim version an ETag from `claim_etag` names; None for any other tag."""
    tag = etag.strip().removeprefix("W/")
    if len(tag) > 3 and tag[0] == tag[-1] == '"' and tag[1] == "v" and tag[2:-1].isdigit():
        return int(tag[2:-1])
    return None


def matches(if_none_match: str | None, etag: str) -> bool:
    """True if an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks) or is `*`."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def not_modified(etag: str) -> Response:
    """A 304 answer carrying the ETag again."""
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})


def tag(response: Response, etag: str) -> None:
    """Set the validator headers of a 200 answer."""
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = CACHE_CONTROL


ETAG_HEADER = {
    "ETag": documented_header("The entity tag of this answer; send it as If-None-Match to poll cheaply.")
}
# `responses` of a read that carries an ETag and answers 304 to a current If-None-Match.
TAGGED_READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": ETAG_HEADER},
    304: {"description": "Not modified: the If-None-Match ETag is current.", "headers": ETAG_HEADER},
}
