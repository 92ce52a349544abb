"""Domain errors, named after the condition; only api/errors.py maps them to HTTP."""


class ClaimcheckError(Exception):
    """Base of every error claimcheck raises on purpose."""

    code = "claimcheck_error"

    def facts(self) -> dict[str, str]:
        """Machine-readable facts beside the message, such as the id of what the request conflicts with."""
        return {}


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


class FeedAlreadyRegistered(Conflict):
    """A feed with the same URL, once normalised, is already registered."""

    code = "feed_already_registered"

    def __init__(self, feed_id: str, url: str) -> None:
        super().__init__(f"{url} is already registered as feed {feed_id}")
        self.feed_id = feed_id

    def facts(self) -> dict[str, str]:
        return {"feed_id": self.feed_id}


class FeedRejected(ClaimcheckError):
    """A feed URL that must not be fetched: bad scheme, or a host resolving to a forbidden address."""

    code = "feed_rejected"


class OpmlInvalid(ClaimcheckError):
    """A feed list that is not OPML, or is refused as hostile (a DOCTYPE or entity declarations)."""

    code = "opml_invalid"


class FeedFetchError(ClaimcheckError):
    """Fetching a feed failed: timeout, too large, bad status, or a body that is not a feed."""

    code = "feed_fetch_failed"


class FetchStatusError(FeedFetchError):
    """The server's final answer was not a success: an HTTP status other than 2xx or 304."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ResponseTooLarge(FeedFetchError):
    """The body is over the byte cap, or inflates past the decompression ratio cap."""


class FetchDeadlineExceeded(FeedFetchError):
    """The fetch outlived its total deadline."""


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


class ClaimNotReviewed(NotFound):
    """The claim's verdict is the machine's: no person reviewed it, so there is no ClaimReview to publish."""

    code = "claim_not_reviewed"


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


class ApiKeyNameTaken(Conflict):
    """Another API key (revoked ones included) already has this name: names tell people apart."""

    code = "api_key_name_taken"

    def __init__(self, name: str, key_id: str) -> None:
        super().__init__(f"an API key named {name!r} already exists (id {key_id}); choose another name")
        self.key_id = key_id

    def facts(self) -> dict[str, str]:
        return {"api_key_id": self.key_id}


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
