"""The story-end model cuts the furniture after a story that no sign-off rule knows, and never the story."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck.feeds import story_end
from claimcheck.feeds.article_text import extract_article_text
from claimcheck.feeds.story_end import load_model, story_length, strip_story_end

STORY = [
    "Tenants of the Marrowgate flats will be moved out by the end of June after engineers found cracks in "
    "the building's concrete frame, Pellsworth council said on Thursday.",
    "About 140 households live in the two blocks, which were built in 1968 and last refurbished in 2004.",
    "A survey commissioned by the council found that the frame of the north block had lost up to a fifth of "
    "its strength in places.",
    "Councillor Odile Ferrant, who leads on housing, said the decision was not taken lightly. “Nobody wants "
    "to leave home, but we cannot ask people to live in a building we are not sure of,” she said.",
    "The council said every household would be offered a permanent home of the same size, and that moving "
    "costs would be paid.",
    "Residents' association chair Teodor Blake said people were frightened and angry. “We were told for "
    "years the damp was our fault,” he said.",
    "A public meeting will be held at Marrowgate community centre on Monday at 7pm.",
    "The council expects to decide on the future of the blocks by the autumn.",
]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Marrowgate flats to be emptied</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Marrowgate flats to be emptied</h1>{body}</article>"
        "<footer><p>© Pellsworth Echo</p></footer></body></html>"
    )


@pytest.mark.parametrize(
    "furniture",
    [
        "You can read more of our housing coverage at pellsworth.example/housing.",
        "Filed under: Housing, Pellsworth, Council",
        "Sam Hollis covers housing and planning for the Echo. Reach him at sam.hollis@pellsworth.example.",
        "Join the conversation: comments are open to subscribers for seven days.",
        "Share this story",
    ],
)
def test_unfamiliar_furniture_after_the_story_is_cut(furniture: str) -> None:
    text = extract_article_text(_page([*STORY, furniture])).text
    assert text is not None
    assert furniture not in text
    assert text.endswith(STORY[-1])


@pytest.mark.parametrize(
    "last_line",
    ["The depot employs 310 people.", "Harwell Freight has 14 days to appeal.", "The school has 412 pupils."],
)
def test_a_story_ending_on_a_short_factual_line_keeps_it(last_line: str) -> None:
    # Short and last, it reads to the model like a credit; it carries no mark of furniture, so no cut.
    text = extract_article_text(_page([*STORY, last_line])).text
    assert text is not None
    assert text.endswith(last_line)


def test_a_story_that_ends_on_story_keeps_every_paragraph() -> None:
    assert extract_article_text(_page(STORY)).text == "\n\n".join(STORY)


def test_the_cut_takes_a_low_scored_line_inside_a_run_of_furniture() -> None:
    # "About the society: …" scores low on its own, but furniture stands on both sides of it
    assert story_length([0.1, 0.1, 0.1, 0.1, 0.95, 0.3, 0.99], 0.7) == 4


def test_nothing_is_cut_when_the_last_paragraph_reads_as_story() -> None:
    assert story_length([0.1, 0.1, 0.1, 0.95, 0.99, 0.2], 0.7) == 6


def test_the_cut_never_takes_more_than_half_the_paragraphs() -> None:
    assert story_length([0.1, 0.9, 0.9, 0.9, 0.9, 0.9], 0.7) == 3


def test_the_cut_starts_on_a_paragraph_above_the_threshold() -> None:
    # a story paragraph scored 0.6 before a strong furniture line stays, though the run's sum is positive
    assert story_length([0.1, 0.1, 0.1, 0.6, 0.999], 0.7) == 4


def test_missing_weights_warn_once_and_leave_the_paragraphs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "story_end_model.json"
    with caplog.at_level(logging.WARNING, logger="claimcheck.feeds.story_end"):
        assert load_model(missing) is None
        assert load_model(missing) is None
    assert len([r for r in caplog.records if "story-end model unavailable" in r.message]) == 1
    monkeypatch.setattr(story_end, "load_model", lambda: None)
    assert strip_story_end([*STORY, "Share this story"], [False] * 9) == [*STORY, "Share this story"]


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda raw: raw.update(cue_names=raw["cue_names"][:-1]),
        lambda raw: raw.update(hash_bits=raw["hash_bits"] + 1),
        lambda raw: raw.update(threshold=1.5),
        lambda raw: raw.update(format="claimcheck.story_end/0"),
    ],
)
def test_weights_that_do_not_fit_the_code_are_refused(
    tmp_path: Path, corrupt: Callable[[dict[str, Any]], None], caplog: pytest.LogCaptureFixture
) -> None:
    raw = json.loads(story_end.MODEL_PATH.read_text(encoding="utf-8"))
    corrupt(raw)
    path = tmp_path / "story_end_model.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="claimcheck.feeds.story_end"):
        assert load_model(path) is None
    assert "story-end model unavailable" in caplog.text


def test_the_shipped_weights_load() -> None:
    model = load_model()
    assert model is not None
    assert 0.5 <= model.threshold < 1.0
