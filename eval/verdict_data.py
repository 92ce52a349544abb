"""Verdict benchmark claims: AVeriTeC records or a generic JSONL, each with its own evidence corpus.

Only the claim text (with its date and speaker, kept for reference) and the evidence texts are read; an
AVeriTeC record's justification, answer types, boolean explanations, claim types and strategies are
never read, so they cannot reach the verifier.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from claimcheck.verification.index import EvidenceIndex
from schemas.evidence import FeedEntry

LABELS = ("supported", "refuted", "conflicting", "not_enough_info")
_AVERITEC_LABELS = {
    "Supported": "supported",
    "Refuted": "refuted",
    "Conflicting Evidence/Cherrypicking": "conflicting",
    "Not Enough Evidence": "not_enough_info",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    title: str
    text: str
    url: str | None


@dataclass(frozen=True, slots=True)
class VerdictCase:
    claim: str
    label: str
    date: str | None
    speaker: str | None
    evidence: tuple[Evidence, ...]


def _averitec(record: dict[str, object]) -> VerdictCase:
    evidence = []
    questions = record.get("questions") or []
    assert isinstance(questions, list)
    for qa in questions:
        question = str(qa["question"]).strip()
        if question and question[-1] not in ".?!":
            question += "?"
        for answer in qa.get("answers") or []:
            text = str(answer["answer"]).strip()
            evidence.append(Evidence(question, f"{question} {text}", answer.get("source_url") or None))
    return VerdictCase(
        claim=str(record["claim"]),
        label=_AVERITEC_LABELS[str(record["label"])],
        date=str(record["claim_date"]) if record.get("claim_date") else None,
        speaker=str(record["speaker"]) if record.get("speaker") else None,
        evidence=tuple(evidence),
    )


def _generic(record: dict[str, object]) -> VerdictCase:
    texts = record.get("evidence") or []
    assert isinstance(texts, list)
    return VerdictCase(
        claim=str(record["claim"]),
        label=str(record["label"]),
        date=None,
        speaker=None,
        evidence=tuple(Evidence(str(t).split(".")[0][:120], str(t), None) for t in texts),
    )


def read_cases(path: Path) -> list[VerdictCase]:
    """AVeriTeC (a JSON list with `questions`) or JSONL lines of {claim, label, evidence: [str, ...]}."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl" or not raw.lstrip().startswith("["):
        records = [json.loads(line) for line in raw.splitlines() if line.strip()]
    else:
        records = json.loads(raw)
    cases = [_averitec(r) if "questions" in r else _generic(r) for r in records]
    for case in cases:
        if case.label not in LABELS:
            raise ValueError(f"unknown label {case.label!r}; expected one of {LABELS}")
    return cases


def build_index(case: VerdictCase) -> EvidenceIndex:
    """An evidence index of the case's own corpus: one feed entry per evidence text."""
    index = EvidenceIndex()
    for number, evidence in enumerate(case.evidence):
        host = urlparse(evidence.url).netloc if evidence.url else ""
        index.add_entry(
            FeedEntry(
                id=f"e{number}",
                feed_id="benchmark",
                feed_title=host or "benchmark evidence",
                url=evidence.url,
                title=evidence.title,
                published=None,
                text=evidence.text,
                content_hash=hashlib.sha256(evidence.text.encode()).hexdigest(),
            )
        )
    return index
