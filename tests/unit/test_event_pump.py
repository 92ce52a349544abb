"""The event pump: each event handled, acknowledged with its writes, and never lost to a crash."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import fakeredis
import pytest

from claimcheck.store import RedisStore
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_webhooks import WebhookRecords
from claimcheck.webhooks.fanout import fan_out
from claimcheck.webhooks.pickup import GROUP, EventPump
from schemas.claims import Verdict
from schemas.common import VerdictLabel, utcnow
from schemas.events import EventType, StoredEvent
from schemas.webhooks import Webhook
from tests.support.builders import article_with_verdicts


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


def checked_article(store: RedisStore, labels: list[VerdictLabel]) -> str:
    return article_with_verdicts(store, labels)


class Recorder:
    def __init__(self, fail_times: int = 0) -> None:
        self.seen: list[StoredEvent] = []
        self.fail_times = fail_times

    def __call__(self, events: list[StoredEvent], pipe: Any) -> None:  # noqa: ARG002
        if self.fail_times:
            self.fail_times -= 1
            raise RuntimeError("worker died mid-batch")
        self.seen += events


def drain(pump: EventPump, rounds: int = 5) -> None:
    for _ in range(rounds):
        pump.run_once(block_ms=1)


def pending(store: RedisStore) -> int:
    return int(store.client.xpending(store.keys.events(), GROUP)["pending"])


def test_every_event_is_handled_once_and_acknowledged(store: RedisStore) -> None:
    checked_article(store, [VerdictLabel.supported, VerdictLabel.refuted])
    recorder = Recorder()
    pump = EventPump(store.client, store.keys.events(), "w1", recorder)
    pump.ensure_group()
    drain(pump)
    assert [e.event.type for e in recorder.seen] == [
        EventType.verdict_set,
        EventType.verdict_set,
        EventType.article_done,
    ]
    assert pending(store) == 0
    drain(pump)
    assert len(recorder.seen) == 3


def test_a_batch_whose_handling_failed_is_handled_again(store: RedisStore) -> None:
    checked_article(store, [VerdictLabel.supported])
    recorder = Recorder(fail_times=1)
    pump = EventPump(store.client, store.keys.events(), "w1", recorder)
    pump.ensure_group()
    with pytest.raises(RuntimeError):
        drain(pump)
    assert pending(store) == 2 and recorder.seen == []
    drain(pump)
    assert len(recorder.seen) == 2 and pending(store) == 0


def test_entries_a_dead_pump_left_are_claimed_by_a_live_one(store: RedisStore) -> None:
    checked_article(store, [VerdictLabel.supported])
    dead = EventPump(store.client, store.keys.events(), "dead", Recorder(fail_times=99))
    dead.ensure_group()
    with pytest.raises(RuntimeError):
        drain(dead)  # reads the entries, then dies before acknowledging them
    recorder = Recorder()
    live = EventPump(store.client, store.keys.events(), "live", recorder, claim_idle_ms=0)
    drain(live)
    assert len(recorder.seen) == 2 and pending(store) == 0


def test_counts_of_verdicts_follow_set_and_changed_events(store: RedisStore) -> None:
    article_id = checked_article(store, [VerdictLabel.not_enough_info, VerdictLabel.refuted])
    store.replace_verdict(
        f"{article_id}-0", Verdict(label=VerdictLabel.supported, confidence=0.8), "new evidence"
    )
    metrics = records_of(MetricRecords, store)
    pump = EventPump(store.client, store.keys.events(), "w1", metrics.queue_event_counts)
    pump.ensure_group()
    drain(pump)
    assert metrics.claims_by_label() == {
        VerdictLabel.supported: 1,
        VerdictLabel.refuted: 1,
        VerdictLabel.not_enough_info: 0,
    }
    figures = metrics.worker_figures()
    assert (
        figures.verdicts[("not_enough_info", "set")] == 1 and figures.verdicts[("supported", "changed")] == 1
    )
    assert figures.events == {"claim.verdict_set": 2, "article.done": 1, "claim.verdict_changed": 1}


def test_deliveries_go_only_to_subscriptions_that_want_the_event(store: RedisStore) -> None:
    webhooks = records_of(WebhookRecords, store)
    past = utcnow() - timedelta(minutes=1)
    everything = Webhook(id="all", url="http://127.0.0.1:9/", events=None, created_at=past, secret="s")
    done_only = Webhook(
        id="done", url="http://127.0.0.1:9/", events=[EventType.article_done], created_at=past, secret="s"
    )
    late = Webhook(
        id="late",
        url="http://127.0.0.1:9/",
        events=None,
        created_at=utcnow() + timedelta(hours=1),
        secret="s",
    )
    for webhook in (everything, done_only, late):
        webhooks.create_webhook(webhook)
    checked_article(store, [VerdictLabel.supported])
    events = store.events_after(None, "0", 10)
    enqueued: list[tuple[str, str]] = []
    assert fan_out(webhooks, events, lambda w, e: enqueued.append((w, e))) == 3
    assert enqueued == [("all", events[0].id), ("all", events[1].id), ("done", events[1].id)]
    assert webhooks.kept_event(events[1].id) == events[1].event
