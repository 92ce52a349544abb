"""An optional second opinion: an OpenAI-compatible chat-completions model judges a claim on its evidence.

Off unless the caller passes a base URL. The model sees the claim and the evidence windows the built-in
verifier judged, each under an id (E1, E2, ...), and must answer one JSON object
{label, confidence, rationale, evidence_ids}. The answer is validated (pydantic); malformed JSON, an unknown
label, a confidence outside [0, 1], an evidence id that was not offered, or a supported/refuted answer that
cites nothing is rejected, and `verify_with_llm` then returns the built-in verdict. Citations are always the
verifier's own windows, so their offsets slice the entry text exactly whatever the model writes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimcheck.errors import ClaimcheckError
from claimcheck.verification.aggregate import JudgedPassage, judge_passages
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.query import build_query
from claimcheck.verification.verdict import citation_of, decide_verdict
from schemas.claims import Verdict
from schemas.common import VerdictLabel

MAX_EVIDENCE_CHARS = 1200
_RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
_FENCE = re.compile(r"^```(?:json)?\s*(?P<body>.*?)\s*```$", re.DOTALL)
SYSTEM_PROMPT = (
    "You check factual claims against reference evidence. Use only the evidence given, not what you know. "
    'Answer with one JSON object and nothing else: {"label": "supported" | "refuted" | "conflicting" | '
    '"not_enough_info", "confidence": a number from 0 to 1, "rationale": one or two sentences, '
    '"evidence_ids": the ids of the evidence items the label rests on}. supported and refuted must cite '
    "at least one id; not_enough_info when the evidence does not bear on the claim."
)


class LLMVerifierError(ClaimcheckError):
    """The model could not give a usable verdict; the caller keeps the built-in one."""

    code = "llm_verifier_failed"


class LLMUnavailable(LLMVerifierError):
    """The endpoint did not answer in time or kept failing after the allowed retries."""

    code = "llm_unavailable"


class LLMAnswerRejected(LLMVerifierError):
    """The endpoint answered, but not with a valid verdict object."""

    code = "llm_answer_rejected"


class LLMAnswer(BaseModel):
    """The verdict object the model must return."""

    model_config = ConfigDict(extra="forbid")

    label: Literal["supported", "refuted", "conflicting", "not_enough_info"]
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = Field(min_length=1, max_length=2000)
    evidence_ids: list[str] = Field(default_factory=list, max_length=20)


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where and how to reach the model; the caller builds it from settings."""

    base_url: str
    model: str
    api_key: str | None = None
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    max_retries: int = 2
    backoff_s: float = 0.5
    max_backoff_s: float = 8.0


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One evidence window offered to the model under `id`."""

    id: str
    source: str
    text: str


def evidence_items(judged: list[JudgedPassage]) -> list[EvidenceItem]:
    """The judged windows as numbered evidence items (E1, E2, ...), in retrieval order."""
    return [
        EvidenceItem(f"E{n}", j.retrieved.entry.feed_title, j.text[:MAX_EVIDENCE_CHARS])
        for n, j in enumerate(judged, start=1)
    ]


def build_messages(claim: str, evidence: list[EvidenceItem]) -> list[dict[str, str]]:
    """The chat messages asking the model to judge `claim` on `evidence`."""
    listing = "\n".join(f"[{item.id}] ({item.source}) {item.text}" for item in evidence)
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Claim: {claim}\n\nEvidence:\n{listing}"},
    ]


def parse_answer(content: str, offered: set[str]) -> LLMAnswer:
    """The model's reply as a validated LLMAnswer citing only `offered` ids; raises LLMAnswerRejected."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group("body")
    try:
        answer = LLMAnswer.model_validate_json(text)
    except ValidationError as exc:
        raise LLMAnswerRejected(
            f"the model's answer is not a valid verdict: {exc.errors()[0]['msg']}"
        ) from exc
    unknown = [i for i in answer.evidence_ids if i not in offered]
    if unknown:
        raise LLMAnswerRejected(f"the model cited evidence it was not given: {unknown}")
    if answer.label in {"supported", "refuted"} and not answer.evidence_ids:
        raise LLMAnswerRejected(f"the model answered {answer.label} without citing evidence")
    return answer


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class LLMVerifier:
    """A chat-completions client that turns (claim, evidence) into a validated LLMAnswer."""

    def __init__(
        self,
        config: LLMConfig,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        timeout = httpx.Timeout(config.read_timeout_s, connect=config.connect_timeout_s)
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = client or httpx.Client(
            base_url=config.base_url.rstrip("/"),
            timeout=timeout,
            headers=headers,
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=2),
        )
        self._sleep = sleep

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """POST /chat/completions with limited retries and exponential backoff on 429, 5xx and timeouts."""
        last = "no attempt made"
        for attempt in range(self.config.max_retries + 1):
            if attempt:
                self._sleep(min(self.config.max_backoff_s, self.config.backoff_s * 2 ** (attempt - 1)))
            try:
                response = self._client.post("/chat/completions", json=payload)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in _RETRY_STATUS:
                last = f"HTTP {response.status_code}"
                wait = _retry_after(response)
                if wait is not None and attempt < self.config.max_retries:
                    self._sleep(min(self.config.max_backoff_s, wait))
                continue
            if response.status_code != 200:
                raise LLMUnavailable(f"the model endpoint answered HTTP {response.status_code}")
            try:
                body = response.json()
            except json.JSONDecodeError as exc:
                raise LLMAnswerRejected("the model endpoint did not answer JSON") from exc
            if not isinstance(body, dict):
                raise LLMAnswerRejected("the model endpoint's answer is not a JSON object")
            return body
        raise LLMUnavailable(f"the model endpoint failed {self.config.max_retries + 1} times; last: {last}")

    def judge(self, claim: str, evidence: list[EvidenceItem]) -> LLMAnswer:
        """The model's verdict on `claim` from `evidence`; raises an LLMVerifierError when unusable."""
        payload = {
            "model": self.config.model,
            "messages": build_messages(claim, evidence),
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        body = self._post(payload)
        try:
            content = body["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMAnswerRejected("the model endpoint's answer has no message content") from exc
        if not isinstance(content, str):
            raise LLMAnswerRejected("the model's message content is not text")
        return parse_answer(content, {item.id for item in evidence})


def verdict_from_answer(
    answer: LLMAnswer, judged: list[JudgedPassage], review_below: float, model: str
) -> Verdict:
    """The Verdict for a validated answer: cited windows become citations, low confidence needs review."""
    by_id = {f"E{n}": j for n, j in enumerate(judged, start=1)}
    label = VerdictLabel(answer.label)
    cited = [by_id[i] for i in dict.fromkeys(answer.evidence_ids)]
    citations = [citation_of(j) for j in cited]
    rationale = f"{model}: {answer.rationale}"
    confidence = round(answer.confidence, 3)
    if confidence < review_below:
        return Verdict(
            label=VerdictLabel.needs_review,
            confidence=confidence,
            best_guess=label,
            citations=citations,
            rationale=f"leaning {label.value}, not confident: {rationale}",
        )
    if label is VerdictLabel.not_enough_info:
        citations = []
    return Verdict(label=label, confidence=confidence, citations=citations, rationale=rationale)


def verify_with_llm(
    claim: str, index: EvidenceIndex, top_k: int, review_below: float, verifier: LLMVerifier
) -> Verdict:
    """The model's verdict on the retrieved evidence, or the built-in verdict when the model fails."""
    query = build_query(claim)
    retrieved = index.search(query.text, top_k)
    builtin = decide_verdict(claim, retrieved, review_below)
    judged = judge_passages(query, retrieved)
    if not judged:
        return builtin  # nothing to show the model: the built-in not_enough_info stands
    try:
        answer = verifier.judge(claim, evidence_items(judged))
    except LLMVerifierError:
        return builtin
    return verdict_from_answer(answer, judged, review_below, verifier.config.model)
