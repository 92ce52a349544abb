"""Fault injection for the fault suite (tests/faults): inert unless a CLAIMCHECK_FAULT_* setting is set.

A task calls `inject` once, before its work. The fault suite uses it to kill a worker while a task is
surely running (a sleep), and to make a task that kills its worker on every delivery (an exit).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Literal

from claimcheck.settings import Settings

log = logging.getLogger(__name__)
Stage = Literal["extract", "check"]
# The status a process killed by SIGKILL reports; the worker's parent sees the same thing.
CRASH_EXIT_CODE = 9


def inject(settings: Settings, stage: Stage, text: Callable[[], str]) -> None:
    """Sleep or exit the process as the fault settings for `stage` say; `text` is read only if needed."""
    sleep_s = settings.fault_sleep_extract_s if stage == "extract" else settings.fault_sleep_check_s
    crash_on = settings.fault_crash_extract_on if stage == "extract" else settings.fault_crash_check_on
    if crash_on and crash_on in text():
        log.error("fault injection: %s task exits its process", stage)
        os._exit(CRASH_EXIT_CODE)
    if sleep_s > 0:
        log.warning("fault injection: %s task sleeps %.1fs", stage, sleep_s)
        time.sleep(sleep_s)
