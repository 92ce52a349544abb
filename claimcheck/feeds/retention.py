"""Evidence retention: which settings expire what, and keeping the evidence log short."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimcheck.settings import Settings
from claimcheck.store import Store

_DAY_S = 86_400.0


@dataclass(frozen=True, slots=True)
class RetentionReport:
    expired: list[str]
    log_items_cut: int


def apply_retention(store: Store, now: datetime, settings: Settings) -> RetentionReport:
    """Expire news evidence past the configured age or count, then compact the evidence log."""
    max_age_s = None if settings.evidence_max_age_days is None else settings.evidence_max_age_days * _DAY_S
    expired = []
    if max_age_s is not None or settings.evidence_max_entries is not None:
        expired = store.expire_entries(now, max_age_s, settings.evidence_max_entries)
    return RetentionReport(expired, store.compact_entry_log(settings.evidence_log_keep))
