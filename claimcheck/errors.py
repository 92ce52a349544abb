"""Domain errors, named after the condition; only api/errors.py maps them to HTTP."""


class ClaimcheckError(Exception):
    """Base of every error claimcheck raises on purpose."""

    code = "claimcheck_error"


class NotFound(ClaimcheckError):
    code = "not_found"


class ArticleNotFound(NotFound):
    code = "article_not_found"


class ClaimNotFound(NotFound):
    code = "claim_not_found"


class Conflict(ClaimcheckError):
    code = "conflict"


class IdempotencyKeyReused(Conflict):
    """The Idempotency-Key was already used with a different request body."""

    code = "idempotency_key_reused"


class ArticleTooLarge(ClaimcheckError):
    code = "article_too_large"


class StoreUnavailable(ClaimcheckError):
    code = "store_unavailable"


class FeedNotFound(NotFound):
    code = "feed_not_found"


class FeedRejected(ClaimcheckError):
    """A feed URL that must not be fetched: bad scheme, or a host resolving to a forbidden address."""

    code = "feed_rejected"


class FeedFetchError(ClaimcheckError):
    """Fetching a feed failed: timeout, too large, bad status, or a body that is not a feed."""

    code = "feed_fetch_failed"


class StaleVersion(Conflict):
    """The claim changed since the version the caller based its decision on."""

    code = "stale_version"


class PreconditionFailed(ClaimcheckError):
    """If-Match named a version the claim no longer has."""

    code = "precondition_failed"


class PreconditionRequired(ClaimcheckError):
    """A write guarded by the claim version came without If-Match or a version."""

    code = "precondition_required"


class LeaseHeld(Conflict):
    """Another reviewer holds the lease on this claim."""

    code = "lease_held"


class NotInReviewQueue(Conflict):
    code = "not_in_review_queue"


class LeaseNotHeld(Conflict):
    """The lease to release is not held with this token (expired or someone else's)."""

    code = "lease_not_held"


class ClaimNotDecided(Conflict):
    """The claim has no decided verdict to export."""

    code = "claim_not_decided"


class NoMatchToUnlink(Conflict):
    code = "no_match"


class Unauthenticated(ClaimcheckError):
    """No API key, or one that is unknown or revoked."""

    code = "unauthenticated"


class Forbidden(ClaimcheckError):
    """The API key's role may not do this."""

    code = "forbidden"


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
