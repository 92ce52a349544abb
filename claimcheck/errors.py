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
