"""Request bodies holding a lone UTF-16 surrogate ("\\ud800"): refused with a 422 before any route runs.

JSON may spell one as an escape and Python decodes it into a str that cannot be encoded as UTF-8, so
it would fail wherever the text is stored, hashed or sent back: a 500, or a half-done write.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api.content_type import BODY_METHODS

# An escape of a surrogate code point; only a body holding one is decoded and searched.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# After decoding, a valid pair has become one code point: any surrogate left is a lone one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Location = tuple[str | int, ...]


def lone_surrogate_at(value: Any) -> Location | None:
    """Where in decoded JSON a string holds a lone surrogate (an object key: that object); None if nowhere."""
    pending: list[tuple[Location, Any]] = [((), value)]
    while pending:  # no recursion: the nesting depth is the client's to choose
        path, item = pending.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return path
        elif isinstance(item, list):
            pending.extend(((*path, i), child) for i, child in reversed(list(enumerate(item))))
        elif isinstance(item, dict):
            # A key is not named in the location: the answer would have to carry the surrogate itself.
            if any(_LONE_SURROGATE.search(key) for key in item):
                return path
            pending.extend(((*path, key), child) for key, child in reversed(item.items()))
    return None


async def reject_lone_surrogates(request: Request) -> None:
    """A dependency of every route: 422 (invalid_request) for a JSON body holding a lone surrogate."""
    if request.method not in BODY_METHODS:
        return
    if not _SURROGATE_ESCAPE.search(await request.body()):
        return
    try:
        decoded = await request.json()  # already decoded, and kept, for a route that takes a body
    except (ValueError, RecursionError):
        return  # not JSON, or nested too deeply to decode: the route's own parsing reports that
    path = lone_surrogate_at(decoded)
    if path is not None:
        message = "contains a lone UTF-16 surrogate, which is not valid Unicode text"
        raise RequestValidationError([{"loc": ("body", *path), "msg": message, "type": "string_unicode"}])
