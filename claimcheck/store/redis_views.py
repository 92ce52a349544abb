"""Cheap reads for dashboards and polling: pages of ids, state snapshots with versions, counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, cast

from claimcheck.store.redis_articles import parse_state
from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_status_counts import StatusCountRecords
from schemas.articles import Article, ArticleState
from schemas.claims import Claim

ArticleCursor = tuple[float, str]


@dataclass(frozen=True, slots=True)
class ArticleSnapshot:
    """An article's state and the id of its newest event: together they change whenever its view does."""

    state: ArticleState
    last_event_id: str

    @property
    def version(self) -> str:
        """Opaque version of everything GET /v1/articles/{id} shows.

        Status moves touch the state hash and every verdict write appends to the article's event stream,
        so the pair moves on every change without reading a single claim.
        """
        s = self.state
        seed = f"{s.status.value}|{s.updated_at.isoformat()}|{s.claim_count}|{s.error}|{self.last_event_id}"
        return hashlib.sha256(seed.encode()).hexdigest()[:24]


class ViewRecords(StatusCountRecords):
    """Mixed into RedisStore (or bound with records_of): the reads behind lists, ETags and stats."""

    @unavailable_as_domain_error
    def article_ids_page(
        self, after: ArticleCursor | None, since: float | None, count: int
    ) -> list[tuple[str, float]]:
        """Up to `count` (id, created score), newest first, strictly after the cursor and after `since`."""
        key = self.keys.articles()
        low = "-inf" if since is None else f"({since!r}"
        if after is None:
            return cast(
                list[tuple[str, float]],
                self.client.zrevrangebyscore(key, "+inf", low, start=0, num=count, withscores=True),
            )
        score, last_id = after
        # Equal scores come in descending id order: take the rest of the tie group, then what lies below.
        pipe = self.client.pipeline(transaction=False)
        pipe.zrevrangebyscore(key, score, score, withscores=True)
        pipe.zrevrangebyscore(key, f"({score!r}", low, start=0, num=count, withscores=True)
        same, lower = cast(list[list[tuple[str, float]]], pipe.execute())
        if since is not None and score <= since:
            same = []
        ties = [(member, s) for member, s in same if member < last_id]
        return (ties + lower)[:count]

    @unavailable_as_domain_error
    def article_snapshots(self, article_ids: list[str]) -> list[ArticleSnapshot | None]:
        """State and newest event id of each article, in one round trip; None for an unknown id."""
        pipe = self.client.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.hgetall(self.keys.article_state(article_id))
            pipe.xrevrange(self.keys.article_events(article_id), count=1)
        answers: list[Any] = pipe.execute()
        snapshots: list[ArticleSnapshot | None] = []
        for fields, newest in zip(answers[::2], answers[1::2], strict=True):
            if not fields:
                snapshots.append(None)
                continue
            snapshots.append(ArticleSnapshot(parse_state(fields), newest[0][0] if newest else "0-0"))
        return snapshots

    @unavailable_as_domain_error
    def articles_by_id(self, article_ids: list[str]) -> list[Article | None]:
        """The stored submissions (immutable: callers may cache them)."""
        if not article_ids:
            return []
        raws = cast(list[str | None], self.client.mget([self.keys.article(i) for i in article_ids]))
        return [None if raw is None else Article.model_validate_json(raw) for raw in raws]

    @unavailable_as_domain_error
    def claims_page(self, article_id: str, after_ordinal: int | None, count: int) -> list[Claim]:
        """Up to `count` claims of an article in article order, strictly after `after_ordinal`."""
        low = "-inf" if after_ordinal is None else f"({after_ordinal}"
        ids = cast(
            list[str],
            self.client.zrangebyscore(self.keys.article_claims(article_id), low, "+inf", start=0, num=count),
        )
        if not ids:
            return []
        raws = cast(list[str | None], self.client.mget([self.keys.claim(i) for i in ids]))
        return [Claim.model_validate_json(raw) for raw in raws if raw is not None]

    @unavailable_as_domain_error
    def article_total(self) -> int:
        """How many articles were ever submitted."""
        return int(self.client.zcard(self.keys.articles()))

    @unavailable_as_domain_error
    def stalled_count(self) -> int:
        """Unfinished articles currently marked stalled by the reconciler."""
        return int(self.client.zcard(self.keys.stalled_articles()))

    @unavailable_as_domain_error
    def review_backlog(self) -> int:
        """Claims waiting in the review queue."""
        return int(self.client.zcard(self.keys.review_queue()))
