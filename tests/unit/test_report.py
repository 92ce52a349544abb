"""The checked-article report (JSON and table) with both kinds of citation."""

from __future__ import annotations

from datetime import UTC, datetime

from claimcheck.report import article_json, article_table
from schemas import ArticlePublic, ArticleStatus, Citation, ClaimPublic, SourceCitation, Verdict, VerdictLabel
from schemas.common import DecidedBy

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def article_citing(citation: Citation | SourceCitation) -> ArticlePublic:
    verdict = Verdict(
        label=VerdictLabel.refuted, confidence=1.0, citations=[citation], decided_by=DecidedBy.human
    )
    claim = ClaimPublic(
        id="c1",
        article_id="a1",
        ordinal=0,
        text="The port handled 40 ships in May.",
        sentence="The port handled 40 ships in May.",
        start=0,
        end=33,
        checkworthiness=0.8,
        verdict=verdict,
    )
    return ArticlePublic(
        id="a1",
        status=ArticleStatus.done,
        title="Ports",
        url=None,
        source=None,
        published_at=None,
        language="en",
        created_at=NOW,
        updated_at=NOW,
        claim_count=1,
        counts={VerdictLabel.refuted: 1},
        claims=[claim],
    )


def test_a_reviewers_outside_source_is_reported_with_its_url_and_quote() -> None:
    source = SourceCitation(
        url="https://stats.example.gov/ports",
        title="Port statistics",
        quote="Vessel arrivals: 12",
        accessed_at=NOW,
    )
    article = article_citing(source)
    (cited,) = article_json(article)["claims"][0]["verdict"]["citations"]
    assert cited == {
        "kind": "source",
        "url": "https://stats.example.gov/ports",
        "title": "Port statistics",
        "quote": "Vessel arrivals: 12",
        "accessed_at": "2025-06-01T09:30:00Z",
    }
    table = article_table(article)
    assert "Port statistics <https://stats.example.gov/ports>" in table and '"Vessel arrivals: 12"' in table


def test_an_entry_citation_keeps_the_fields_scripts_rely_on() -> None:
    entry = Citation(
        feed="Wire",
        url="https://wire.example.org/ports",
        title="Port figures",
        published=None,
        passage="The port handled 12 ships in May.",
        start=10,
        end=43,
        entry_id="e1",
        stance="refutes",
        score=0.9,
    )
    (cited,) = article_json(article_citing(entry))["claims"][0]["verdict"]["citations"]
    assert set(cited) == {"feed", "url", "title", "published", "passage", "start", "end"}
