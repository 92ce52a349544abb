"""The reconciler finds stalled work (and only that) and marks it stalled until it progresses; attempts
are counted per item."""

from __future__ import annotations

import uuid
from datetime import timedelta

import fakeredis
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from claimcheck import service
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_views import ViewRecords
from schemas import Article, ArticleStatus, Verdict, VerdictLabel, utcnow
from schemas.events import EventType
from tests.support.builders import numbered_claims

STALLED = timedelta(minutes=5)


def article(store: RedisStore) -> str:
    stored, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    return stored.id


def test_idle_queued_and_checking_articles_are_nudged_once_per_period(store: RedisStore) -> None:
    queued = article(store)
    checking = article(store)
    claims = numbered_claims(checking, 2)
    store.add_claims(checking, claims)
    store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    later = utcnow() + STALLED + timedelta(seconds=1)

    nudges = service.find_stalled_work(store, later, STALLED)
    assert nudges.extract == [queued]
    assert nudges.check == [claims[1].id]
    # Nudged work counts as progress: the next tick does not enqueue it again.
    assert service.find_stalled_work(store, later, STALLED) == service.Nudges([], [])


def test_work_that_progresses_or_finishes_is_left_alone(store: RedisStore) -> None:
    fresh = article(store)
    done = article(store)
    store.add_claims(done, [])
    assert store.get_state(done).status is ArticleStatus.done
    failed = article(store)
    store.advance_status(failed, ArticleStatus.failed, error="boom")
    nudges = service.find_stalled_work(store, utcnow() + STALLED / 2, STALLED)
    assert fresh not in nudges.extract and nudges.check == []
    stalled = service.find_stalled_work(store, utcnow() + STALLED * 2, STALLED)
    assert stalled.extract == [fresh]


def test_attempts_are_counted_per_item(store: RedisStore) -> None:
    assert [store.count_attempt("check", "a") for _ in range(3)] == [1, 2, 3]
    assert store.count_attempt("check", "b") == 1
    assert store.count_attempt("extract", "a") == 1


def test_a_stalled_article_is_marked_stalled_since_its_last_progress_with_one_event(
    store: RedisStore,
) -> None:
    # Given an article with one of its two claims checked, then idle
    checking = article(store)
    claims = numbered_claims(checking, 2)
    store.add_claims(checking, claims)
    store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    last_progress = utcnow()
    later = last_progress + STALLED + timedelta(seconds=1)
    # When the reconciler finds it idle, and again a period later
    first = service.find_stalled_work(store, later, STALLED)
    again = service.find_stalled_work(store, later + STALLED * 2, STALLED)
    # Then it is marked stalled once, since its last progress, and nudged each time
    assert first.newly_stalled == [checking] and again.newly_stalled == []
    assert first.check == again.check == [claims[1].id]
    state = store.get_state(checking)
    assert state.stalled_since is not None
    assert abs((state.stalled_since - last_progress).total_seconds()) < 5
    stalled_events = [
        e.event for e in store.events_after(checking, "0", 100) if e.event.type is EventType.article_stalled
    ]
    assert [e.stalled_since for e in stalled_events] == [state.stalled_since]
    assert records_of(ViewRecords, store).stalled_count() == 1
    # and its next progress (here, the verdict that finishes it) ends the stall
    store.record_verdict(claims[1].id, Verdict(label=VerdictLabel.refuted, confidence=0.9))
    assert store.get_state(checking).stalled_since is None
    assert records_of(ViewRecords, store).stalled_count() == 0


def test_progress_short_of_finishing_ends_a_stall_but_a_redelivered_check_does_not(store: RedisStore) -> None:
    checking = article(store)
    claims = numbered_claims(checking, 3)
    store.add_claims(checking, claims)
    store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    service.find_stalled_work(store, utcnow() + STALLED * 2, STALLED)
    # A check of a claim already decided (a redelivered message) is no progress.
    store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    assert store.get_state(checking).stalled_since is not None
    store.record_verdict(claims[1].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    assert store.get_state(checking).stalled_since is None
    assert records_of(ViewRecords, store).stalled_count() == 0


def test_a_stalled_article_shows_stalled_since_in_its_record_and_in_the_metrics_gauge() -> None:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    settings = Settings(feeds_dir=None, auth_enabled=False)
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as client:
        queued = article(store)
        before = client.get(f"/v1/articles/{queued}")
        service.find_stalled_work(store, utcnow() + STALLED * 2, STALLED)
        after = client.get(f"/v1/articles/{queued}", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200, "the stall changes the record, so its ETag"
        assert after.json()["stalled_since"] is not None
        assert client.get("/v1/articles").json()["data"][0]["stalled_since"] is not None
        assert stalled_gauge(client) == 1
        store.advance_status(queued, ArticleStatus.extracting)  # progress
        assert client.get(f"/v1/articles/{queued}").json()["stalled_since"] is None
        assert stalled_gauge(client) == 0


def stalled_gauge(client: TestClient) -> float:
    families = {f.name: f for f in text_string_to_metric_families(client.get("/metrics").text)}
    return families["claimcheck_articles_stalled"].samples[0].value


def test_lost_work_is_noticed_within_a_minute_at_the_default_settings() -> None:
    settings = Settings()
    # The reconciler looks every interval and acts on work idle for the threshold.
    assert settings.stalled_after_s + settings.reconcile_interval_s <= 60
    # A message a dead worker held comes back after the visibility timeout, found by a sweep every
    # interval x throttle; the timeout outlasts what a live worker may hold one for (a wait and a run).
    assert settings.broker_restore_interval_s * settings.broker_restore_throttle <= 10
    assert settings.visibility_timeout_s > 2 * settings.task_time_limit_s
