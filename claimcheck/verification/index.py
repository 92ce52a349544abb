"""The evidence index: feed entries cut into passages, searchable with BM25, grown incrementally."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.verification.bm25 import BM25Index
from claimcheck.verification.passages import split_passages
from claimcheck.verification.terms import terms
from schemas.evidence import FeedEntry, Passage

# Removed passages below this many are not worth a compaction.
_COMPACT_FLOOR = 2048


@dataclass(frozen=True, slots=True)
class RetrievedPassage:
    passage: Passage
    entry: FeedEntry
    score: float


class EvidenceIndex:
    """Passages of every known entry; re-adding an entry replaces its earlier version."""

    def __init__(self) -> None:
        self.clear()
        self.position = 0  # how far into the store's evidence log this index has read

    def clear(self) -> None:
        """Forget every entry (the store's log was compacted past this index, which then reloads)."""
        self._bm25 = BM25Index()
        # (entry id, start, end) per document: the passage text is sliced from the entry when found.
        self._spans: list[tuple[str, int, int]] = []
        self._entries: dict[str, FeedEntry] = {}
        self._docs_of_entry: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._bm25)

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    def add_entry(self, entry: FeedEntry) -> None:
        """Index an entry's passages; an entry seen before is replaced, not duplicated."""
        self.remove_entry(entry.id)
        self._entries[entry.id] = entry
        title_terms = terms(entry.title)
        docs = []
        for passage in split_passages(entry):
            # The title gives each sentence the context its entry is about.
            doc = self._bm25.add(terms(passage.text) + title_terms)
            self._spans.append((entry.id, passage.start, passage.end))
            docs.append(doc)
        self._docs_of_entry[entry.id] = docs

    def remove_entry(self, entry_id: str) -> None:
        """Withdraw an entry's passages from results; their memory is given back once enough are gone."""
        for doc in self._docs_of_entry.pop(entry_id, []):
            self._bm25.remove(doc)
        self._entries.pop(entry_id, None)
        # Removed passages outnumbering live ones (and past a floor): compact, so an index that
        # retention keeps at a steady size also keeps a steady memory. Amortised O(1) per removal.
        if self._bm25.removed_count > max(_COMPACT_FLOOR, len(self._bm25)):
            self._compact()

    def _compact(self) -> None:
        renumbered = self._bm25.compact()
        self._spans = [span for doc, span in enumerate(self._spans) if renumbered[doc] >= 0]
        self._docs_of_entry = {
            entry_id: [int(renumbered[doc]) for doc in docs] for entry_id, docs in self._docs_of_entry.items()
        }

    def search(self, query: str, k: int) -> list[RetrievedPassage]:
        """The k passages that best match `query`, each distinct text once.

        The same sentence carried by several feeds (a wire story republished, a feed registered twice) is one
        piece of evidence: it is returned once, from the most trusted entry that has it, so it cannot be
        counted twice when a verdict pools its evidence.
        """
        # Twice as many hits as asked for leave room for the duplicates dropped below.
        hits = self._bm25.search(terms(query), 2 * k)
        best: dict[str, RetrievedPassage] = {}
        for doc, score in hits:
            entry_id, start, end = self._spans[doc]
            entry = self._entries[entry_id]
            text = entry.text[start:end]
            key = " ".join(text.split()).casefold()
            kept = best.get(key)
            if kept is None or entry.trust > kept.entry.trust:
                passage = Passage(entry_id=entry_id, start=start, end=end, text=text)
                # The best score of the copies stands, so a duplicate does not move down the ranking.
                best[key] = RetrievedPassage(passage, entry, max(score, kept.score if kept else score))
        return sorted(best.values(), key=lambda r: -r.score)[:k]
