"""Domain errors and request errors as RFC 9457 problem+json responses."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimcheck.errors import (
    ArticleTooLarge,
    ClaimcheckError,
    Conflict,
    Forbidden,
    NotFound,
    OpmlInvalid,
    PreconditionFailed,
    PreconditionRequired,
    StoreUnavailable,
    Unauthenticated,
)

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

_STATUS_OF = [
    (Unauthenticated, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (PreconditionFailed, 412, "Precondition Failed"),
    (PreconditionRequired, 428, "Precondition Required"),
    (NotFound, 404, "Not Found"),
    (Conflict, 409, "Conflict"),
    (ArticleTooLarge, 413, "Content Too Large"),
    (OpmlInvalid, 422, "Unprocessable Content"),
    (StoreUnavailable, 503, "Service Unavailable"),
    (ClaimcheckError, 400, "Bad Request"),
]


def problem(
    status: int,
    title: str,
    detail: str,
    code: str,
    errors: list[Any] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response with a stable machine-readable `code` and any extension members."""
    body: dict[str, Any] = {
        **(extensions or {}),  # first, so that no extension can overwrite a standard member
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = jsonable_encoder(errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem bodies for these statuses."""
    return {s: {"description": "Problem details (RFC 9457)", "content": {PROBLEM_JSON: {}}} for s in statuses}


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    for error_type, status, title in _STATUS_OF:
        if isinstance(exc, error_type):
            headers = {"Retry-After": "5"} if status == 503 else None
            if status == 401:
                headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key", Bearer'}
            code = getattr(exc, "code", "error")
            facts = exc.facts() if isinstance(exc, ClaimcheckError) else None
            return problem(status, title, str(exc), code, headers=headers, extensions=facts)
    log.error("unmapped domain error: %r", exc)
    return problem(500, "Internal Server Error", "unexpected error", "internal_error")


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k in {"loc", "msg", "type"}} for e in exc.errors()]
    malformed = any(e.get("type") == "json_invalid" for e in errors)
    detail = "the request body is not valid JSON" if malformed else "the request does not match the schema"
    return problem(
        422, "Unprocessable Content", detail, "malformed_json" if malformed else "invalid_request", errors
    )


_HTTP_CODES = {
    400: ("bad_request", "Bad Request"),
    404: ("not_found", "Not Found"),
    405: ("method_not_allowed", "Method Not Allowed"),
    413: ("body_too_large", "Content Too Large"),
    415: ("unsupported_media_type", "Unsupported Media Type"),
}


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
        # FastAPI's 400 for a JSON body it could not decode (not UTF-8, or nested deeper than the parser
        # goes): the same 422 as any other malformed JSON.
        detail = (
            "the request body nests deeper than the JSON parser allows"
            if isinstance(exc.__cause__, RecursionError)
            else "the request body is not valid JSON"
        )
        return problem(422, "Unprocessable Content", detail, "malformed_json")
    code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "Error"))
    headers = dict(exc.headers) if exc.headers else None
    return problem(exc.status_code, title, str(exc.detail), code, headers=headers)


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem(500, "Internal Server Error", "unexpected error", "internal_error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through a problem+json body."""
    app.add_exception_handler(ClaimcheckError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
