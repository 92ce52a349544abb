"""Review queue, leases, flags, the log of human-resolved claims, and API keys on Redis."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, cast

from claimcheck.errors import ApiKeyNotFound, LeaseHeld, LeaseNotHeld, NoMatchToUnlink, NotInReviewQueue
from claimcheck.store.redis_claims import ClaimRecords, ReviewReason
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.claims import Claim, ClaimPublic, Verdict
from schemas.common import VerdictLabel, utcnow
from schemas.review import ApiKey, Lease, ReviewItem


class ReviewRecords(ClaimRecords):
    """Mixed into RedisStore: what reviewers work from."""

    @unavailable_as_domain_error
    def flag_claim(self, claim_id: str, reason: str) -> None:
        """Put any claim in the review queue, whatever its verdict."""
        claim = self.get_claim(claim_id)
        pipe = self.client.pipeline(transaction=True)
        self._queue_for_review(pipe, claim, f"flagged: {reason}")
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
        """Members strictly after the cursor in (priority desc, id asc) order."""
        queue = self.keys.review_queue()
        if after is None:
            return cast(list[tuple[str, float]], self.client.zrevrange(queue, 0, count - 1, withscores=True))
        priority, last_id = after
        # Same-priority members sort by id; fetch the tie group and everything below it.
        same = cast(
            list[tuple[str, float]], self.client.zrangebyscore(queue, priority, priority, withscores=True)
        )
        ties = sorted((m for m in same if m[0] > last_id), key=lambda m: m[0])
        lower = cast(
            list[tuple[str, float]],
            self.client.zrevrangebyscore(queue, f"({priority}", "-inf", start=0, num=count, withscores=True),
        )
        return (ties + lower)[:count]

    @unavailable_as_domain_error
    def in_review_queue(self, claim_id: str) -> bool:
        return self.client.zscore(self.keys.review_queue(), claim_id) is not None

    @unavailable_as_domain_error
    def lease_claim(self, claim_id: str, reviewer: str, ttl_s: int) -> Lease:
        """A lease for `reviewer`; the same reviewer renews it, anyone else gets LeaseHeld."""
        self.get_claim(claim_id)
        key = self.keys.review_lease(claim_id)

        def txn(pipe: Any) -> Lease:
            if pipe.zscore(self.keys.review_queue(), claim_id) is None:
                raise NotInReviewQueue(f"claim {claim_id} is not waiting for review")
            held = pipe.get(key)
            current = Lease.model_validate_json(held) if held else None
            if current is not None and current.reviewer != reviewer:
                raise LeaseHeld(f"claim {claim_id} is leased by another reviewer until {current.expires_at}")
            token = current.token if current else secrets.token_urlsafe(16)
            lease = Lease(
                claim_id=claim_id,
                reviewer=reviewer,
                token=token,
                expires_at=utcnow() + timedelta(seconds=ttl_s),
            )
            pipe.multi()
            pipe.set(key, lease.model_dump_json(), px=ttl_s * 1000)
            return lease

        lease: Lease = self._transaction(txn, key)
        return lease

    @unavailable_as_domain_error
    def release_lease(self, claim_id: str, reviewer: str) -> None:
        """Give a lease back early; only its holder can."""
        key = self.keys.review_lease(claim_id)

        def txn(pipe: Any) -> None:
            held = pipe.get(key)
            if held is None or Lease.model_validate_json(held).reviewer != reviewer:
                raise LeaseNotHeld(f"you hold no lease on claim {claim_id}")
            pipe.multi()
            pipe.delete(key)

        self._transaction(txn, key)

    @unavailable_as_domain_error
    def unlink_match(self, claim_id: str, reviewer: str) -> Claim:
        """Drop a reused verdict: the claim goes to review and will not reuse that prior decision again."""
        key = self.keys.claim(claim_id)

        def txn(pipe: Any) -> Claim:
            current = self._read_claim(pipe, claim_id)
            if current.verdict is None or current.verdict.match is None:
                raise NoMatchToUnlink(f"claim {claim_id} has no matched verdict")
            match = current.verdict.match
            unlinked = current.model_copy(update={"unlinked_matches": [*current.unlinked_matches, match.id]})
            verdict = Verdict(
                label=VerdictLabel.needs_review,
                confidence=0.0,
                best_guess=current.verdict.label,
                rationale=f"{reviewer} unlinked the match with {match.kind} {match.id}",
            )
            pipe.multi()
            return self._write_verdict(
                pipe, unlinked, verdict, f"reviewer {reviewer}: unlinked match {match.id}"
            )

        updated: Claim = self._transaction(txn, key)
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
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(self.keys.api_keys(), key.id, key.model_dump_json())
        pipe.set(self.keys.api_key_hash(key.key_hash), key.id)
        pipe.execute()

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
