"""The one settings object, read from CLAIMCHECK_* environment variables."""

from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.common import ClaimType

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The embedded demo's fictional reference feeds (`claimcheck check`); a served deployment never loads them.
DEMO_FEEDS_DIR = PROJECT_ROOT / "seeds" / "feeds"
_ORIGIN = re.compile(r"https?://[^/\s?#@]+", re.IGNORECASE)


class Settings(BaseSettings):
    """Runtime configuration; every field maps to CLAIMCHECK_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="CLAIMCHECK_", extra="ignore")

    redis_url: str = "redis://127.0.0.1:6379/0"
    broker_url: str | None = Field(default=None, description="Celery broker; defaults to redis_url.")
    key_prefix: str = "cc"
    # Seconds an Idempotency-Key is remembered, per API key (a retry after that is a new request).
    idempotency_ttl_s: int = Field(default=24 * 3600, ge=60)

    max_article_bytes: int = 200_000
    feeds_dir: Path | None = Field(
        default=None,
        description="A directory of local feed files (RSS, Atom, JSON Feed, ClaimReview) that workers load "
        "as reference evidence, each listed as a feed; unset, workers use registered feeds only. "
        "`claimcheck check` uses the demo feeds when it is unset.",
    )

    # Claim types sent to verification; opinions and predictions are kept and marked but not checked.
    checked_claim_types: list[ClaimType] = Field(
        default_factory=lambda: [ClaimType.event, ClaimType.quantity, ClaimType.attribution]
    )

    # Verdict thresholds: below `review_below` a decided label becomes needs_review.
    # 0.55: the smallest threshold at which the reader policy's decided claims are right at least 70 % of the
    # time, out of fold on AVeriTeC train (18 % of claims go to review there; docs/EVALUATION.md).
    review_below: float = 0.55
    retrieval_top_k: int = 8
    # Stance from the shipped claim-evidence reader (claimcheck.reader); off, or without its weights or the
    # base model package, stance is lexical (docs/READER.md).
    reader: bool = True

    # Feed polling. The allowlist admits otherwise-forbidden networks (e.g. ["127.0.0.1/32"] in tests).
    feed_allow_networks: list[str] = Field(default_factory=list)
    feed_max_bytes: int = 10 * 1024 * 1024
    feed_connect_timeout_s: float = 5.0
    feed_read_timeout_s: float = 10.0
    feed_total_deadline_s: float = 30.0
    feed_max_backoff_s: int = 6 * 3600
    poll_tick_s: float = 15.0
    # Where beat keeps its schedule state; outside the project so no run leaves files in the checkout.
    beat_schedule_path: Path = Path(tempfile.gettempdir()) / "claimcheck-beat-schedule"
    # A new passage must share this share of an open claim's terms to queue the claim for re-check.
    recheck_min_coverage: float = 0.5
    # Evidence retention: news entries older than the age (by publication, else first fetch) or beyond the
    # newest count expire, every expiry interval (beat); unset keeps everything. Fact-check entries (prior
    # checks for matching) never expire. Verdicts keep the passages they cited. The evidence log is cut to
    # its newest `evidence_log_keep` items on the same tick; a worker further behind reloads the evidence.
    evidence_max_age_days: float | None = Field(default=None, gt=0)
    evidence_max_entries: int | None = Field(default=None, ge=1)
    evidence_expiry_interval_s: float = Field(default=300.0, gt=0)
    evidence_log_keep: int = Field(default=10_000, ge=100)
    # Full text behind feed entries (docs/OPERATIONS.md): the page behind an entry's link is fetched through
    # the feeds' SSRF guard and time caps, with its own byte cap; per host at most `article_fetch_per_host`
    # fetches at once, their starts at least `article_politeness_s` apart; robots.txt is kept per origin
    # for `robots_cache_ttl_s`; a transient failure is tried again after article_retry_base_s x
    # 2^(failure - 1), at most `article_max_attempts` times in all.
    article_fetch_per_host: int = Field(default=2, ge=1)
    article_politeness_s: float = Field(default=1.0, ge=0.0)
    article_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    robots_cache_ttl_s: int = Field(default=3600, ge=1)
    article_max_attempts: int = Field(default=4, ge=1)
    article_retry_base_s: float = Field(default=30.0, ge=0.0)

    # Reviewer workflow and access control. Auth is on unless switched off (embedded mode, unit tests).
    auth_enabled: bool = True
    lease_ttl_s: int = 900
    # Claim matching (claimcheck/matching, docs/MATCHING.md): a prior check's verdict is reused from this
    # score; None is the threshold calibrated on dev with the shipped scorer (precision >= 0.95).
    match_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    # Off, or without the encoder package, matching is BM25 plus the lexical scorer.
    match_encoder: bool = True
    publisher_name: str = "claimcheck"
    publisher_url: str = "https://claimcheck.example.org"
    public_base_url: str = "http://127.0.0.1:8000"

    # Recovery: every interval, once the queues have drained, the reconciler marks articles idle this
    # long stalled and re-enqueues their work, so lost work is noticed within their sum (under a
    # minute). Keep stalled_after_s above the slowest single check (the LLM verifier's retries): a check
    # still running then is merely run twice. A task delivered more often than max_task_attempts (e.g.
    # because it kills its worker every time) is parked instead of run again.
    stalled_after_s: int = 40
    reconcile_interval_s: float = 10.0
    max_task_attempts: int = 10

    # Optional LLM verifier: off unless llm_base_url is set (an OpenAI-compatible chat-completions API).
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_connect_timeout_s: float = 5.0
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 2

    task_time_limit_s: int = 120
    task_soft_time_limit_s: int = 100
    # The broker hands out again a message unacknowledged this long: the one path back for work a dead
    # worker held while the queues never drain (so the reconciler waits). It must outlast what a live
    # worker may hold a message for: a reserved wait and a run (each up to task_time_limit_s) or a retry
    # countdown (at most 512 s: a webhook delivery's back-off through a Redis outage), else a live task is
    # run twice.
    visibility_timeout_s: int = 600

    # -- dashboards and operations ------------------------------------------------------------------
    # Server-sent events: a comment line every `sse_keepalive_s` keeps idle streams open through proxies;
    # at most `sse_max_clients` streams per API process, each closed after `sse_max_duration_s`
    # (clients reconnect with Last-Event-ID and lose nothing).
    sse_keepalive_s: float = 15.0
    sse_max_clients: int = 100
    sse_max_duration_s: float = 1800.0
    # Webhooks: attempts per (subscription, event), the first retry delay (doubled per attempt).
    webhook_max_attempts: int = 5
    webhook_retry_base_s: float = 10.0
    webhook_timeout_s: float = 10.0
    # The worker's event pump: reads the global event stream in a consumer group and enqueues deliveries.
    event_pump_enabled: bool = True
    event_pump_block_ms: int = 1000
    # "json" (one JSON object per line, with article and claim ids) or "text".
    log_format: str = "json"
    status_page_refresh_s: float = 3.0

    # -- hardening --------------------------------------------------------------------------------
    # Abuse limit: at most `rate_limit_requests` requests per API key (per client address without one)
    # in each fixed window of `rate_limit_window_s`; 0 (the default until deployments set it) is no
    # limit. Probes are not counted.
    rate_limit_requests: int = 0
    rate_limit_window_s: int = 60
    # A worker sweeps the broker for messages whose worker died (unacked for `visibility_timeout_s`)
    # every interval x throttle seconds: every 10 s (kombu's own default throttle, 10, makes it 100 s).
    broker_restore_interval_s: float = 10.0
    broker_restore_throttle: int = 1
    # Fault injection, for the fault suite (tests/faults) only; inert at these defaults. A task sleeps
    # this long before its work, or exits its process when the text it handles contains the substring.
    fault_sleep_extract_s: float = 0.0
    fault_sleep_check_s: float = 0.0
    fault_crash_extract_on: str | None = None
    fault_crash_check_on: str | None = None

    # -- browser clients ------------------------------------------------------------------------------
    # Origins (scheme://host[:port], or "*") whose pages may call the API from a browser, e.g. a CMS
    # plugin; empty, the default, is no CORS at all (preflights are 405).
    cors_allow_origins: list[str] = Field(default_factory=list)

    @field_validator("cors_allow_origins")
    @classmethod
    def _bare_origins(cls, origins: list[str]) -> list[str]:
        # A browser sends the origin without a path or trailing slash: anything else would never match.
        for origin in origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://cms.example.org (or '*')")
        return origins

    @property
    def celery_broker_url(self) -> str:
        return self.broker_url or self.redis_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
