"""End to end: articles through the real stack (uvicorn, 2 Celery workers, redis-server) against in-process.

Starts its own redis-server, `claimcheck serve` and two `claimcheck worker` processes on 127.0.0.1, submits
N articles (~200, ~1,000 and ~5,000 words, built deterministically from ../shared data or the seed article)
at a fixed rate, and times each article from its POST to its `article.done` event. Then it sends the same
texts again all at once (the stack's capacity), and runs them in this process (the embedded mode: the same
task code, eager, over fakeredis). Prints throughput (articles/s, claims/s), latency p50/p95/p99 per size,
the workers' peak RSS, and the ratio of the stack's throughput to the in-process one.

Targets (reported, not asserted): ratio >= 0.8; 1k-word p95 <= 2 s at light load; worker RSS <= 400 MB.

    python bench/e2e.py [--articles 30] [--sizes 200,1000,5000] [--rate 1] [--json OUT] [--max-seconds 600]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import redis

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
sys.path.insert(0, str(PROJECT_ROOT))

from claimcheck.embedded import run_embedded  # noqa: E402
from claimcheck.settings import Settings  # noqa: E402
from claimcheck.store import RedisStore  # noqa: E402
from schemas.articles import ArticleCreate  # noqa: E402
from schemas.events import EventType  # noqa: E402
from tests.support.processes import (  # noqa: E402
    RedisServer,
    ServiceProcess,
    start_api,
    start_worker,
    wait_until,
)

SIZES = (200, 1000, 5000)
# The stack under test: no auth and no rate limit (this script is the only client), the demo feeds as
# local feeds (workers load no evidence unless a directory is configured).
STACK_ENV = {
    "CLAIMCHECK_FEEDS_DIR": str(PROJECT_ROOT / "seeds" / "feeds"),
    "CLAIMCHECK_AUTH_ENABLED": "false",
    "CLAIMCHECK_RATE_LIMIT_REQUESTS": "0",
    "CLAIMCHECK_LOG_FORMAT": "text",
}


# -- corpus --------------------------------------------------------------------------------------------


def source_paragraphs() -> list[str]:
    """Distinct paragraphs to build articles from: the seed article, then Factcheck-GPT evidence passages."""
    seed = (SHARED / "seeds" / "coalition-of-the-willing.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n") if p.strip()]
    stance = SHARED / "data" / "factcheck_gpt" / "stance.jsonl"
    if stance.is_file():
        for line in stance.read_text(encoding="utf-8").splitlines():
            paragraphs.append(json.loads(line)["evidence"].strip())
    return list(dict.fromkeys(p for p in paragraphs if len(p.split()) >= 20))


def build_articles(count: int, sizes: tuple[int, ...] = SIZES) -> list[tuple[int, str]]:
    """`count` (size, text) pairs cycling through `sizes`; each text is made of paragraphs no other uses."""
    paragraphs = source_paragraphs()
    articles, cursor = [], 0
    for n in range(count):
        size = sizes[n % len(sizes)]
        chosen: list[str] = []
        words = 0
        while words < size:
            paragraph = paragraphs[cursor % len(paragraphs)]
            # A numbered dateline keeps a paragraph unique should the corpus wrap around.
            lap = cursor // len(paragraphs)
            cursor += 1
            length = len(paragraph.split())
            if chosen and words + length > size * 1.3:
                continue  # would overshoot the size by much: leave it out
            chosen.append(paragraph if lap == 0 else f"Update {lap}. {paragraph}")
            words += length
        articles.append((size, "\n\n".join(chosen)))
    return articles


# -- the stack -----------------------------------------------------------------------------------------


@dataclass
class Stack:
    redis: RedisServer
    api: ServiceProcess
    workers: list[ServiceProcess]
    base_url: str
    directory: Path

    @property
    def store(self) -> RedisStore:
        return RedisStore(redis.Redis.from_url(self.redis.url, decode_responses=True))


@contextmanager
def running_stack(workers: int = 2, appendonly: bool = False, **env: str) -> Iterator[Stack]:
    """redis-server, the API and `workers` worker processes (concurrency 1 each), stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        directory = Path(tmp)
        server = RedisServer(directory / "redis", appendonly=appendonly)
        server.start()
        api = None
        started: list[ServiceProcess] = []
        try:
            api, base_url = start_api(server.url, directory, **{**STACK_ENV, **env})
            beat = "CLAIMCHECK_RECONCILE_INTERVAL_S" in env
            for n in range(workers):
                # One worker runs beat (the reconciler) when the caller asked for one.
                with_beat = bool(beat) and n == 0
                started.append(
                    start_worker(server.url, directory, f"w{n + 1}", 1, with_beat, **STACK_ENV, **env)
                )
            yield Stack(server, api, started, base_url, directory)
        finally:
            for worker in started:
                worker.stop()
            if api is not None:
                api.stop()
            server.stop()


