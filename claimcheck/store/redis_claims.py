"""Claims on Redis: storage, verdicts with fan-in, verdict history, open claims, event streams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel

from claimcheck.errors import ArticleNotFound, ClaimNotFound, LeaseHeld, StaleVersion
from claimcheck.review.priority import review_priority
from claimcheck.store.redis_articles import SKIPPED, STATUS_RANK, ArticleRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_status_counts import COUNTED_AS
from schemas.articles import ArticleSkip
from schemas.claims import Claim, HistoryAction, Verdict, VerdictChange
from schemas.common import ArticleStatus, DecidedBy, VerdictLabel, utcnow
from schemas.events import Event, EventType, StoredEvent
from schemas.review import Lease, ReviewerKey

# Machine verdicts that new evidence may still change.
OPEN_LABELS = frozenset({VerdictLabel.not_enough_info, VerdictLabel.needs_review})

MACHINE_REASON = "the machine could not decide"
FLAG_PREFIX = "flagged: "


class ReviewReason(BaseModel):
    reason: str
    queued_at: datetime

    @property
    def is_flag(self) -> bool:
        """A reviewer asked for this review; only a person's verdict takes it out of the queue."""
        return self.reason.startswith(FLAG_PREFIX)


@dataclass(frozen=True, slots=True)
class _FanIn:
    """What fan-in read under WATCH: claims left after this one, the article's status and `counted_as`."""

    remaining: int
    status: ArticleStatus
    counted_as: str | None
    still_pending: bool  # False for a claim that already left fan-in (a redelivered check)


def same_outcome(old: Verdict, new: Verdict) -> bool:
    """A re-check that lands on the same label and confidence is not a change worth a history entry."""
    return old.label is new.label and abs(old.confidence - new.confidence) < 0.01


