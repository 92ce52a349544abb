"""Evidence pooling: retrieved passages read in their windows, judged, weighed, and summed up per claim.

Each retrieved passage is read in its evidence window (a question is read with its answer), judged for stance,
and weighed by feed trust, recency relative to the newest evidence retrieved, and its retrieval score relative
to the best. `verdict_features` pools the judged passages into the claim-level figures the verdict is made of.
With the reader, stance is the reader's reading of each window, and the reader also reads the claim against
the leading windows joined (`joint_reading`): evidence that settles a claim only together, as a fact-checker's
questions and answers do, is read as a whole too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimcheck.reader.model import PairReader, Reading
from claimcheck.verification.features import (
    DEBUNK_CUES,
    FEATURE_NAMES,
    answer_part,
    negated,
    stance_features,
    unanswered,
    yes_no_answer,
)
from claimcheck.verification.framing import absolute, second_hand
from claimcheck.verification.index import RetrievedPassage
from claimcheck.verification.passages import split_passages
from claimcheck.verification.query import ClaimQuery
from claimcheck.verification.stance import (
    StanceScores,
    default_model,
    stance_from_features,
    stance_from_reading,
)
from claimcheck.verification.term_weights import weighted_coverage
from claimcheck.verification.terms import terms

RECENCY_HALF_LIFE_DAYS = 180.0
# Windows below this weighted share of the claim's terms are not given to the reader; they count as the
# reader's neutral reading. Chosen on 600 AVeriTeC train claims: 0.1 kept accuracy and macro-F1 (0.728 /
# 0.547 against 0.725 / 0.545 reading every window), 0.15 cost 0.014 macro-F1 (docs/EVALUATION.md).
READ_MIN_RELEVANCE = 0.1
UNREAD = Reading(entailment=0.0, neutral=1.0, contradiction=0.0)
VERDICT_FEATURES = (
    "support_pooled",
    "refute_pooled",
    "support_max",
    "refute_max",
    "both",
    "margin",
    "relevance_max",
    "stance_present",
    "asked",
    "yes_share",
    "no_share",
    "unanswered_share",
    "quantity_conflict_max",
    "quantity_match_max",
    "debunk_share",
    "answer_negated_share",
    "log_passages",
    "second_hand",
    "absolute",
    "joint_entail",
    "joint_contradict",
)
# Evidence the joint reading joins: the reader's length cap cuts the rest anyway.
JOINT_WINDOWS = 6
_FEATURE = {name: i for i, name in enumerate(FEATURE_NAMES)}
_SHORT_ANSWER_WORDS = 6
_QA_ENTRY_CHARS = 1500


@dataclass(frozen=True, slots=True)
class JudgedPassage:
    """A retrieved passage read in its evidence window, with its stance, weight and relevance as evidence.

    `relevance` is the largest weighted share of the claim's terms in two adjacent sentences of the window.
    """

    retrieved: RetrievedPassage
    start: int
    end: int
    features: list[float]
    scores: StanceScores
    weight: float
    relevance: float

    @property
    def text(self) -> str:
        """The evidence window: `entry.text[start:end]`."""
        return self.retrieved.entry.text[self.start : self.end]

    @property
    def support(self) -> float:
        """Weighted probability that this passage supports the claim."""
        return self.weight * self.scores.supports

    @property
    def refute(self) -> float:
        """Weighted probability that this passage refutes the claim."""
        return self.weight * self.scores.refutes


def evidence_window(retrieved: RetrievedPassage) -> tuple[int, int]:
    """Offsets of the passage, widened to question and answer when it is part of such a pair."""
    passage, text = retrieved.passage, retrieved.entry.text
    question = text.find("?")
    if (
        question >= 0
        and len(text) <= _QA_ENTRY_CHARS
        and "?" not in text[question + 1 :]
        and not re.search(r"[.!]\s", text[:question])
    ):
        # An entry that is one question and its answer is read whole.
        return 0, len(text.rstrip())
    asks = passage.text.rstrip().endswith("?")
    answers = len(passage.text.split()) <= _SHORT_ANSWER_WORDS and text[: passage.start].rstrip().endswith(
        "?"
    )
    if not asks and not answers:
        return passage.start, passage.end
    spans = [(p.start, p.end) for p in split_passages(retrieved.entry)]
    here = next((i for i, span in enumerate(spans) if span == (passage.start, passage.end)), None)
    if here is None:
        return passage.start, passage.end
    if asks and here + 1 < len(spans):
        return passage.start, spans[here + 1][1]
    if answers and here > 0:
        return spans[here - 1][0], passage.end
    return passage.start, passage.end


def _recency(retrieved: list[RetrievedPassage]) -> list[float]:
    """1 for the newest evidence, halving every RECENCY_HALF_LIFE_DAYS before it; 0.8 when undated."""
    dates = [r.entry.published for r in retrieved]
    known = [d for d in dates if d is not None]
    if not known:
        return [1.0] * len(retrieved)
    newest = max(known)
    weights = []
    for date in dates:
        if date is None:
            weights.append(0.8)
        else:
            age = max(0.0, (newest - date).total_seconds() / 86400)
            weights.append(0.5 + 0.5 * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS))
    return weights


def judge_passages(
    query: ClaimQuery, retrieved: list[RetrievedPassage], reader: PairReader | None = None
) -> list[JudgedPassage]:
    """Stance and weight of every distinct evidence window among the retrieved passages.

    With `reader` the stance is the reader's, from one batched pass over all windows; else lexical.
    """
    if not retrieved:
        return []
    top_score = max(r.score for r in retrieved) or 1.0
    windows: list[tuple[RetrievedPassage, float, int, int]] = []
    seen: set[tuple[str, int, int]] = set()
    for r, recency in zip(retrieved, _recency(retrieved), strict=True):
        start, end = evidence_window(r)
        if (r.entry.id, start, end) not in seen:
            seen.add((r.entry.id, start, end))
            windows.append((r, recency, start, end))
    read = [_stance_reading(query, r.entry.text[start:end]) for r, _, start, end in windows]
    scored: list[StanceScores]
    if reader is None:
        model = default_model()
        scored = [stance_from_features(features, model) for _, features, _ in read]
    else:
        # The reader was trained on whole question-and-answer pairs, so it reads the window, not the reply.
        # A window sharing almost none of the claim's terms is not read: it settles nothing either way.
        texts = [r.entry.text[start:end] for r, _, start, end in windows]
        to_read = [i for i, (_, _, relevance) in enumerate(read) if relevance >= READ_MIN_RELEVANCE]
        found = reader.read([(query.claim, texts[i]) for i in to_read])
        readings = dict.fromkeys(range(len(windows)), UNREAD) | dict(zip(to_read, found, strict=True))
        scored = [stance_from_reading(f, readings[i]) for i, (_, f, _) in enumerate(read)]
    judged: list[JudgedPassage] = []
    for (r, recency, start, end), (_, features, relevance), scores in zip(windows, read, scored, strict=True):
        retrieval = 0.5 + 0.5 * max(0.0, r.score) / top_score
        weight = r.entry.trust * recency * retrieval
        judged.append(JudgedPassage(r, start, end, features, scores, weight, relevance))
    return judged


def _stance_reading(query: ClaimQuery, window: str) -> tuple[str, list[float], float]:
    """The text whose stance counts, its lexical features, and the window's relevance to the claim."""
    features = stance_features(query, window)
    relevance = features[_FEATURE["weighted_window"]]
    reply = answer_part(window)
    if not reply or len(reply.split()) <= _SHORT_ANSWER_WORDS:
        return window, features, relevance
    # The answer, not the question that restates the claim, says whether the claim holds; the yes/no
    # reading still needs the question.
    answer_features = stance_features(query, reply)
    for name in ("answer_yes", "answer_no"):
        answer_features[_FEATURE[name]] = features[_FEATURE[name]]
    return reply, answer_features, relevance


