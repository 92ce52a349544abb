"""Articles: submission, the newest-first list, status with claims and verdicts; ETags on every read."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from api.auth import Submitter
from api.deps import DispatchDep, SettingsDep, StoreDep
from api.errors import problem_responses
from api.etag import TAGGED_READ_RESPONSES, matches, not_modified, tag, version_etag
from api.openapi import location_response
from api.pagination import Cursor, Limit, decode_cursor, encode_cursor
from api.records import SummariesDep, ViewsDep
from claimcheck import service
from claimcheck.errors import ArticleNotFound, ArticleTooLarge, StoreUnavailable
from claimcheck.jsonlog import bind_ids
from claimcheck.listing import ArticleFilter, article_page, claim_page
from claimcheck.store.redis_articles import IDEMPOTENCY_TTL_S
from claimcheck.store.redis_views import ArticleSnapshot, ViewRecords
from schemas.article_list import ArticlesPublic
from schemas.articles import ArticleAccepted, ArticleCreate, ArticlePublic
from schemas.claims import ClaimPublic, ClaimsPublic
from schemas.common import ArticleStatus, VerdictLabel

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/articles", tags=["articles"])
IfNoneMatch = Annotated[
    str | None, Header(description="An ETag from an earlier answer: 304 if still current.")
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Makes retries safe; remembered per API key for CLAIMCHECK_IDEMPOTENCY_TTL_S "
        f"(default {IDEMPOTENCY_TTL_S // 3600} h).",
    ),
]


def idempotency_scope(api_key_id: str, idempotency_key: str) -> str:
    """The Idempotency-Key as stored: one API key's keys never meet another's, however they are chosen."""
    return f"{len(api_key_id)}:{api_key_id}:{idempotency_key}"  # the length keeps the split unambiguous


def _snapshot(views: ViewRecords, article_id: str) -> ArticleSnapshot:
    (snapshot,) = views.article_snapshots([article_id])
    if snapshot is None:
        raise ArticleNotFound(f"no article with id {article_id!r}")
    bind_ids(article_id=article_id)
    return snapshot


@router.post(
    "",
    status_code=202,
    response_model=ArticleAccepted,
    summary="Submit an article for checking",
    responses={**location_response(202, "article"), **problem_responses(409, 413, 422, 503)},
)
def submit_article(
    payload: ArticleCreate,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    dispatch: DispatchDep,
    principal: Submitter,
    idempotency_key: IdempotencyKey = None,
) -> ArticleAccepted:
    """Accept an article; claims are extracted and checked in the background. Poll the Location."""
    size = len(payload.text.encode())
    if size > settings.max_article_bytes:
        raise ArticleTooLarge(f"text is {size} bytes; the limit is {settings.max_article_bytes}")
    scoped_key = idempotency_scope(principal.key_id, idempotency_key) if idempotency_key else None
    article, created = service.submit_article(store, payload, scoped_key)
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
    "",
    response_model=ArticlesPublic,
    summary="Articles, newest first",
    responses={**problem_responses(422), **TAGGED_READ_RESPONSES},
)
def list_articles(
    response: Response,
    views: ViewsDep,
    summaries: SummariesDep,
    status: ArticleStatus | None = None,
    verdict: Annotated[
        VerdictLabel | None, Query(description="Only articles with a claim of this label.")
    ] = None,
    since: Annotated[datetime | None, Query(description="Only articles created after this time.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    if_none_match: IfNoneMatch = None,
) -> ArticlesPublic | Response:
    """One row per article with its verdict counts; `next_cursor` pages on, stable while articles arrive."""
    after = decode_cursor(cursor, "articles", float, str) if cursor else None
    where = ArticleFilter(status=status, verdict=verdict, since=since)
    rows, position = article_page(views, summaries, where, limit, (after[0], after[1]) if after else None)
    next_cursor = encode_cursor("articles", *position) if position else None
    page = ArticlesPublic(data=rows, count=len(rows), next_cursor=next_cursor)
    # Rows are cheap to build from versions; the tag covers what they show without serializing them.
    etag = version_etag(
        "articles", repr(where), str(next_cursor), *(f"{r.id}:{r.updated_at}:{r.counts}" for r in rows)
    )
    if matches(if_none_match, etag):
        return not_modified(etag)
    tag(response, etag)
    return page


@router.get(
    "/{article_id}",
    response_model=ArticlePublic,
    summary="An article's status, verdict counts and claims",
    responses={**problem_responses(404), **TAGGED_READ_RESPONSES},
)
def get_article(
    article_id: str, response: Response, store: StoreDep, views: ViewsDep, if_none_match: IfNoneMatch = None
) -> ArticlePublic | Response:
    """The whole article; with If-None-Match a poll that finds nothing new costs two Redis reads."""
    # The version is read before the body: a change in between gives an old tag on a newer body, which
    # costs the client one more full read, never a stale copy.
    etag = version_etag("article", article_id, _snapshot(views, article_id).version)
    if matches(if_none_match, etag):
        return not_modified(etag)
    tag(response, etag)
    return service.article_public(store, article_id)


@router.get(
    "/{article_id}/claims",
    response_model=ClaimsPublic,
    summary="An article's claims with their verdicts, in article order",
    responses={**problem_responses(404, 422), **TAGGED_READ_RESPONSES},
)
def list_article_claims(
    article_id: str,
    response: Response,
    views: ViewsDep,
    verdict: Annotated[VerdictLabel | None, Query(description="Only claims with this verdict label.")] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    if_none_match: IfNoneMatch = None,
) -> ClaimsPublic | Response:
    """`count` is the number of claims on this page; `next_cursor` pages on."""
    after = decode_cursor(cursor, f"claims:{article_id}", int)[0] if cursor else None
    snapshot = _snapshot(views, article_id)  # 404 for an unknown article rather than an empty list
    etag = version_etag("claims", article_id, snapshot.version, str(verdict), str(limit), str(cursor))
    if matches(if_none_match, etag):
        return not_modified(etag)
    claims, position = claim_page(views, article_id, verdict, limit, after)
    tag(response, etag)
    return ClaimsPublic(
        data=[ClaimPublic.model_validate(c.model_dump()) for c in claims],
        count=len(claims),
        next_cursor=encode_cursor(f"claims:{article_id}", position) if position is not None else None,
    )
