"""Articles by status for GET /v1/stats: the kept counts (one HGETALL) against a recount of every state hash.

Starts its own redis-server on a free port in a temporary directory (or, with --fakeredis or without the
binary, uses fakeredis in this process), writes N articles in mixed statuses as code from before the
counts left them (state hash and `cc:articles`, no counts), times the one-off rebuild that brings them
into the counts, then times `recount_article_statuses` (the old read) and `article_status_counts` (the
new one), median of repeats, after checking that both agree through live status writes.

    python bench/stats.py [--sizes 1000,10000,50000] [--repeats 7] [--fakeredis] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from claimcheck.store import RedisStore  # noqa: E402
from claimcheck.store.redis_articles import state_fields  # noqa: E402
from schemas.articles import Article, ArticleState  # noqa: E402
from schemas.common import ArticleStatus  # noqa: E402
from tests.support.processes import RedisServer  # noqa: E402

# Mostly finished work, some in flight, as a deployment that has run for a while looks.
MIX = {
    ArticleStatus.done: 0.85,
    ArticleStatus.failed: 0.03,
    ArticleStatus.checking: 0.06,
    ArticleStatus.extracting: 0.03,
    ArticleStatus.queued: 0.03,
}
FILL_BATCH = 2_000
# The kept read costs microseconds; many more repeats than the recount keep its median steady.
NEW_REPEATS_FACTOR = 30


@contextmanager
def redis_client(use_real: bool) -> Iterator[redis.Redis]:
    if not use_real:
        import fakeredis

        yield fakeredis.FakeRedis(decode_responses=True)
        return
    with tempfile.TemporaryDirectory() as directory:
        server = RedisServer(Path(directory))
        server.start()
        client = redis.Redis.from_url(server.url, decode_responses=True)
        try:
            yield client
        finally:
            client.close()
            server.stop()


def fill_as_before_the_counts(store: RedisStore, size: int, seed: int) -> None:
    """`size` articles with state hashes in MIX proportions, written without any counts."""
    rng = random.Random(seed)
    statuses, weights = list(MIX), list(MIX.values())
    base = datetime(2025, 1, 1, tzinfo=UTC).timestamp()
    for start in range(0, size, FILL_BATCH):
        pipe = store.client.pipeline(transaction=False)
        for n in range(start, min(size, start + FILL_BATCH)):
            article_id = uuid.UUID(int=rng.getrandbits(128)).hex
            created = datetime.fromtimestamp(base + n, UTC)
            state = ArticleState(status=rng.choices(statuses, weights)[0], updated_at=created, claim_count=3)
            pipe.hset(store.keys.article_state(article_id), mapping=state_fields(state))
            pipe.zadd(store.keys.articles(), {article_id: created.timestamp()})
        pipe.execute()


def live_writes_keep_step(store: RedisStore) -> bool:
    """A few status writes through the store after the rebuild: kept counts still equal a recount."""
    for _ in range(20):
        article = Article(id=uuid.uuid4().hex, text="Benchmark article.")
        store.create_article(article, None, "bench")
        store.advance_status(article.id, ArticleStatus.extracting)
        store.add_claims(article.id, [])
    return store.article_status_counts() == store.recount_article_statuses()


def median_ms(func: Callable[[], Any], repeats: int) -> float:
    func()  # warm-up: connections, code paths
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def measure(client: redis.Redis, size: int, repeats: int) -> dict[str, Any]:
    client.flushdb()
    store = RedisStore(client, "cc")
    fill_as_before_the_counts(store, size, seed=size)
    started = time.perf_counter()
    rebuilt = store.rebuild_article_status_counts()
    rebuild_s = time.perf_counter() - started
    if rebuilt != size or not live_writes_keep_step(store):
        raise RuntimeError(f"counts disagree with a recount at {size} articles")
    old_ms = median_ms(store.recount_article_statuses, repeats)
    new_ms = median_ms(store.article_status_counts, repeats * NEW_REPEATS_FACTOR)
    return {
        "articles": size,
        "recount_ms": old_ms,
        "kept_ms": new_ms,
        "speedup": old_ms / new_ms,
        "rebuild_s": rebuild_s,
        "counts": {k.value: v for k, v in store.article_status_counts().items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--repeats", type=int, default=7, help="timed recounts per size")
    parser.add_argument("--fakeredis", action="store_true", help="use fakeredis even if redis-server exists")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    use_real = shutil.which("redis-server") is not None and not args.fakeredis
    backend = "redis-server (127.0.0.1)" if use_real else "fakeredis (in-process)"
    with redis_client(use_real) as client:
        rows = [measure(client, int(size), args.repeats) for size in args.sizes.split(",")]

    print(
        f"articles by status, median of {args.repeats} recounts / {args.repeats * NEW_REPEATS_FACTOR} reads"
    )
    print(f"backend: {backend}")
    header = ("articles", "recount ms", "kept ms", "speedup", "rebuild s")
    print("{:>9} {:>11} {:>9} {:>9} {:>10}".format(*header))
    for row in rows:
        print(
            f"{row['articles']:>9} {row['recount_ms']:>11.2f} {row['kept_ms']:>9.3f} "
            f"{row['speedup']:>8.0f}x {row['rebuild_s']:>10.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"backend": backend, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
