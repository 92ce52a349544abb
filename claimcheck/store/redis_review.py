"""Review queue, leases, flags, the log of human-resolved claims, and API keys on Redis."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, cast

from claimcheck.errors import (
    ApiKeyNameTaken,
    ApiKeyNotFound,
    LeaseHeld,
    LeaseNotHeld,
    NoMatchToUnlink,
    NotInReviewQueue,
)
from claimcheck.review.api_keys import same_name
from claimcheck.store.redis_claims import FLAG_PREFIX, ClaimRecords, ReviewReason
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.claims import Claim, ClaimPublic, HistoryAction, Verdict, VerdictChange
from schemas.common import VerdictLabel, utcnow
from schemas.review import ApiKey, Lease, ReviewerKey, ReviewItem


def reviewer_action(action: HistoryAction, reviewer: ReviewerKey, what: str) -> VerdictChange:
    """A history entry for a reviewer's action that leaves the verdict as it is."""
    return VerdictChange(
        action=action,
        trigger=f"reviewer {reviewer.name} {what}",
        reviewer=reviewer.name,
        reviewer_key_id=reviewer.key_id,
    )


class ReviewRecords(ClaimRecords):
    """Mixed into RedisStore: what reviewers work from."""

    @unavailable_as_domain_error
    def flag_claim(self, claim_id: str, reason: str, reviewer: ReviewerKey) -> None:
        """Put any claim in the review queue, whatever its verdict, until a person decides it."""
        claim = self.get_claim(claim_id)
        pipe = self.client.pipeline(transaction=True)
        self._queue_for_review(pipe, claim, f"{FLAG_PREFIX}{reason}")
        self._append_history(
            pipe, reviewer_action(HistoryAction.flag, reviewer, f"flagged: {reason}"), claim_id
        )
        pipe.execute()

    @unavailable_as_domain_error
    def review_queue(
        self, limit: int, after: tuple[float, str] | None = None, include_leased: bool = False
    ) -> tuple[list[ReviewItem], tuple[float, str] | None]:
        """Queue items by descending priority after the cursor `(priority, claim id)`; and the next cursor."""
        items: list[ReviewItem] = []
        cursor = after
        while len(items) < limit:
            page = self._queue_page(cursor, limit * 2)
            if not page:
                return items, None
            ids = [claim_id for claim_id, _ in page]
            leases = self.client.mget([self.keys.review_lease(i) for i in ids])
            reasons = cast(list[str | None], self.client.hmget(self.keys.review_reasons(), ids))
            claims = self.client.mget([self.keys.claim(i) for i in ids])
            for (claim_id, priority), lease, reason, raw in zip(page, leases, reasons, claims, strict=True):
                cursor = (priority, claim_id)
                if raw is None or (lease is not None and not include_leased):
                    continue
                why = (
                    ReviewReason.model_validate_json(reason)
                    if reason
                    else ReviewReason(reason="", queued_at=utcnow())
                )
                claim = ClaimPublic.model_validate(Claim.model_validate_json(raw).model_dump())
                items.append(
                    ReviewItem(claim=claim, priority=priority, reason=why.reason, queued_at=why.queued_at)
                )
                if len(items) == limit:
                    return items, cursor
        return items, cursor

    def _queue_page(self, after: tuple[float, str] | None, count: int) -> list[tuple[str, float]]:
        """Members strictly after the cursor in (priority desc, id desc) order: the order ZREVRANGE reads."""
        queue = self.keys.review_queue()
        if after is None:
            return cast(list[tuple[str, float]], self.client.zrevrange(queue, 0, count - 1, withscores=True))
        priority, last_id = after
        # Fetch the rest of the cursor's tie group (ids below it, as ZREVRANGE orders ties), then
        # everything of lower priority. Tie groups are small: one article's claims of equal confidence.
        same = cast(
            list[tuple[str, float]], self.client.zrangebyscore(queue, priority, priority, withscores=True)
        )
        ties = sorted((m for m in same if m[0] < last_id), key=lambda m: m[0], reverse=True)
        lower = cast(
            list[tuple[str, float]],
            self.client.zrevrangebyscore(queue, f"({priority}", "-inf", start=0, num=count, withscores=True),
        )
        return (ties + lower)[:count]

    @unavailable_as_domain_error
    def in_review_queue(self, claim_id: str) -> bool:
        return self.client.zscore(self.keys.review_queue(), claim_id) is not None

    @unavailable_as_domain_error
    def lease_claim(self, claim_id: str, reviewer: ReviewerKey, ttl_s: int) -> Lease:
        """A lease for `reviewer`'s key; the same key renews it, any other gets LeaseHeld."""
        self.get_claim(claim_id)
        key = self.keys.review_lease(claim_id)

        def txn(pipe: Any) -> Lease:
            if pipe.zscore(self.keys.review_queue(), claim_id) is None:
                raise NotInReviewQueue(f"claim {claim_id} is not waiting for review")
            held = pipe.get(key)
            current = Lease.model_validate_json(held) if held else None
            if current is not None and not current.held_by(reviewer.key_id, reviewer.name):
                raise LeaseHeld(f"claim {claim_id} is leased by another reviewer until {current.expires_at}")
            token = current.token if current else secrets.token_urlsafe(16)
            lease = Lease(
                claim_id=claim_id,
                reviewer=reviewer.name,
                reviewer_key_id=reviewer.key_id,
                token=token,
                expires_at=utcnow() + timedelta(seconds=ttl_s),
            )
            what = "renewed the lease" if current else "leased the claim"
            until = lease.expires_at.isoformat(timespec="seconds")
            entry = reviewer_action(HistoryAction.lease, reviewer, f"{what} until {until}")
            pipe.multi()
            pipe.set(key, lease.model_dump_json(), px=ttl_s * 1000)
            self._append_history(pipe, entry, claim_id)
            return lease

        lease: Lease = self._transaction(txn, key)
        return lease

    @unavailable_as_domain_error
    def release_lease(self, claim_id: str, reviewer: ReviewerKey) -> None:
        """Give a lease back early; only the key that holds it can."""
        key = self.keys.review_lease(claim_id)

        def txn(pipe: Any) -> None:
            held = pipe.get(key)
            if held is None or not Lease.model_validate_json(held).held_by(reviewer.key_id, reviewer.name):
                raise LeaseNotHeld(f"you hold no lease on claim {claim_id}")
            pipe.multi()
            pipe.delete(key)
            self._append_history(
                pipe, reviewer_action(HistoryAction.release, reviewer, "released the lease"), claim_id
            )

        self._transaction(txn, key)

    @unavailable_as_domain_error
    def unlink_match(self, claim_id: str, reviewer: ReviewerKey) -> Claim:
        """Drop a reused verdict: the claim goes to review and will not reuse that prior decision again."""

        def txn(pipe: Any) -> Claim:
            current = self._read_claim(pipe, claim_id)
            if current.verdict is None or current.verdict.match is None:
                raise NoMatchToUnlink(f"claim {claim_id} has no matched verdict")
            match = current.verdict.match
            unlinked = current.model_copy(update={"unlinked_matches": [*current.unlinked_matches, match.id]})
            rationale = f"{reviewer.name} unlinked the match with {match.kind} {match.id}"
            verdict = Verdict(
                label=VerdictLabel.needs_review,
                confidence=0.0,
                best_guess=current.verdict.label,
                rationale=rationale,
            )
            flagged = self._flagged(pipe, claim_id)
            pipe.multi()
            return self._write_verdict(
                pipe,
                unlinked,
                verdict,
                f"reviewer {reviewer.name}: unlinked match {match.id}",
                flagged=flagged,
                action=HistoryAction.unlink,
                by=reviewer,
                queue_reason=rationale,
            )

        updated: Claim = self._transaction(txn, *self._verdict_keys(claim_id))
        return updated

    @unavailable_as_domain_error
    def resolved_since(self, position: int) -> tuple[list[Claim], int]:
        """Claims people resolved after `position` in the resolution log, and the new position."""
        ids = cast(list[str], self.client.lrange(self.keys.resolved_log(), position, -1))
        unique = list(dict.fromkeys(ids))
        raws = self.client.mget([self.keys.claim(i) for i in unique]) if unique else []
        return [Claim.model_validate_json(raw) for raw in raws if raw is not None], position + len(ids)

    # -- API keys ---------------------------------------------------------------------------------

    @unavailable_as_domain_error
    def create_api_key(self, key: ApiKey) -> None:
        """Store a new key; raises ApiKeyNameTaken if any key, revoked ones included, has its name."""
        keys_key = self.keys.api_keys()

        def txn(pipe: Any) -> None:
            # Keys are few and made by hand, so a scan under WATCH is cheap and needs no name index.
            stored = (
                ApiKey.model_validate_json(raw)
                for raw in cast(dict[str, str], pipe.hgetall(keys_key)).values()
            )
            taken = next((k for k in stored if same_name(k.name, key.name)), None)
            if taken is not None:
                raise ApiKeyNameTaken(taken.name, taken.id)
            pipe.multi()
            pipe.hset(keys_key, key.id, key.model_dump_json())
            pipe.set(self.keys.api_key_hash(key.key_hash), key.id)

        self._transaction(txn, keys_key)

    @unavailable_as_domain_error
    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        key_id = self.client.get(self.keys.api_key_hash(key_hash))
        if key_id is None:
            return None
        raw = self.client.hget(self.keys.api_keys(), cast(str, key_id))
        return ApiKey.model_validate_json(cast(str, raw)) if raw else None

    @unavailable_as_domain_error
    def list_api_keys(self) -> list[ApiKey]:
        raws = cast(dict[str, str], self.client.hgetall(self.keys.api_keys()))
        return sorted((ApiKey.model_validate_json(raw) for raw in raws.values()), key=lambda k: k.created_at)

    @unavailable_as_domain_error
    def revoke_api_key(self, key_id: str) -> ApiKey:
        raw = self.client.hget(self.keys.api_keys(), key_id)
        if raw is None:
            raise ApiKeyNotFound(f"no API key with id {key_id!r}")
        key = ApiKey.model_validate_json(cast(str, raw))
        if key.revoked_at is None:
            key = key.model_copy(update={"revoked_at": utcnow()})
            pipe = self.client.pipeline(transaction=True)
            pipe.hset(self.keys.api_keys(), key.id, key.model_dump_json())
            pipe.delete(self.keys.api_key_hash(key.key_hash))
            pipe.execute()
        return key
