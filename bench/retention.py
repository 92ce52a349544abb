"""Evidence retention under a stream: index memory and Redis memory once retention holds.

Usage:
    python bench/retention.py [--limit 2000] [--stream-factor 10] [--feeds 10] [--json OUT]

Starts its own redis-server on 127.0.0.1. `--feeds` JSON feeds each list their newest 50 items; every round
each feed gains 5 items and is polled through the real poll path (claimcheck.feeds.poll.poll_feed_once,
with a fetch that returns the feed's current document), then the retention sweep runs (count limit
`--limit`) and a worker's evidence index refreshes from the store. The stream is `--stream-factor` times
the limit. At every multiple of the limit it prints the entries kept, the index's passages, the index's
memory (Python allocations traced by tracemalloc) and Redis's used_memory; then the spread of each memory
from the first multiple past the limit on (target: within 10 %).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

import redis

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from claimcheck.feeds.fetch import FetchResult  # noqa: E402
from claimcheck.feeds.poll import Fetch, poll_feed_once  # noqa: E402
from claimcheck.feeds.retention import apply_retention  # noqa: E402
from claimcheck.service import refresh_index  # noqa: E402
from claimcheck.settings import Settings  # noqa: E402
from claimcheck.store import RedisStore  # noqa: E402
from claimcheck.verification import EvidenceIndex  # noqa: E402
from schemas.common import utcnow  # noqa: E402
from schemas.feeds import Feed  # noqa: E402
from tests.support.processes import RedisServer  # noqa: E402

WINDOW = 50  # items a feed document lists
PER_ROUND = 5  # new items per feed per round


class SyntheticFeeds:
    """JSON feeds whose items are news-like paragraphs over a varied vocabulary, seeded."""

    def __init__(self, feeds: int, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = ["".join(self.rng.choices("bcdfghklmnprstvz", k=3)) + str(i) for i in range(20_000)]
        self.items: dict[str, list[dict[str, Any]]] = {f"feed{i}": [] for i in range(feeds)}
        self.serial = 0

    def grow(self, feed_id: str, now_iso: str) -> None:
        items = self.items[feed_id]
        for _ in range(PER_ROUND):
            self.serial += 1
            sentences = [
                " ".join(self.rng.choices(self.vocabulary, k=self.rng.randint(8, 20))).capitalize() + "."
                for _ in range(self.rng.randint(3, 6))
            ]
            items.insert(
                0,
                {
                    "id": f"item-{self.serial}",
                    "title": " ".join(self.rng.choices(self.vocabulary, k=6)),
                    "content_text": " ".join(sentences),
                    "date_published": now_iso,
                },
            )
        del items[WINDOW:]

    def document(self, feed_id: str) -> bytes:
        body = {"version": "https://jsonfeed.org/version/1.1", "title": feed_id, "items": self.items[feed_id]}
        return json.dumps(body).encode()


def run(limit: int, stream_factor: int, feeds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        server = RedisServer(Path(directory))
        server.start()
        client = redis.Redis.from_url(server.url, decode_responses=True)
        try:
            return _stream(RedisStore(client, "bench"), client, limit, stream_factor, feeds)
        finally:
            client.close()
            server.stop()


def _stream(store: RedisStore, client: redis.Redis, limit: int, factor: int, feeds: int) -> dict[str, Any]:
    synthetic = SyntheticFeeds(feeds)
    for feed_id in synthetic.items:
        url = f"https://{feed_id}.example.org/feed.json"
        store.create_feed(Feed(id=feed_id, url=url, name=feed_id))  # type: ignore[arg-type]
    settings = Settings(evidence_max_entries=limit, evidence_log_keep=max(100, limit))
    tracemalloc.start()
    gc.collect()
    baseline = tracemalloc.get_traced_memory()[0]
    index = EvidenceIndex()
    now = utcnow()
    checkpoints: list[dict[str, Any]] = []
    streamed = 0
    while streamed < factor * limit:
        now += timedelta(minutes=1)
        for feed_id in synthetic.items:
            synthetic.grow(feed_id, now.isoformat())
            fetch = _serving(synthetic.document(feed_id))
            poll_feed_once(store, feed_id, fetch, now, max_backoff_s=3600)
            streamed += PER_ROUND
        apply_retention(store, now, settings)
        refresh_index(store, index)
        if streamed % limit == 0:
            gc.collect()
            checkpoints.append(
                {
                    "streamed": streamed,
                    "entries_kept": index.entry_count,
                    "passages": len(index),
                    "index_memory_mb": round((tracemalloc.get_traced_memory()[0] - baseline) / 2**20, 2),
                    "redis_used_memory_mb": round(int(client.info("memory")["used_memory"]) / 2**20, 2),
                }
            )
            row = checkpoints[-1]
            print(
                f"{row['streamed']:>8} streamed: {row['entries_kept']:>6} entries kept,"
                f" {row['passages']:>6} passages, index {row['index_memory_mb']:>7.2f} MB,"
                f" redis used_memory {row['redis_used_memory_mb']:>7.2f} MB"
            )
    tracemalloc.stop()
    held = checkpoints[1:]  # from the first multiple past the limit: retention holds
    return {
        "limit": limit,
        "streamed": streamed,
        "checkpoints": checkpoints,
        "index_spread": _spread([c["index_memory_mb"] for c in held]),
        "redis_spread": _spread([c["redis_used_memory_mb"] for c in held]),
    }


def _serving(document: bytes) -> Fetch:
    """A fetch that answers every request with `document` (the feed as it is this round)."""

    def fetch(url: str, _etag: str | None, _last_modified: str | None) -> FetchResult:
        return FetchResult(url, 200, document, "application/feed+json", None, None)

    return fetch


def _spread(values: list[float]) -> float:
    """(max - min) / min: how far the figure moved while retention held."""
    return round((max(values) - min(values)) / min(values), 4) if values else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="CLAIMCHECK_EVIDENCE_MAX_ENTRIES")
    parser.add_argument("--stream-factor", type=int, default=10, help="entries streamed, in limits")
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.limit % (args.feeds * PER_ROUND):
        parser.error(f"--limit must be a multiple of feeds x {PER_ROUND}")
    result = run(args.limit, args.stream_factor, args.feeds)
    index_spread, redis_spread = 100 * result["index_spread"], 100 * result["redis_spread"]
    print(
        f"once retention holds (from {2 * args.limit} streamed): index memory spread {index_spread:.1f} %,"
        f" redis used_memory spread {redis_spread:.1f} % (target: within 10 %)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
