"""Request bodies are JSON (an OPML import excepted): any other media type is answered 415 before the body
is read."""

from __future__ import annotations

from email.message import Message

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPML_MEDIA_TYPES = ("text/x-opml", "application/xml", "text/xml")
OPML_IMPORT_PATH = "/v1/feeds/import"
# Paths whose bodies are documents of another format, with the media types they take instead of JSON.
NON_JSON_BODIES: dict[str, tuple[str, ...]] = {OPML_IMPORT_PATH: OPML_MEDIA_TYPES}


def _media_type(content_type: str) -> tuple[str, str]:
    message = Message()
    message["content-type"] = content_type
    return message.get_content_maintype(), message.get_content_subtype()


def is_json_media_type(content_type: str) -> bool:
    """application/json or application/<anything>+json, whatever the parameters (charset...)."""
    maintype, subtype = _media_type(content_type)
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


def body_accepted(path: str, content_type: str) -> bool:
    """Whether a body declared as `content_type` may be sent to `path`, whatever the parameters."""
    expected = NON_JSON_BODIES.get(path)
    if expected is None:
        return is_json_media_type(content_type)
    return "/".join(_media_type(content_type)) in expected


def has_body(headers: Headers) -> bool:
    """Whether the request says it carries a body (a non-zero length, or a chunked transfer)."""
    length = headers.get("content-length")
    return "transfer-encoding" in headers or (length is not None and length.strip() not in {"", "0"})


class JsonBodiesOnly:
    """Answer 415 (problem+json) to a POST/PUT/PATCH/DELETE whose body is not declared as JSON (or as one
    of the media types NON_JSON_BODIES names for its path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in BODY_METHODS:
            headers = Headers(scope=scope)
            content_type = headers.get("content-type")
            path = scope["path"]
            if has_body(headers) and (content_type is None or not body_accepted(path, content_type)):
                wanted = " or ".join(NON_JSON_BODIES.get(path, ("application/json",)))
                detail = f"request bodies must be {wanted}, not {content_type or 'undeclared'}"
                response = problem(415, "Unsupported Media Type", detail, "unsupported_media_type")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
