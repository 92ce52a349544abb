"""Structured logs: one JSON object per line, carrying the article and claim a line is about."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# Ids bound for the current task or request; a record's own `extra={...}` wins over them.
_BOUND: contextvars.ContextVar[tuple[tuple[str, str], ...]] = contextvars.ContextVar(
    "claimcheck_log_ids", default=()
)
_RESERVED = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime", "color_message"}


def bind_ids(**ids: str | None) -> contextvars.Token[tuple[tuple[str, str], ...]]:
    """Attach ids to every record logged from this context on; returns the token to reset with."""
    merged = {**dict(_BOUND.get()), **{k: v for k, v in ids.items() if v}}
    return _BOUND.set(tuple(merged.items()))


def reset_ids(token: contextvars.Token[tuple[tuple[str, str], ...]]) -> None:
    """Drop the ids bound by `bind_ids`."""
    _BOUND.reset(token)


class JsonFormatter(logging.Formatter):
    """Formats a record as a JSON object: time, level, logger, message, bound ids and extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_BOUND.get())
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(log_format: str, level: str | int = "INFO") -> None:
    """Send the root logger to stderr, as JSON lines when `log_format` is "json"; idempotent."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "claimcheck", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.claimcheck = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    text = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(JsonFormatter() if log_format == "json" else text)
    root.setLevel(level.upper() if isinstance(level, str) else level)
