"""The worker's logging: JSON lines (CLAIMCHECK_LOG_FORMAT), set up in place of Celery's own."""

from __future__ import annotations

from typing import Any

from celery.signals import setup_logging

from claimcheck.jsonlog import configure_logging
from claimcheck.settings import get_settings


def use_claimcheck_logging(loglevel: int | str | None = None, **_: Any) -> None:
    """Celery calls this instead of configuring logging itself."""
    configure_logging(get_settings().log_format, loglevel or "INFO")


setup_logging.connect(use_claimcheck_logging, weak=False)
