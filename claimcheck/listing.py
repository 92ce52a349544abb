"""Pages of articles and claims with filters, read cheaply enough for dashboards that poll."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from claimcheck.service import verdict_counts
from claimcheck.store.redis_views import ArticleCursor, ArticleSnapshot, ViewRecords
from schemas.article_list import ArticleSummary
from schemas.claims import Claim
from schemas.common import ArticleStatus, VerdictLabel

# At most this many articles (or claims) are looked at for one filtered page; a sparse filter then
# answers a short page with a cursor to go on from, rather than scanning everything.
SCAN_BUDGET = 2_000
_BATCH = 100
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    status: ArticleStatus | None = None
    verdict: VerdictLabel | None = None
    since: datetime | None = None


class ArticleSummaries:
    """Builds article rows, caching titles (immutable) and verdict counts (by article version)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._heads: OrderedDict[str, tuple[str | None, datetime]] = OrderedDict()
        self._counts: OrderedDict[str, tuple[str, dict[VerdictLabel, int]]] = OrderedDict()
        self._lock = threading.Lock()  # sync routes run on a thread pool

    def rows(
        self, views: ViewRecords, items: list[tuple[str, ArticleSnapshot]]
    ) -> list[ArticleSummary | None]:
        """A summary per (id, snapshot); None where the submission itself is gone."""
        self._load_heads(views, [article_id for article_id, _ in items])
        rows: list[ArticleSummary | None] = []
        for article_id, snapshot in items:
            with self._lock:
                head = self._heads.get(article_id)
            if head is None:
                rows.append(None)
                continue
            title, created_at = head
            state = snapshot.state
            rows.append(
                ArticleSummary(
                    id=article_id,
                    title=title,
                    status=state.status,
                    created_at=created_at,
                    updated_at=state.updated_at,
                    claim_count=state.claim_count or 0,
                    counts=self._counts_of(views, article_id, snapshot),
                    skipped=state.skipped,
                    stalled_since=state.stalled_since,
                )
            )
        return rows

    def _load_heads(self, views: ViewRecords, article_ids: list[str]) -> None:
        with self._lock:
            missing = [i for i in article_ids if i not in self._heads]
        if not missing:
            return
        for article_id, article in zip(missing, views.articles_by_id(missing), strict=True):
            if article is not None:
                self._remember(self._heads, article_id, (article.title, article.created_at))

    def _counts_of(
        self, views: ViewRecords, article_id: str, snapshot: ArticleSnapshot
    ) -> dict[VerdictLabel, int]:
        with self._lock:
            cached = self._counts.get(article_id)
        if cached is not None and cached[0] == snapshot.version:
            return dict(cached[1])
        counts = verdict_counts(views.claims_page(article_id, None, 100_000))
        self._remember(self._counts, article_id, (snapshot.version, counts))
        return dict(counts)

    def _remember(self, cache: OrderedDict[str, V], key: str, value: V) -> None:
        with self._lock:
            cache[key] = value
            cache.move_to_end(key)
            while len(cache) > self.max_entries:
                cache.popitem(last=False)


def article_page(
    views: ViewRecords,
    summaries: ArticleSummaries,
    where: ArticleFilter,
    limit: int,
    after: ArticleCursor | None,
) -> tuple[list[ArticleSummary], ArticleCursor | None]:
    """Newest first: up to `limit` matching articles after the cursor, and the cursor to go on from."""
    since = where.since.timestamp() if where.since else None
    rows: list[ArticleSummary] = []
    cursor = after
    scanned = 0
    while len(rows) < limit and scanned < SCAN_BUDGET:
        page = views.article_ids_page(
            cursor, since, max(limit, _BATCH) if where.status or where.verdict else limit
        )
        if not page:
            return rows, None
        snapshots = views.article_snapshots([article_id for article_id, _ in page])
        candidates: list[tuple[str, ArticleSnapshot]] = []
        positions: dict[str, ArticleCursor] = {}
        for (article_id, score), snapshot in zip(page, snapshots, strict=True):
            positions[article_id] = (score, article_id)
            if snapshot is not None and (where.status is None or snapshot.state.status is where.status):
                candidates.append((article_id, snapshot))
        summaries_by_id = {row.id: row for row in summaries.rows(views, candidates) if row is not None}
        for article_id, _ in page:
            scanned += 1
            cursor = positions[article_id]
            row = summaries_by_id.get(article_id)
            if row is not None and (where.verdict is None or row.counts.get(where.verdict, 0) > 0):
                rows.append(row)
                if len(rows) == limit:
                    break
    if len(rows) == limit and not views.article_ids_page(cursor, since, 1):
        return rows, None
    return rows, cursor


def claim_page(
    views: ViewRecords, article_id: str, verdict: VerdictLabel | None, limit: int, after: int | None
) -> tuple[list[Claim], int | None]:
    """In article order: up to `limit` claims (with `verdict`, if given) after the ordinal `after`."""
    claims: list[Claim] = []
    cursor = after
    scanned = 0
    while len(claims) < limit and scanned < SCAN_BUDGET:
        batch = views.claims_page(article_id, cursor, limit if verdict is None else max(limit, _BATCH))
        if not batch:
            return claims, None
        for claim in batch:
            scanned += 1
            cursor = claim.ordinal
            if verdict is None or (claim.verdict is not None and claim.verdict.label is verdict):
                claims.append(claim)
                if len(claims) == limit:
                    break
    if len(claims) == limit and cursor is not None and not views.claims_page(article_id, cursor, 1):
        return claims, None
    return claims, cursor
