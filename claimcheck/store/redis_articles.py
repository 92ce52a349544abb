"""Articles on Redis: the immutable submission, its state hash, the idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from claimcheck.errors import ArticleNotFound, IdempotencyKeyReused
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_status_counts import COUNTED_AS, queue_status_count
from schemas.articles import Article, ArticleState
from schemas.common import ArticleStatus, utcnow

# Statuses in the order an article moves through them; `failed` is terminal like `done`.
STATUS_RANK = {
    ArticleStatus.queued: 0,
    ArticleStatus.extracting: 1,
    ArticleStatus.checking: 2,
    ArticleStatus.done: 3,
    ArticleStatus.failed: 3,
}


TERMINAL = frozenset({ArticleStatus.done, ArticleStatus.failed})


def state_fields(state: ArticleState) -> dict[str, str]:
    return {
        "status": state.status.value,
        "updated_at": state.updated_at.isoformat(),
        "claim_count": "" if state.claim_count is None else str(state.claim_count),
        "error": state.error or "",
        "finalize_count": str(state.finalize_count),
    }


def parse_state(fields: dict[str, str]) -> ArticleState:
    return ArticleState(
        status=ArticleStatus(fields["status"]),
        updated_at=datetime.fromisoformat(fields["updated_at"]),
        claim_count=int(fields["claim_count"]) if fields.get("claim_count") else None,
        error=fields.get("error") or None,
        finalize_count=int(fields.get("finalize_count", "0")),
    )


class ArticleRecords(RedisRecords):
    """Mixed into RedisStore: article submission and state."""

    @unavailable_as_domain_error
    def create_article(
        self, article: Article, idempotency_key: str | None, body_hash: str
    ) -> tuple[Article, bool]:
        idem_key = self.keys.idempotency(idempotency_key) if idempotency_key else None
        state_key = self.keys.article_state(article.id)
        state = ArticleState(status=ArticleStatus.queued, updated_at=article.created_at)

        def txn(pipe: Any) -> tuple[Article, bool]:
            if idem_key is not None:
                existing = pipe.get(idem_key)
                if existing:
                    existing_id, existing_hash = existing.split(" ", 1)
                    if existing_hash != body_hash:
                        raise IdempotencyKeyReused("Idempotency-Key was already used with a different body")
                    return Article.model_validate_json(pipe.get(self.keys.article(existing_id))), False
            # Ids are fresh uuids, but a state written again under one must not be counted twice.
            counted_as = pipe.hget(state_key, COUNTED_AS)
            pipe.multi()
            pipe.set(self.keys.article(article.id), article.model_dump_json())
            pipe.hset(state_key, mapping=state_fields(state))
            self._count_status(pipe, article.id, counted_as, ArticleStatus.queued)
            pipe.zadd(self.keys.articles(), {article.id: article.created_at.timestamp()})
            pipe.zadd(self.keys.active_articles(), {article.id: article.created_at.timestamp()})
            if idem_key is not None:
                pipe.set(idem_key, f"{article.id} {body_hash}")
            return article, True

        watches = [state_key, idem_key] if idem_key else [state_key]
        result: tuple[Article, bool] = self._transaction(txn, *watches)
        return result

    @unavailable_as_domain_error
    def get_article(self, article_id: str) -> Article:
        raw = self.client.get(self.keys.article(article_id))
        if raw is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return Article.model_validate_json(raw)

    @unavailable_as_domain_error
    def get_state(self, article_id: str) -> ArticleState:
        fields = cast(dict[str, str], self.client.hgetall(self.keys.article_state(article_id)))
        if not fields:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return parse_state(fields)

    @unavailable_as_domain_error
    def advance_status(self, article_id: str, status: ArticleStatus, error: str | None = None) -> bool:
        state_key = self.keys.article_state(article_id)

        def txn(pipe: Any) -> bool:
            fields = pipe.hgetall(state_key)
            if not fields:
                raise ArticleNotFound(f"no article with id {article_id!r}")
            current = ArticleStatus(fields["status"])
            if STATUS_RANK[status] <= STATUS_RANK[current]:
                return False
            pipe.multi()
            now = utcnow()
            update = {"status": status.value, "updated_at": now.isoformat()}
            if error is not None:
                update["error"] = error
            pipe.hset(state_key, mapping=update)
            self._count_status(pipe, article_id, fields.get(COUNTED_AS), status)
            if status in TERMINAL:
                pipe.zrem(self.keys.active_articles(), article_id)
            else:
                pipe.zadd(self.keys.active_articles(), {article_id: now.timestamp()}, xx=True)
            return True

        changed: bool = self._transaction(txn, state_key)
        return changed

    def _count_status(
        self, pipe: Any, article_id: str, counted_as: str | None, status: ArticleStatus
    ) -> None:
        """Queue the status-count moves of a status write; `counted_as` read under WATCH of the state."""
        state_key = self.keys.article_state(article_id)
        queue_status_count(pipe, self.keys.article_status_counts(), state_key, counted_as, status)

    @unavailable_as_domain_error
    def stalled_articles(self, idle_since: datetime, limit: int = 500) -> list[str]:
        """Unfinished articles that have made no progress since `idle_since`, oldest first."""
        key = self.keys.active_articles()
        return cast(
            list[str], self.client.zrangebyscore(key, "-inf", idle_since.timestamp(), start=0, num=limit)
        )

    @unavailable_as_domain_error
    def touch_article(self, article_id: str, at: datetime) -> None:
        """Record progress (or a reconciler's nudge) on an unfinished article."""
        self.client.zadd(self.keys.active_articles(), {article_id: at.timestamp()}, xx=True)

    @unavailable_as_domain_error
    def count_attempt(self, kind: str, item_id: str, ttl_s: int = 86_400) -> int:
        """Count one more delivery of a task for `item_id`; the count is forgotten after `ttl_s`."""
        key = self.keys.attempts(kind, item_id)
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, ttl_s)
        count, _ = pipe.execute()
        return int(count)
