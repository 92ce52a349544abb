"""Store on Redis (redis-py); the embedded mode runs the same code over fakeredis."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast

import redis

from claimcheck.errors import ArticleNotFound, ClaimNotFound, IdempotencyKeyReused, StoreUnavailable
from claimcheck.store.keys import Keys
from schemas.articles import Article, ArticleState
from schemas.claims import Claim, Verdict
from schemas.common import ArticleStatus, utcnow
from schemas.evidence import FeedEntry

# Statuses in the order an article moves through them; `failed` is terminal like `done`.
_STATUS_RANK = {
    ArticleStatus.queued: 0,
    ArticleStatus.extracting: 1,
    ArticleStatus.checking: 2,
    ArticleStatus.done: 3,
    ArticleStatus.failed: 3,
}


def _state_fields(state: ArticleState) -> dict[str, str]:
    return {
        "status": state.status.value,
        "updated_at": state.updated_at.isoformat(),
        "claim_count": "" if state.claim_count is None else str(state.claim_count),
        "error": state.error or "",
        "finalize_count": str(state.finalize_count),
    }


def _parse_state(fields: dict[str, str]) -> ArticleState:
    return ArticleState(
        status=ArticleStatus(fields["status"]),
        updated_at=datetime.fromisoformat(fields["updated_at"]),
        claim_count=int(fields["claim_count"]) if fields.get("claim_count") else None,
        error=fields.get("error") or None,
        finalize_count=int(fields.get("finalize_count", "0")),
    )


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _unavailable_as_domain_error(method: _Method) -> _Method:
    """Redis connection failures surface as StoreUnavailable, which callers know how to answer."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailable(f"redis is not reachable: {exc}") from exc

    return cast(_Method, wrapper)


