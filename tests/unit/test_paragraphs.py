"""Normalisation, paragraph selection and sentence splitting: offsets always point into the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extraction.boilerplate import boilerplate_reason, is_prompt_sentence
from claimcheck.extraction.normalize import normalize_text
from claimcheck.extraction.paragraphs import (
    paragraph_key,
    select_paragraphs,
    split_paragraphs,
    unique_paragraphs,
)
from claimcheck.extraction.sentences import split_sentences

# Text made of words, punctuation, quotes, line breaks, tags, entities and odd characters.
_PIECES = st.sampled_from(
    [
        "Starmer", "said", "the", "U.S.", "Dr.", "O.", "coalition", "grew", ".", "?", "!", ",", " ", "  ",
        "\n",
        "\n\n", "\r\n", "\t", "“", "”", "’", "—", "–", "2009–2017", "<p>", "</p>", "<b>", "<br/>", "&amp;",
        "&nbsp;", "&#8217;", "\x00", "\x07", "\u200b", "\ufeff", "ﬁ", "é", "e\u0301", "…", "Read more", "1.",
        "<script>x()</script>", "By Jane Doe", "Ünïcödé", "日本",
    ]
)  # fmt: skip
texts = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=200)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalised_spans_map_inside_the_original_text(text: str) -> None:
    norm = normalize_text(text)
    for start in range(len(norm.text) + 1):
        for end in (start, min(len(norm.text), start + 1), len(norm.text)):
            if end < start:
                continue
            begin, finish = norm.to_original(start, end)
            assert 0 <= begin <= finish <= len(text)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalised_text_has_no_control_characters_or_tags(text: str) -> None:
    norm = normalize_text(text)
    assert not any(ord(c) < 32 and c != "\n" for c in norm.text)
    assert "<p>" not in norm.text and "<script>" not in norm.text
    assert "“" not in norm.text and "’" not in norm.text


def test_normalisation_maps_words_back_to_their_original_place() -> None:
    text = "<p>Starmer&nbsp;said the “coalition” grew.</p>\r\n<p>Zelensky\x00 agreed — twice.</p>"
    norm = normalize_text(text)
    assert '"coalition"' in norm.text
    assert "<p>" not in norm.text and "\x00" not in norm.text
    start = norm.text.index("Zelensky")
    begin, end = norm.to_original(start, start + len("Zelensky agreed"))
    assert text[begin:end] == "Zelensky\x00 agreed"
    start = norm.text.index('"coalition"')
    begin, end = norm.to_original(start, start + len('"coalition"'))
    assert text[begin:end] == "“coalition”"


def test_plain_ascii_text_is_left_unchanged() -> None:
    text = "Starmer said the coalition grew.\nIt met on Saturday."
    norm = normalize_text(text)
    assert norm.text == text
    assert norm.to_original(8, 12) == (8, 12)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_paragraph_offsets_slice_the_text(text: str) -> None:
    for paragraph in split_paragraphs(text):
        assert text[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.text == paragraph.text.strip() and paragraph.text


@given(texts)
@settings(max_examples=300, deadline=None)
def test_dedupe_is_idempotent(text: str) -> None:
    once = unique_paragraphs(text)
    twice = unique_paragraphs("\n".join(p.text for p in once))
    assert [p.text for p in twice] == [p.text for p in once]


@given(st.lists(st.sampled_from(["Alpha rose.", "Beta fell.", "Gamma held.", "ALPHA  rose."]), max_size=12))
def test_each_paragraph_is_kept_once_in_first_occurrence_order(paragraphs: list[str]) -> None:
    kept = [p.text for p in unique_paragraphs("\n".join(paragraphs))]
    assert [paragraph_key(p) for p in kept] == list(dict.fromkeys(paragraph_key(p) for p in paragraphs))
    assert all(p in paragraphs for p in kept)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_sentence_offsets_slice_the_paragraph(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        sentence = text[span.start : span.end]
        assert sentence and sentence == sentence.strip()
        assert span.start >= previous_end
        previous_end = span.end
    # Nothing but whitespace is lost between sentences.
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_sentences_split_at_full_stops_but_not_at_abbreviations_or_initials() -> None:
    text = (
        'Justice William O. Douglas was born on Oct. 16, 1898. U.S. President Donald Trump said "No." '
        "Really? Yes!"
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Justice William O. Douglas was born on Oct. 16, 1898.",
        'U.S. President Donald Trump said "No."',
        "Really?",
        "Yes!",
    ]


def test_list_numbers_stay_with_their_item() -> None:
    text = "They are: 1. Sandra Day O'Connor, appointed in 1981. 2. Ruth Bader Ginsburg, appointed in 1993."
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "They are: 1. Sandra Day O'Connor, appointed in 1981.",
        "2. Ruth Bader Ginsburg, appointed in 1993.",
    ]


def test_text_without_sentence_end_is_one_sentence() -> None:
    assert [(s.start, s.end) for s in split_sentences("  Starmer proposed a coalition  ")] == [(2, 30)]


def test_bylines_share_prompts_and_newsletter_signups_are_dropped() -> None:
    text = (
        "By Jane Doe and John Roe, BBC News\n"
        "Starmer proposed a coalition of the willing.\n"
        "Read more: Trump's stance on Ukraine\n"
        "Share this article\n"
        "Sign up for our newsletter\n"
        "Starmer proposed a coalition of the willing.\n"
        "By Tuesday, the coalition had grown to 29 countries.\n"
    )
    selection = select_paragraphs(text)
    assert [p.text for p in selection.kept] == [
        "Starmer proposed a coalition of the willing.",
        "By Tuesday, the coalition had grown to 29 countries.",
    ]
    reasons = [d.reason for d in selection.dropped]
    assert reasons == ["byline", "boilerplate", "boilerplate", "boilerplate", "repeated paragraph"]


def test_ordinary_sentences_are_not_boilerplate() -> None:
    assert boilerplate_reason("Subscribers to the service rose by 5% in March.") is None
    assert boilerplate_reason("Copyright law was changed in 2019 after a long debate.") is None
    assert boilerplate_reason("By 2030 the coalition plans to double its budget.") is None
    assert is_prompt_sentence("Sign up for our newsletter to get the latest news.")
    assert not is_prompt_sentence("The minister signed up to the pledge on Monday.")
