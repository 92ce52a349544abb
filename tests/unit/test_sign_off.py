"""Sign-off lines after a story are dropped; story text that merely looks like them stays."""

from __future__ import annotations

import pytest

from claimcheck.feeds.promo_lines import is_promo_line
from claimcheck.feeds.sign_off import strip_sign_off

STORY = [
    "The council approved the new cycle lanes on Tuesday after a two-hour debate.",
    "Work on the first section is due to start in March, the transport committee said.",
]


@pytest.mark.parametrize(
    "sign_off",
    [
        ["Reporting by Ana Lopes in Porto; Editing by Mark Hill"],
        ["Additional reporting by Jo Kim"],
        ["Have you got a story for us?", "Call the newsdesk on 01632 960 482 or email news@paper.example."],
        ["Media enquiries: press office, telephone 0300 123 4567 (8am to 6pm, Monday to Friday)."],
        ["A version of this article appears in print on 3 May 2026, on page 12 of the national edition."],
        ["This article appeared in the spring issue of Tideline magazine."],
        ["Writing by Sam Ode; Editing by Lee Park", "Contact the newsdesk: tips@wire.example"],
        ["Do you have photos of the fire? Send them to us on WhatsApp at 07700 900 318."],
        ["This article was updated at 4.05pm to include a statement from the fire service."],
        ["Correction, 7 May: An earlier version of this article gave the capacity as 210,000."],
        ["Follow the council on Facebook, Instagram and X for the latest news."],
        ["Related internet links", "The Daily Wire is not responsible for the content of external sites."],
        ["■"],
        [
            "(Additional reporting by Sigrun Alm; Writing by Per Hedde)",
            "Distributed by the NNA regional service.",
        ],
        ["Copyright (c) 2026 Ledgerwire & Co. All Rights Reserved."],
        ["Words: Jody Marsh | Photos: Ellis Crane"],
        ["Write to Tomas Pelling at tomas.pelling@ledgerwire.example"],
        ["Do you know someone whose life deserves remembering? Email lives@herald.example with their name."],
        ["CNW writers Lena Vost in Kaltmar and Piet Annaker in Dravosk contributed to this report."],
        [
            "Have a story?",
            "Email news@review.example",
            "This article is for the personal use of registered readers.",
            "To republish it, contact permissions@media.example.",
        ],
        ["Match report sponsored by Fenwright Motors.", "Up the Town! #KTFC"],
        ["This story was produced with support from the Coastal Journalism Fund, which had no say over it."],
        ["(With inputs from Bharati News Service)"],
        ["Want to write for us?", "Drop us a line at editor@fans.example."],
        ["If you have a tip about town government, reply to this email or write to me at me@notes.example."],
        [
            "Follow The Gantry End on Chirp @GantryEndTFC for all the latest news.",
            "Follow us on social media",
        ],
        ["The views expressed in this article are those of the author, not of the site."],
        ["Images are available on request."],
        ["This story was first published by the Oyster Gazette and is republished with permission."],
        ["The Business Times does not provide investment advice. Readers should do their own research."],
        ["Community Reporting is public interest journalism funded through the Cove Coast Media Trust."],
        ["Match ball sponsor: Halloran & Daughters Builders Merchants"],
        ["This story was supported by the Harrowgate Reporting Fund, which has no say in what we cover."],
        ["The Brindle Hill Voice is a not-for-profit community news site.", "About Wexmoor Sound News"],
        ["Contact the communications team on 01632 960 500 or email comms@hospital.example."],
        [
            "Got a story? Call the Gazette newsroom on 01632 960 411 or e-mail news@gazette.example",
            "This article appeared in the print edition of the Gazette on Thursday, May 7, 2026.",
            "Posted by Jean M, Ashby at 10:14 on 09/05/2026 My mother is 84 and has never used a computer.",
            "Posted by Realist at 12:40 on 09/05/2026 Sad but hardly a surprise.",
        ],
        [
            "This story is based on reporting by our sister paper Tinda Posten and was translated by us.",
            "Do you have a tip for us? Contact the newsroom at tips@post.example.",
        ],
        [
            "This article was amended on 14 May 2026 to correct the name of counsel for the respondent.",
            "Law Weekly articles are for information only and do not constitute legal advice.",
        ],
        ["This article is part of Made Here, our series on local makers, sponsored by a bank."],
        ["The bank had no input into the content of this article."],
        ["That's all from us this week. Hit reply if you have a story we should look into.", "Hannah"],
        ["Story filed by Efua Mensah-Dery, Volta Regional Correspondent."],
        ["Fares quoted were correct at the time of publication and may change."],
    ],
)
def test_sign_off_lines_after_the_story_are_dropped(sign_off: list[str]) -> None:
    assert strip_sign_off(STORY + sign_off) == STORY


