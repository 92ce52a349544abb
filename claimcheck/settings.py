"""The one settings object, read from CLAIMCHECK_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    # Verdict thresholds: below `review_below` a decided label becomes needs_review.
    review_below: float = 0.5
    retrieval_top_k: int = 8

    task_time_limit_s: int = 120
    task_soft_time_limit_s: int = 100
    visibility_timeout_s: int = 3600

    @property
    def celery_broker_url(self) -> str:
        return self.broker_url or self.redis_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
