"""Request bodies are JSON: any other declared media type is answered 415 before the body is read."""

from __future__ import annotations

from email.message import Message

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_json_media_type(content_type: str) -> bool:
    """application/json or application/<anything>+json, whatever the parameters (charset...)."""
    message = Message()
    message["content-type"] = content_type
    maintype, subtype = message.get_content_maintype(), message.get_content_subtype()
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


def has_body(headers: Headers) -> bool:
    """Whether the request says it carries a body (a non-zero length, or a chunked transfer)."""
    length = headers.get("content-length")
    return "transfer-encoding" in headers or (length is not None and length.strip() not in {"", "0"})


class JsonBodiesOnly:
    """Answer 415 (problem+json) to a POST/PUT/PATCH/DELETE whose body is not declared as JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in BODY_METHODS:
            headers = Headers(scope=scope)
            content_type = headers.get("content-type")
            if has_body(headers) and (content_type is None or not is_json_media_type(content_type)):
                detail = f"request bodies must be application/json, not {content_type or 'undeclared'}"
                response = problem(415, "Unsupported Media Type", detail, "unsupported_media_type")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