@pytest.mark.parametrize(
    "ending",
    [
        "Anyone with information is asked to call police on 101 or Crimestoppers on 0800 555 111.",
        "Reporting by the inspectorate found that three wards were understaffed for most of the year.",
        "The helpline, 0800 123 4567, is open from 8am, and the charity said more volunteers were needed.",
        "Is the scheme worth the money?",
        "Readers can still reach the newsroom on 01632 960 411 until the office closes in June.",
    ],
)
def test_story_sentences_that_look_like_sign_offs_stay(ending: str) -> None:
    assert strip_sign_off([*STORY, ending]) == [*STORY, ending]


def test_a_press_release_ends_at_its_notes_to_editors_or_ends_mark() -> None:
    notes = ["Notes to editors", "The lido opened in 1934.", "Photographs are available on request.", "ENDS"]
    assert strip_sign_off(STORY + notes) == STORY
    assert strip_sign_off([*STORY, "ENDS", "About the council: it serves 90,000 residents."]) == STORY
    media = ["Notes for journalists", "Visit Ellery is the tourism body for the Ellery fells."]
    assert strip_sign_off(STORY + media) == STORY


def test_a_wire_story_ends_at_its_end_mark() -> None:
    trailer = ["(END) Ledgerwire Newswires", "March 11, 2026 04:12 ET (08:12 GMT)", "Copyright (c) 2026."]
    assert strip_sign_off(STORY + trailer) == STORY


def test_a_story_sentence_opening_with_a_label_stays() -> None:
    ending = "Photos: the council will publish the survey pictures online next week, it said."
    assert strip_sign_off([*STORY, ending]) == [*STORY, ending]


def test_a_police_appeal_to_call_a_number_stays() -> None:
    ending = "Call police on 101 quoting crime reference 46/1234/26 if you saw the crash."
    assert strip_sign_off([*STORY, ending]) == [*STORY, ending]


def test_the_bylines_bio_closes_the_page_but_another_persons_does_not() -> None:
    bio = "Tamsin Greaves is a writer and photographer based in the Ardle Hills."
    assert strip_sign_off([*STORY, bio], author="Tamsin Greaves") == STORY
    assert strip_sign_off([*STORY, bio], author="Declan Rourke") == [*STORY, bio]
    assert strip_sign_off([*STORY, bio]) == [*STORY, bio]


def test_a_story_sentence_about_reaching_a_newsdesk_stays() -> None:
    ending = "Readers can still reach the newsdesk on 01632 960 233 or by emailing news@courier.example."
    assert strip_sign_off([*STORY, ending]) == [*STORY, ending]


def test_a_sign_off_line_inside_the_story_stays() -> None:
    paragraphs = [STORY[0], "Reporting by Ana Lopes; Editing by Mark Hill", STORY[1]]
    assert strip_sign_off(paragraphs) == paragraphs


def test_a_long_paragraph_that_opens_like_a_credit_stays() -> None:
    long = "Reported by neighbours in " + " ".join(["the", "quiet", "street"] * 20) + "."
    assert strip_sign_off([*STORY, long]) == [*STORY, long]


def test_the_first_paragraph_is_never_dropped() -> None:
    assert strip_sign_off(["Reporting by Ana Lopes"]) == ["Reporting by Ana Lopes"]


def test_the_publishers_own_service_offer_with_call_us_is_story() -> None:
    offer = (
        "If you would like a free home safety visit from our crews, call us on 0800 555 0147 "
        "or fill in the form on our website."
    )
    assert strip_sign_off([*STORY, offer]) == [*STORY, offer]
    assert strip_sign_off([*STORY, "Got a story? Call us on 0800 555 0147."]) == STORY


def test_a_release_ends_at_an_ends_line_with_any_dash() -> None:
    assert strip_sign_off([*STORY, "– Ends –", "Notes about the company."]) == STORY


def test_a_name_alone_closes_a_newsletter_only_as_its_last_line() -> None:
    story = [*STORY, "Hannah", "The next meeting is on 3 June."]
    assert strip_sign_off(story) == story


def test_a_bio_is_recognised_when_the_byline_runs_the_name_into_its_role() -> None:
    # An author card read as one string: the name, then the role printed under it.
    bio = "Oriel Stanmore-Vay is a member of the release team and has contributed since 2021. She edits docs."
    assert strip_sign_off([*STORY, bio], author="Oriel Stanmore-Vay Release team") == STORY
    assert strip_sign_off([*STORY, bio], author="Oriel Stanmore Release team") == [*STORY, bio]


@pytest.mark.parametrize(
    "line",
    [
        "Press release For immediate use",
        "FOR IMMEDIATE RELEASE",
        "Investing in shares puts your capital at risk, and it is not covered by any compensation scheme.",
        "Please read the share offer document carefully before you invest.",
        "From the May 2026 issue",
    ],
)
def test_release_marks_and_investment_risk_warnings_are_page_furniture(line: str) -> None:
    assert is_promo_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The co-operative said members' capital had never been at risk in its ten years of trading.",
        "Press officers said the release would be issued later.",
    ],
)
def test_story_lines_about_risk_or_releases_stay(line: str) -> None:
    assert not is_promo_line(line)
