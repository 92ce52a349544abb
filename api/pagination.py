"""Opaque cursors and the `limit`/`cursor` query parameters shared by every list."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Cursor = Annotated[
    str | None, Query(max_length=512, description="`next_cursor` of the previous page; absent for the first.")
]


def encode_cursor(kind: str, *position: Any) -> str:
    """An opaque cursor naming a position in a list of `kind`."""
    raw = json.dumps([kind, *position], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, *types: type) -> list[Any]:
    """The position inside a cursor from `encode_cursor(kind, ...)`; a 422 problem for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise _invalid("the cursor is not one this API issued") from exc
    if not isinstance(found, list) or not found or found[0] != kind or len(found) != len(types) + 1:
        raise _invalid("the cursor belongs to another list")
    position = found[1:]
    if not all(
        isinstance(value, t) and not isinstance(value, bool) for value, t in zip(position, types, strict=True)
    ):
        raise _invalid("the cursor is not one this API issued")
    return position


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", "cursor"), "msg": message, "type": "value_error"}])
