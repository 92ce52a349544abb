"""A small reference desk: three feed entries the verdict tests check claims against."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from claimcheck.verification.index import EvidenceIndex
from schemas.evidence import FeedEntry

RIYADH = (
    "A meeting of US and Ukrainian delegations in Riyadh on Tuesday resulted in a tentative 14-day ceasefire "
    "agreement, officials said. The proposal now awaits a response from Moscow."
)
KURSK = (
    "Ukraine's general staff said on Friday that its forces in Russia's Kursk region were not surrounded. "
    "Kyiv continues to dispute claims of encirclement in Kursk, which US President Donald Trump had "
    "suggested a day earlier."
)
STORM = "High winds brought down trees and power lines, closing several rail lines across northern England."


def desk_entry(number: int, title: str, text: str) -> FeedEntry:
    """A Front Line Desk entry published on 10 + `number` March 2025."""
    return FeedEntry(
        id=f"entry-{number}",
        feed_id="desk",
        feed_title="Front Line Desk",
        url=f"https://frontline.invalid/{number}",
        title=title,
        published=datetime(2025, 3, 10 + number, tzinfo=UTC),
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def desk_index() -> EvidenceIndex:
    """An index of the Riyadh, Kursk and storm entries."""
    built = EvidenceIndex()
    built.add_entry(desk_entry(1, "Riyadh talks end with a ceasefire proposal", RIYADH))
    built.add_entry(desk_entry(2, "Kyiv disputes claims of encirclement in Kursk", KURSK))
    built.add_entry(desk_entry(3, "Storm closes rail lines across northern England", STORM))
    return built
