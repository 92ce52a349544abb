"""An incremental BM25 index: documents are added one at a time, with no rebuild."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict


class BM25Index:
    """Okapi BM25 over an inverted index; `add` costs O(document length)."""

    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        self._total_length = 0
        self._removed: set[int] = set()

    def __len__(self) -> int:
        return len(self._lengths) - len(self._removed)

    def add(self, terms: list[str]) -> int:
        """Index a document's terms; returns its document number."""
        doc = len(self._lengths)
        self._lengths.append(len(terms))
        self._total_length += len(terms)
        for term, count in Counter(terms).items():
            self._postings[term].append((doc, count))
        return doc

    def remove(self, doc: int) -> None:
        """Hide a document from results (its postings stay until the index is rebuilt)."""
        if doc not in self._removed:
            self._removed.add(doc)
            self._total_length -= self._lengths[doc]

    def search(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The k best documents for the query terms, as (document number, score)."""
        live = len(self)
        if not live or not terms:
            return []
        average = self._total_length / live or 1.0
        scores: dict[int, float] = defaultdict(float)
        for term in set(terms):
            postings = self._postings.get(term)
            if not postings:
                continue
            frequency = len(postings)
            idf = math.log(1 + (live - frequency + 0.5) / (frequency + 0.5))
            for doc, count in postings:
                if doc in self._removed:
                    continue
                norm = self.k1 * (1 - self.b + self.b * self._lengths[doc] / average)
                scores[doc] += idf * count * (self.k1 + 1) / (count + norm)
        return heapq.nsmallest(k, scores.items(), key=lambda item: (-item[1], item[0]))
