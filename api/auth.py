"""API-key authentication and role checks, as route dependencies."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from claimcheck.errors import Forbidden, Unauthenticated
from claimcheck.review.api_keys import hash_api_key, key_matches
from claimcheck.settings import Settings
from claimcheck.store import Store
from schemas.review import ROLE_RANK, ReviewerKey, Role


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the API key's id, name and role."""

    key_id: str
    name: str
    role: Role

    @property
    def reviewer_key(self) -> ReviewerKey:
        """The key as reviewer actions record it: by id, since names are for people."""
        return ReviewerKey(key_id=self.key_id, name=self.name)


ANONYMOUS_ADMIN = Principal(key_id="anonymous", name="anonymous", role=Role.admin)


# Declared as security schemes, so the OpenAPI document says how to authenticate (and /docs has an
# Authorize button) instead of listing two optional headers on every operation. Neither refuses a
# request by itself: `authenticate` decides, with a problem body.
API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKey",
    description="An API key, e.g. from `claimcheck keys create`.",
    auto_error=False,
)
BEARER = HTTPBearer(
    scheme_name="Bearer",
    bearerFormat="API key",
    description="The same API key as a Bearer token: `Authorization: Bearer <key>`.",
    auto_error=False,
)


def presented_key(x_api_key: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    """The key a request presents: X-API-Key first, else a Bearer token."""
    if x_api_key:
        return x_api_key
    return bearer.credentials.strip() if bearer is not None else None


def authenticate(store: Store, settings: Settings, key: str | None) -> Principal:
    """The principal behind a presented key; raises Unauthenticated."""
    if not settings.auth_enabled:
        return ANONYMOUS_ADMIN
    if not key:
        raise Unauthenticated("send an API key in the X-API-Key header or as a Bearer token")
    # The lookup is by the key's SHA-256, so its timing says nothing about the key; the final
    # comparison is constant-time all the same.
    stored = store.api_key_by_hash(hash_api_key(key))
    if stored is None or stored.revoked_at is not None or not key_matches(key, stored.key_hash):
        raise Unauthenticated("unknown or revoked API key")
    return Principal(key_id=stored.id, name=stored.name, role=stored.role)


@functools.cache
def require(role: Role) -> Callable[..., Principal]:
    """A dependency admitting keys of `role` or a higher one (submitter < reviewer < admin).

    One function per role, so that FastAPI runs it once a request however many places ask for it.
    """

    def dependency(
        request: Request,
        x_api_key: Annotated[str | None, Security(API_KEY_HEADER)],
        bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
    ) -> Principal:
        principal = authenticate(
            request.app.state.store, request.app.state.settings, presented_key(x_api_key, bearer)
        )
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise Forbidden(f"this needs the {role.value} role; the key has {principal.role.value}")
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


Submitter = Annotated[Principal, Depends(require(Role.submitter))]
Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]
Admin = Annotated[Principal, Depends(require(Role.admin))]
