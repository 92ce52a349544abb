"""The LLM verifier against a real HTTP server on 127.0.0.1 playing an OpenAI-compatible endpoint."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.llm import LLMConfig, LLMVerifier, verify_with_llm
from claimcheck.verification.verdict import verify
from schemas.common import VerdictLabel
from schemas.evidence import FeedEntry

RIYADH = (
    "A meeting of US and Ukrainian delegations in Riyadh on Tuesday resulted in a tentative 14-day ceasefire "
    "agreement, officials said. The proposal now awaits a response from Moscow."
)
CLAIM = "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement."


@dataclass
class Reply:
    status: int
    body: str
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def chat(content: str) -> Reply:
    """A 200 chat-completions reply whose message content is `content`."""
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
    return Reply(200, json.dumps(body))


class FakeEndpoint:
    """Replies in the order scripted; records every request body and its Authorization header."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[tuple[dict[str, Any], str | None]] = []
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches on
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length))
                with endpoint.lock:
                    endpoint.requests.append((payload, self.headers.get("Authorization")))
                    reply = endpoint.replies.pop(0) if endpoint.replies else Reply(500, "{}")
                if self.path != "/v1/chat/completions":
                    reply = Reply(404, "{}")
                time.sleep(reply.delay_s)
                data = reply.body.encode()
                try:
                    self.send_response(reply.status)
                    for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as the timeout test intends

            def log_message(self, *_: object) -> None:
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    fake = FakeEndpoint()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def index() -> EvidenceIndex:
    built = EvidenceIndex()
    built.add_entry(
        FeedEntry(
            id="riyadh",
            feed_id="desk",
            feed_title="Front Line Desk",
            url="https://frontline.invalid/riyadh",
            title="Riyadh talks end with a ceasefire proposal",
            published=datetime(2025, 3, 11, tzinfo=UTC),
            text=RIYADH,
            content_hash=hashlib.sha256(RIYADH.encode()).hexdigest(),
        )
    )
    return built


def verifier_for(endpoint: FakeEndpoint, read_timeout_s: float = 2.0, retries: int = 2) -> LLMVerifier:
    config = LLMConfig(
        base_url=endpoint.base_url,
        model="judge-1",
        api_key="sk-test",
        connect_timeout_s=1.0,
        read_timeout_s=read_timeout_s,
        max_retries=retries,
        backoff_s=0.01,
    )
    return LLMVerifier(config)


def test_a_valid_answer_becomes_the_verdict_with_exact_citations(
    endpoint: FakeEndpoint, index: EvidenceIndex
) -> None:
    endpoint.replies.append(
        chat(
            '{"label": "refuted", "confidence": 0.9, "rationale": "It was 14 days.", "evidence_ids": ["E1"]}'
        )
    )
    verifier = verifier_for(endpoint)
    verdict = verify_with_llm(CLAIM, index, 8, 0.5, verifier)
    verifier.close()

    assert verdict.label is VerdictLabel.refuted
    assert verdict.confidence == 0.9
    assert verdict.rationale is not None and verdict.rationale.startswith("judge-1: ")
    assert verdict.citations
    for citation in verdict.citations:
        assert RIYADH[citation.start : citation.end] == citation.passage
    payload, authorization = endpoint.requests[0]
    assert authorization == "Bearer sk-test"
    assert payload["model"] == "judge-1"
    assert CLAIM in payload["messages"][-1]["content"]


@pytest.mark.parametrize(
    "content",
    [
        "the claim is refuted",  # not JSON at all
        '{"label": "refuted", "confidence": 0.9, "rationale": "cut short',  # truncated JSON
        '{"label": "false", "confidence": 0.9, "rationale": "wrong label", "evidence_ids": ["E1"]}',
        '{"label": "refuted", "confidence": 1.7, "rationale": "out of range", "evidence_ids": ["E1"]}',
        '{"label": "refuted", "confidence": 0.9, "rationale": "made-up id", "evidence_ids": ["E9"]}',
        '{"label": "supported", "confidence": 0.9, "rationale": "cites nothing", "evidence_ids": []}',
    ],
)
def test_an_invalid_answer_falls_back_to_the_built_in_verdict(
    endpoint: FakeEndpoint, index: EvidenceIndex, content: str
) -> None:
    endpoint.replies.append(chat(content))
    verifier = verifier_for(endpoint)
    verdict = verify_with_llm(CLAIM, index, 8, 0.5, verifier)
    verifier.close()

    builtin = verify(CLAIM, index, 8, 0.5)
    assert len(endpoint.requests) == 1  # a bad answer is not retried
    assert verdict.label is builtin.label
    assert verdict.rationale == builtin.rationale


def test_a_server_error_is_retried_and_the_next_answer_used(
    endpoint: FakeEndpoint, index: EvidenceIndex
) -> None:
    endpoint.replies.extend(
        [
            Reply(500, '{"error": "overloaded"}'),
            Reply(429, '{"error": "slow down"}', headers={"Retry-After": "0"}),
            chat('{"label": "refuted", "confidence": 0.8, "rationale": "14 days.", "evidence_ids": ["E1"]}'),
        ]
    )
    verifier = verifier_for(endpoint, retries=2)
    verdict = verify_with_llm(CLAIM, index, 8, 0.5, verifier)
    verifier.close()

    assert len(endpoint.requests) == 3
    assert verdict.label is VerdictLabel.refuted
    assert verdict.rationale == "judge-1: 14 days."


def test_retries_are_limited_then_the_built_in_verdict_stands(
    endpoint: FakeEndpoint, index: EvidenceIndex
) -> None:
    endpoint.replies.extend([Reply(503, "{}"), Reply(503, "{}"), Reply(503, "{}"), Reply(503, "{}")])
    verifier = verifier_for(endpoint, retries=1)
    verdict = verify_with_llm(CLAIM, index, 8, 0.5, verifier)
    verifier.close()

    assert len(endpoint.requests) == 2
    assert verdict.rationale == verify(CLAIM, index, 8, 0.5).rationale


def test_a_slow_endpoint_times_out_and_the_built_in_verdict_stands(
    endpoint: FakeEndpoint, index: EvidenceIndex
) -> None:
    slow = chat('{"label": "supported", "confidence": 0.9, "rationale": "late", "evidence_ids": ["E1"]}')
    endpoint.replies.extend([Reply(slow.status, slow.body, delay_s=1.5), Reply(slow.status, slow.body, 1.5)])
    verifier = verifier_for(endpoint, read_timeout_s=0.3, retries=1)
    started = time.monotonic()
    verdict = verify_with_llm(CLAIM, index, 8, 0.5, verifier)
    elapsed = time.monotonic() - started
    verifier.close()

    assert verdict.label is verify(CLAIM, index, 8, 0.5).label
    assert verdict.rationale is not None and not verdict.rationale.startswith("judge-1")
    assert elapsed < 1.5  # two attempts of 0.3 s each, not the server's 1.5 s
