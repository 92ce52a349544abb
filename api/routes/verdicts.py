"""Human verdicts, flags, claim matching and ClaimReview export."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from api.auth import Reviewer, Submitter
from api.deps import SettingsDep, StoreDep
from api.errors import problem_responses
from api.etag import ETAG_HEADER, claim_etag
from claimcheck import service
from claimcheck.errors import (
    ClaimNotDecided,
    ClaimNotReviewed,
    PreconditionFailed,
    PreconditionRequired,
    StaleVersion,
)
from claimcheck.review.claimreview_export import claim_review, decided, exportable, with_context
from claimcheck.review.match_index import MatchIndex
from claimcheck.settings import Settings
from claimcheck.store import Store
from schemas.claims import Claim, ClaimPublic, Verdict
from schemas.common import DecidedBy
from schemas.review import FlagCreate, HumanVerdictCreate, Matches

router = APIRouter(tags=["review"])
JSON_LD = "application/ld+json"
_ETAG_VERSION = re.compile(r'v(\d+)"$')


def _version_from_if_match(if_match: str) -> int:
    match = _ETAG_VERSION.search(if_match.strip())
    if match is None:
        raise PreconditionFailed("If-Match must be the claim's ETag, as GET /v1/claims/{id} returns it")
    return int(match.group(1))


@router.post(
    "/v1/claims/{claim_id}/verdict",
    response_model=ClaimPublic,
    summary="Resolve a claim (reviewer)",
    responses={200: {"headers": ETAG_HEADER}, **problem_responses(401, 403, 404, 409, 412, 422, 428)},
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
        reviewer_key_id=reviewer.key_id,
    )
    try:
        updated = store.set_human_verdict(claim_id, verdict, expected)
    except StaleVersion as exc:
        if if_match is not None:
            raise PreconditionFailed(str(exc)) from exc
        raise
    response.headers["ETag"] = claim_etag(updated.version)  # as GET /v1/claims/{id} tags it
    return ClaimPublic.model_validate(updated.model_dump())


@router.post(
    "/v1/claims/{claim_id}/flag",
    status_code=202,
    summary="Send a claim to the review queue",
    responses=problem_responses(401, 403, 404, 422),
)
def flag_claim(claim_id: str, body: FlagCreate, store: StoreDep, reviewer: Reviewer) -> Response:
    """The claim stays queued, whatever re-checks decide, until a reviewer resolves it."""
    store.flag_claim(claim_id, body.reason, reviewer.reviewer_key)
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
    updated = store.unlink_match(claim_id, reviewer.reviewer_key)
    request.app.state.recheck(claim_id, f"match unlinked by {reviewer.name}")
    return ClaimPublic.model_validate(updated.model_dump())


def _claimreview(settings: Settings, claim: Claim, store: Store) -> dict[str, Any]:
    article = store.get_article(claim.article_id)
    return claim_review(
        claim, article, settings.publisher_name, settings.publisher_url, settings.public_base_url
    )


Include = Annotated[
    Literal["machine"] | None,
    Query(description="`machine` also exports verdicts no person reviewed, marked as automated."),
]


@router.get(
    "/v1/claims/{claim_id}/claimreview",
    summary="schema.org ClaimReview JSON-LD of a reviewed claim",
    responses={
        200: {"content": {JSON_LD: {}}},
        **problem_responses(401, 404, 409, 422),
    },
)
def claim_claimreview(
    claim_id: str, store: StoreDep, settings: SettingsDep, _: Submitter, include: Include = None
) -> JSONResponse:
    """Publishing a ClaimReview is the newsroom's own claim that it reviewed the claim, so by default only
    a verdict a reviewer gave is exported. With `?include=machine` a machine verdict is exported too, with
    `author` and `reviewRating` (`alternateName`, `ratingExplanation`) saying it is automated.

    404 `claim_not_reviewed`: the claim's verdict is the machine's and `include=machine` was not sent.
    409 `claim_not_decided`: the claim has no decided verdict yet (it is pending or under review)."""
    claim = store.get_claim(claim_id)
    if not decided(claim):
        raise ClaimNotDecided(f"claim {claim_id} has no decided verdict yet")
    if not exportable(claim, include_machine=include == "machine"):
        raise ClaimNotReviewed(
            f"no person has reviewed claim {claim_id}; ?include=machine exports its automated verdict"
        )
    return JSONResponse(with_context(_claimreview(settings, claim, store)), media_type=JSON_LD)


@router.get(
    "/v1/articles/{article_id}/claimreview",
    summary="ClaimReview JSON-LD of an article's reviewed claims",
    responses={200: {"content": {JSON_LD: {}}}, **problem_responses(401, 404, 422)},
)
def article_claimreview(
    article_id: str, store: StoreDep, settings: SettingsDep, _: Submitter, include: Include = None
) -> JSONResponse:
    """A `@graph` of the ClaimReviews of the article's claims that a reviewer decided; with
    `?include=machine` also of those the machine decided, marked as automated.

    An article with no such claim answers 200 with an empty `@graph` (nothing to publish is not an
    error); 404 only for an unknown article."""
    store.get_article(article_id)
    include_machine = include == "machine"
    reviews = [
        _claimreview(settings, c, store)
        for c in store.list_claims(article_id)
        if exportable(c, include_machine=include_machine)
    ]
    return JSONResponse(with_context(reviews), media_type=JSON_LD)
