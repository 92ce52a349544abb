"""Per-process resources of a worker: settings, store and evidence index, created once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import redis
from threadpoolctl import threadpool_limits

from claimcheck.feeds import load_feed_files
from claimcheck.feeds.fetch import FetchLimits, FetchResult, fetch_feed
from claimcheck.feeds.ssrf import parse_networks
from claimcheck.review.match_index import MatchIndex
from claimcheck.service import VerifyConfig, refresh_index, refresh_matches
from claimcheck.settings import Settings, get_settings
from claimcheck.store import RedisStore, Store
from claimcheck.verification import EvidenceIndex
from claimcheck.verification.dense import SentenceVectors, sentence_vectors
from claimcheck.verification.llm import LLMConfig, LLMVerifier

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    index: EvidenceIndex = field(default_factory=EvidenceIndex)
    match_index: MatchIndex = field(default_factory=MatchIndex)

    llm: LLMVerifier | None = None
    vectors: SentenceVectors | None = None
    _vectors_tried: bool = False

    @property
    def verify_config(self) -> VerifyConfig:
        settings = self.settings
        if settings.dense_stance and not self._vectors_tried:
            # Loaded on the first check, in the process that checks (after a prefork worker forked).
            self._vectors_tried = True
            self.vectors = sentence_vectors(settings.sentence_cache_size)
            if self.vectors is not None:
                # One task runs per process at a time, so the encoder's matrix products get one BLAS
                # thread; more threads per process only fight over the cores (and stall small batches).
                threadpool_limits(limits=1, user_api="blas")
        if self.llm is None and settings.llm_base_url:
            self.llm = LLMVerifier(
                LLMConfig(
                    base_url=settings.llm_base_url,
                    model=settings.llm_model,
                    api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                    connect_timeout_s=settings.llm_connect_timeout_s,
                    read_timeout_s=settings.llm_timeout_s,
                    max_retries=settings.llm_max_retries,
                )
            )
        return VerifyConfig(
            settings.retrieval_top_k, settings.review_below, settings.match_threshold, self.llm, self.vectors
        )

    def load_local_feeds(self) -> int:
        """Put the entries of the configured feed files into the store (idempotent)."""
        if self.settings.feeds_dir is None or not self.settings.feeds_dir.is_dir():
            return 0
        added = self.store.put_entries(load_feed_files(self.settings.feeds_dir))
        log.info("loaded local feeds from %s: %d new or changed entries", self.settings.feeds_dir, added)
        return added

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """Fetch a feed within the configured limits and SSRF allowlist."""
        settings = self.settings
        limits = FetchLimits(
            max_bytes=settings.feed_max_bytes,
            connect_timeout_s=settings.feed_connect_timeout_s,
            read_timeout_s=settings.feed_read_timeout_s,
            total_deadline_s=settings.feed_total_deadline_s,
        )
        allow = parse_networks(settings.feed_allow_networks)
        return fetch_feed(url, etag=etag, last_modified=last_modified, limits=limits, allow=allow)

    def broker_client(self) -> redis.Redis:
        """A client of the Celery broker (the store's own when the broker is the same Redis)."""
        settings = self.settings
        if settings.broker_url in (None, settings.redis_url) and isinstance(self.store, RedisStore):
            return self.store.client
        return redis.Redis.from_url(settings.celery_broker_url, socket_connect_timeout=2, socket_timeout=5)

    def evidence(self) -> EvidenceIndex:
        """The evidence index, first brought up to date with what the store gained."""
        refresh_index(self.store, self.index)
        return self.index

    def matches(self) -> MatchIndex:
        """The index of prior decisions, first brought up to date with what the store gained."""
        refresh_matches(self.store, self.match_index)
        return self.match_index


_runtime: Runtime | None = None


def get_runtime() -> Runtime:
    """This process's runtime, built from settings on first use."""
    global _runtime
    if _runtime is None:
        settings = get_settings()
        _runtime = Runtime(settings, RedisStore.from_url(settings.redis_url, settings.key_prefix))
        _runtime.load_local_feeds()
    return _runtime


def use_runtime(runtime: Runtime | None) -> None:
    """Install a runtime (the embedded mode, tests), or clear it with None."""
    global _runtime
    _runtime = runtime
