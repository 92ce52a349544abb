"""The review queue and its leases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth import Reviewer
from api.deps import SettingsDep, StoreDep
from api.errors import problem_responses
from api.pagination import Cursor, decode_cursor, encode_cursor
from schemas.review import Lease, ReviewQueue

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get(
    "/queue",
    response_model=ReviewQueue,
    summary="Claims waiting for a reviewer, most urgent first",
    responses=problem_responses(401, 403, 422),
)
def review_queue(
    store: StoreDep,
    _: Reviewer,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    include_leased: bool = False,
) -> ReviewQueue:
    """Most urgent first: check-worthiness × article recency × closeness to a decision; leased ones hidden."""
    after = decode_cursor(cursor, "review", float, str) if cursor else None
    items, position = store.review_queue(limit, (after[0], after[1]) if after else None, include_leased)
    more = position is not None and len(items) == limit
    next_cursor = encode_cursor("review", float(position[0]), position[1]) if position and more else None
    return ReviewQueue(data=items, count=len(items), next_cursor=next_cursor)


@router.post(
    "/claims/{claim_id}/lease",
    status_code=201,
    response_model=Lease,
    summary="Take a queued claim for review",
    responses=problem_responses(401, 403, 404, 409),
)
def lease_claim(claim_id: str, store: StoreDep, settings: SettingsDep, reviewer: Reviewer) -> Lease:
    """One reviewer at a time: another key gets 409 until the lease expires or is released."""
    return store.lease_claim(claim_id, reviewer.reviewer_key, settings.lease_ttl_s)


@router.delete(
    "/claims/{claim_id}/lease",
    status_code=204,
    summary="Give a lease back",
    responses=problem_responses(401, 403, 409),
)
def release_lease(claim_id: str, store: StoreDep, reviewer: Reviewer) -> Response:
    """Releases the lease the calling key holds; no token is needed (409 if it holds none)."""
    store.release_lease(claim_id, reviewer.reviewer_key)
    return Response(status_code=204)
