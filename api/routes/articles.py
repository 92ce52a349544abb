"""Articles: submission, status with claims and verdicts."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, Response

from api.deps import DispatchDep, SettingsDep, StoreDep
from api.errors import problem_responses
from claimcheck import service
from claimcheck.errors import ArticleTooLarge, StoreUnavailable
from schemas.articles import ArticleAccepted, ArticleCreate, ArticlePublic
from schemas.claims import ClaimPublic, ClaimsPublic
from schemas.common import ArticleStatus

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.post(
    "",
    status_code=202,
    response_model=ArticleAccepted,
    summary="Submit an article for checking",
    responses=problem_responses(409, 413, 422, 503),
)
def submit_article(
    payload: ArticleCreate,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    dispatch: DispatchDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ArticleAccepted:
    """Accept an article; claims are extracted and checked in the background. Poll the Location."""
    size = len(payload.text.encode())
    if size > settings.max_article_bytes:
        raise ArticleTooLarge(f"text is {size} bytes; the limit is {settings.max_article_bytes}")
    article, created = service.submit_article(store, payload, idempotency_key)
    status = store.get_state(article.id).status
    if created or status is ArticleStatus.queued:
        # A retried request whose first enqueue failed gets enqueued now.
        try:
            dispatch(article.id)
        except Exception as exc:
            log.exception("could not enqueue article %s", article.id)
            raise StoreUnavailable(
                "the task queue is not reachable; retry with the same Idempotency-Key"
            ) from exc
    response.headers["Location"] = f"/v1/articles/{article.id}"
    return ArticleAccepted(id=article.id, status=status)


@router.get(
    "/{article_id}",
    response_model=ArticlePublic,
    summary="An article's status, verdict counts and claims",
    responses=problem_responses(404),
)
def get_article(article_id: str, store: StoreDep) -> ArticlePublic:
    return service.article_public(store, article_id)


@router.get(
    "/{article_id}/claims",
    response_model=ClaimsPublic,
    summary="An article's claims with their verdicts",
    responses=problem_responses(404),
)
def list_article_claims(article_id: str, store: StoreDep) -> ClaimsPublic:
    store.get_state(article_id)  # 404 for an unknown article rather than an empty list
    claims = [ClaimPublic.model_validate(c.model_dump()) for c in store.list_claims(article_id)]
    return ClaimsPublic(data=claims, count=len(claims))
