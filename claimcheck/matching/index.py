"""The index of prior checks: BM25 and sentence-embedding candidates, fused, then re-scored.

Three retrievers propose candidates: BM25 over the checked claim and the fact-check's headline, BM25 over
the fact-check's article text where there is one, and cosine similarity of sentence embeddings.

Rows are shared: a prior check's BM25 document number is also its row in the vector matrix, so adding one
costs its terms' postings plus one row, and nothing is rebuilt. Removed or replaced checks leave a hole
that scores nothing.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from claimcheck.matching.scorer import Calibrated, MatchScorer
from claimcheck.matching.signals import clean_text, dice, entity_keys, term_set
from claimcheck.verification.bm25 import BM25Index
from claimcheck.verification.terms import terms
from schemas.common import VerdictLabel

Vectors = npt.NDArray[np.float32]
Mode = Literal["bm25", "dense", "fused", "rerank"]

# Candidates taken from each retriever before fusion; recall@20 of the union barely grows past this.
POOL = 30
# Reciprocal rank fusion's constant (Cormack et al. 2009): 60 damps the head of each list.
RRF_K = 60
# What the judge sees: signals of the pair alone, never of the rest of the collection (see scorer.py).
JUDGE_FEATURES = (
    "cosine",
    "entity_overlap",
    "entity_coverage",
    "number_overlap",
    "number_conflict",
    "term_dice",
    "claim_coverage",
    "query_coverage",
    "title_coverage",
    "bigram_coverage",
    "query_terms_log",
)
LEXICAL_JUDGE_FEATURES = tuple(f for f in JUDGE_FEATURES if f != "cosine")
# Candidates' signals kept, oldest dropped first: about 1.5 KB each, so a bounded 30 MB.
SIGNALS_KEPT = 20_000
# Absolute BM25 scores are left out: they grow with the collection, so weights fitted on 10k-20k checks
# would misjudge a small or a much larger index. Cosine is the absolute signal.
FEATURES = (
    "bm25_relative",
    "bm25_reciprocal_rank",
    "cosine",
    "cosine_gap",
    "dense_reciprocal_rank",
    "fused",
    *JUDGE_FEATURES[1:],  # the pair's own signals after the cosine
    "cosine_x_bm25",
    "body_relative",
    "body_reciprocal_rank",
)
LEXICAL_FEATURES = tuple(
    f
    for f in FEATURES
    if f not in {"cosine", "cosine_gap", "dense_reciprocal_rank", "fused", "cosine_x_bm25"}
)


class Encoder(Protocol):
    """What the index needs of a sentence encoder (claimcheck.embeddings.SentenceEncoder)."""

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Vectors: ...


@dataclass(frozen=True, slots=True)
class PriorCheck:
    """A claim already decided: by a reviewer here ('claim') or by a fact-checker ('claimreview')."""

    kind: str
    id: str
    claim: str
    title: str | None = None
    label: VerdictLabel | None = None
    rating: str | None = None
    fact_checker: str | None = None
    url: str | None = None
    date: str | None = None
    body: str | None = None  # the fact-check's article text, where it came with one

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def search_text(self) -> str:
        """What BM25 indexes: the checked claim and, where there is one, the fact-check's headline."""
        return f"{self.claim} {self.title}" if self.title else self.claim


@dataclass(frozen=True, slots=True)
class RankedMatch:
    """A prior check ranked for a query, with the signals that placed it."""

    prior: PriorCheck
    score: float
    bm25: float
    cosine: float
    shared_entities: tuple[str, ...]
    shared_numbers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A prior check in the fused pool of one query, before scoring."""

    prior: PriorCheck
    features: dict[str, float]
    bm25: float
    cosine: float
    shared_entities: tuple[str, ...]
    shared_numbers: tuple[str, ...]
    dense: bool


def prior_vectors(encoder: Encoder, priors: Sequence[PriorCheck]) -> Vectors:
    """One unit vector per prior check: the mean of its claim's and its headline's embeddings."""
    claims = encoder.encode([clean_text(p.claim) for p in priors])
    titled = [i for i, p in enumerate(priors) if p.title]
    if titled:
        titles = encoder.encode([clean_text(priors[i].title or "") for i in titled])
        claims[titled] += titles
    norms = np.linalg.norm(claims, axis=1, keepdims=True)
    unit: Vectors = (claims / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


@dataclass(frozen=True, slots=True)
class TextSignals:
    """What the scorer compares of one text: its terms, term pairs, names and numbers."""

    terms: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    entities: frozenset[str]
    numbers: frozenset[str]
    title_terms: frozenset[str]

    @classmethod
    def of(cls, text: str, title: str | None = None) -> TextSignals:
        words = terms(text)
        return cls(
            terms=frozenset(words),
            bigrams=bigrams(words),
            entities=entity_keys(f"{text} {title}" if title else text),
            numbers=frozenset(w for w in words if w[0].isdigit()),
            title_terms=term_set(title) if title else frozenset(),
        )


@dataclass(frozen=True, slots=True)
class Ranking:
    """One retriever's list for a query: score and rank (from 1) of each row it returned."""

    scores: dict[int, float]
    ranks: dict[int, int]
    best: float

    @classmethod
    def of(cls, rows: Sequence[tuple[int, float]]) -> Ranking:
        return cls(dict(rows), {row: i + 1 for i, (row, _) in enumerate(rows)}, rows[0][1] if rows else 0.0)

    def relative(self, row: int) -> float:
        """The row's score over the best one, 0 when the retriever did not return it."""
        return self.scores.get(row, 0.0) / self.best if self.best > 0 else 0.0

    def reciprocal_rank(self, row: int) -> float:
        rank = self.ranks.get(row)
        return 1.0 / rank if rank else 0.0

    def fused(self, row: int) -> float:
        """The row's reciprocal-rank-fusion share, scaled so a first place is about 1."""
        rank = self.ranks.get(row)
        return RRF_K / (RRF_K + rank) if rank else 0.0


