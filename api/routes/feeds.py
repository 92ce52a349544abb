"""Reference feeds: registration, health, removal, an on-demand poll, and the list as OPML."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from api.auth import Admin, Submitter
from api.content_type import OPML_IMPORT_PATH, OPML_MEDIA_TYPES
from api.deps import StoreDep
from api.errors import problem_responses
from api.openapi import location_response
from claimcheck.feeds.opml import parse_opml, render_opml
from claimcheck.feeds.registration import register_feeds
from claimcheck.store import Store
from schemas.common import utcnow
from schemas.feeds import Feed, FeedCreate, FeedImportReport, FeedPublic, FeedsPublic

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])
OPML_EXAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Newsroom sources</title></head>
  <body>
    <outline text="Fact-checkers" title="Fact-checkers">
      <outline type="rss" text="Desk Checks" xmlUrl="https://factcheck.example.org/feed/"/>
    </outline>
    <outline type="rss" text="Wire" xmlUrl="https://wire.example.org/rss"/>
  </body>
</opml>
"""
_OPML_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An OPML document (as Feedly, Inoreader or NetNewsWire export it).",
        "content": {
            media_type: {"schema": {"type": "string"}, "example": OPML_EXAMPLE}
            for media_type in OPML_MEDIA_TYPES
        },
    }
}
_OPML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The registered feeds as an OPML 2.0 document",
        "content": {"text/x-opml": {"schema": {"type": "string"}}},
    }
}


async def opml_body(request: Request) -> bytes:
    """The raw request body: an OPML document, parsed by the route (never as JSON)."""
    return await request.body()


OpmlBody = Annotated[bytes, Depends(opml_body)]


def _public(store: Store, feed: Feed) -> FeedPublic:
    return FeedPublic(**feed.model_dump(), health=store.get_feed_health(feed.id))


@router.post(
    "",
    status_code=201,
    response_model=FeedPublic,
    summary="Register a reference feed",
    responses={**location_response(201, "feed"), **problem_responses(401, 403, 409, 422, 503)},
)
def register_feed(payload: FeedCreate, response: Response, store: StoreDep, _: Admin) -> FeedPublic:
    """Register an RSS, Atom, JSON Feed or ClaimReview source; it is polled from now on.

    A URL already registered (ignoring scheme and host case, a default port, a trailing slash and the
    fragment) is a 409 `feed_already_registered` whose `feed_id` names the registered feed.
    """
    feed = Feed(id=uuid.uuid4().hex, **payload.model_dump())
    store.create_feed(feed)
    response.headers["Location"] = f"/v1/feeds/{feed.id}"
    return _public(store, feed)


@router.get(
    "",
    response_model=FeedsPublic,
    summary="Every registered feed with its health",
    responses=problem_responses(401),
)
def list_feeds(store: StoreDep, _: Submitter) -> FeedsPublic:
    """Every feed the evidence comes from: registered ones, and local files workers load (`source`)."""
    feeds = [_public(store, feed) for feed in store.list_feeds()]
    return FeedsPublic(data=feeds, count=len(feeds))


@router.post(
    OPML_IMPORT_PATH.removeprefix(router.prefix),  # its body is OPML, not JSON (api/content_type.py)
    response_model=FeedImportReport,
    summary="Register every feed of an OPML file",
    openapi_extra=_OPML_REQUEST_BODY,
    responses=problem_responses(401, 403, 413, 415, 422, 503),
)
def import_feeds(body: OpmlBody, store: StoreDep, _: Admin) -> FeedImportReport:
    """Register each `<outline xmlUrl=…>` of an OPML document, nested folders included.

    An outline's `category`, or else an enclosing folder's name, that names fact-checks ("Fact-checkers",
    "fact check"...) registers a `factcheck` feed; any other a `news` one. Idempotent: a URL already
    registered, listed twice, not http(s) or invalid is skipped with its reason, and importing the same
    file again adds nothing. A document that is not OPML, or declares a DOCTYPE or entities, is a 422
    `opml_invalid`.
    """
    parsed = parse_opml(body)
    report = register_feeds(store, parsed.feeds, parsed.skipped)
    return FeedImportReport(added=[_public(store, feed) for feed in report.added], skipped=report.skipped)


@router.get(
    ".opml",
    response_class=Response,
    summary="Every registered feed as OPML",
    responses={**_OPML_RESPONSE, **problem_responses(401)},
)
def export_feeds(store: StoreDep, _: Submitter) -> Response:
    """The registered feeds as OPML 2.0, to import into a feed reader or another deployment; local feed
    files (`source: local`, file: URLs that name paths on a worker) are left out."""
    return Response(render_opml(store.list_feeds()), media_type="text/x-opml; charset=utf-8")


@router.get(
    "/{feed_id}", response_model=FeedPublic, summary="One feed", responses=problem_responses(401, 404)
)
def get_feed(feed_id: str, store: StoreDep, _: Submitter) -> FeedPublic:
    """The feed with its last fetch time and outcome, last error, entry count, ETag and Last-Modified."""
    return _public(store, store.get_feed(feed_id))


@router.delete(
    "/{feed_id}", status_code=204, summary="Unregister a feed", responses=problem_responses(401, 403, 404)
)
def delete_feed(feed_id: str, store: StoreDep, _: Admin) -> Response:
    """Stop polling the feed and withdraw its entries from the evidence used by new checks."""
    store.delete_feed(feed_id)
    return Response(status_code=204)


@router.post(
    "/{feed_id}/poll",
    status_code=202,
    response_model=FeedPublic,
    summary="Poll now",
    responses=problem_responses(401, 403, 404),
)
def poll_now(feed_id: str, store: StoreDep, _: Admin) -> FeedPublic:
    """Make the feed due at once; the next scheduler tick enqueues its poll (a local feed file is read by
    workers when they start, and never polled)."""
    feed = store.get_feed(feed_id)
    store.postpone_feed(feed_id, utcnow())
    return _public(store, feed)
