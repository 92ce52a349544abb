"""The one settings object, read from CLAIMCHECK_* environment variables."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.common import ClaimType

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FEEDS_DIR = PROJECT_ROOT / "seeds" / "feeds"


class Settings(BaseSettings):
    """Runtime configuration; every field maps to CLAIMCHECK_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="CLAIMCHECK_", extra="ignore")

    redis_url: str = "redis://127.0.0.1:6379/0"
    broker_url: str | None = Field(default=None, description="Celery broker; defaults to redis_url.")
    key_prefix: str = "cc"

    max_article_bytes: int = 200_000
    feeds_dir: Path | None = Field(
        default=DEFAULT_FEEDS_DIR if DEFAULT_FEEDS_DIR.is_dir() else None,
        description="Local RSS/Atom files loaded as reference evidence.",
    )

    # Claim types sent to verification; opinions and predictions are kept and marked but not checked.
    checked_claim_types: list[ClaimType] = Field(
        default_factory=lambda: [ClaimType.event, ClaimType.quantity, ClaimType.attribution]
    )

    # Verdict thresholds: below `review_below` a decided label becomes needs_review.
    review_below: float = 0.5
    retrieval_top_k: int = 8
    # Stance can also read sentence embeddings (the optional encoder package must be installed). Off by
    # default: it judges single passages better (Factcheck-GPT) but its verdicts scored lower on AVeriTeC
    # (docs/EVALUATION.md). The cache keeps this many feed sentences' vectors per worker (768 B each).
    dense_stance: bool = False
    sentence_cache_size: int = Field(default=20_000, ge=0)

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

    # Reviewer workflow and access control. Auth is on unless switched off (embedded mode, unit tests).
    auth_enabled: bool = True
    lease_ttl_s: int = 900
    match_threshold: float = 0.75
    publisher_name: str = "claimcheck"
    publisher_url: str = "https://claimcheck.example.org"
    public_base_url: str = "http://127.0.0.1:8000"

    # Recovery: the reconciler re-enqueues articles idle this long; a task delivered more often than
    # max_task_attempts (e.g. because it kills its worker every time) is parked instead of run again.
    stalled_after_s: int = 300
    reconcile_interval_s: float = 60.0
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
    visibility_timeout_s: int = 3600

    # -- dashboards and operations (issue 7) ------------------------------------------------------
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

    # -- hardening (issue 8) ----------------------------------------------------------------------
    # Abuse limit: at most `rate_limit_requests` requests per API key (per client address without one)
    # in each fixed window of `rate_limit_window_s`; 0 (the default until deployments set it) is no
    # limit. Probes are not counted.
    rate_limit_requests: int = 0
    rate_limit_window_s: int = 60
    # A worker sweeps the broker for messages whose worker died (unacked for `visibility_timeout_s`)
    # every interval x throttle seconds; the defaults are kombu's own.
    broker_restore_interval_s: float = 10.0
    broker_restore_throttle: int = 10
    # Fault injection, for the fault suite (tests/faults) only; inert at these defaults. A task sleeps
    # this long before its work, or exits its process when the text it handles contains the substring.
    fault_sleep_extract_s: float = 0.0
    fault_sleep_check_s: float = 0.0
    fault_crash_extract_on: str | None = None
    fault_crash_check_on: str | None = None

    @property
    def celery_broker_url(self) -> str:
        return self.broker_url or self.redis_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