def candidate_features(
    query: TextSignals,
    prior: TextSignals,
    row: int,
    rankings: tuple[Ranking, Ranking, Ranking],
    cosine: float,
) -> tuple[dict[str, float], tuple[str, ...], tuple[str, ...]]:
    """The scorer's inputs for one (query, prior) pair, and the entities and numbers they share.

    `rankings` are claim-and-headline BM25, article-text BM25 and embeddings; `cosine` is the pair's own.
    """
    lexical, body, dense = rankings
    bm25_relative = lexical.relative(row)
    shared_entities = query.entities & prior.entities
    shared_numbers = query.numbers & prior.numbers
    shared_terms = len(query.terms & prior.terms)
    features = {
        "bm25_relative": bm25_relative,
        "bm25_reciprocal_rank": lexical.reciprocal_rank(row),
        "cosine": cosine,
        "cosine_gap": dense.best - cosine,
        "dense_reciprocal_rank": dense.reciprocal_rank(row),
        "fused": lexical.fused(row) + body.fused(row) + dense.fused(row),
        "entity_overlap": len(shared_entities) / len(prior.entities) if prior.entities else 0.0,
        "entity_coverage": len(shared_entities) / len(query.entities) if query.entities else 0.0,
        "number_overlap": len(shared_numbers) / len(prior.numbers) if prior.numbers else 0.0,
        "number_conflict": float(bool(query.numbers and prior.numbers and not shared_numbers)),
        "term_dice": dice(query.terms, prior.terms),
        # Share of the checked claim's terms the query repeats: a post quoting the claim covers it all.
        "claim_coverage": shared_terms / len(prior.terms) if prior.terms else 0.0,
        "query_coverage": shared_terms / len(query.terms) if query.terms else 0.0,
        "title_coverage": len(query.terms & prior.title_terms) / len(prior.title_terms)
        if prior.title_terms
        else 0.0,
        "bigram_coverage": len(query.bigrams & prior.bigrams) / len(prior.bigrams) if prior.bigrams else 0.0,
        "query_terms_log": math.log1p(len(query.terms)),
        "cosine_x_bm25": cosine * bm25_relative,
        "body_relative": body.relative(row),
        "body_reciprocal_rank": body.reciprocal_rank(row),
    }
    return features, tuple(sorted(shared_entities)), tuple(sorted(shared_numbers))


