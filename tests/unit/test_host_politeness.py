"""Per-host turns: at most N fetches at once, request starts an interval apart, waiting tasks in line.

The store tests run on fakeredis and a real redis-server (the `store` fixture of tests/conftest.py).
"""

from __future__ import annotations

import time

import pytest

from claimcheck.feeds.politeness import MIN_WAIT_S, PACE_MARGIN_S, decide_turn
from claimcheck.store import RedisStore

INTERVAL = 1.0 + PACE_MARGIN_S


def test_an_idle_host_grants_a_turn_and_pushes_the_next_start_an_interval_on() -> None:
    decision = decide_turn(now=100.0, held=0, next_at=0.0, queue_at=0.0, max_concurrent=2, politeness_s=1.0)
    assert decision.granted and decision.next_at == pytest.approx(100.0 + INTERVAL)


def test_a_request_too_soon_after_the_last_takes_the_next_place_in_line() -> None:
    first = decide_turn(100.0, held=1, next_at=101.02, queue_at=0.0, max_concurrent=2, politeness_s=1.0)
    assert not first.granted and first.turn_at == 101.02 and first.wait_s == pytest.approx(1.02)
    # Whoever asks next queues behind it, one interval later, rather than coming back at the same moment.
    second = decide_turn(100.0, 1, first.next_at, first.queue_at, 2, 1.0)
    assert second.turn_at == pytest.approx(101.02 + INTERVAL)
    assert second.queue_at == pytest.approx(101.02 + 2 * INTERVAL)


def test_a_task_in_line_goes_at_its_place_and_not_before() -> None:
    early = decide_turn(101.0, held=0, next_at=101.02, queue_at=103.0, max_concurrent=2, politeness_s=1.0,
                        turn_at=101.02)  # fmt: skip
    assert not early.granted and early.turn_at == 101.02 and early.wait_s == pytest.approx(MIN_WAIT_S)
    due = decide_turn(101.03, 0, 101.02, 103.0, 2, 1.0, turn_at=101.02)
    assert due.granted and due.queue_at == 103.0


def test_a_newcomer_does_not_jump_the_line() -> None:
    # The host is free right now, but tasks already wait for places up to 105: the newcomer goes after.
    decision = decide_turn(101.5, held=0, next_at=101.0, queue_at=105.0, max_concurrent=2, politeness_s=1.0)
    assert not decision.granted and decision.turn_at == 105.0


def test_a_host_with_every_turn_held_is_asked_again_an_interval_later() -> None:
    full = decide_turn(100.0, held=2, next_at=99.0, queue_at=0.0, max_concurrent=2, politeness_s=1.0)
    assert not full.granted and full.wait_s == pytest.approx(INTERVAL)
    in_line = decide_turn(100.0, 2, 99.0, 0.0, 2, 1.0, turn_at=99.5)
    assert not in_line.granted and in_line.turn_at == 99.5 and in_line.wait_s == pytest.approx(INTERVAL)


def test_no_politeness_bounds_only_the_number_of_fetches_at_once() -> None:
    assert decide_turn(100.0, held=1, next_at=100.0, queue_at=100.0, max_concurrent=2, politeness_s=0).granted
    assert not decide_turn(
        100.0, held=2, next_at=100.0, queue_at=100.0, max_concurrent=2, politeness_s=0
    ).granted


# -- on the store (its own clock, Redis TIME) -------------------------------------------------------------


def test_at_most_n_turns_per_host_are_held_at_once_and_a_given_back_one_frees_a_place(
    store: RedisStore,
) -> None:
    first = store.take_host_turn("wire.example.org", 2, 0.0, lease_s=60)
    second = store.take_host_turn("wire.example.org", 2, 0.0, lease_s=60)
    third = store.take_host_turn("wire.example.org", 2, 0.0, lease_s=60)
    assert first.token and second.token and third.token is None and third.wait_s > 0
    # Another host is counted on its own.
    assert store.take_host_turn("frontline.example.net", 2, 0.0, lease_s=60).token
    store.release_host_turn("wire.example.org", first.token)
    # The freed place goes to the task already in line, once its (short) wait is over, not to a newcomer.
    assert store.take_host_turn("wire.example.org", 2, 0.0, lease_s=60).token is None
    time.sleep(third.wait_s)  # the rule is about elapsed time on the store's clock
    assert store.take_host_turn("wire.example.org", 2, 0.0, lease_s=60, turn_at=third.turn_at).token


def test_a_turn_whose_holder_died_stops_counting_when_its_lease_runs_out(store: RedisStore) -> None:
    held = store.take_host_turn("wire.example.org", 1, 0.0, lease_s=60)
    blocked = store.take_host_turn("wire.example.org", 1, 0.0, lease_s=60)
    assert held.token and blocked.token is None
    # Its holder never gave it back; once the lease's time has passed it holds no place.
    store.client.zadd(store.keys.host_slots("wire.example.org"), {held.token: 1.0})
    time.sleep(blocked.wait_s)
    assert store.take_host_turn("wire.example.org", 1, 0.0, lease_s=60, turn_at=blocked.turn_at).token


def test_request_starts_to_one_host_are_an_interval_apart_and_waiting_tasks_queue(store: RedisStore) -> None:
    granted = store.take_host_turn("wire.example.org", 4, politeness_s=5.0, lease_s=60)
    assert granted.token
    waits = [store.take_host_turn("wire.example.org", 4, politeness_s=5.0, lease_s=60) for _ in range(3)]
    assert all(turn.token is None for turn in waits)
    places = [turn.turn_at for turn in waits]
    assert all(place is not None for place in places)
    gaps = [b - a for a, b in zip(places, places[1:], strict=False) if a is not None and b is not None]
    assert gaps == [pytest.approx(5.0 + PACE_MARGIN_S)] * 2
    assert waits[0].wait_s == pytest.approx(5.0 + PACE_MARGIN_S, abs=0.5)
    # Coming back early keeps the place: still no turn, and the same place.
    again = store.take_host_turn("wire.example.org", 4, 5.0, 60, turn_at=waits[0].turn_at)
    assert again.token is None and again.turn_at == waits[0].turn_at
