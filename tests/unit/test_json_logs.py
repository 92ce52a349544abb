"""JSON log lines: one object per record, carrying the ids bound for the task or request."""

from __future__ import annotations

import json
import logging
import sys

from claimcheck.jsonlog import JsonFormatter, bind_ids, reset_ids


def record(message: str, **extra: object) -> logging.LogRecord:
    logger = logging.getLogger("claimcheck.test")
    return logger.makeRecord(logger.name, logging.INFO, __file__, 1, message, (), None, extra=extra)


def test_a_line_carries_the_bound_ids_and_the_record_extras() -> None:
    token = bind_ids(article_id="a1", claim_id=None, task="claimcheck.check_claim")
    try:
        line = JsonFormatter().format(record("checked %s", claim_id="c7"))
    finally:
        reset_ids(token)
    entry = json.loads(line)
    assert (
        entry["message"] == "checked %s" and entry["level"] == "INFO" and entry["logger"] == "claimcheck.test"
    )
    assert (
        entry["article_id"] == "a1"
        and entry["claim_id"] == "c7"
        and entry["task"] == "claimcheck.check_claim"
    )
    assert entry["time"].endswith("+00:00")


def test_ids_are_gone_once_reset_and_exceptions_are_kept() -> None:
    reset_ids(bind_ids(article_id="a1"))
    try:
        raise ValueError("boom")
    except ValueError:
        failed = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(failed))
    assert "article_id" not in entry and "ValueError: boom" in entry["exception"]