def bigrams(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of content terms."""
    return frozenset(zip(words, words[1:], strict=False))


class MatchingIndex:
    """Prior checks, searchable by a new claim's text; add and remove one at a time, no rebuild."""

    def __init__(self, scorer: MatchScorer, encoder: Encoder | None = None, k1: float = 1.2, b: float = 0.75):
        self.scorer = scorer
        self.encoder = encoder
        self._bm25 = BM25Index(k1=k1, b=b)
        # The fact-check's article text, where one came with it; its own index, as its lengths differ.
        self._body_bm25 = BM25Index(k1=k1, b=b)
        self._priors: list[PriorCheck | None] = []
        self._row_of: dict[tuple[str, str], int] = {}
        # Each check's signals are worked out the first time it is a candidate, then kept.
        self._signals: dict[int, TextSignals] = {}
        self._vectors: Vectors = np.zeros((0, 384), dtype=np.float32)
        # The matrix grows by doubling while searches read it; adds and searches take turns.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._row_of)

    @property
    def dense(self) -> bool:
        """Whether candidates come from sentence embeddings too (an encoder is loaded)."""
        return self.encoder is not None

    def get(self, kind: str, id: str) -> PriorCheck | None:
        """The live prior check under (kind, id), if any."""
        row = self._row_of.get((kind, id))
        return None if row is None else self._priors[row]

    def add(self, priors: Sequence[PriorCheck], vectors: Vectors | None = None) -> None:
        """Index prior checks (replacing any under the same kind and id); embeds them unless `vectors`."""
        if not priors:
            return
        if vectors is None and self.encoder is not None:
            vectors = prior_vectors(self.encoder, priors)
        with self._lock:
            start = len(self._priors)
            need = start + len(priors)
            if need > len(self._vectors):
                grown = np.zeros(
                    (max(need, 2 * len(self._vectors), 1024), self._vectors.shape[1]), np.float32
                )
                grown[:start] = self._vectors[:start]
                self._vectors = grown
            if vectors is not None:
                self._vectors[start:need] = vectors
            for prior in priors:
                self._drop(prior.key)
                row = self._bm25.add(terms(prior.search_text))
                self._body_bm25.add(terms(prior.body) if prior.body else [])
                self._priors.append(prior)
                self._row_of[prior.key] = row

    def remove(self, kind: str, id: str) -> None:
        """Forget a prior check (a deleted ClaimReview, a human verdict withdrawn)."""
        with self._lock:
            self._drop((kind, id))

    def _drop(self, key: tuple[str, str]) -> None:
        row = self._row_of.pop(key, None)
        if row is not None:
            self._bm25.remove(row)
            self._body_bm25.remove(row)
            self._priors[row] = None
            self._vectors[row] = 0.0
            self._signals.pop(row, None)

    def embed_query(self, text: str) -> Vectors | None:
        """The query's unit vector, or None without an encoder."""
        return None if self.encoder is None else self.encoder.encode([clean_text(text)])[0]

    def search(
        self,
        text: str,
        k: int = 10,
        mode: Mode = "rerank",
        exclude: Collection[tuple[str, str]] = (),
        vector: Vectors | None = None,
    ) -> list[RankedMatch]:
        """The k prior checks most likely to state the same claim as `text`, best first."""
        pool = self.candidates(text, exclude, vector)
        if not pool:
            return []
        rows = [c.features for c in pool]
        part = self.scorer.for_dense(pool[0].dense)
        ranking = self._order(rows, mode, part)
        order = sorted(range(len(pool)), key=lambda i: (-ranking[i], i))[:k]
        # Only the listed candidates are judged: the judge's probability is the score shown and thresholded.
        judged = part.probability([rows[i] for i in order])
        return [
            RankedMatch(
                prior=pool[i].prior,
                score=round(judged[n], 4),
                bm25=round(pool[i].bm25, 4),
                cosine=round(pool[i].cosine, 4),
                shared_entities=pool[i].shared_entities,
                shared_numbers=pool[i].shared_numbers,
            )
            for n, i in enumerate(order)
        ]

    def candidates(
        self, text: str, exclude: Collection[tuple[str, str]] = (), vector: Vectors | None = None
    ) -> list[Candidate]:
        """The union of BM25's and the embeddings' best POOL prior checks, with the scorer's features."""
        query = clean_text(text)
        signals = TextSignals.of(query)
        if vector is None:
            vector = self.embed_query(text)
        query_terms = terms(query)
        with self._lock:
            lexical = self._bm25.search(query_terms, POOL + 1)
            body = self._body_bm25.search(query_terms, POOL + 1)
            cosines = self._cosines(vector)
            priors = list(self._priors)

        def allowed(row: int) -> bool:
            prior = priors[row]
            return prior is not None and prior.key not in exclude

        dense: list[tuple[int, float]] = []
        if cosines is not None:
            top = np.argpartition(-cosines, min(POOL, len(cosines) - 1))[: POOL + 1]
            dense = [(r, float(cosines[r])) for r in sorted(top.tolist(), key=lambda r: -cosines[r])]
        by_bm25, by_body, by_dense = (
            Ranking.of([(r, x) for r, x in listed if allowed(r)][:POOL]) for listed in (lexical, body, dense)
        )
        rankings = (by_bm25, by_body, by_dense)
        found = []
        for row in dict.fromkeys(row for ranking in rankings for row in ranking.ranks):
            prior = priors[row]
            assert prior is not None
            prior_signals = self._signals.get(row)
            if prior_signals is None:
                prior_signals = self._signals[row] = TextSignals.of(prior.claim, prior.title)
                if len(self._signals) > SIGNALS_KEPT:
                    self._signals.pop(next(iter(self._signals)), None)
            cosine = float(cosines[row]) if cosines is not None else 0.0
            features, entities, numbers = candidate_features(signals, prior_signals, row, rankings, cosine)
            bm25 = by_bm25.scores.get(row, 0.0)
            found.append(Candidate(prior, features, bm25, cosine, entities, numbers, cosines is not None))
        return found

    def _cosines(self, vector: Vectors | None) -> npt.NDArray[np.float32] | None:
        if vector is None or not self._priors:
            return None
        result: npt.NDArray[np.float32] = self._vectors[: len(self._priors)] @ vector
        return result

    @staticmethod
    def _order(rows: list[dict[str, float]], mode: Mode, part: Calibrated) -> list[float]:
        if mode == "bm25":
            return [r["bm25_reciprocal_rank"] for r in rows]
        if mode == "dense":
            return [r["dense_reciprocal_rank"] for r in rows]
        if mode == "fused":
            return [r["fused"] for r in rows]
        return part.order(rows)
