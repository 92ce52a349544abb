"""Per-process resources of a worker: settings, store and evidence index, created once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import redis
from threadpoolctl import threadpool_limits

from claimcheck.feeds.fetch import ACCEPT, HTML_ACCEPT, TEXT_ACCEPT, FetchLimits, FetchResult, fetch_feed
from claimcheck.feeds.full_text import FullTextPolicy
from claimcheck.feeds.robots import ROBOTS_MAX_BYTES
from claimcheck.feeds.ssrf import parse_networks
from claimcheck.reader.model import Reader, load_reader
from claimcheck.review.match_index import MatchIndex, match_index_for
from claimcheck.service import VerifyConfig, load_local_feeds, refresh_index, refresh_matches
from claimcheck.settings import Settings, get_settings
from claimcheck.store import RedisStore, Store
from claimcheck.verification import EvidenceIndex
from claimcheck.verification.llm import LLMConfig, LLMVerifier
from schemas.common import utcnow

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    index: EvidenceIndex = field(default_factory=EvidenceIndex)
    # Built on first use, in the process that matches (its vectors come from Redis, not a re-embedding).
    match_index: MatchIndex | None = None

    llm: LLMVerifier | None = None
    reader: Reader | None = None
    _reader_tried: bool = False

    @property
    def verify_config(self) -> VerifyConfig:
        settings = self.settings
        if settings.reader and not self._reader_tried:
            # Loaded on the first check, in the process that checks (after a prefork worker forked).
            self._reader_tried = True
            self.reader = load_reader()
            if self.reader is not None:
                # One task runs per process at a time, so the reader's matrix products get one BLAS
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
            settings.retrieval_top_k, settings.review_below, settings.match_threshold, self.llm, self.reader
        )

    def load_local_feeds(self) -> int:
        """List the configured directory's feed files as feeds and store their entries (idempotent);
        withdraw entries of local feed files that no feed lists (loaded by earlier versions)."""
        directory = self.settings.feeds_dir
        added = 0
        if directory is not None and directory.is_dir():
            added = load_local_feeds(self.store, directory, utcnow())
            log.info("loaded local feeds from %s: %d new or changed entries", directory, added)
        elif directory is not None:
            log.warning("CLAIMCHECK_FEEDS_DIR %s is not a directory; no local feeds loaded", directory)
        withdrawn = self.store.withdraw_unlisted_local_entries()
        if withdrawn:
            log.warning("withdrew %d evidence entries of local feed files no feed lists", withdrawn)
        return added

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """Fetch a feed within the configured limits and SSRF allowlist."""
        return self._fetch(url, etag, last_modified, self.settings.feed_max_bytes)

    def fetch_page(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """Fetch the page behind a feed entry's link, as a feed is fetched but asking for HTML."""
        return self._fetch(url, etag, last_modified, self.settings.article_max_bytes, HTML_ACCEPT)

    def fetch_robots(self, url: str) -> FetchResult:
        """Fetch a robots.txt, as a feed is fetched."""
        return self._fetch(url, None, None, ROBOTS_MAX_BYTES, TEXT_ACCEPT)

    def _fetch(
        self, url: str, etag: str | None, last_modified: str | None, max_bytes: int, accept: str = ACCEPT
    ) -> FetchResult:
        settings = self.settings
        limits = FetchLimits(
            max_bytes=max_bytes,
            connect_timeout_s=settings.feed_connect_timeout_s,
            read_timeout_s=settings.feed_read_timeout_s,
            total_deadline_s=settings.feed_total_deadline_s,
        )
        allow = parse_networks(settings.feed_allow_networks)
        return fetch_feed(
            url, etag=etag, last_modified=last_modified, limits=limits, allow=allow, accept=accept
        )

    @property
    def full_text_policy(self) -> FullTextPolicy:
        """How the pages behind feed entries are fetched, from settings."""
        settings = self.settings
        return FullTextPolicy(
            per_host=settings.article_fetch_per_host,
            politeness_s=settings.article_politeness_s,
            # A turn is held for one fetch, which the total deadline bounds.
            lease_s=settings.feed_total_deadline_s + 5,
            robots_ttl_s=settings.robots_cache_ttl_s,
            max_attempts=settings.article_max_attempts,
            retry_base_s=settings.article_retry_base_s,
        )

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
        if self.match_index is None:
            self.match_index = match_index_for(self.store, self.settings)
        refresh_matches(self.store, self.match_index)
        return self.match_index


_runtime: Runtime | None = None


def get_runtime() -> Runtime:
    """This process's runtime, built from settings on first use."""
    global _runtime
    if _runtime is None:
        settings = get_settings()
        _runtime = Runtime(
            settings,
            RedisStore.from_url(
                settings.redis_url, settings.key_prefix, idempotency_ttl_s=settings.idempotency_ttl_s
            ),
        )
        _runtime.load_local_feeds()
    return _runtime


def use_runtime(runtime: Runtime | None) -> None:
    """Install a runtime (the embedded mode, tests), or clear it with None."""
    global _runtime
    _runtime = runtime
