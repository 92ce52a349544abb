"""The LLM verifier's answer checking and its mapping to verdicts, without a network."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import httpx
import pytest

from claimcheck.verification.aggregate import judge_passages
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.llm import (
    LLMAnswer,
    LLMAnswerRejected,
    LLMConfig,
    LLMVerifier,
    build_messages,
    evidence_items,
    parse_answer,
    verdict_from_answer,
    verify_with_llm,
)
from claimcheck.verification.query import build_query
from schemas.common import VerdictLabel
from schemas.evidence import FeedEntry

TEXT = (
    "Talks in Riyadh ended on Tuesday. The delegations agreed a tentative 14-day ceasefire, officials said."
)
CLAIM = "The delegations in Riyadh agreed a 30-day ceasefire."


def _index() -> EvidenceIndex:
    index = EvidenceIndex()
    index.add_entry(
        FeedEntry(
            id="e1",
            feed_id="desk",
            feed_title="Desk",
            url=None,
            title="Riyadh talks",
            published=datetime(2025, 3, 11, tzinfo=UTC),
            text=TEXT,
            content_hash=hashlib.sha256(TEXT.encode()).hexdigest(),
        )
    )
    return index


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request expected, got {request.url}")


def test_a_fenced_json_answer_is_accepted() -> None:
    answer = parse_answer(
        '```json\n{"label": "refuted", "confidence": 0.8, "rationale": "r", "evidence_ids": ["E1"]}\n```',
        {"E1"},
    )
    assert answer.label == "refuted" and answer.evidence_ids == ["E1"]


@pytest.mark.parametrize(
    "content",
    [
        "",
        "[]",
        '{"label": "Refuted", "confidence": 0.8, "rationale": "r", "evidence_ids": ["E1"]}',
        '{"label": "refuted", "confidence": -0.1, "rationale": "r", "evidence_ids": ["E1"]}',
        '{"label": "refuted", "confidence": 0.8, "rationale": "", "evidence_ids": ["E1"]}',
        '{"label": "refuted", "confidence": 0.8, "rationale": "r", "evidence_ids": ["E1"], "extra": 1}',
        '{"label": "refuted", "confidence": 0.8, "rationale": "r", "evidence_ids": ["E2"]}',
        '{"label": "refuted", "confidence": 0.8, "rationale": "r"}',
    ],
)
def test_answers_that_break_the_contract_are_rejected(content: str) -> None:
    with pytest.raises(LLMAnswerRejected):
        parse_answer(content, {"E1"})


def test_not_enough_info_may_cite_nothing() -> None:
    answer = parse_answer('{"label": "not_enough_info", "confidence": 0.7, "rationale": "r"}', {"E1"})
    assert answer.label == "not_enough_info"


def test_messages_number_the_evidence_and_carry_the_claim() -> None:
    query = build_query(CLAIM)
    judged = judge_passages(query, _index().search(query.text, 8))
    messages = build_messages(CLAIM, evidence_items(judged))
    assert messages[0]["role"] == "system" and "JSON" in messages[0]["content"]
    assert CLAIM in messages[1]["content"] and "[E1]" in messages[1]["content"]


def test_a_confident_answer_cites_the_windows_it_names_exactly() -> None:
    query = build_query(CLAIM)
    judged = judge_passages(query, _index().search(query.text, 8))
    answer = LLMAnswer(label="refuted", confidence=0.9, rationale="14 days", evidence_ids=["E1", "E1"])
    verdict = verdict_from_answer(answer, judged, review_below=0.5, model="m")
    assert verdict.label is VerdictLabel.refuted
    assert len(verdict.citations) == 1
    citation = verdict.citations[0]
    assert TEXT[citation.start : citation.end] == citation.passage


def test_an_unsure_answer_needs_review_with_its_label_as_best_guess() -> None:
    query = build_query(CLAIM)
    judged = judge_passages(query, _index().search(query.text, 8))
    answer = LLMAnswer(label="supported", confidence=0.3, rationale="maybe", evidence_ids=["E1"])
    verdict = verdict_from_answer(answer, judged, review_below=0.5, model="m")
    assert verdict.label is VerdictLabel.needs_review
    assert verdict.best_guess is VerdictLabel.supported
    assert verdict.citations


def test_a_claim_without_evidence_never_reaches_the_model() -> None:
    config = LLMConfig(base_url="http://127.0.0.1:9/v1", model="m")
    client = httpx.Client(base_url=config.base_url, transport=httpx.MockTransport(_unreachable))
    verifier = LLMVerifier(config, client=client)
    verdict = verify_with_llm("Penguins run the central bank.", EvidenceIndex(), 8, 0.5, verifier)
    verifier.close()
    assert verdict.label is VerdictLabel.not_enough_info
