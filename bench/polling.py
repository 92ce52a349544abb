"""Polling cost: requests/s of a 304 poll (If-None-Match) against a full 200, for an article of ~20 claims.

Starts its own redis-server (or, without one installed, a fakeredis store behind an in-process uvicorn) and
`claimcheck serve` on 127.0.0.1, seeds one done article with cited verdicts, then polls it for a bounded time.
Besides client-side requests/s (which include this script's own HTTP overhead), it reports the server's own
time per request from its /metrics histogram.

    python bench/polling.py [--claims 20] [--seconds 3] [--max-requests 20000] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from prometheus_client.parser import text_string_to_metric_families

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 6
ARTICLE_ROUTE = {"method": "GET", "route": "/v1/articles/{article_id}"}
sys.path.insert(0, str(PROJECT_ROOT))

from claimcheck.store import RedisStore  # noqa: E402
from schemas.articles import Article  # noqa: E402
from schemas.claims import Citation, Claim, Verdict  # noqa: E402
from schemas.common import ArticleStatus, VerdictLabel  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


def seed_article(store: RedisStore, claim_count: int) -> str:
    """A done article whose claims each carry a verdict with two citations, as the checker writes them."""
    article = Article(id=uuid.uuid4().hex, text="Benchmark article. " * 200, title="Polling benchmark")
    store.create_article(article, None, "bench")
    store.advance_status(article.id, ArticleStatus.extracting)
    claims = [
        Claim(
            id=f"{article.id[:8]}-{i}",
            article_id=article.id,
            ordinal=i,
            text=f"The council approved a budget of {i} million pounds for schools on Monday.",
            sentence=f"The council approved a budget of {i} million pounds for schools on Monday.",
            start=i * 80,
            end=i * 80 + 75,
            checkworthiness=0.7,
        )
        for i in range(claim_count)
    ]
    store.add_claims(article.id, claims)
    labels = list(VerdictLabel)
    for i, claim in enumerate(claims):
        citations = [
            Citation(
                feed="Wire",
                url=f"https://wire.example.org/{i}/{j}",
                title="Council budget",
                published=None,
                passage="The council approved the schools budget after a long debate on Monday evening.",
                start=10,
                end=88,
                entry_id=f"e{i}{j}",
                stance="supports",
                score=0.8,
            )
            for j in range(2)
        ]
        store.record_verdict(
            claim.id, Verdict(label=labels[i % len(labels)], confidence=0.8, citations=citations)
        )
    return article.id


@contextmanager
def real_stack(directory: Path) -> Iterator[tuple[str, RedisStore]]:
    """redis-server and `claimcheck serve` as separate processes."""
    redis_port, api_port = free_port(), free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{redis_port}/0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(CLAIMCHECK_REDIS_URL=url, CLAIMCHECK_AUTH_ENABLED="false", CLAIMCHECK_LOG_FORMAT="text")
    api = None
    try:
        client = redis.Redis.from_url(url, decode_responses=True)
        wait_for(lambda: _answers(client), 10, "redis-server")
        api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "claimcheck.cli",
                "serve",
                "--port",
                str(api_port),
                "--log-level",
                "warning",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{api_port}"
        wait_for(lambda: _healthy(base_url), 30, "the API")
        yield base_url, RedisStore(client)
    finally:
        for process in (api, server):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)


@contextmanager
def fakeredis_stack() -> Iterator[tuple[str, RedisStore]]:
    """Without redis-server: fakeredis behind uvicorn in a thread of this process (slower, shares the GIL)."""
    import fakeredis
    import uvicorn

    from api.main import create_app
    from claimcheck.settings import Settings

    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    port = free_port()
    app = create_app(Settings(auth_enabled=False, feeds_dir=None), store, dispatch=lambda _: None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    wait_for(lambda: _healthy(base_url), 30, "the API")
    try:
        yield base_url, store
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/healthz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Case:
    """One kind of request and what it cost, summed over the rounds."""

    name: str
    headers: dict[str, str]
    expect: int
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    body_bytes: int = 0
    server_seconds: float = 0.0

    def run(self, client: httpx.Client, path: str, seconds: float, max_requests: int) -> None:
        """Sequential requests on one keep-alive connection for `seconds` or `max_requests`."""
        before = server_time(client)
        started = time.perf_counter()
        count = 0
        while count < max_requests and time.perf_counter() - started < seconds:
            sent = time.perf_counter()
            response = client.get(path, headers=self.headers)
            self.latencies.append(time.perf_counter() - sent)
            if response.status_code != self.expect:
                raise RuntimeError(f"{self.name}: expected {self.expect}, got {response.status_code}")
            self.body_bytes += len(response.content)
            count += 1
        self.elapsed += time.perf_counter() - started
        self.server_seconds += server_time(client) - before

    def figures(self) -> dict[str, float]:
        ordered = sorted(self.latencies)
        return {
            "requests": len(ordered),
            "req_per_s": len(ordered) / self.elapsed,
            "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
            "server_ms": self.server_seconds / len(ordered) * 1000,
            "body_bytes": self.body_bytes / len(ordered),
        }


def server_time(client: httpx.Client) -> float:
    """Seconds the API spent (to first byte) on GET /v1/articles/{article_id}, from its own /metrics."""
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for sample in family.samples:
            if (
                sample.name == "claimcheck_http_request_duration_seconds_sum"
                and sample.labels == ARTICLE_ROUTE
            ):
                return float(sample.value)
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per case, over all rounds")
    parser.add_argument("--max-requests", type=int, default=20_000, help="requests per case at most")
    parser.add_argument("--fakeredis", action="store_true", help="use fakeredis even if redis-server exists")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    use_real = shutil.which("redis-server") is not None and not args.fakeredis
    with tempfile.TemporaryDirectory() as directory:
        stack = real_stack(Path(directory)) if use_real else fakeredis_stack()
        with stack as (base_url, store), httpx.Client(base_url=base_url, timeout=10) as client:
            article_id = seed_article(store, args.claims)
            path = f"/v1/articles/{article_id}"
            etag = client.get(path).headers["etag"]
            cases = [Case("200 full", {}, 200), Case("304 poll", {"If-None-Match": etag}, 304)]
            for case in cases:  # warm-up, not counted
                for _ in range(20):
                    client.get(path, headers=case.headers)
            # Short alternating rounds, so a noisy neighbour on the machine weighs on both cases alike.
            for _ in range(ROUNDS):
                for case in cases:
                    case.run(client, path, args.seconds / ROUNDS, args.max_requests // ROUNDS)
            full, poll = (case.figures() for case in cases)

    figures = {
        "backend": "redis-server" if use_real else "fakeredis (in-process uvicorn)",
        "claims": args.claims,
        "full_200": full,
        "poll_304": poll,
        "speedup": poll["req_per_s"] / full["req_per_s"],
        "server_speedup": full["server_ms"] / poll["server_ms"],
    }
    print(
        f"GET /v1/articles/{{id}} with {args.claims} claims, one keep-alive connection, {figures['backend']}"
    )
    header = ("case", "requests", "req/s", "p50 ms", "p99 ms", "server ms", "body B")
    print("{:<10} {:>9} {:>9} {:>8} {:>8} {:>10} {:>8}".format(*header))
    for name, row in (("200 full", full), ("304 poll", poll)):
        print(
            f"{name:<10} {row['requests']:>9.0f} {row['req_per_s']:>9.0f} {row['p50_ms']:>8.2f} "
            f"{row['p99_ms']:>8.2f} {row['server_ms']:>10.3f} {row['body_bytes']:>8.0f}"
        )
    print(
        f"304/200: {figures['speedup']:.1f}x the requests/s; "
        f"{figures['server_speedup']:.1f}x less server time per request"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
