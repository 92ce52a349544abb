"""Bad input never crashes or hangs extraction: a normal result, or no claims and a reason in `skipped`."""

from __future__ import annotations

import time

import pytest

from claimcheck.extraction import ExtractionResult, extract_claims
from claimcheck.extraction.pipeline import MAX_SENTENCES


def _assert_offsets_hold(text: str, result: ExtractionResult) -> None:
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.sentence
    for skipped in result.skipped:
        assert 0 <= skipped.start <= len(text)
        assert text[skipped.start : skipped.start + len(skipped.sentence)] == skipped.sentence


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \r\n"])
def test_empty_text_yields_no_claims_and_says_why(text: str) -> None:
    result = extract_claims(text)
    assert result.claims == []
    assert [s.reason for s in result.skipped] == ["empty text"]


@pytest.mark.parametrize(
    "text",
    [
        "El presidente británico, Keir Starmer, afirmó el sábado que la coalición de voluntarios ha "
        "crecido y que los líderes militares se reunirán la próxima semana en el Reino Unido.",
        "Der britische Premierminister Keir Starmer sagte am Samstag, die Koalition der Willigen sei "
        "gewachsen und die Militärführer würden sich nächste Woche in Großbritannien treffen.",
        "Премьер-министр Великобритании Кир Стармер заявил в субботу, что коалиция желающих расширилась.",
        "英国首相斯塔默周六表示，自愿联盟已经扩大，军事领导人将于下周在英国会面。",
    ],
)
def test_non_english_text_yields_no_claims_with_reason_not_english(text: str) -> None:
    result = extract_claims(text)
    assert result.claims == []
    assert [s.reason for s in result.skipped] == ["not English"]
    _assert_offsets_hold(text, result)


def test_html_pasted_as_text_is_read_as_its_visible_text() -> None:
    text = (
        "<html><head><title>News</title><script>var claims = 'Macron resigned.';</script></head><body>"
        "<h1>Coalition grows</h1><p>Starmer said the coalition had grown to 29 countries.</p>"
        "<p>Share this article</p></body></html>"
    )
    result = extract_claims(text)
    assert [c.text for c in result.claims] == ["Starmer said the coalition had grown to 29 countries."]
    assert result.claims[0].sentence == "Starmer said the coalition had grown to 29 countries."
    assert ("boilerplate", "Share this article") in [(s.reason, s.sentence) for s in result.skipped]
    _assert_offsets_hold(text, result)


def test_markup_without_text_says_so() -> None:
    result = extract_claims("<div><br/><img src='x.png'></div>")
    assert result.claims == []
    assert [s.reason for s in result.skipped] == ["no text after removing markup"]


def test_text_without_a_sentence_end_still_yields_its_claim() -> None:
    text = "Starmer proposed a coalition of the willing at a summit in London"
    result = extract_claims(text)
    assert [c.text for c in result.claims] == [
        "Starmer proposed a coalition of the willing at a summit in London."
    ]
    _assert_offsets_hold(text, result)


def test_run_on_text_without_sentence_ends_is_skipped_as_too_long() -> None:
    text = " ".join(["Starmer proposed a coalition of the willing at a summit in London"] * 50)
    result = extract_claims(text)
    assert result.claims == []
    assert result.skipped[0].reason.startswith("sentence too long")


def test_control_characters_are_ignored_and_offsets_still_slice_the_original() -> None:
    text = "Starmer\x00 said\x07 the coalition\x1b had grown.\x0c Macron\u200b pledged troops."
    result = extract_claims(text)
    assert [c.text for c in result.claims] == [
        "Starmer said the coalition had grown.",
        "Macron pledged troops.",
    ]
    assert result.claims[0].sentence == "Starmer\x00 said\x07 the coalition\x1b had grown."
    _assert_offsets_hold(text, result)


@pytest.mark.parametrize("text", ["!!! ... ??? ---", "12345 67890", "\u200b\u200b\ufeff"])
def test_text_without_words_yields_no_claims(text: str) -> None:
    result = extract_claims(text)
    assert result.claims == []
    assert result.skipped


@pytest.mark.parametrize("text", ["<script>" * 100_000, "a" * 1_000_000, "<!--" * 200_000])
def test_pathological_megabyte_inputs_finish_quickly(text: str) -> None:
    started = time.perf_counter()
    result = extract_claims(text)
    assert time.perf_counter() - started < 10
    assert result.claims == []
    assert result.skipped


def _distinct_megabyte() -> str:
    names = ["Keir Starmer", "Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz"]
    places = ["Kursk", "Kharkiv", "Odesa", "Dnipro", "Sumy"]
    paragraphs = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < 1_000_000:
        paragraphs.append(
            " ".join(
                f"{names[(n + k) % 4]} said on day {n} that {(n * 37 + k) % 900 + 100} soldiers had crossed "
                f"the river near {places[(n + k) % 5]} before report {n}-{k}."
                for k in range(5)
            )
        )
        n += 1
    return "\n\n".join(paragraphs)[:1_000_000]


@pytest.mark.timeout(180)
def test_a_megabyte_article_is_read_up_to_the_sentence_limit_in_bounded_time() -> None:
    text = _distinct_megabyte()
    started = time.perf_counter()
    result = extract_claims(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 90
    assert result.claims
    limit = [s for s in result.skipped if s.reason.startswith("sentence limit")]
    assert limit and limit[0].start > result.claims[-1].start
    assert len({c.sentence for c in result.claims}) <= MAX_SENTENCES
    _assert_offsets_hold(text, result)
