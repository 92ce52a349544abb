"""Reference feeds: registration, health, removal and an on-demand poll."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.auth import Admin, Submitter
from api.deps import StoreDep
from api.errors import problem_responses
from api.openapi import location_response
from claimcheck.store import Store
from schemas.common import utcnow
from schemas.feeds import Feed, FeedCreate, FeedPublic, FeedsPublic

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])


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
