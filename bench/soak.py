"""Soak: ~10,000 claims through the real stack while workers are SIGKILLed and redis-server restarts once.

Starts redis-server (AOF on), `claimcheck serve` and two workers (one with the reconciler) on 127.0.0.1.
Short articles (Factcheck-GPT evidence passages from ../shared, or the seed article's paragraphs) are
submitted until their claims to check add up to --claims; meanwhile a worker is SIGKILLed (with its pool)
and replaced every --kill-every seconds, and redis-server is stopped and started again once (same port and
directory, AOF on). When every article has finished, or --max-seconds passed, it prints:

  lost              claims extraction yields for the text but the store lacks, checked claims without a
                    verdict, and articles that never finished
  duplicated        claims with more than one verdict in their history or more than one verdict event
  finalized twice   articles whose finalize_count or whose article.done events exceed one

all of which must be 0, and the time to drain (last submission to last article done).

    python bench/soak.py [--claims 10000] [--kill-every 5] [--max-seconds 900] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e import Stack, running_stack, source_paragraphs, wait_workers_ready  # noqa: E402

from claimcheck import service  # noqa: E402
from claimcheck.extraction import extract_claims  # noqa: E402
from claimcheck.settings import Settings  # noqa: E402
from claimcheck.store import RedisStore  # noqa: E402
from schemas.common import ArticleStatus  # noqa: E402
from schemas.events import EventType  # noqa: E402
from tests.support.processes import start_worker  # noqa: E402

# Recovery within seconds: a dead worker's messages come back after VISIBILITY_TIMEOUT_S (workers look every
# second); the reconciler re-enqueues work idle for STALLED_AFTER_S.
SOAK_ENV = {
    # The demo feeds as local feeds: workers load no evidence unless a directory is configured.
    "CLAIMCHECK_FEEDS_DIR": str(Path(__file__).resolve().parents[1] / "seeds" / "feeds"),
    "CLAIMCHECK_VISIBILITY_TIMEOUT_S": "10",
    "CLAIMCHECK_BROKER_RESTORE_INTERVAL_S": "1",
    "CLAIMCHECK_BROKER_RESTORE_THROTTLE": "1",
    # Above the time an article may wait in the backlog: the reconciler cannot tell a lost message from a
    # queued one, and each nudge of a merely queued article adds a duplicate message (see the report).
    "CLAIMCHECK_STALLED_AFTER_S": "60",
    "CLAIMCHECK_RECONCILE_INTERVAL_S": "3",
    "CLAIMCHECK_MAX_TASK_ATTEMPTS": "10",
    "CLAIMCHECK_POLL_TICK_S": "3600",
    "CLAIMCHECK_EVENT_PUMP_ENABLED": "false",
}
FINISHED = {ArticleStatus.done.value, ArticleStatus.failed.value}


@dataclass
class Planned:
    """An article to submit, with the claims extraction will find in it (worked out in this process)."""

    key: str
    text: str
    claims: dict[int, tuple[str, bool]]  # start offset -> (claim text, checked)


def plan_articles(target_claims: int) -> list[Planned]:
    """Short articles, in corpus order, until their claims to check reach `target_claims`."""
    checked_types = frozenset(Settings(feeds_dir=None).checked_claim_types)
    planned: list[Planned] = []
    total = 0
    for n, paragraph in enumerate(itertools.cycle(source_paragraphs())):
        if total >= target_claims:
            break
        # Should the corpus run out, texts repeat: each submission is still an article of its own.
        claims = {
            c.start: (c.text, service.sent_to_verification(c, checked_types))
            for c in extract_claims(paragraph).claims
        }
        checked = sum(1 for _, is_checked in claims.values() if is_checked)
        if checked == 0:
            continue
        planned.append(Planned(f"soak-{n}", paragraph, claims))
        total += checked
    return planned


@dataclass
class Chaos:
    """Kills a worker (SIGKILL, whole process group) every `every` seconds and starts a replacement."""

    stack: Stack
    every: float
    env: dict[str, str]
    kills: int = 0
    redis_restarts: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        generation = itertools.count(2)
        slot = itertools.cycle(range(len(self.stack.workers)))
        while not self.stop.wait(self.every):
            index = next(slot)
            with self.lock:
                victim = self.stack.workers[index]
                victim.stop(signal.SIGKILL)
                name = f"w{index + 1}-{next(generation)}"
                # Worker 1 carries beat (the reconciler); its replacement does too.
                self.stack.workers[index] = start_worker(
                    self.stack.redis.url, self.stack.directory, name, 1, index == 0, **self.env
                )
                self.kills += 1

    def restart_redis(self, outage_s: float = 2.0) -> None:
        with self.lock:
            self.stack.redis.stop()  # SIGTERM: redis-server flushes the AOF before it exits
            time.sleep(outage_s)  # the outage itself
            self.stack.redis.start()
            self.redis_restarts += 1


def submit_all(stack: Stack, planned: list[Planned], deadline: float) -> dict[str, Planned]:
    """POST every article, retrying refusals (503, connection errors) with its Idempotency-Key."""
    submitted: dict[str, Planned] = {}
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        for article in planned:
            while time.monotonic() < deadline:
                try:
                    response = client.post(
                        "/v1/articles", json={"text": article.text}, headers={"Idempotency-Key": article.key}
                    )
                except httpx.HTTPError:
                    time.sleep(0.5)
                    continue
                if response.status_code == 202:
                    submitted[response.json()["id"]] = article
                    break
                if response.status_code != 503:
                    raise RuntimeError(f"submission refused: {response.status_code} {response.text}")
                time.sleep(float(response.headers.get("retry-after", "1")) / 5)
    return submitted


def unfinished(store: RedisStore, article_ids: list[str]) -> list[str]:
    """The articles not yet done or failed (one pipelined round trip)."""
    try:
        pipe = store.client.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.hget(store.keys.article_state(article_id), "status")
        statuses = pipe.execute()
    except Exception:  # noqa: BLE001 - redis-server may be restarting; ask again later
        return article_ids
    return [a for a, status in zip(article_ids, statuses, strict=True) if status not in FINISHED]


def audit(store: RedisStore, submitted: dict[str, Planned]) -> dict[str, int]:
    """Count lost claims, duplicated verdicts, articles finalized twice, and what was parked or failed."""
    figures = dict.fromkeys(
        ("lost", "duplicated", "finalized_twice", "unfinished", "failed", "parked", "claims", "checked"), 0
    )
    for article_id, article in submitted.items():
        state = store.get_state(article_id)
        if state.status.value not in FINISHED:
            figures["unfinished"] += 1
        figures["failed"] += state.status is ArticleStatus.failed
        events = store.events_after(article_id, "0", 10_000)
        done_events = sum(1 for e in events if e.event.type is EventType.article_done)
        figures["finalized_twice"] += state.finalize_count > 1 or done_events > 1
        stored = {c.id: c for c in store.list_claims(article_id)}
        for start, (text, checked) in article.claims.items():
            claim_id = service.claim_id(article_id, start, text)
            figures["claims"] += 1
            figures["checked"] += checked
            claim = stored.get(claim_id)
            if claim is None or (checked and claim.verdict is None):
                figures["lost"] += 1
                continue
            if not checked:
                continue
            history = store.claim_history(claim_id)
            verdict_events = sum(1 for e in events if e.event.claim_id == claim_id)
            figures["duplicated"] += len(history) > 1 or verdict_events > 1
            figures["parked"] += any(change.trigger == "parked" for change in history)
    figures["lost"] += figures["unfinished"]
    # Evidence that the chaos bit: tasks delivered more than once (their per-item attempt counters).
    counters = list(store.client.scan_iter(f"{store.keys.prefix}:attempts:*", count=1000))
    counts = store.client.mget(counters) if counters else []
    deliveries = [int(count) for count in counts if count is not None]
    figures["redelivered"] = sum(1 for count in deliveries if count > 1)
    figures["max_deliveries"] = max(deliveries, default=0)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000, help="claims to check, in short articles")
    parser.add_argument("--kill-every", type=float, default=5.0, help="seconds between worker SIGKILLs")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="bound on the whole run")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    started = time.monotonic()
    deadline = started + args.max_seconds
    planned = plan_articles(args.claims)
    planned_at = time.monotonic()
    print(
        f"{len(planned)} articles, {sum(len(p.claims) for p in planned)} claims "
        f"planned in {planned_at - started:.0f}s"
    )
    with running_stack(workers=2, appendonly=True, **SOAK_ENV) as stack:
        wait_workers_ready(stack)
        store = stack.store
        submit_started = time.monotonic()
        chaos = Chaos(stack, args.kill_every, {**SOAK_ENV, "CLAIMCHECK_AUTH_ENABLED": "false"})
        killer = threading.Thread(target=chaos.run, daemon=True)
        killer.start()
        # redis-server restarts once, a third of the way through the submissions.
        restart_at = len(planned) // 3
        submitted = submit_all(stack, planned[:restart_at], deadline)
        chaos.restart_redis()
        submitted |= submit_all(stack, planned[restart_at:], deadline)
        submitted_at = time.monotonic()
        print(f"submitted {len(submitted)} articles in {submitted_at - submit_started:.1f}s; draining")
        waiting = list(submitted)
        last_report = submitted_at
        while waiting and time.monotonic() < deadline:
            time.sleep(1)
            waiting = unfinished(store, waiting)
            if time.monotonic() - last_report >= 15:
                print(f"  {len(waiting)} articles still running after {time.monotonic() - submitted_at:.0f}s")
                last_report = time.monotonic()
        drained_at = time.monotonic()
        chaos.stop.set()
        killer.join(timeout=30)
        with chaos.lock:
            figures: dict[str, Any] = audit(store, submitted)
    figures |= {
        "articles": len(submitted),
        "worker_kills": chaos.kills,
        "redis_restarts": chaos.redis_restarts,
        "plan_seconds": round(planned_at - started, 1),
        "submit_seconds": round(submitted_at - submit_started, 1),
        "drain_seconds": round(drained_at - submitted_at, 1),
        "total_seconds": round(drained_at - started, 1),
        "timed_out": bool(waiting),
    }
    print(
        f"{figures['articles']} articles, {figures['claims']} claims ({figures['checked']} checked); "
        f"{figures['worker_kills']} worker SIGKILLs, {figures['redis_restarts']} redis-server restart"
    )
    print(
        f"lost {figures['lost']}, duplicated {figures['duplicated']}, "
        f"finalized twice {figures['finalized_twice']} (all must be 0)"
    )
    print(
        f"parked {figures['parked']} claims, {figures['failed']} articles failed, "
        f"{figures['unfinished']} unfinished; {figures['redelivered']} tasks ran more than once "
        f"(at most {figures['max_deliveries']} times)"
    )
    print(
        f"submitted in {figures['submit_seconds']}s, drained {figures['drain_seconds']}s later "
        f"(total {figures['total_seconds']}s{', TIMED OUT' if waiting else ''})"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    clean = figures["lost"] == figures["duplicated"] == figures["finalized_twice"] == 0
    return 0 if clean and not waiting else 1


if __name__ == "__main__":
    sys.exit(main())
