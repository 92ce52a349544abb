"""Webhook signatures: HMAC-SHA256 over "{timestamp}.{body}", sent as `t=<unix>,v1=<hex>`."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "Claimcheck-Signature"
# A signature older (or newer) than this is refused by `verify`, so a captured request cannot be replayed.
DEFAULT_TOLERANCE_S = 300


class SignatureInvalid(ValueError):
    """The signature header is malformed, too old, or does not match the body."""


def new_secret() -> str:
    """A fresh random signing secret for one subscription."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the Claimcheck-Signature header for `body`, signed now unless `timestamp` is given."""
    at = int(time.time()) if timestamp is None else timestamp
    return f"t={at},v1={signature(secret, at, body)}"


def verify(
    secret: str, header: str, body: bytes, tolerance_s: int = DEFAULT_TOLERANCE_S, now: float | None = None
) -> int:
    """Check a Claimcheck-Signature header against `body`; its timestamp, or raises SignatureInvalid."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise SignatureInvalid("malformed signature header")
        fields.setdefault(key, []).append(value)
    try:
        (raw_timestamp,) = fields["t"]
        timestamp = int(raw_timestamp)
    except (KeyError, ValueError) as exc:
        raise SignatureInvalid("the signature header has no single integer timestamp t=") from exc
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        raise SignatureInvalid("the signature timestamp is outside the tolerance")
    expected = signature(secret, timestamp, body)
    # Several v1= values may be sent while a secret is rotated; any one matching is enough.
    if not any(hmac.compare_digest(expected, candidate) for candidate in fields.get("v1", [])):
        raise SignatureInvalid("no v1 signature matches the body")
    return timestamp