def asked(query: ClaimQuery, text: str) -> float:
    """Weighted share of the claim's terms in the question of a question-and-answer passage (0 for prose)."""
    mark = text.find("?")
    if not 0 <= mark < len(text) - 1:
        return 0.0
    return weighted_coverage(query.key_terms, set(terms(text[:mark])))


def joint_reading(claim: str, judged: list[JudgedPassage], reader: PairReader) -> Reading:
    """The reader's reading of the claim against its leading distinct windows, in retrieval order, joined."""
    texts = list(dict.fromkeys(j.text.strip() for j in judged))[:JOINT_WINDOWS]
    return reader.read([(claim, " ".join(texts))])[0]


def verdict_features(
    query: ClaimQuery, judged: list[JudgedPassage], joint: Reading | None = None
) -> list[float]:
    """The claim-level figures of VERDICT_FEATURES pooled over judged passages (`joint`: the reader's
    reading of them together; 0 without the reader)."""
    framing = [second_hand(query.claim), absolute(query.claim)]
    together = [0.0, 0.0] if joint is None else [joint.entailment, joint.contradiction]
    if not judged:
        return [0.0] * (len(VERDICT_FEATURES) - len(framing) - 2) + framing + together
    support = 1 - math.prod(1 - j.support for j in judged)
    refute = 1 - math.prod(1 - j.refute for j in judged)

    def most(name: str) -> float:
        return max(j.features[_FEATURE[name]] for j in judged)

    def mean(name: str) -> float:
        return sum(j.features[_FEATURE[name]] for j in judged) / len(judged)

    answers = [yes_no_answer(query, j.text) for j in judged]
    yes = sum(1 for a in answers if a is not None and a.yes)
    no = sum(1 for a in answers if a is not None and not a.yes)
    replies = [r for r in (answer_part(j.text) for j in judged) if r and not unanswered(r)]
    claim_negated = negated(query.claim)
    return [
        support,
        refute,
        max(j.support for j in judged),
        max(j.refute for j in judged),
        min(support, refute),
        support - refute,
        max(j.relevance for j in judged),
        max(1 - j.scores.neutral for j in judged),
        max(asked(query, j.text) for j in judged),
        yes / len(judged),
        no / len(judged),
        mean("unanswered"),
        most("quantity_conflict"),
        most("quantity_match"),
        sum(1 for j in judged if DEBUNK_CUES.search(j.text)) / len(judged),
        sum(1 for r in replies if negated(r) != claim_negated) / len(judged),
        math.log1p(len(judged)),
        *framing,
        *together,
    ]
