"""Claims: one claim with its verdict and citations, and its history; ETags from the claim version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from api.deps import StoreDep
from api.errors import problem_responses
from api.etag import TAGGED_READ_RESPONSES, claim_etag, matches, not_modified, tag, version_etag
from claimcheck.jsonlog import bind_ids
from schemas.claims import ClaimHistory, ClaimPublic

router = APIRouter(prefix="/v1/claims", tags=["claims"])
IfNoneMatch = Annotated[
    str | None, Header(description="An ETag from an earlier answer: 304 if still current.")
]


@router.get(
    "/{claim_id}",
    response_model=ClaimPublic,
    summary="One claim",
    responses={**problem_responses(404), **TAGGED_READ_RESPONSES},
)
def get_claim(
    claim_id: str, response: Response, store: StoreDep, if_none_match: IfNoneMatch = None
) -> ClaimPublic | Response:
    """The claim; its ETag is its version ("v3"), which If-Match on a review decision may name."""
    claim = store.get_claim(claim_id)
    bind_ids(article_id=claim.article_id, claim_id=claim_id)
    etag = claim_etag(claim.version)
    if matches(if_none_match, etag):
        return not_modified(etag)
    tag(response, etag)
    return ClaimPublic.model_validate(claim.model_dump())


@router.get(
    "/{claim_id}/history",
    response_model=ClaimHistory,
    summary="Every verdict change of a claim, and every reviewer action on it",
    responses={**problem_responses(404), **TAGGED_READ_RESPONSES},
)
def get_claim_history(
    claim_id: str, response: Response, store: StoreDep, if_none_match: IfNoneMatch = None
) -> ClaimHistory | Response:
    """Oldest first: verdict changes (from which label, the new verdict, what triggered it) and reviewer
    actions (flag, lease, release, unlink), each with the key that acted."""
    # Reviewer actions append without a version bump; the history only grows, so its length tags it.
    changes = store.claim_history(claim_id)
    etag = version_etag("history", claim_id, str(len(changes)))
    if matches(if_none_match, etag):
        return not_modified(etag)
    tag(response, etag)
    return ClaimHistory(data=changes, count=len(changes))
