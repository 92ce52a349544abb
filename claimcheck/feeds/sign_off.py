"""The sign-off lines news pages put after the story: credits, newsdesk appeals, press contacts, print notes.

trafilatura keeps them because they sit inside the article element and read as short prose, but they are
not the report: "Reporting by …; Editing by …", "Call the newsdesk on … or email …", "Media enquiries: …",
"This article appeared in the spring issue of …". Only a run of such paragraphs at the very end is removed,
and each kind is recognised by its form (a credit list, a contact line naming the outlet's desk with a phone
number or address, a print-edition note), so a police appeal or a quoted phone number in the story stays.
"""

from __future__ import annotations

import re

MAX_SIGN_OFF_WORDS = 45  # sign-offs are a line or two; a longer paragraph is story
MAX_APPEAL_WORDS = 15  # "Have you got a story?" before a contact line

# A role, "by", then a capitalised name: "Reporting by the inspectorate found …" is story, not a credit.
_CREDIT = re.compile(
    r"^(?i:(?:(?:additional|further) )?(?:reporting|writing|editing|research|graphics|photography|"
    r"translation|compiled|produced|edited|written|reported) by) [A-Z\u00c0-\u024f]"
)
_PRINT_NOTE = re.compile(
    r"^(?:this|a version of this|an earlier version of this) (?:article|story|piece|report|interview|feature|"
    r"column)\b.{0,80}?\b(?:appear(?:s|ed)|was published|was first published|ran|first ran) (?:in|on)\b",
    re.I,
)
_DESK = re.compile(
    r"\b(?:news ?desk|press office|media (?:enquiries|inquiries|contact)|press (?:enquiries|inquiries)|"
    r"contact (?:us|the (?:news|editor|desk))|get in touch|tip-?offs?)\b",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")


def strip_sign_off(paragraphs: list[str]) -> list[str]:
    """`paragraphs` without the run of sign-off paragraphs at their end (never all of them)."""
    end = len(paragraphs)
    while end > 1:
        paragraph = paragraphs[end - 1]
        if _is_contact(paragraph):
            end -= 1
            if end > 1 and _is_appeal(paragraphs[end - 1]):
                end -= 1
        elif _is_credit(paragraph) or _is_print_note(paragraph):
            end -= 1
        else:
            break
    return paragraphs[:end]


def _words(paragraph: str) -> int:
    return len(paragraph.split())


def _is_credit(paragraph: str) -> bool:
    return _words(paragraph) <= MAX_SIGN_OFF_WORDS and _CREDIT.match(paragraph) is not None


def _is_print_note(paragraph: str) -> bool:
    return _words(paragraph) <= MAX_SIGN_OFF_WORDS and _PRINT_NOTE.match(paragraph) is not None


def _is_contact(paragraph: str) -> bool:
    """A short line that names the outlet's desk or press office and gives a number or an address."""
    if _words(paragraph) > MAX_SIGN_OFF_WORDS or _DESK.search(paragraph) is None:
        return False
    return _EMAIL.search(paragraph) is not None or _PHONE.search(paragraph) is not None


def _is_appeal(paragraph: str) -> bool:
    """A short question asking readers for information, as newsdesk appeals open."""
    return _words(paragraph) <= MAX_APPEAL_WORDS and paragraph.rstrip().endswith("?")
