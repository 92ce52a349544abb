"""Full text behind feed entries on Redis: page records, article text writes, robots.txt, host turns."""

from __future__ import annotations

import math
import secrets
from typing import Any, cast

from claimcheck.feeds.article_pages import apply_page
from claimcheck.feeds.politeness import decide_turn
from claimcheck.store.base import HostTurn
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.evidence import ArticlePage, FeedEntry

# A page record outlives any poll interval; once gone, the next fetch of that page is unconditional.
PAGE_RECORD_TTL_S = 30 * 24 * 3600
# A host's pacing state is kept this long past the end of its line.
PACE_TTL_S = 60


class ArticlePageRecords(RedisRecords):
    """Mixed into RedisStore: what the full-text fetches of feed entries keep."""

    @unavailable_as_domain_error
    def find_entry(self, entry_id: str) -> FeedEntry | None:
        raw = self.client.hget(self.keys.entries(), entry_id)
        return None if raw is None else FeedEntry.model_validate_json(cast(str, raw))

    @unavailable_as_domain_error
    def get_article_page(self, entry_id: str) -> ArticlePage | None:
        raw = self.client.get(self.keys.article_page(entry_id))
        return None if raw is None else ArticlePage.model_validate_json(cast(str, raw))

    @unavailable_as_domain_error
    def put_article_text(self, entry_id: str, content_hash: str, page: ArticlePage) -> FeedEntry | None:
        entries_key = self.keys.entries()

        def txn(pipe: Any) -> FeedEntry | None:
            raw = pipe.hget(entries_key, entry_id)
            if raw is None:
                return None  # withdrawn meanwhile
            entry = FeedEntry.model_validate_json(raw)
            if entry.content_hash != content_hash:
                return None  # the feed changed the entry meanwhile: its own fetch is queued
            updated = apply_page(entry, page)
            pipe.multi()
            pipe.set(self.keys.article_page(entry_id), page.model_dump_json(), ex=PAGE_RECORD_TTL_S)
            if updated == entry:
                return None
            pipe.hset(entries_key, entry_id, updated.model_dump_json())
            # Every worker's index picks the new text up from the log, as for a changed entry.
            pipe.rpush(self.keys.entry_log(), entry_id)
            return updated

        updated: FeedEntry | None = self._transaction(txn, entries_key)
        return updated

    @unavailable_as_domain_error
    def cached_robots(self, origin: str) -> str | None:
        return cast(str | None, self.client.get(self.keys.robots(origin)))

    @unavailable_as_domain_error
    def cache_robots(self, origin: str, robots_txt: str, ttl_s: int) -> None:
        self.client.set(self.keys.robots(origin), robots_txt, ex=ttl_s)

    @unavailable_as_domain_error
    def take_host_turn(
        self,
        host: str,
        max_concurrent: int,
        politeness_s: float,
        lease_s: float,
        turn_at: float | None = None,
    ) -> HostTurn:
        slots, pace = self.keys.host_slots(host), self.keys.host_pace(host)

        def txn(pipe: Any) -> HostTurn:
            seconds, micros = pipe.time()  # one clock for every worker: the store's
            now = seconds + micros / 1e6
            held = int(pipe.zcount(slots, f"({now}", "+inf"))  # turns whose lease has not run out
            next_at, queue_at = (float(v or 0) for v in pipe.hmget(pace, ["next_at", "queue_at"]))
            decision = decide_turn(now, held, next_at, queue_at, max_concurrent, politeness_s, turn_at)
            pipe.multi()
            keep_s = math.ceil(max(decision.next_at, decision.queue_at) - now) + PACE_TTL_S
            pipe.hset(pace, mapping={"next_at": decision.next_at, "queue_at": decision.queue_at})
            pipe.expire(pace, keep_s)
            if not decision.granted:
                return HostTurn(None, decision.wait_s, decision.turn_at)
            token = secrets.token_hex(8)
            pipe.zremrangebyscore(slots, "-inf", now)
            pipe.zadd(slots, {token: now + lease_s})
            pipe.expire(slots, math.ceil(lease_s) + PACE_TTL_S)
            return HostTurn(token)

        turn: HostTurn = self._transaction(txn, slots, pace)
        return turn

    @unavailable_as_domain_error
    def release_host_turn(self, host: str, token: str) -> None:
        self.client.zrem(self.keys.host_slots(host), token)
