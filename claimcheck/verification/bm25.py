"""An incremental BM25 index: documents are added one at a time, with no rebuild.

Postings are compact arrays (4 bytes per document id and per count) and a query is scored with numpy over
the postings of its terms, so memory stays small and a search costs the length of those postings.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import Counter

import numpy as np
import numpy.typing as npt


class BM25Index:
    """Okapi BM25 over an inverted index; `add` costs O(document length), nothing is ever rebuilt."""

    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._doc_ids: dict[str, array[int]] = {}
        self._counts: dict[str, array[int]] = {}
        self._lengths: array[int] = array("I")
        self._removed = bytearray()
        self._removed_count = 0
        self._total_length = 0
        # numpy views export the arrays' buffers, which must not grow meanwhile: adds and searches
        # from different threads (the API's thread pool) take turns.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._lengths) - self._removed_count

    def add(self, terms: list[str]) -> int:
        """Index a document's terms; returns its document number."""
        with self._lock:
            doc = len(self._lengths)
            self._lengths.append(len(terms))
            self._removed.append(0)
            self._total_length += len(terms)
            for term, count in Counter(terms).items():
                ids = self._doc_ids.get(term)
                if ids is None:
                    ids = self._doc_ids[term] = array("I")
                    self._counts[term] = array("I")
                ids.append(doc)
                self._counts[term].append(count)
            return doc

    @property
    def removed_count(self) -> int:
        """Documents hidden by `remove` whose postings `compact` has not yet dropped."""
        return self._removed_count

    def remove(self, doc: int) -> None:
        """Hide a document from results (its postings stay until `compact`)."""
        with self._lock:
            if not self._removed[doc]:
                self._removed[doc] = 1
                self._removed_count += 1
                self._total_length -= self._lengths[doc]

    def compact(self) -> npt.NDArray[np.int64]:
        """Drop removed documents' postings and renumber the rest in order; returns old -> new (-1: gone).

        Afterwards the index scores as one built from the live documents alone (before, a removed
        document still counted in its terms' document frequencies).
        """
        with self._lock:
            removed = np.frombuffer(self._removed, dtype=np.uint8).astype(bool)
            renumbered = np.cumsum(~removed, dtype=np.int64) - 1
            renumbered[removed] = -1
            for term in list(self._doc_ids):
                ids = np.frombuffer(self._doc_ids[term], dtype=np.uint32)
                kept = ~removed[ids]
                if not kept.any():
                    del self._doc_ids[term], self._counts[term]
                    continue
                counts = np.frombuffer(self._counts[term], dtype=np.uint32)[kept]
                self._doc_ids[term] = _uint_array(renumbered[ids[kept]])
                self._counts[term] = _uint_array(counts)
            self._lengths = _uint_array(np.frombuffer(self._lengths, dtype=np.uint32)[~removed])
            self._removed = bytearray(len(self._lengths))
            self._removed_count = 0
            return renumbered

    def search(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The k best documents for the query terms, as (document number, score), best first."""
        with self._lock:
            return self._search(terms, k)

    def _search(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        live = len(self)
        if not live or not terms or k <= 0:
            return []
        lengths = np.frombuffer(self._lengths, dtype=np.uint32)
        norm_factor = self.k1 * self.b / (self._total_length / live or 1.0)
        norm_base = self.k1 * (1 - self.b)
        scores = np.zeros(len(lengths), dtype=np.float64)
        for term in set(terms):
            ids = self._doc_ids.get(term)
            if ids is None:
                continue
            docs = np.frombuffer(ids, dtype=np.uint32)
            counts = np.frombuffer(self._counts[term], dtype=np.uint32).astype(np.float64)
            frequency = len(ids)
            idf = math.log(1 + (live - frequency + 0.5) / (frequency + 0.5))
            norm = norm_base + norm_factor * lengths[docs]
            # A document appears once in a term's postings, so fancy-indexed += adds no collisions.
            scores[docs] += idf * counts * (self.k1 + 1) / (counts + norm)
        if self._removed_count:
            scores[np.frombuffer(self._removed, dtype=np.uint8).astype(bool)] = 0.0
        candidates = np.flatnonzero(scores)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        ranked = sorted(candidates.tolist(), key=lambda doc: (-scores[doc], doc))
        return [(doc, float(scores[doc])) for doc in ranked]


def _uint_array(values: npt.NDArray[np.integer]) -> array[int]:
    """An array("I") holding `values`, which must fit in 32 bits unsigned."""
    packed = array("I")
    packed.frombytes(values.astype(np.uint32).tobytes())
    return packed
