"""The review queue and its leases."""

from __future__ import annotations

import base64
import json
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth import Reviewer
from api.deps import SettingsDep, StoreDep
from api.errors import problem_responses
from claimcheck.errors import ClaimcheckError
from schemas.review import Lease, ReviewQueue

router = APIRouter(prefix="/v1/review", tags=["review"])


class BadCursor(ClaimcheckError):
    code = "bad_cursor"


def encode_cursor(position: tuple[float, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode()


def decode_cursor(cursor: str) -> tuple[float, str]:
    try:
        priority, claim_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return float(priority), str(claim_id)
    except (ValueError, TypeError) as exc:
        raise BadCursor("the cursor is not one this API returned") from exc


@router.get(
    "/queue",
    response_model=ReviewQueue,
    summary="Claims waiting for a reviewer, most urgent first",
    responses=problem_responses(400, 401, 403),
)
def review_queue(
    store: StoreDep,
    _: Reviewer,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
    include_leased: bool = False,
) -> ReviewQueue:
    """Most urgent first: check-worthiness × article recency × closeness to a decision; leased ones hidden."""
    after = decode_cursor(cursor) if cursor else None
    items, position = store.review_queue(limit, after, include_leased)
    next_cursor = encode_cursor(position) if position is not None and len(items) == limit else None
    return ReviewQueue(data=items, count=len(items), next_cursor=next_cursor)


@router.post(
    "/claims/{claim_id}/lease",
    status_code=201,
    response_model=Lease,
    summary="Take a queued claim for review",
    responses=problem_responses(401, 403, 404, 409),
)
def lease_claim(claim_id: str, store: StoreDep, settings: SettingsDep, reviewer: Reviewer) -> Lease:
    """One reviewer at a time: another reviewer gets 409 until the lease expires or is released."""
    return store.lease_claim(claim_id, reviewer.name, settings.lease_ttl_s)


@router.delete(
    "/claims/{claim_id}/lease",
    status_code=204,
    summary="Give a lease back",
    responses=problem_responses(401, 403, 409),
)
def release_lease(claim_id: str, store: StoreDep, reviewer: Reviewer) -> Response:
    store.release_lease(claim_id, reviewer.name)
    return Response(status_code=204)
