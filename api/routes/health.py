"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.errors import problem, problem_responses

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Redis is reachable", responses=problem_responses(503))
def readyz(store: StoreDep) -> JSONResponse:
    if not store.ping():
        return problem(
            503,
            "Service Unavailable",
            "redis is not reachable",
            "store_unavailable",
            headers={"Retry-After": "5"},
        )
    return JSONResponse({"status": "ready"})
