"""Full text behind feed entries: what it costs a poll, and how politely the pages are fetched.

Starts its own redis-server and an HTTP server on 127.0.0.1 that serves feeds and article pages.

1. Poll duration: `poll_feed` runs in this process (the real task code, enqueuing to the real broker)
   on a feed of E entries of which N are new at every poll, and on a burst of B entries all new,
   alternately for a feed with full text on and one with it off. The poll publishes one
   `queue_article_pages` message for all its new entries (which fans out to a `fetch_article_page` per
   entry in a worker) and waits for none, so the difference is one message. Median and p95 over the
   rounds.
2. Politeness: a `claimcheck worker` process (several pool processes) fetches the pages of M entries of
   one host, robots.txt included. From the server's own arrival times: the most requests that started
   within any one politeness interval (must be <= 1), the smallest gap between two, and the span from the
   first request to the last against the ideal of one request per interval.

    python bench/article_pages.py [--entries 50] [--new 10] [--burst 200] [--rounds 15] [--pages 30]
                                  [--politeness 0.5] [--concurrency 4] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import redis

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.support.feed_server import FeedServer  # noqa: E402
from tests.support.processes import RedisServer, start_worker, wait_until  # noqa: E402

PAGE = (PROJECT_ROOT / "tests" / "fixtures" / "pages" / "council-budget.html").read_text()
ALLOW = '["127.0.0.1/32"]'


def write_feed(directory: Path, name: str, server: FeedServer, count: int, new: int, round_id: str) -> None:
    """A feed of `count` entries, each linking to a page on the server: the last `new` are new (fresh guids)
    at every round, the others the same as at the round before."""
    items = []
    for i in range(count):
        key = f"{round_id}-{i}" if i >= count - new else f"stable-{i}"
        items.append(
            f"<item><title>Council report {key}</title><guid>{key}</guid>"
            f"<link>{server.url(f'/feeds/page-{i % 50}.html')}?e={key}</link>"
            f"<description>The council approved item {i} of the budget.</description></item>"
        )
    channel = f"<channel><title>{name}</title>{''.join(items)}</channel>"
    (directory / f"{name}.xml").write_text(f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_polls(
    redis_url: str, served: Path, server: FeedServer, shapes: list[tuple[int, int]], rounds: int
) -> list[dict[str, Any]]:
    """Poll duration with full text on and off, in this process against the real broker, for feeds of
    (entries, new entries per poll)."""
    os.environ.update(CLAIMCHECK_REDIS_URL=redis_url, CLAIMCHECK_FEED_ALLOW_NETWORKS=ALLOW)
    from claimcheck.broker import QUEUE
    from claimcheck.settings import Settings
    from claimcheck.store import RedisStore
    from schemas.feeds import Feed
    from workers.runtime import Runtime, use_runtime
    from workers.tasks import poll_feed

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store = RedisStore(client, prefix=f"bench-{uuid.uuid4().hex[:6]}")
    use_runtime(Runtime(Settings(feeds_dir=None, feed_allow_networks=["127.0.0.1/32"]), store))
    rows = []
    try:
        for count, new in shapes:
            feeds = {}
            for setting in (True, False):
                name = f"{count}-{new}-{'on' if setting else 'off'}"
                url = server.url(f"/feeds/{name}.xml")
                feed = Feed(id=name, url=url, name=name, fetch_full_text=setting)  # type: ignore[arg-type]
                store.create_feed(feed)
                feeds[setting] = feed
            durations: dict[bool, list[float]] = {True: [], False: []}
            enqueued = dict.fromkeys(feeds, 0)
            for round_number in range(rounds + 1):  # the first round fills the feed and is not counted
                # Alternating, so a noisy neighbour on the machine weighs on both cases alike.
                for setting, feed in feeds.items():
                    write_feed(served, feed.id, server, count, new, str(round_number))
                    client.delete(QUEUE)
                    started = time.perf_counter()
                    changed = poll_feed(feed.id)
                    elapsed = time.perf_counter() - started
                    expected = count if round_number == 0 else new
                    if changed != expected:
                        raise RuntimeError(f"{feed.id}: the poll stored {changed} entries, not {expected}")
                    if round_number:
                        durations[setting].append(elapsed)
                        enqueued[setting] += int(client.llen(QUEUE))
            for setting, values in durations.items():
                rows.append(
                    {
                        "entries": count,
                        "new_per_poll": new,
                        "full_text": setting,
                        "median_ms": statistics.median(values) * 1000,
                        "p95_ms": percentile(values, 0.95) * 1000,
                        "messages_published_per_poll": enqueued[setting] / rounds,
                    }
                )
    finally:
        client.delete(QUEUE)
        use_runtime(None)
    return rows


def bench_politeness(
    redis_url: str, log_dir: Path, server: FeedServer, pages: int, politeness: float, concurrency: int
) -> dict[str, Any]:
    """Fetch `pages` pages of one host with a real worker; measure the spacing at the server."""
    from claimcheck.feeds.entries import make_entry
    from claimcheck.store import RedisStore
    from schemas.evidence import TextSource
    from workers.tasks import fetch_article_page

    store = RedisStore(redis.Redis.from_url(redis_url, decode_responses=True))
    entries = [
        make_entry(
            feed_id="politeness",
            feed_title="Politeness",
            trust=0.8,
            key=str(i),
            url=server.url(f"/feeds/page-{i % 50}.html") + f"?entry={i}",
            title=f"Council report {i}",
            text=f"The council approved item {i}.",
            published=None,
        )
        for i in range(pages)
    ]
    store.put_entries(entries)
    worker = start_worker(
        redis_url,
        log_dir,
        name="pages",
        concurrency=concurrency,
        CLAIMCHECK_FEED_ALLOW_NETWORKS=ALLOW,
        CLAIMCHECK_ARTICLE_POLITENESS_S=str(politeness),
        CLAIMCHECK_ARTICLE_FETCH_PER_HOST="2",
        CLAIMCHECK_EVENT_PUMP_ENABLED="false",
        CLAIMCHECK_LOG_FORMAT="text",
    )
    before = len(server.seen)
    try:
        for entry in entries:  # what the fan-out of a poll does for each new entry with a link
            fetch_article_page.delay(entry.id, entry.content_hash)

        def done() -> bool:
            found = [store.find_entry(e.id) for e in entries]
            return all(e is not None and e.text_source is TextSource.article for e in found)

        wait_until(done, 60 + 3 * pages * politeness, "every page fetched", interval=0.1)
    except TimeoutError as exc:
        raise RuntimeError(f"{exc}\n{worker.log_tail(40)}") from None
    finally:
        worker.stop()
    starts = sorted(r.at for r in server.seen[before:])
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    in_one_interval = max(sum(1 for t in starts if s <= t < s + politeness) for s in starts)
    return {
        "pages": pages,
        "requests": len(starts),
        "politeness_s": politeness,
        "worker_concurrency": concurrency,
        "max_requests_per_interval": in_one_interval,
        "min_gap_s": min(gaps),
        "median_gap_s": statistics.median(gaps),
        "span_s": starts[-1] - starts[0],
        "ideal_seconds": (len(starts) - 1) * politeness,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50, help="entries of the polled feed")
    parser.add_argument("--new", type=int, default=10, help="of which new at each poll")
    parser.add_argument("--burst", type=int, default=200, help="also poll a feed of this many, all new")
    parser.add_argument("--rounds", type=int, default=15, help="polls per case (after one that fills it)")
    parser.add_argument("--pages", type=int, default=30, help="pages of one host fetched by the worker")
    parser.add_argument("--politeness", type=float, default=0.5, help="seconds between request starts")
    parser.add_argument("--concurrency", type=int, default=4, help="worker pool processes")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    shapes = [(args.entries, args.new), (args.burst, args.burst)]
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        served = root / "served"
        served.mkdir()
        for i in range(50):
            (served / f"page-{i}.html").write_text(PAGE.replace("Leeds council", f"Leeds council ({i})"))
        (served / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
        server_redis = RedisServer(root / "redis")
        server_redis.start()
        try:
            with FeedServer(fixtures=served) as server:
                polls = bench_polls(server_redis.url, served, server, shapes, args.rounds)
                pacing = bench_politeness(
                    server_redis.url, root, server, args.pages, args.politeness, args.concurrency
                )
        finally:
            server_redis.stop()

    print(f"poll_feed in this process, feed on 127.0.0.1, redis-server broker, {args.rounds} polls per case")
    print("{:<22} {:>10} {:>10} {:>10} {:>10}".format("feed", "full text", "median ms", "p95 ms", "messages"))
    for row in polls:
        shape = f"{row['new_per_poll']} new of {row['entries']}"
        print(
            f"{shape:<22} {'on' if row['full_text'] else 'off':>10} {row['median_ms']:>10.1f} "
            f"{row['p95_ms']:>10.1f} {row['messages_published_per_poll']:>10.0f}"
        )
    ratios = []
    for on, off in zip(polls[::2], polls[1::2], strict=True):
        extra = on["median_ms"] - off["median_ms"]
        ratio = on["median_ms"] / off["median_ms"]
        ratios.append({"entries": on["entries"], "new_per_poll": on["new_per_poll"], "on_off": ratio,
                       "extra_ms_per_poll": extra})  # fmt: skip
        print(
            f"{on['new_per_poll']} new of {on['entries']}: on/off {ratio:.2f}x, "
            f"{extra:+.2f} ms per poll (its one fan-out message)"
        )
    print(
        f"\n{pacing['pages']} pages of one host, politeness {pacing['politeness_s']:g} s, "
        f"{pacing['worker_concurrency']} worker processes, 2 fetches per host at most"
    )
    print(
        f"requests {pacing['requests']} (robots.txt included); most in one interval "
        f"{pacing['max_requests_per_interval']}; gap min {pacing['min_gap_s']:.3f} s, "
        f"median {pacing['median_gap_s']:.3f} s; first to last {pacing['span_s']:.1f} s "
        f"(ideal {pacing['ideal_seconds']:.1f} s)"
    )
    figures = {"polls": polls, "on_off": ratios, "politeness": pacing}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if pacing["max_requests_per_interval"] <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