class ClaimRecords(ArticleRecords):
    """Mixed into RedisStore: claims and their verdicts."""

    @unavailable_as_domain_error
    def add_claims(
        self, article_id: str, claims: list[Claim], skipped: ArticleSkip | None = None
    ) -> list[str]:
        state_key = self.keys.article_state(article_id)
        pending_key = self.keys.article_pending(article_id)

        def txn(pipe: Any) -> list[str]:
            fields = pipe.hgetall(state_key)
            if not fields:
                raise ArticleNotFound(f"no article with id {article_id!r}")
            if STATUS_RANK[ArticleStatus(fields["status"])] >= STATUS_RANK[ArticleStatus.checking]:
                # Claims were stored by an earlier run of this step: hand back what still needs checking.
                return sorted(pipe.smembers(pending_key))
            pipe.multi()
            for claim in claims:
                pipe.set(self.keys.claim(claim.id), claim.model_dump_json())
            # Only claims that are checked wait in the pending set; the others are kept as extracted.
            to_check = [c.id for c in claims if c.checked]
            if claims:
                pipe.zadd(self.keys.article_claims(article_id), {c.id: c.ordinal for c in claims})
            if to_check:
                pipe.sadd(pending_key, *to_check)
            now = utcnow()
            update = {"claim_count": str(len(claims)), "updated_at": now.isoformat()}
            status = ArticleStatus.checking if to_check else ArticleStatus.done
            update["status"] = status.value
            # A whole-article skip is said in the state and in the terminal event, never as an error.
            skip = skipped if skipped is not None and not claims else None
            if skip is not None:
                update[SKIPPED] = skip.model_dump_json()
            pipe.hset(state_key, mapping=update)
            self._count_status(pipe, article_id, fields.get(COUNTED_AS), status)
            self._progress(pipe, article_id, now if to_check else None)
            if not to_check:
                pipe.hincrby(state_key, "finalize_count", 1)
                event = (
                    Event(type=EventType.article_skipped, article_id=article_id, skipped=skip)
                    if skip is not None
                    else Event(type=EventType.article_done, article_id=article_id)
                )
                self._append_event(pipe, event)
            return to_check

        pending: list[str] = self._transaction(txn, state_key)
        return pending

    @unavailable_as_domain_error
    def pending_claims(self, article_id: str) -> list[str]:
        """Ids of the article's claims still waiting for a verdict."""
        return sorted(cast(set[str], self.client.smembers(self.keys.article_pending(article_id))))

    @unavailable_as_domain_error
    def get_claim(self, claim_id: str) -> Claim:
        raw = self.client.get(self.keys.claim(claim_id))
        if raw is None:
            raise ClaimNotFound(f"no claim with id {claim_id!r}")
        return Claim.model_validate_json(raw)

    @unavailable_as_domain_error
    def list_claims(self, article_id: str) -> list[Claim]:
        ids = cast(list[str], self.client.zrange(self.keys.article_claims(article_id), 0, -1))
        if not ids:
            return []
        raws = self.client.mget([self.keys.claim(i) for i in ids])
        return [Claim.model_validate_json(raw) for raw in raws if raw is not None]

    @unavailable_as_domain_error
    def record_verdict(self, claim_id: str, verdict: Verdict, trigger: str = "initial check") -> bool:
        claim = self.get_claim(claim_id)
        watched = [*self._fan_in_keys(claim), self.keys.claim_history(claim_id)]

        def txn(pipe: Any) -> bool:
            current = Claim.model_validate_json(pipe.get(self.keys.claim(claim_id)))
            fan_in = self._read_fan_in(pipe, current)
            flagged = self._flagged(pipe, claim_id)
            pipe.multi()
            if current.verdict is None:
                # The first verdict wins: a re-run of the check never replaces it with a duplicate.
                self._write_verdict(pipe, current, verdict, trigger, flagged=flagged)
            return self._write_fan_in(pipe, current, fan_in)

        finalized: bool = self._transaction(txn, *watched)
        return finalized

    @unavailable_as_domain_error
    def replace_verdict(self, claim_id: str, verdict: Verdict, trigger: str) -> bool:
        def txn(pipe: Any) -> bool:
            current = self._read_claim(pipe, claim_id)
            if current.verdict is None or current.verdict.decided_by is DecidedBy.human:
                # Unchecked claims get their verdict through fan-in; human verdicts outrank machines.
                return False
            if same_outcome(current.verdict, verdict):
                return False
            flagged = self._flagged(pipe, claim_id)
            pipe.multi()
            self._write_verdict(pipe, current, verdict, trigger, flagged=flagged)
            return True

        changed: bool = self._transaction(txn, *self._verdict_keys(claim_id))
        return changed

    @unavailable_as_domain_error
    def set_human_verdict(self, claim_id: str, verdict: Verdict, expected_version: int) -> Claim:
        """A reviewer's verdict, compare-and-set on the claim version; raises StaleVersion or LeaseHeld."""
        claim = self.get_claim(claim_id)
        lease_key = self.keys.review_lease(claim_id)
        watched = [*self._fan_in_keys(claim), lease_key]

        def txn(pipe: Any) -> Claim:
            current = self._read_claim(pipe, claim_id)
            if current.version != expected_version:
                raise StaleVersion(
                    f"claim {claim_id} is at version {current.version}, not {expected_version}; reload it"
                )
            lease = pipe.get(lease_key)
            if lease is not None and not Lease.model_validate_json(lease).held_by(
                verdict.reviewer_key_id, verdict.reviewer
            ):
                raise LeaseHeld(f"claim {claim_id} is leased by another reviewer")
            fan_in = self._read_fan_in(pipe, current)
            pipe.multi()
            trigger = f"reviewer {verdict.reviewer}: {verdict.rationale or ''}".strip()
            updated = self._write_verdict(pipe, current, verdict, trigger)
            pipe.delete(lease_key)
            pipe.rpush(self.keys.resolved_log(), claim_id)
            self._write_fan_in(pipe, current, fan_in)
            return updated

        updated: Claim = self._transaction(txn, *watched)
        return updated

    def _read_claim(self, pipe: Any, claim_id: str) -> Claim:
        raw = pipe.get(self.keys.claim(claim_id))
        if raw is None:
            raise ClaimNotFound(f"no claim with id {claim_id!r}")
        return Claim.model_validate_json(raw)

    def _verdict_keys(self, claim_id: str) -> list[str]:
        """What a verdict write watches: the claim, and its history, which every reviewer action appends to
        in the same MULTI as its queue writes (so a flag landing mid-transaction is seen on the retry)."""
        return [self.keys.claim(claim_id), self.keys.claim_history(claim_id)]

    def _flagged(self, pipe: Any, claim_id: str) -> bool:
        """Whether a reviewer's flag keeps the claim in the queue, read under WATCH of the history."""
        raw = pipe.hget(self.keys.review_reasons(), claim_id)
        return raw is not None and ReviewReason.model_validate_json(raw).is_flag

    def _fan_in_keys(self, claim: Claim) -> list[str]:
        return [
            self.keys.claim(claim.id),
            self.keys.article_pending(claim.article_id),
            self.keys.article_state(claim.article_id),
        ]

    def _read_fan_in(self, pipe: Any, claim: Claim) -> _FanIn:
        pending_key = self.keys.article_pending(claim.article_id)
        still_pending = bool(pipe.sismember(pending_key, claim.id))
        remaining = pipe.scard(pending_key) - (1 if still_pending else 0)
        status, counted_as = pipe.hmget(self.keys.article_state(claim.article_id), "status", COUNTED_AS)
        return _FanIn(
            remaining=remaining,
            status=ArticleStatus(status),
            counted_as=counted_as,
            still_pending=still_pending,
        )

    def _write_fan_in(self, pipe: Any, claim: Claim, fan_in: _FanIn) -> bool:
        """Queue the claim's exit from the pending set; the exit that empties it finalizes the article."""
        state_key = self.keys.article_state(claim.article_id)
        pipe.srem(self.keys.article_pending(claim.article_id), claim.id)
        finalize = fan_in.remaining == 0 and fan_in.status is ArticleStatus.checking
        if fan_in.status is ArticleStatus.checking and fan_in.still_pending and not finalize:
            # Progress; a redelivered check of a claim already decided is none (and writes no event).
            self._progress(pipe, claim.article_id, utcnow())
        if finalize:
            self._progress(pipe, claim.article_id, None)
            pipe.hset(
                state_key, mapping={"status": ArticleStatus.done.value, "updated_at": utcnow().isoformat()}
            )
            pipe.hincrby(state_key, "finalize_count", 1)
            self._count_status(pipe, claim.article_id, fan_in.counted_as, ArticleStatus.done)
            self._append_event(pipe, Event(type=EventType.article_done, article_id=claim.article_id))
        return finalize

    def _write_verdict(
        self,
        pipe: Any,
        claim: Claim,
        verdict: Verdict,
        trigger: str,
        *,
        flagged: bool = False,
        action: HistoryAction = HistoryAction.verdict,
        by: ReviewerKey | None = None,
        queue_reason: str = MACHINE_REASON,
    ) -> Claim:
        """Queue the writes of a verdict change: claim, history, event, open claims, review queue.

        The queue follows the verdict: a machine needs_review enters it, any other verdict leaves it,
        except that a reviewer's flag (`flagged`) stays until a person decides.
        """
        updated = claim.model_copy(update={"verdict": verdict, "version": claim.version + 1})
        reviewer, key_id = (by.name, by.key_id) if by else (verdict.reviewer, verdict.reviewer_key_id)
        change = VerdictChange(
            action=action,
            from_label=claim.verdict.label if claim.verdict else None,
            verdict=verdict,
            trigger=trigger,
            reviewer=reviewer,
            reviewer_key_id=key_id,
        )
        pipe.set(self.keys.claim(claim.id), updated.model_dump_json())
        self._append_history(pipe, change, claim.id)
        event = Event(
            type=EventType.verdict_changed if claim.verdict else EventType.verdict_set,
            article_id=claim.article_id,
            claim_id=claim.id,
            label=verdict.label,
            from_label=change.from_label,
            confidence=verdict.confidence,
        )
        self._append_event(pipe, event)
        machine = verdict.decided_by is DecidedBy.machine
        if verdict.label in OPEN_LABELS and machine:
            pipe.sadd(self.keys.open_claims(), claim.id)
        else:
            pipe.srem(self.keys.open_claims(), claim.id)
        if machine and verdict.label is VerdictLabel.needs_review:
            self._queue_for_review(pipe, updated, None if flagged else queue_reason)
        elif not machine or not flagged:
            pipe.zrem(self.keys.review_queue(), claim.id)
            pipe.hdel(self.keys.review_reasons(), claim.id)
        return updated

    def _queue_for_review(self, pipe: Any, claim: Claim, reason: str | None) -> None:
        """Queue writes that put a claim in the review queue (ranked by review_priority).

        With `reason` None the claim is only re-ranked and keeps the reason it is queued for.
        """
        article = self.get_article(claim.article_id)
        confidence = claim.verdict.confidence if claim.verdict else 0.0
        priority = review_priority(claim.checkworthiness, article.created_at, confidence)
        pipe.zadd(self.keys.review_queue(), {claim.id: priority})
        if reason is not None:
            entry = ReviewReason(reason=reason, queued_at=utcnow())
            pipe.hset(self.keys.review_reasons(), claim.id, entry.model_dump_json())

    def _append_history(self, pipe: Any, entry: VerdictChange, claim_id: str) -> None:
        """Queue an entry of the claim's history: a verdict change or a reviewer's action."""
        pipe.rpush(self.keys.claim_history(claim_id), entry.model_dump_json())

    @unavailable_as_domain_error
    def events_after(
        self, article_id: str | None, last_id: str, count: int, block_ms: int | None = None
    ) -> list[StoredEvent]:
        stream = self.keys.article_events(article_id) if article_id else self.keys.events()
        answer = self.client.xread({stream: last_id}, count=count, block=block_ms)
        if not answer:
            return []
        (_, messages), *_ = cast(list[tuple[str, list[tuple[str, dict[str, str]]]]], answer)
        return [
            StoredEvent(id=mid, event=Event.model_validate_json(fields["event"])) for mid, fields in messages
        ]

    @unavailable_as_domain_error
    def claim_history(self, claim_id: str) -> list[VerdictChange]:
        self.get_claim(claim_id)
        raws = cast(list[str], self.client.lrange(self.keys.claim_history(claim_id), 0, -1))
        return [VerdictChange.model_validate_json(raw) for raw in raws]

    @unavailable_as_domain_error
    def open_claims(self) -> list[Claim]:
        ids = sorted(cast(set[str], self.client.smembers(self.keys.open_claims())))
        if not ids:
            return []
        raws = self.client.mget([self.keys.claim(i) for i in ids])
        return [Claim.model_validate_json(raw) for raw in raws if raw is not None]
