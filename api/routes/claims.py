"""Claims: one claim with its verdict and citations."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.errors import problem_responses
from schemas.claims import ClaimPublic

router = APIRouter(prefix="/v1/claims", tags=["claims"])


@router.get("/{claim_id}", response_model=ClaimPublic, summary="One claim", responses=problem_responses(404))
def get_claim(claim_id: str, store: StoreDep) -> ClaimPublic:
    return ClaimPublic.model_validate(store.get_claim(claim_id).model_dump())
