"""Store on Redis (redis-py); the embedded mode runs the same code over fakeredis."""

from __future__ import annotations

import redis

from claimcheck.store.keys import Keys
from claimcheck.store.redis_article_pages import ArticlePageRecords
from claimcheck.store.redis_articles import IDEMPOTENCY_TTL_S
from claimcheck.store.redis_evidence import EvidenceRecords
from claimcheck.store.redis_feeds import FeedRecords
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_retention import RetentionRecords
from claimcheck.store.redis_review import ReviewRecords
from claimcheck.store.redis_views import ViewRecords
from claimcheck.store.redis_webhooks import WebhookRecords


class RedisStore(
    ReviewRecords,
    EvidenceRecords,
    RetentionRecords,
    ArticlePageRecords,
    FeedRecords,
    WebhookRecords,
    ViewRecords,
    MetricRecords,
):
    """Articles, claims, evidence, feeds, reviews as pydantic JSON in Redis, in WATCH/MULTI transactions."""

    def __init__(
        self,
        client: redis.Redis,
        prefix: str = "cc",
        events_maxlen: int = 10_000,
        idempotency_ttl_s: int = IDEMPOTENCY_TTL_S,
    ) -> None:
        self.client = client
        self.keys = Keys(prefix)
        self.events_maxlen = events_maxlen
        self.idempotency_ttl_s = idempotency_ttl_s

    @classmethod
    def from_url(cls, url: str, prefix: str = "cc", idempotency_ttl_s: int = IDEMPOTENCY_TTL_S) -> RedisStore:
        client = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30
        )
        return cls(client, prefix, idempotency_ttl_s=idempotency_ttl_s)

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False
