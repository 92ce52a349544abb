"""Webhook signatures: what a receiver checks, and what it must refuse."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from claimcheck.webhooks.signing import SignatureInvalid, new_secret, signature_header, verify

SECRET = "whsec_test"
BODY = b'{"id":"1700000000000-0","type":"article.done"}'
NOW = 1_700_000_000


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    header = signature_header(SECRET, BODY, timestamp=NOW)
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


def test_a_receiver_accepts_what_was_signed() -> None:
    assert verify(SECRET, signature_header(SECRET, BODY, timestamp=NOW), BODY, now=NOW + 10) == NOW


@pytest.mark.parametrize(
    ("secret", "body", "now"),
    [
        ("whsec_other", BODY, NOW),  # another subscription's secret
        (SECRET, BODY + b" ", NOW),  # a body changed in transit
        (SECRET, BODY, NOW + 301),  # replayed after the tolerance
        (SECRET, BODY, NOW - 301),  # from the future
    ],
)
def test_a_receiver_refuses_a_mismatch_or_a_replay(secret: str, body: bytes, now: int) -> None:
    with pytest.raises(SignatureInvalid):
        verify(secret, signature_header(SECRET, BODY, timestamp=NOW), body, now=now)


@pytest.mark.parametrize(
    "header", ["", "garbage", "t=abc,v1=00", "v1=00", f"t={NOW}", f"t={NOW},t={NOW},v1=00"]
)
def test_malformed_headers_are_refused(header: str) -> None:
    with pytest.raises(SignatureInvalid):
        verify(SECRET, header, BODY, now=NOW)


def test_any_of_several_signatures_may_match_while_a_secret_rotates() -> None:
    good = signature_header(SECRET, BODY, timestamp=NOW).split(",")[1]
    assert verify(SECRET, f"t={NOW},v1={'0' * 64},{good}", BODY, now=NOW) == NOW


def test_every_subscription_gets_its_own_random_secret() -> None:
    secrets = {new_secret() for _ in range(50)}
    assert len(secrets) == 50 and all(s.startswith("whsec_") and len(s) > 40 for s in secrets)
