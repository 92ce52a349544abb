"""Human verdicts, flags, claim matching and ClaimReview export."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from api.auth import Reviewer, Submitter
from api.deps import SettingsDep, StoreDep
from api.errors import problem_responses
from claimcheck import service
from claimcheck.errors import ClaimNotDecided, PreconditionFailed, PreconditionRequired, StaleVersion
from claimcheck.review.claimreview_export import claim_review, exportable, with_context
from claimcheck.review.match_index import MatchIndex
from claimcheck.settings import Settings
from claimcheck.store import Store
from schemas.claims import Claim, ClaimPublic, Verdict
from schemas.common import DecidedBy
from schemas.review import FlagCreate, HumanVerdictCreate, Matches

router = APIRouter(tags=["review"])
JSON_LD = "application/ld+json"
_ETAG_VERSION = re.compile(r'v(\d+)"$')


def claim_etag(claim: Claim) -> str:
    """The claim's ETag names its version, so If-Match can guard writes."""
    return f'"claim-{claim.id}-v{claim.version}"'


def _version_from_if_match(if_match: str) -> int:
    match = _ETAG_VERSION.search(if_match.strip())
    if match is None:
        raise PreconditionFailed("If-Match must be the claim's ETag, as GET /v1/claims/{id} returns it")
    return int(match.group(1))


@router.post(
    "/v1/claims/{claim_id}/verdict",
    response_model=ClaimPublic,
    summary="Resolve a claim (reviewer)",
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def resolve_claim(
    claim_id: str,
    body: HumanVerdictCreate,
    response: Response,
    store: StoreDep,
    reviewer: Reviewer,
    if_match: Annotated[str | None, Header()] = None,
) -> ClaimPublic:
    """Compare-and-set on the claim's version (If-Match or `version`): a stale write changes nothing."""
    if if_match is None and body.version is None:
        raise PreconditionRequired("send If-Match with the claim's ETag, or the claim's version in the body")
    expected = _version_from_if_match(if_match) if if_match is not None else body.version
    assert expected is not None
    verdict = Verdict(
        label=body.label,
        confidence=1.0,
        citations=body.citations,
        rationale=body.rationale,
        decided_by=DecidedBy.human,
        reviewer=reviewer.name,
    )
    try:
        updated = store.set_human_verdict(claim_id, verdict, expected)
    except StaleVersion as exc:
        if if_match is not None:
            raise PreconditionFailed(str(exc)) from exc
        raise
    response.headers["ETag"] = claim_etag(updated)
    return ClaimPublic.model_validate(updated.model_dump())


@router.post(
    "/v1/claims/{claim_id}/flag",
    status_code=202,
    summary="Send a claim to the review queue",
    responses=problem_responses(401, 403, 404, 422),
)
def flag_claim(claim_id: str, body: FlagCreate, store: StoreDep, _: Reviewer) -> Response:
    store.flag_claim(claim_id, body.reason)
    return Response(status_code=202)


def _match_index(request: Request) -> MatchIndex:
    """The API's own index of prior decisions, brought up to date from the store on each use."""
    index: MatchIndex = request.app.state.match_index
    service.refresh_matches(request.app.state.store, index)
    return index


@router.get(
    "/v1/claims/{claim_id}/matches",
    response_model=Matches,
    summary="Prior decisions this claim resembles",
    responses=problem_responses(401, 404),
)
def claim_matches(claim_id: str, request: Request, store: StoreDep, _: Submitter) -> Matches:
    """Human-resolved claims and published ClaimReviews, with their similarity to this claim."""
    claim = store.get_claim(claim_id)
    candidates = _match_index(request).candidates(claim, k=10)
    return Matches(data=candidates, count=len(candidates))


@router.delete(
    "/v1/claims/{claim_id}/match",
    response_model=ClaimPublic,
    summary="Unlink a reused verdict (reviewer)",
    responses=problem_responses(401, 403, 404, 409),
)
def unlink_match(claim_id: str, request: Request, store: StoreDep, reviewer: Reviewer) -> ClaimPublic:
    """The claim goes to review and never reuses that prior decision again; a machine re-check is queued."""
    updated = store.unlink_match(claim_id, reviewer.name)
    request.app.state.recheck(claim_id, f"match unlinked by {reviewer.name}")
    return ClaimPublic.model_validate(updated.model_dump())


def _claimreview(settings: Settings, claim: Claim, store: Store) -> dict[str, Any]:
    article = store.get_article(claim.article_id)
    return claim_review(
        claim, article, settings.publisher_name, settings.publisher_url, settings.public_base_url
    )


@router.get(
    "/v1/claims/{claim_id}/claimreview",
    summary="schema.org ClaimReview JSON-LD of a decided claim",
    responses={200: {"content": {JSON_LD: {}}}, **problem_responses(401, 404, 409)},
)
def claim_claimreview(claim_id: str, store: StoreDep, settings: SettingsDep, _: Submitter) -> JSONResponse:
    claim = store.get_claim(claim_id)
    if not exportable(claim):
        raise ClaimNotDecided(f"claim {claim_id} has no decided verdict yet")
    return JSONResponse(with_context(_claimreview(settings, claim, store)), media_type=JSON_LD)


@router.get(
    "/v1/articles/{article_id}/claimreview",
    summary="ClaimReview JSON-LD of an article's decided claims",
    responses={200: {"content": {JSON_LD: {}}}, **problem_responses(401, 404)},
)
def article_claimreview(
    article_id: str, store: StoreDep, settings: SettingsDep, _: Submitter
) -> JSONResponse:
    store.get_article(article_id)
    reviews = [_claimreview(settings, c, store) for c in store.list_claims(article_id) if exportable(c)]
    return JSONResponse(with_context(reviews), media_type=JSON_LD)
