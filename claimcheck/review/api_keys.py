"""API keys: random, shown once, stored as a hash, compared in constant time; one key per name."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from schemas.review import ApiKey, Role

KEY_PREFIX = "cck_"


def new_api_key() -> str:
    """A fresh key with 256 bits of randomness."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key. Keys are random, so a plain SHA-256 (no salt, no stretching) suffices."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: str, stored_hash: str) -> bool:
    """Compare a presented key with a stored hash in constant time."""
    return hmac.compare_digest(hash_api_key(key), stored_hash)


def same_name(a: str, b: str) -> bool:
    """Whether two key names would read as the same person ("Ana" and "ana " do)."""
    return a.strip().casefold() == b.strip().casefold()


def mint_api_key(name: str, role: Role) -> tuple[ApiKey, str]:
    """A new key record for `name` and the key itself, which is shown once and never stored."""
    key = new_api_key()
    return ApiKey(id=uuid.uuid4().hex[:12], name=name.strip(), role=role, key_hash=hash_api_key(key)), key
