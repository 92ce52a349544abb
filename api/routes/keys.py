"""API keys (admin): make one (shown once), list them, revoke one; names are unique."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import Admin
from api.deps import StoreDep
from api.errors import problem_responses
from claimcheck.review.api_keys import mint_api_key
from schemas.review import ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyPublic, ApiKeysPublic

router = APIRouter(prefix="/v1/keys", tags=["keys"])


def _public(key: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic.model_validate(key.model_dump())


@router.post(
    "",
    status_code=201,
    response_model=ApiKeyCreated,
    summary="Make an API key; the key is in this answer only",
    responses=problem_responses(401, 403, 409, 422),
)
def create_key(body: ApiKeyCreate, store: StoreDep, _: Admin) -> ApiKeyCreated:
    """409 `api_key_name_taken` if any key, revoked ones included, has the name: audits name keys."""
    record, key = mint_api_key(body.name, body.role)
    store.create_api_key(record)
    return ApiKeyCreated(**_public(record).model_dump(), key=key)


@router.get("", response_model=ApiKeysPublic, summary="Every API key, without secrets")
def list_keys(store: StoreDep, _: Admin) -> ApiKeysPublic:
    keys = [_public(k) for k in store.list_api_keys()]
    return ApiKeysPublic(data=keys, count=len(keys))


@router.delete(
    "/{key_id}",
    response_model=ApiKeyPublic,
    summary="Revoke an API key",
    responses=problem_responses(401, 403, 404),
)
def revoke_key(key_id: str, store: StoreDep, _: Admin) -> ApiKeyPublic:
    return _public(store.revoke_api_key(key_id))
