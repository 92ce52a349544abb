"""Articles by status, counted as statuses change so that reading them costs one HGETALL.

Each article's state hash records in `counted_as` the status under which the counts hold it. A status
write moves the count from `counted_as` to the new status in the same MULTI as the status itself, so a
crash cannot leave them out of step and a write that repeats a status moves nothing. The rebuild brings
articles written before the counts existed (or by a process that predates them) into the counts, one
WATCHed batch at a time: it is exact under concurrent status writes and safe to run twice at once.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any, cast

from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.common import ArticleStatus, utcnow

log = logging.getLogger(__name__)

# State-hash field: the status this article is counted under in the counts hash.
COUNTED_AS = "counted_as"
# Counts-hash field: when a rebuild last finished; without it the counts may miss older articles.
REBUILT_AT = "rebuilt_at"
# Articles WATCHed and read per round trip by the rebuild; read per round trip by the recount.
_BATCH = 500
_RECOUNT_BATCH = 1_000
# Named lock (`Keys.lock`) of the rebuild a read starts. The rebuild reads every article once; past the
# TTL the lock lapses and another process may run it too, which is harmless.
REBUILD_LOCK = "stats:article_status"
_REBUILD_LOCK_TTL_MS = 600_000
_STATUSES = frozenset(s.value for s in ArticleStatus)


def queue_status_count(
    pipe: Any, counts_key: str, state_key: str, counted_as: str | None, status: ArticleStatus
) -> None:
    """Queue on a MULTI the count moves that make the counts hold an article under `status`.

    `counted_as` must have been read under WATCH of the article's state hash.
    """
    if counted_as == status.value:
        return
    if counted_as:
        pipe.hincrby(counts_key, counted_as, -1)
    pipe.hincrby(counts_key, status.value, 1)
    pipe.hset(state_key, COUNTED_AS, status.value)


def parse_counts(raw: dict[str, str]) -> dict[ArticleStatus, int]:
    """Status counts from the counts hash; zero entries are left out, as a recount would."""
    return {ArticleStatus(k): int(v) for k, v in raw.items() if k in _STATUSES and int(v) > 0}


class StatusCountRecords(RedisRecords):
    """Mixed into RedisStore (through ViewRecords): articles by status, kept and rebuilt."""

    @unavailable_as_domain_error
    def article_status_counts(self) -> dict[ArticleStatus, int]:
        """Articles by status, from the counts kept by every status write; rebuilt first if never built."""
        raw = cast(dict[str, str], self.client.hgetall(self.keys.article_status_counts()))
        if REBUILT_AT in raw:
            return parse_counts(raw)
        lock = self.keys.lock(REBUILD_LOCK)
        token = secrets.token_hex(16)
        if not self.client.set(lock, token, nx=True, px=_REBUILD_LOCK_TTL_MS):
            # Another process is rebuilding: answer as before the counts existed rather than wait.
            return self.recount_article_statuses()
        try:
            moved = self.rebuild_article_status_counts()
        finally:
            self._release(lock, token)
        log.info("article status counts rebuilt; %d articles (re)counted", moved)
        return parse_counts(cast(dict[str, str], self.client.hgetall(self.keys.article_status_counts())))

    @unavailable_as_domain_error
    def rebuild_article_status_counts(self) -> int:
        """Count every article not yet counted under its current status; returns how many moved.

        Idempotent and exact while statuses keep changing; run it again after a rolling upgrade, once
        no process that writes statuses without counting them is left.
        """
        moved = 0
        cursor = 0
        while True:
            # ZSCAN returns every article that exists for the whole scan; new ones are counted at creation.
            cursor, rows = cast(
                tuple[int, list[tuple[str, float]]],
                self.client.zscan(self.keys.articles(), cursor, count=_BATCH),
            )
            if rows:
                # A batch must name each article once; ZSCAN may repeat one (across calls, harmlessly).
                moved += self._count_batch(list(dict.fromkeys(article_id for article_id, _ in rows)))
            if cursor == 0:
                break
        self.client.hset(self.keys.article_status_counts(), REBUILT_AT, utcnow().isoformat())
        return moved

    def _release(self, lock: str, token: str) -> None:
        """Delete the rebuild lock if `token` still holds it."""

        def txn(pipe: Any) -> None:
            if pipe.get(lock) == token:  # else it lapsed and another process holds it now
                pipe.multi()
                pipe.delete(lock)

        self._transaction(txn, lock)

    def _count_batch(self, article_ids: list[str]) -> int:
        """Under WATCH of the batch's state hashes, move each article's count to its current status."""
        counts_key = self.keys.article_status_counts()
        state_keys = [self.keys.article_state(article_id) for article_id in article_ids]

        def txn(pipe: Any) -> int:
            # The watch holds on `pipe`'s connection; a plain pipeline reads the batch in one round trip.
            reader = self.client.pipeline(transaction=False)
            for key in state_keys:
                reader.hmget(key, "status", COUNTED_AS)
            rows = cast(list[list[str | None]], reader.execute())
            pipe.multi()
            moved = 0
            for key, (status, counted_as) in zip(state_keys, rows, strict=True):
                if status and status != counted_as:
                    queue_status_count(pipe, counts_key, key, counted_as, ArticleStatus(status))
                    moved += 1
            return moved

        moved: int = self._transaction(txn, *state_keys)
        return moved

    @unavailable_as_domain_error
    def recount_article_statuses(self) -> dict[ArticleStatus, int]:
        """Articles by status read from every state hash (cost grows with all articles ever submitted)."""
        counts: dict[ArticleStatus, int] = {}
        start = 0
        while True:
            ids = cast(list[str], self.client.zrange(self.keys.articles(), start, start + _RECOUNT_BATCH - 1))
            if not ids:
                return counts
            pipe = self.client.pipeline(transaction=False)
            for article_id in ids:
                pipe.hget(self.keys.article_state(article_id), "status")
            for status in cast(list[str | None], pipe.execute()):
                if status:
                    counts[ArticleStatus(status)] = counts.get(ArticleStatus(status), 0) + 1
            start += _RECOUNT_BATCH
