"""The reader's stance on a passage longer than it reads at once: its best windows; the most decisive wins."""

from __future__ import annotations

from claimcheck.reader.model import Reader, Reading
from claimcheck.reader.windows import best_windows

# Windows read per long passage: the claim's words are usually in the first few (see windows.py).
WINDOWS_READ = 3


def read_passage(reader: Reader, claim: str, text: str, windows: int = WINDOWS_READ) -> tuple[str, Reading]:
    """The window the reader finds most decisive (least neutral) among the passage's best, and its reading."""
    candidates = best_windows(claim, text, k=windows)
    readings = reader.read([(claim, window) for window in candidates])
    best = min(range(len(candidates)), key=lambda i: readings[i].neutral)
    return candidates[best], readings[best]
