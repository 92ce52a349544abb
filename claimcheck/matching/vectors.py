"""Where prior checks' embeddings are kept, so a restarted worker or API process does not embed them again.

Vectors are content-addressed: the key is a hash of the encoder's name and the text embedded, so an edited
ClaimReview is embedded anew and an unchanged one never is. In Redis they live in one hash
(`<prefix>:match:vectors`, field -> base64 of float16, 1 KB a check), shared by every process.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import redis

from claimcheck.matching.index import Encoder, PriorCheck, Vectors, prior_vectors

ENCODER_NAME = "all-MiniLM-L6-v2"


class VectorStore(Protocol):
    """Embeddings by content key."""

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]: ...

    def put_many(self, items: Mapping[str, bytes]) -> None: ...


class MemoryVectors:
    """A VectorStore in a dict: for tests and one-off indexes."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return [self.items.get(key) for key in keys]

    def put_many(self, items: Mapping[str, bytes]) -> None:
        self.items.update(items)


class RedisVectors:
    """A VectorStore in one Redis hash."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.key = f"{prefix}:match:vectors"

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        found: list[bytes | None] = []
        # Chunks bound one reply's size: 2,000 vectors are 1.5 MB.
        for start in range(0, len(keys), 2000):
            chunk = list(keys[start : start + 2000])
            raw: list[bytes | str | None] = self.client.hmget(self.key, chunk)
            found += [None if value is None else base64.b64decode(value) for value in raw]
        return found

    def put_many(self, items: Mapping[str, bytes]) -> None:
        if items:
            # Base64, so clients with and without decode_responses read back the same bytes.
            self.client.hset(self.key, mapping={k: base64.b64encode(v).decode() for k, v in items.items()})


def content_key(prior: PriorCheck) -> str:
    """The key of a prior check's vector: what was embedded, and by which encoder."""
    text = f"{ENCODER_NAME}\x00{prior.claim}\x00{prior.title or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def stored_vectors(encoder: Encoder, priors: Sequence[PriorCheck], store: VectorStore) -> Vectors:
    """Vectors of `priors`: those in `store` read back, the rest embedded and written there."""
    keys = [content_key(p) for p in priors]
    found = store.get_many(keys)
    missing = [i for i, raw in enumerate(found) if raw is None]
    result = np.zeros((len(priors), 384), dtype=np.float32)
    for i, raw in enumerate(found):
        if raw is not None:
            result[i] = np.frombuffer(raw, dtype="<f2")
    if missing:
        # Rounded as stored, so a vector reads the same before and after a restart.
        fresh = prior_vectors(encoder, [priors[i] for i in missing]).astype("<f2")
        result[missing] = fresh
        store.put_many({keys[i]: fresh[j].tobytes() for j, i in enumerate(missing)})
    return result
