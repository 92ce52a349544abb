"""Per-process resources of a worker: settings, store and evidence index, created once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from claimcheck.feeds import load_feed_files
from claimcheck.service import refresh_index
from claimcheck.settings import Settings, get_settings
from claimcheck.store import RedisStore, Store
from claimcheck.verification import EvidenceIndex

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    index: EvidenceIndex = field(default_factory=EvidenceIndex)

    def load_local_feeds(self) -> int:
        """Put the entries of the configured feed files into the store (idempotent)."""
        if self.settings.feeds_dir is None or not self.settings.feeds_dir.is_dir():
            return 0
        added = self.store.put_entries(load_feed_files(self.settings.feeds_dir))
        log.info("loaded local feeds from %s: %d new or changed entries", self.settings.feeds_dir, added)
        return added

    def evidence(self) -> EvidenceIndex:
        """The evidence index, first brought up to date with what the store gained."""
        refresh_index(self.store, self.index)
        return self.index


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
