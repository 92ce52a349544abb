"""Evidence retention: expiry by age and count, tombstones, no re-adding, log compaction, index compaction."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from claimcheck.feeds.retention import apply_retention
from claimcheck.service import refresh_index
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from claimcheck.verification import EvidenceIndex
from claimcheck.verification.bm25 import BM25Index
from schemas import ClaimReviewInfo, FeedEntry, utcnow

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=utcnow().tzinfo)
DAY = timedelta(days=1)


def news(entry_id: str, age: timedelta, feed_id: str = "wire", text: str | None = None) -> FeedEntry:
    body = text or f"Report {entry_id}: the council approved {len(entry_id)} new bus lanes in Leeds."
    return FeedEntry(
        id=entry_id,
        feed_id=feed_id,
        feed_title="Wire",
        url=None,
        title=f"Story {entry_id}",
        published=NOW - age,
        text=body,
        content_hash=body,
        fetched_at=NOW - age,
    )


def factcheck(entry_id: str, age: timedelta) -> FeedEntry:
    review = ClaimReviewInfo(claim_reviewed=f"Claim {entry_id}", alternate_name="False")
    return news(entry_id, age, feed_id="checks").model_copy(update={"review": review})


def test_entries_past_the_age_expire_and_leave_the_index_as_tombstones(store: RedisStore) -> None:
    # Given an index that has read three entries, one of them ten days old
    store.put_entries([news("old", 10 * DAY), news("new", DAY), news("newer", timedelta(hours=1))])
    index = EvidenceIndex()
    refresh_index(store, index)
    assert index.entry_count == 3
    # When entries older than a week expire
    expired = store.expire_entries(NOW, max_age_s=7 * DAY.total_seconds(), max_entries=None)
    # Then the old one is gone from the store and, after one refresh, from the index
    assert expired == ["old"]
    assert store.known_entries(["old", "new", "newer"]) == {"new", "newer"}
    refresh_index(store, index)
    assert index.entry_count == 2
    assert all(hit.entry.id != "old" for hit in index.search("council approved bus lanes Leeds", 10))


def test_beyond_the_count_the_oldest_entries_expire_first(store: RedisStore) -> None:
    store.put_entries([news(f"e{i}", i * DAY) for i in range(6)])
    expired = store.expire_entries(NOW, max_age_s=None, max_entries=4)
    assert sorted(expired) == ["e4", "e5"]
    assert store.known_entries([f"e{i}" for i in range(6)]) == {"e0", "e1", "e2", "e3"}


def test_fact_check_entries_never_expire(store: RedisStore) -> None:
    store.put_entries([factcheck("check", 400 * DAY), news("story", 400 * DAY)])
    assert store.expire_entries(NOW, max_age_s=DAY.total_seconds(), max_entries=1) == ["story"]
    assert store.known_entries(["check"]) == {"check"}


def test_an_expired_entry_is_not_added_back_while_its_feed_still_lists_it(store: RedisStore) -> None:
    old, fresh = news("old", 10 * DAY), news("fresh", DAY)
    store.put_entries([old, fresh])
    store.expire_entries(NOW, max_age_s=7 * DAY.total_seconds(), max_entries=None)
    # The next poll of the feed yields both entries again: only news is stored.
    newest = news("newest", timedelta(0))
    assert store.put_entries_changed([old, fresh, newest]) == [newest]
    assert store.known_entries(["old"]) == set()
    # Once the feed's document drops it, the feed forgets it (an entry re-published later is new again).
    store.forget_expired_unlisted("wire", {"fresh", "newest"})
    assert [e.id for e in store.put_entries_changed([old])] == ["old"]


def test_an_index_whose_position_was_compacted_away_reloads_what_is_stored(store: RedisStore) -> None:
    # Given an index that read the log early, then many changes and a compaction it did not see
    store.put_entries([news("a", DAY), news("b", DAY)])
    index = EvidenceIndex()
    refresh_index(store, index)
    for i in range(30):
        store.put_entries([news(f"n{i}", timedelta(hours=i))])
    store.expire_entries(NOW, max_age_s=None, max_entries=20)
    cut = store.compact_entry_log(keep=5)
    assert cut > 0
    # When it refreshes
    refresh_index(store, index)
    # Then it holds exactly the stored entries, and a fresh index agrees with it
    stored = {e.id for e in store.entries_since(0).entries}
    fresh = EvidenceIndex()
    refresh_index(store, fresh)
    assert index.entry_count == fresh.entry_count == len(stored) == 20
    assert index.position == fresh.position
    # And later changes still arrive incrementally
    store.put_entries([news("late", timedelta(0))])
    assert refresh_index(store, index) == 1


def test_compacting_a_short_log_cuts_nothing(store: RedisStore) -> None:
    store.put_entries([news("a", DAY)])
    assert store.compact_entry_log(keep=10) == 0
    assert [e.id for e in store.entries_since(0).entries] == ["a"]
    assert not store.entries_since(0).reset


def test_deleting_a_feed_drops_its_entries_from_retention(store: RedisStore) -> None:
    from schemas import Feed

    feed = Feed(id="wire", url="https://wire.example.org/feed.xml", name="Wire")  # type: ignore[arg-type]
    store.create_feed(feed)
    store.put_entries([news("a", 10 * DAY)])
    store.delete_feed("wire")
    # Nothing is left for retention to expire, and no tombstone is logged twice.
    assert store.expire_entries(NOW, max_age_s=DAY.total_seconds(), max_entries=None) == []


def test_apply_retention_uses_the_settings_and_always_compacts(store: RedisStore) -> None:
    store.put_entries([news(f"e{i}", i * DAY) for i in range(150)])
    settings = Settings(evidence_max_age_days=100, evidence_log_keep=100)
    report = apply_retention(store, NOW, settings)
    assert len(report.expired) == 49  # e101 .. e149 are older than 100 days
    assert report.log_items_cut == 150 + 49 - 100
    unbounded = apply_retention(store, NOW, Settings(evidence_log_keep=100))
    assert unbounded.expired == [] and unbounded.log_items_cut == 0


def test_a_compacted_bm25_index_scores_as_one_built_from_the_kept_documents() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(40)]
    documents = [rng.choices(vocabulary, k=rng.randint(3, 12)) for _ in range(300)]
    index = BM25Index()
    docs = [index.add(terms) for terms in documents]
    removed = set(rng.sample(docs, 200))
    for doc in removed:
        index.remove(doc)
    renumbered = index.compact()
    kept = [doc for doc in docs if doc not in removed]
    rebuilt = BM25Index()
    for doc in kept:
        rebuilt.add(documents[doc])
    query = rng.choices(vocabulary, k=4)
    assert index.removed_count == 0 and len(index) == 100
    assert index.search(query, 50) == rebuilt.search(query, 50)
    assert all(renumbered[doc] == -1 for doc in removed)
    assert [int(renumbered[doc]) for doc in kept] == list(range(100))


def test_an_index_kept_at_a_steady_size_by_retention_compacts_its_passages() -> None:
    index = EvidenceIndex()
    for i in range(3000):
        index.add_entry(news(f"e{i}", timedelta(0)))
        if i >= 100:
            index.remove_entry(f"e{i - 100}")
    assert index.entry_count == 100
    # Removed passages never outnumber the live ones past the compaction floor.
    assert index._bm25.removed_count <= 2048 + len(index)
    assert len(index._spans) == len(index._bm25._lengths)
    hits = index.search("Report e2999 council approved bus lanes", 3)
    assert hits[0].entry.id == "e2999"
    assert hits[0].passage.text == hits[0].entry.text[hits[0].passage.start : hits[0].passage.end]


def test_expiry_forgets_the_page_record_behind_an_entry(store: RedisStore) -> None:
    store.put_entries([news("old", 10 * DAY)])
    page_key = store.keys.article_page("old")
    store.client.set(page_key, "{}")
    store.expire_entries(NOW, max_age_s=DAY.total_seconds(), max_entries=None)
    assert not store.client.exists(page_key)


def test_beat_runs_the_retention_sweep_every_configured_interval() -> None:
    from workers.celery_app import create_celery

    app = create_celery(Settings(evidence_expiry_interval_s=120))
    entry = app.conf.beat_schedule["expire-evidence"]
    assert entry["task"] == "claimcheck.expire_evidence" and entry["schedule"] == 120