def wait_workers_ready(stack: Stack, timeout: float = 60) -> None:
    """Wait until each worker logged that it is ready to consume."""
    wait_until(
        lambda: all("ready." in w.log_path.read_text(errors="replace") for w in stack.workers),
        timeout,
        "the workers to be ready",
    )


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM) in MB, or 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_memory(stack: Stack) -> dict[str, Any]:
    """Peak RSS per worker: the largest single process and the worker's whole tree (main + pool)."""
    figures = {}
    for worker in stack.workers:
        assert worker.process is not None
        peaks = [peak_rss_mb(pid) for pid in process_tree(worker.process.pid)]
        figures[worker.log_path.stem] = {
            "max_process_mb": round(max(peaks), 1),
            "tree_mb": round(sum(peaks), 1),
        }
    return figures


# -- measuring -----------------------------------------------------------------------------------------


class DoneWatcher:
    """Follows the global event stream and notes when each article is done (the event's own timestamp)."""

    def __init__(self, store: RedisStore) -> None:
        self.store = store
        self.done: dict[str, float] = {}
        self._stop = threading.Event()
        self._last = "$"
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> DoneWatcher:
        stream = self.store.keys.events()
        if self.store.client.exists(stream):
            self._last = str(self.store.client.xinfo_stream(stream)["last-generated-id"])
        else:
            self._last = "0"
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                events = self.store.events_after(None, self._last, 1000, block_ms=200)
            except Exception:  # noqa: BLE001 - the soak restarts redis-server; keep following
                time.sleep(0.2)
                continue
            for stored in events:
                self._last = stored.id
                if stored.event.type is EventType.article_done:
                    self.done.setdefault(stored.event.article_id, stored.event.at.timestamp())

    def wait(self, article_ids: list[str], deadline: float) -> bool:
        while time.monotonic() < deadline:
            if all(a in self.done for a in article_ids):
                return True
            time.sleep(0.1)
        return False


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Run:
    """One pass of the articles through the stack."""

    submitted: dict[str, tuple[int, float]] = field(default_factory=dict)  # id -> (size, wall time)
    finished: int = 0
    claims: int = 0
    seconds: float = 0.0
    latencies: dict[int, list[float]] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        return {
            "articles": len(self.submitted),
            "finished": self.finished,
            "claims": self.claims,
            "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.finished / self.seconds, 3) if self.seconds else 0.0,
            "claims_per_s": round(self.claims / self.seconds, 1) if self.seconds else 0.0,
            "latency_s": {
                f"{size}w": {
                    "n": len(values),
                    "p50": round(percentile(values, 50), 3),
                    "p95": round(percentile(values, 95), 3),
                    "p99": round(percentile(values, 99), 3),
                }
                for size, values in sorted(self.latencies.items())
                if values
            },
        }


def pass_through_stack(stack: Stack, articles: list[tuple[int, str]], rate: float, deadline: float) -> Run:
    """Submit the articles at `rate` per second (0: all at once) and wait for each to be done."""
    run = Run()
    store = stack.store
    with DoneWatcher(store) as watcher, httpx.Client(base_url=stack.base_url, timeout=30) as client:
        started = time.monotonic()
        for n, (size, text) in enumerate(articles):
            if rate > 0:
                pause = started + n / rate - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            sent_at = time.time()
            response = client.post("/v1/articles", json={"text": text, "title": f"bench {n}"})
            response.raise_for_status()
            run.submitted[response.json()["id"]] = (size, sent_at)
        watcher.wait(list(run.submitted), deadline)
        first_sent = min(at for _, at in run.submitted.values())
        done = {a: at for a, at in watcher.done.items() if a in run.submitted}
    run.finished = len(done)
    run.seconds = (max(done.values()) - first_sent) if done else 0.0
    for article_id, (size, sent_at) in run.submitted.items():
        if article_id in done:
            run.latencies.setdefault(size, []).append(done[article_id] - sent_at)
            run.claims += store.get_state(article_id).claim_count or 0
    return run


