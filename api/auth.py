"""API-key authentication and role checks, as route dependencies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from claimcheck.errors import Forbidden, Unauthenticated
from claimcheck.review.api_keys import hash_api_key, key_matches
from claimcheck.settings import Settings
from claimcheck.store import Store
from schemas.review import ROLE_RANK, Role


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the API key's name and role."""

    name: str
    role: Role


ANONYMOUS_ADMIN = Principal(name="anonymous", role=Role.admin)


def _presented_key(x_api_key: str | None, authorization: str | None) -> str | None:
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


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
    return Principal(name=stored.name, role=stored.role)


def require(role: Role) -> Callable[..., Principal]:
    """A dependency admitting keys of `role` or a higher one (submitter < reviewer < admin)."""

    def dependency(
        request: Request,
        x_api_key: Annotated[str | None, Header(description="API key")] = None,
        authorization: Annotated[str | None, Header(description="Bearer <API key>")] = None,
    ) -> Principal:
        principal = authenticate(
            request.app.state.store, request.app.state.settings, _presented_key(x_api_key, authorization)
        )
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise Forbidden(f"this needs the {role.value} role; the key has {principal.role.value}")
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


Submitter = Annotated[Principal, Depends(require(Role.submitter))]
Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]
Admin = Annotated[Principal, Depends(require(Role.admin))]
