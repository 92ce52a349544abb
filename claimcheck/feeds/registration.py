"""Registering a list of feeds (an OPML import) idempotently: a URL already registered is skipped."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimcheck.errors import FeedAlreadyRegistered
from claimcheck.feeds.canonical import canonical_feed_url
from claimcheck.store import Store
from schemas.feeds import Feed, FeedCreate, FeedImportSkip, FeedImportSkipReason


@dataclass
class RegistrationReport:
    """The feeds registered, and the ones skipped with why (outlines the parser skipped included)."""

    added: list[Feed] = field(default_factory=list)
    skipped: list[FeedImportSkip] = field(default_factory=list)


def register_feeds(
    store: Store, feeds: Iterable[FeedCreate], skipped: Iterable[FeedImportSkip] = ()
) -> RegistrationReport:
    """Register each feed whose URL is not registered yet; importing the same list again adds nothing."""
    report = RegistrationReport(skipped=list(skipped))
    # One read spares a transaction per feed already there; create_feed still refuses one registered
    # meanwhile, by someone else.
    registered = {canonical_feed_url(str(feed.url)): feed.id for feed in store.list_feeds()}
    for payload in feeds:
        canonical = canonical_feed_url(str(payload.url))
        feed_id = registered.get(canonical)
        if feed_id is None:
            feed = Feed(id=uuid.uuid4().hex, **payload.model_dump())
            try:
                store.create_feed(feed)
            except FeedAlreadyRegistered as exc:
                feed_id = exc.feed_id
            else:
                registered[canonical] = feed.id
                report.added.append(feed)
                continue
        report.skipped.append(
            FeedImportSkip(
                url=str(payload.url),
                name=payload.name,
                reason=FeedImportSkipReason.already_registered,
                detail=f"already registered as feed {feed_id}",
                feed_id=feed_id,
            )
        )
    return report