class RedisStore:
    """Articles, claims and evidence as pydantic JSON in Redis, written in WATCH/MULTI transactions."""

    def __init__(self, client: redis.Redis, prefix: str = "cc") -> None:
        self.client = client
        self.keys = Keys(prefix)

    @classmethod
    def from_url(cls, url: str, prefix: str = "cc") -> RedisStore:
        client = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30
        )
        return cls(client, prefix)

    def _transaction(self, func: Any, *watches: str) -> Any:
        return self.client.transaction(func, *watches, value_from_callable=True)

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    # -- articles ---------------------------------------------------------------------------------

    @_unavailable_as_domain_error
    def create_article(
        self, article: Article, idempotency_key: str | None, body_hash: str
    ) -> tuple[Article, bool]:
        idem_key = self.keys.idempotency(idempotency_key) if idempotency_key else None
        state = ArticleState(status=ArticleStatus.queued, updated_at=article.created_at)

        def txn(pipe: Any) -> tuple[Article, bool]:
            if idem_key is not None:
                existing = pipe.get(idem_key)
                if existing:
                    existing_id, existing_hash = existing.split(" ", 1)
                    if existing_hash != body_hash:
                        raise IdempotencyKeyReused("Idempotency-Key was already used with a different body")
                    return Article.model_validate_json(pipe.get(self.keys.article(existing_id))), False
            pipe.multi()
            pipe.set(self.keys.article(article.id), article.model_dump_json())
            pipe.hset(self.keys.article_state(article.id), mapping=_state_fields(state))
            pipe.zadd(self.keys.articles(), {article.id: article.created_at.timestamp()})
            if idem_key is not None:
                pipe.set(idem_key, f"{article.id} {body_hash}")
            return article, True

        watches = [idem_key] if idem_key else []
        result: tuple[Article, bool] = self._transaction(txn, *watches)
        return result

    @_unavailable_as_domain_error
    def get_article(self, article_id: str) -> Article:
        raw = self.client.get(self.keys.article(article_id))
        if raw is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return Article.model_validate_json(raw)

    @_unavailable_as_domain_error
    def get_state(self, article_id: str) -> ArticleState:
        fields = cast(dict[str, str], self.client.hgetall(self.keys.article_state(article_id)))
        if not fields:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return _parse_state(fields)

    @_unavailable_as_domain_error
    def advance_status(self, article_id: str, status: ArticleStatus, error: str | None = None) -> bool:
        state_key = self.keys.article_state(article_id)

        def txn(pipe: Any) -> bool:
            fields = pipe.hgetall(state_key)
            if not fields:
                raise ArticleNotFound(f"no article with id {article_id!r}")
            current = ArticleStatus(fields["status"])
            if _STATUS_RANK[status] <= _STATUS_RANK[current]:
                return False
            pipe.multi()
            update = {"status": status.value, "updated_at": utcnow().isoformat()}
            if error is not None:
                update["error"] = error
            pipe.hset(state_key, mapping=update)
            return True

        changed: bool = self._transaction(txn, state_key)
        return changed

    # -- claims -----------------------------------------------------------------------------------

    @_unavailable_as_domain_error
    def add_claims(self, article_id: str, claims: list[Claim]) -> list[str]:
        state_key = self.keys.article_state(article_id)
        pending_key = self.keys.article_pending(article_id)

        def txn(pipe: Any) -> list[str]:
            fields = pipe.hgetall(state_key)
            if not fields:
                raise ArticleNotFound(f"no article with id {article_id!r}")
            if _STATUS_RANK[ArticleStatus(fields["status"])] >= _STATUS_RANK[ArticleStatus.checking]:
                # Claims were stored by an earlier run of this step: hand back what still needs checking.
                return sorted(pipe.smembers(pending_key))
            pipe.multi()
            for claim in claims:
                pipe.set(self.keys.claim(claim.id), claim.model_dump_json())
            if claims:
                pipe.zadd(self.keys.article_claims(article_id), {c.id: c.ordinal for c in claims})
                pipe.sadd(pending_key, *[c.id for c in claims])
            update = {"claim_count": str(len(claims)), "updated_at": utcnow().isoformat()}
            update["status"] = (ArticleStatus.checking if claims else ArticleStatus.done).value
            pipe.hset(state_key, mapping=update)
            if not claims:
                pipe.hincrby(state_key, "finalize_count", 1)
            return [c.id for c in claims]

        pending: list[str] = self._transaction(txn, state_key)
        return pending

    @_unavailable_as_domain_error
    def get_claim(self, claim_id: str) -> Claim:
        raw = self.client.get(self.keys.claim(claim_id))
        if raw is None:
            raise ClaimNotFound(f"no claim with id {claim_id!r}")
        return Claim.model_validate_json(raw)

    @_unavailable_as_domain_error
    def list_claims(self, article_id: str) -> list[Claim]:
        ids = cast(list[str], self.client.zrange(self.keys.article_claims(article_id), 0, -1))
        if not ids:
            return []
        raws = self.client.mget([self.keys.claim(i) for i in ids])
        return [Claim.model_validate_json(raw) for raw in raws if raw is not None]

    @_unavailable_as_domain_error
    def record_verdict(self, claim_id: str, verdict: Verdict) -> bool:
        claim_key = self.keys.claim(claim_id)
        claim = self.get_claim(claim_id)
        pending_key = self.keys.article_pending(claim.article_id)
        state_key = self.keys.article_state(claim.article_id)

        def txn(pipe: Any) -> bool:
            current = Claim.model_validate_json(pipe.get(claim_key))
            still_pending = bool(pipe.sismember(pending_key, claim_id))
            remaining = pipe.scard(pending_key) - (1 if still_pending else 0)
            status = ArticleStatus(pipe.hget(state_key, "status"))
            pipe.multi()
            if current.verdict is None:
                # The first verdict wins: a re-run of the check never replaces it with a duplicate.
                pipe.set(claim_key, current.model_copy(update={"verdict": verdict}).model_dump_json())
            pipe.srem(pending_key, claim_id)
            finalize = remaining == 0 and status is ArticleStatus.checking
            if finalize:
                pipe.hset(
                    state_key,
                    mapping={"status": ArticleStatus.done.value, "updated_at": utcnow().isoformat()},
                )
                pipe.hincrby(state_key, "finalize_count", 1)
            return finalize

        finalized: bool = self._transaction(txn, claim_key, pending_key, state_key)
        return finalized

    # -- evidence ---------------------------------------------------------------------------------

    @_unavailable_as_domain_error
    def put_entries(self, entries: list[FeedEntry]) -> int:
        if not entries:
            return 0
        entries_key = self.keys.entries()

        def txn(pipe: Any) -> int:
            stored = pipe.hmget(entries_key, [e.id for e in entries])
            changed = [
                entry
                for entry, raw in zip(entries, stored, strict=True)
                if raw is None or FeedEntry.model_validate_json(raw).content_hash != entry.content_hash
            ]
            pipe.multi()
            if changed:
                pipe.hset(entries_key, mapping={e.id: e.model_dump_json() for e in changed})
                pipe.rpush(self.keys.entry_log(), *[e.id for e in changed])
            return len(changed)

        count: int = self._transaction(txn, entries_key)
        return count

    @_unavailable_as_domain_error
    def entries_since(self, position: int) -> tuple[list[FeedEntry], int]:
        ids = cast(list[str], self.client.lrange(self.keys.entry_log(), position, -1))
        if not ids:
            return [], position
        # An entry updated twice appears twice in the log; the hash holds its latest version.
        unique_ids = list(dict.fromkeys(ids))
        raws = self.client.hmget(self.keys.entries(), unique_ids)
        entries = [FeedEntry.model_validate_json(raw) for raw in raws if raw is not None]
        return entries, position + len(ids)
