"""The OpenAPI document as the API really answers: every error is a problem+json body."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_JSON
from schemas.problem import Problem

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_EVENT_STREAM = "text/event-stream"


def documented_header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """An OpenAPI header object for a header the response always carries."""
    return {"description": description, "required": True, "schema": schema or {"type": "string"}}


_RETRY_AFTER = {
    "Retry-After": documented_header(
        "Seconds to wait before trying again.", {"type": "string", "pattern": "^[0-9]+$"}
    )
}


def location_response(status: int, what: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting the Location header of a response that made `what`."""
    return {status: {"headers": {"Location": documented_header(f"Path of the {what}, to GET it.")}}}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """Generate the schema once: every 4xx/5xx is a Problem; 415, 429 (with Retry-After, as 503) and SSE
    bodies are documented."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for path, path_item in schema.get("paths", {}).items():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if path.startswith("/v1/"):
                responses.setdefault(
                    "429", {"description": "Too many requests from this client; see Retry-After"}
                )
            if "requestBody" in operation:
                responses.setdefault("415", {"description": "The body is not application/json"})
            if path.endswith("/events") and "200" in responses:
                responses["200"]["content"] = {_EVENT_STREAM: {"schema": {"type": "string"}}}
            for status, response in responses.items():
                if status[:1] in {"4", "5"}:
                    response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
                if status in {"429", "503"}:  # every one of them says when to come back
                    response.setdefault("headers", {}).update(_RETRY_AFTER)
    # FastAPI's own validation-error models are replaced by Problem everywhere; drop them.
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema
