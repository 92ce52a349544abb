"""Whose turn it is to send a request to a host: a bound on concurrent fetches, and starts spaced apart.

A host's state is the number of turns held, the earliest time the next request may start (`next_at`) and
the end of its line (`queue_at`). A task that may not go now does not sleep: it takes the next place in
line and is run again then, so many waiting tasks come back one interval apart instead of all at once.
"""

from __future__ import annotations

from dataclasses import dataclass

# Added to each interval, so that the jitter between a turn being granted and its request reaching the
# host cannot bring two requests closer than the interval.
PACE_MARGIN_S = 0.05
# The shortest wait handed out: a task asks again no sooner than this.
MIN_WAIT_S = 0.05


@dataclass(frozen=True, slots=True)
class TurnDecision:
    """Granted now (and the host's next earliest start), or the caller's place in line and its wait."""

    granted: bool
    next_at: float
    queue_at: float
    turn_at: float | None = None
    wait_s: float = 0.0


def decide_turn(
    now: float,
    held: int,
    next_at: float,
    queue_at: float,
    max_concurrent: int,
    politeness_s: float,
    turn_at: float | None = None,
) -> TurnDecision:
    """Whether a request to a host may start at `now`; `turn_at` is the place in line the caller holds."""
    free = held < max_concurrent and now >= next_at
    interval = politeness_s + PACE_MARGIN_S if politeness_s > 0 else 0.0
    if free and (turn_at is not None and now >= turn_at or turn_at is None and now >= queue_at):
        return TurnDecision(True, next_at=now + interval, queue_at=queue_at)
    if turn_at is not None:
        # Already in line: keep the place, and come back when it and the host's interval have come.
        wait = max(turn_at, next_at) - now
        if held >= max_concurrent:
            wait = max(wait, interval)  # no telling when a turn is given back: look again an interval on
        return TurnDecision(False, next_at, queue_at, turn_at, max(wait, MIN_WAIT_S))
    place = max(next_at, queue_at, now)
    if held >= max_concurrent and place <= now:
        place = now + max(interval, MIN_WAIT_S)
    return TurnDecision(False, next_at, place + interval, place, max(place - now, MIN_WAIT_S))
