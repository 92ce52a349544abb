"""Bulk import of prior fact-checks: schema.org ClaimReview (JSON / JSON-LD) or claim-matching vclaims JSONL.

Each record becomes a fact-check feed entry, keyed by the review's identity, so importing a file twice adds
nothing and a re-rated review updates its entry. A record that cannot be read is reported and skipped;
the import goes on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.feeds.claimreview import find_claim_reviews, parse_claim_review_json, review_text
from claimcheck.feeds.entries import make_entry, parse_timestamp
from claimcheck.store import Store
from schemas.evidence import ClaimReviewInfo, FeedEntry

# Records stored per Redis transaction.
CHUNK = 500


class BadRecord(ValueError):
    """A record that is neither a readable ClaimReview nor a vclaim; the message says why."""


@dataclass
class ImportReport:
    """What an import did: entries added, updated and unchanged, and records skipped by reason."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)  # the first few skipped records, where and why

    def skip(self, where: str, reason: str) -> None:
        self.skipped[reason] += 1
        if len(self.examples) < 10:
            self.examples.append(f"{where}: {reason}")


def read_records(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, record) for each record of a JSON / JSON-LD document or of a JSONL file (BadRecord if bad)."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if document is not None:
        if isinstance(document, dict) and not _is_vclaim(document):
            document = find_claim_reviews(document) or [document]
        items = document if isinstance(document, list) else [document]
        for i, item in enumerate(items):
            yield f"item {i + 1}", item
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", BadRecord(f"not JSON ({exc.msg})")


def _is_vclaim(record: dict[str, Any]) -> bool:
    return "claim" in record and "claimReviewed" not in record


def record_entry(record: Any, feed_id: str, trust: float) -> FeedEntry:
    """The fact-check entry of one record; raises BadRecord when it has none."""
    if isinstance(record, BadRecord):
        raise record
    if not isinstance(record, dict):
        raise BadRecord("not a JSON object")
    if _is_vclaim(record):
        return _vclaim_entry(record, feed_id, trust)
    parsed = parse_claim_review_json(record, feed_id, trust)
    if parsed is None:
        raise BadRecord("no ClaimReview with a claimReviewed")
    return parsed.entries[0]


def _vclaim_entry(record: dict[str, Any], feed_id: str, trust: float) -> FeedEntry:
    claim, key = record.get("claim"), record.get("id")
    if not isinstance(claim, str) or not claim.strip():
        raise BadRecord("empty claim")
    if key is None or isinstance(key, (dict, list)):
        raise BadRecord("no id")
    title = record.get("title") if isinstance(record.get("title"), str) else None
    url = record.get("url") if isinstance(record.get("url"), str) else None
    rating = record.get("truth_label") if isinstance(record.get("truth_label"), str) else None
    speaker = record.get("speaker") if isinstance(record.get("speaker"), str) else None
    raw_body = record.get("text")
    body = raw_body.strip() if isinstance(raw_body, str) else ""
    info = ClaimReviewInfo(
        claim_reviewed=claim.strip(),
        alternate_name=rating,
        item_author=speaker,
        item_date=parse_timestamp(record.get("date")),
        url=url,
    )
    return make_entry(
        feed_id=feed_id,
        feed_title=feed_id,
        trust=trust,
        key=f"vclaim:{key}",
        url=url,
        title=(title or claim).strip(),
        # The fact-check's own text, where the row has it, follows the review (evidence and matching use it).
        text=f"{review_text(info)}\n\n{body}" if body else review_text(info),
        published=None,
        review=info,
    )


def import_factchecks(
    store: Store,
    path: Path,
    feed_id: str,
    trust: float = 0.9,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Put every readable record of `path` into the store as a fact-check entry; see ImportReport."""
    records = list(read_records(path))
    report = ImportReport(read=len(records))
    batch: dict[str, FeedEntry] = {}
    for done, (where, record) in enumerate(records, 1):
        try:
            entry = record_entry(record, feed_id, trust)
        except (BadRecord, ValueError) as exc:
            report.skip(where, str(exc).splitlines()[0])
        else:
            if entry.id in batch:
                report.skip(where, "repeats an earlier record")
            else:
                batch[entry.id] = entry
        if len(batch) >= CHUNK or done == len(records):
            _store(store, list(batch.values()), report)
            batch = {}
            if progress is not None:
                progress(done, len(records))
    return report


def _store(store: Store, entries: list[FeedEntry], report: ImportReport) -> None:
    if not entries:
        return
    known = store.known_entries([e.id for e in entries])
    changed = {e.id for e in store.put_entries_changed(entries)}
    report.added += len(changed - known)
    report.updated += len(changed & known)
    report.unchanged += len(entries) - len(changed)
