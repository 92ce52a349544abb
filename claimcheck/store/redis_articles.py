"""Articles on Redis: the immutable submission, its state hash, the idempotency keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from claimcheck.errors import ArticleNotFound, IdempotencyKeyReused
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_status_counts import COUNTED_AS, queue_status_count
from schemas.articles import Article, ArticleSkip, ArticleState
from schemas.common import ArticleStatus, utcnow
from schemas.events import Event, EventType

# Statuses in the order an article moves through them; `failed` is terminal like `done`.
STATUS_RANK = {
    ArticleStatus.queued: 0,
    ArticleStatus.extracting: 1,
    ArticleStatus.checking: 2,
    ArticleStatus.done: 3,
    ArticleStatus.failed: 3,
}


TERMINAL = frozenset({ArticleStatus.done, ArticleStatus.failed})
# Each article's own event stream keeps its recent history; the global stream's bound is set per store.
ARTICLE_EVENTS_MAXLEN = 1_000
# State hash fields that are absent unless set.
SKIPPED = "skipped"
STALLED_SINCE = "stalled_since"

# How long an Idempotency-Key is remembered: retries come within minutes, and a key seen again a day
# later is taken as a new request. The default of the CLAIMCHECK_IDEMPOTENCY_TTL_S setting.
IDEMPOTENCY_TTL_S = 24 * 3600


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
        skipped=ArticleSkip.model_validate_json(fields[SKIPPED]) if fields.get(SKIPPED) else None,
        stalled_since=datetime.fromisoformat(fields[STALLED_SINCE]) if fields.get(STALLED_SINCE) else None,
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
                # The key's life runs from its first use: a replay does not extend it.
                pipe.set(idem_key, f"{article.id} {body_hash}", ex=self.idempotency_ttl_s)
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
            self._progress(pipe, article_id, None if status in TERMINAL else now)
            return True

        changed: bool = self._transaction(txn, state_key)
        return changed

    def _progress(self, pipe: Any, article_id: str, at: datetime | None) -> None:
        """Queue the writes of progress on an article at `at` (None: it finished), which ends any stall.

        Callers also move `updated_at` or append an event in the same MULTI, so ETags move with it.
        """
        if at is None:
            pipe.zrem(self.keys.active_articles(), article_id)
        else:
            pipe.zadd(self.keys.active_articles(), {article_id: at.timestamp()}, xx=True)
        pipe.zrem(self.keys.stalled_articles(), article_id)
        pipe.hdel(self.keys.article_state(article_id), STALLED_SINCE)

    @unavailable_as_domain_error
    def mark_stalled(self, article_id: str, at: datetime) -> bool:
        """Note a reconciler's nudge of an idle article at `at`, and mark it stalled since its last progress.

        True when the article was not stalled before (an article.stalled event is written then).
        """
        state_key = self.keys.article_state(article_id)

        def txn(pipe: Any) -> bool:
            # Watching the pending set too: every verdict leaves it, so progress meanwhile aborts this.
            last_progress = pipe.zscore(self.keys.active_articles(), article_id)
            if last_progress is None:
                return False  # finished meanwhile
            already = bool(pipe.hget(state_key, STALLED_SINCE))
            pipe.multi()
            # Not progress: the reconciler only waits a whole period again before its next nudge.
            pipe.zadd(self.keys.active_articles(), {article_id: at.timestamp()}, xx=True)
            if already:
                return False
            since = datetime.fromtimestamp(last_progress, UTC)
            pipe.hset(state_key, mapping={STALLED_SINCE: since.isoformat(), "updated_at": at.isoformat()})
            pipe.zadd(self.keys.stalled_articles(), {article_id: last_progress})
            event = Event(type=EventType.article_stalled, article_id=article_id, stalled_since=since, at=at)
            self._append_event(pipe, event)
            return True

        marked: bool = self._transaction(txn, state_key, self.keys.article_pending(article_id))
        return marked

    def _append_event(self, pipe: Any, event: Event) -> None:
        """Queue an event on the global stream and the article's stream, both bounded in length."""
        fields = {"event": event.model_dump_json()}
        pipe.xadd(self.keys.events(), fields, maxlen=self.events_maxlen, approximate=True)
        pipe.xadd(
            self.keys.article_events(event.article_id), fields, maxlen=ARTICLE_EVENTS_MAXLEN, approximate=True
        )

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
    def count_attempt(self, kind: str, item_id: str, ttl_s: int = 86_400) -> int:
        """Count one more delivery of a task for `item_id`; the count is forgotten after `ttl_s`."""
        key = self.keys.attempts(kind, item_id)
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, ttl_s)
        count, _ = pipe.execute()
        return int(count)