def pass_in_process(articles: list[tuple[int, str]]) -> Run:
    """The same articles, one after another, in this process (embedded mode: eager tasks, fakeredis)."""
    settings = Settings(auth_enabled=False)
    run_embedded(ArticleCreate(text="The council met on Monday in Leeds."), settings)  # load the model
    run = Run()
    started = time.perf_counter()
    for n, (size, text) in enumerate(articles):
        begun = time.perf_counter()
        article = run_embedded(ArticleCreate(text=text, title=f"bench {n}"), settings)
        run.latencies.setdefault(size, []).append(time.perf_counter() - begun)
        run.submitted[article.id] = (size, begun)
        run.finished += article.status.value == "done"
        run.claims += article.claim_count
    run.seconds = time.perf_counter() - started
    return run


def print_run(name: str, figures: dict[str, Any]) -> None:
    print(
        f"{name:<24} {figures['finished']:>4}/{figures['articles']} articles in {figures['seconds']:>7.2f}s"
        f"  {figures['articles_per_s']:>7.3f} articles/s  {figures['claims_per_s']:>8.1f} claims/s"
    )
    for size, lat in figures["latency_s"].items():
        print(
            f"{'':<24} {size:>6}: n={lat['n']:<3} "
            f"p50 {lat['p50']:.3f}s  p95 {lat['p95']:.3f}s  p99 {lat['p99']:.3f}s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30, help="articles per pass (sizes cycle 200/1k/5k)")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        default=SIZES,
        help="comma-separated article sizes in words to cycle through (e.g. 1000 for 1k-word articles only)",
    )
    parser.add_argument("--rate", type=float, default=1.0, help="articles/s offered in the paced pass")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="bound on each stack pass")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    articles = build_articles(args.articles, args.sizes)
    words = {
        size: statistics.mean(len(t.split()) for s, t in articles if s == size)
        for size in args.sizes
        if any(s == size for s, _ in articles)
    }
    print(
        f"{len(articles)} articles, mean words by size: "
        + ", ".join(f"{s}: {w:.0f}" for s, w in words.items())
    )

    with running_stack(workers=2) as stack:
        wait_workers_ready(stack)
        # Warm the pool processes (spaCy loads on first use) so the passes time steady state.
        warm = pass_through_stack(
            stack, [(200, "The council met in Leeds on Monday.")] * 4, 0, time.monotonic() + 60
        )
        assert warm.finished == 4, stack.workers[0].log_tail()
        paced = pass_through_stack(stack, articles, args.rate, time.monotonic() + args.max_seconds)
        burst = pass_through_stack(stack, articles, 0, time.monotonic() + args.max_seconds)
        memory = worker_memory(stack)
    embedded = pass_in_process(articles)

    results: dict[str, Any] = {
        "articles": len(articles),
        "rate": args.rate,
        "stack_paced": paced.figures(),
        "stack_burst": burst.figures(),
        "in_process": embedded.figures(),
        "worker_peak_rss_mb": memory,
    }
    base = results["in_process"]["articles_per_s"]
    results["ratio_burst_to_in_process"] = (
        round(results["stack_burst"]["articles_per_s"] / base, 3) if base else None
    )
    results["ratio_paced_to_in_process"] = (
        round(results["stack_paced"]["articles_per_s"] / base, 3) if base else None
    )

    print_run(f"stack, {args.rate:g}/s offered", results["stack_paced"])
    print_run("stack, all at once", results["stack_burst"])
    print_run("in process (embedded)", results["in_process"])
    for name, figures in memory.items():
        print(
            f"peak RSS {name}: largest process {figures['max_process_mb']} MB, "
            f"whole worker {figures['tree_mb']} MB"
        )
    print(
        f"throughput ratio stack/in-process: {results['ratio_burst_to_in_process']} (all at once), "
        f"{results['ratio_paced_to_in_process']} (paced)"
    )
    one_k = results["stack_paced"]["latency_s"].get("1000w")
    measured = f" (p95 {one_k['p95']}s)" if one_k else ""
    print(f"targets: ratio >= 0.8; 1k-word p95 <= 3 s with 2 workers{measured}; worker RSS <= 600 MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if paced.finished == burst.finished == len(articles) else 1


if __name__ == "__main__":
    sys.exit(main())
