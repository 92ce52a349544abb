"""Benchmark evidence ingest and retrieval as the index grows: 1k, 10k and 100k synthetic feed entries.

Entries come from bench/verify.py's deterministic corpus generator (no network), one to three sentences each.
Ingest is what a poll does with new entries: store them (RedisStore over fakeredis, so the figure is the
code's cost, not a network's) and add them to a worker's EvidenceIndex. For each size the script prints
entries/s, the per-entry cost of the LAST 1k entries added (flat cost = incremental index), the index's
memory (tracemalloc of the index alone), and retrieval latency p50/p95 over claim-like queries.

    python bench/feeds.py [--sizes 1000,10000,100000] [--queries 300] [--json OUT]
Targets: retrieval p50 <= 10 ms at 100k passages on one core; per-entry ingest cost at 100k / at 1k <= 1.5.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fakeredis

from claimcheck.store import RedisStore
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.query import build_query
from schemas.evidence import FeedEntry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify import Corpus  # noqa: E402  (the shared synthetic corpus)

WINDOW = 1_000  # entries in one timed ingest window


def make_entries(corpus: Corpus, count: int, offset: int = 0) -> list[FeedEntry]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    entries = []
    for number in range(offset, offset + count):
        text = " ".join(corpus.sentence() for _ in range(corpus.rng.randint(1, 3)))
        entries.append(
            FeedEntry(
                id=f"e{number}",
                feed_id=f"feed-{number % 20}",
                feed_title=f"Feed {number % 20}",
                url=f"https://bench.invalid/{number}",
                title=" ".join(corpus.word() for _ in range(6)).capitalize(),
                published=start + timedelta(minutes=number),
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    return entries


def ingest(store: RedisStore, index: EvidenceIndex, entries: list[FeedEntry]) -> float:
    """Store and index entries as a poll would, in batches of 100; returns the seconds it took."""
    started = time.perf_counter()
    for batch_start in range(0, len(entries), 100):
        for entry in store.put_entries_changed(entries[batch_start : batch_start + 100]):
            index.add_entry(entry)
    return time.perf_counter() - started


def measure(size: int, queries: int, seed: int) -> dict[str, float]:
    corpus = Corpus(seed)
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    index = EvidenceIndex()
    first = make_entries(corpus, WINDOW)
    first_window_s = ingest(store, index, first)
    middle = make_entries(corpus, max(0, size - 2 * WINDOW), offset=WINDOW) if size > WINDOW else []
    middle_s = ingest(store, index, middle)
    last = make_entries(corpus, WINDOW, offset=WINDOW + len(middle)) if size > WINDOW else []
    last_window_s = ingest(store, index, last) if last else first_window_s
    total_entries = len(first) + len(middle) + len(last)
    total_s = first_window_s + middle_s + (last_window_s if last else 0.0)

    # Index memory: rebuild the same index under tracemalloc, alone.
    gc.collect()
    tracemalloc.start()
    probe = EvidenceIndex()
    for entry in first + middle + last:
        probe.add_entry(entry)
    index_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del probe
    gc.collect()

    rng = random.Random(seed + 1)
    sample = first + middle + last
    latencies = []
    for _ in range(queries):
        sentence = rng.choice(rng.choice(sample).text.split(". "))
        words = [w for w in sentence.split() if rng.random() > 0.3]
        query = build_query(" ".join(words)).text
        started = time.perf_counter()
        index.search(query, 8)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "entries": total_entries,
        "passages": len(index),
        "ingest_entries_per_s": total_entries / total_s,
        "first_window_ms_per_entry": first_window_s * 1000 / WINDOW,
        "last_window_ms_per_entry": last_window_s * 1000 / WINDOW,
        "index_mb": index_bytes / 1e6,
        "retrieval_p50_ms": statistics.median(latencies),
        "retrieval_p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rows = [measure(int(size), args.queries, args.seed) for size in args.sizes.split(",")]

    header = f"{'entries':>8} {'passages':>9} {'ingest/s':>9} {'ms/entry first 1k':>18} "
    header += f"{'ms/entry last 1k':>17} {'index MB':>9} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    for row in rows:
        print(
            f"{row['entries']:>8,.0f} {row['passages']:>9,.0f} {row['ingest_entries_per_s']:>9,.0f} "
            f"{row['first_window_ms_per_entry']:>18.3f} {row['last_window_ms_per_entry']:>17.3f} "
            f"{row['index_mb']:>9.1f} {row['retrieval_p50_ms']:>7.2f} {row['retrieval_p95_ms']:>7.2f}"
        )
    smallest, largest = rows[0], rows[-1]
    ratio = largest["last_window_ms_per_entry"] / smallest["last_window_ms_per_entry"]
    sizes = f"{largest['entries']:,.0f} vs {smallest['entries']:,.0f} entries"
    print(f"per-entry ingest cost, {sizes}: {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "ingest_cost_ratio": ratio}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
