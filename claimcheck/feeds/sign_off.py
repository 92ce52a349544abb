"""The sign-off lines news pages put after the story: credits, appeals, contacts, notes, bios, release ends.

trafilatura keeps them because they sit inside the article element and read as short prose, but they are
not the report: "Reporting by …; Editing by …", "Call the newsdesk on … or email …", "Media enquiries: …",
"This article appeared in the spring issue of …", "This article was updated at 4.05pm …", "Correction, 7 May:
…", the author's bio, "Follow us on …", rights and syndication lines, and a press release's "Notes to
editors" or "ENDS", or a wire story's "(END)", with what follows.
Only a run of such paragraphs at the very end is removed, and each kind is recognised by its form (a credit
list, a contact line naming the outlet's desk or asking readers to send something, with a phone number or
address, an editorial note about the article itself, a bio opening with the byline's name), so a police
appeal or a quoted phone number in the story stays.
"""

from __future__ import annotations

import re

MAX_SIGN_OFF_WORDS = 45  # sign-offs are a line or two; a longer paragraph is story
MAX_ABOUT_BOX = 3  # an "About …" heading with at most two paragraphs after it closes the page
MAX_CONTACT_WORDS = 30  # "Call the newsdesk on … or email …" is short; a story sentence about a desk runs on
MAX_APPEAL_WORDS = 15  # "Have you got a story?" before a contact line

# A role, "by", then a capitalised name: "Reporting by the inspectorate found …" is story, not a credit.
_CREDIT = re.compile(
    r"^(?i:(?:(?:additional|further) )?(?:reporting|writing|editing|research|graphics|photography|"
    r"translation|compiled|produced|edited|written|reported) by) [A-Z\u00c0-\u024f]"
)
# "Words: Jody Marsh | Photos: Ellis Crane", "Pictures: …": a magazine's label-and-name credit.
_LABELLED_CREDIT = re.compile(
    r"^(?i:words|text|photos?|photographs|pictures|images|video|illustrations?|graphics)"
    r"(?: (?i:and|&) \w+)?: [A-Z\u00c0-\u024f]"
)
_ARTICLE = r"(?:article|story|piece|report|interview|feature|column|post)"
# Notes about the article itself: where it ran, how it changed, what it got wrong.
_EDITORIAL_NOTE = re.compile(
    rf"^(?:(?:this|a version of this|an earlier version of this) {_ARTICLE}\b.{{0,80}}?\b"
    r"(?:appear(?:s|ed)|was published|was first published|ran|first ran) (?:in|on)\b"
    rf"|this {_ARTICLE} (?:was|has been) (?:updated|amended|corrected|changed)\b"
    rf"|this {_ARTICLE} was (?:first |originally )?published by\b|this {_ARTICLE} was written by\b"
    rf"|(?:an earlier|a previous) version of this {_ARTICLE}\b"
    rf"|this {_ARTICLE} (?:was|is) (?:produced|made|funded|supported|published) (?:with|in partnership)\b"
    rf"|this {_ARTICLE} (?:was|is) (?:funded|supported) by \w"
    rf"|this {_ARTICLE} (?:is|was) based on (?:reporting|an? (?:article|story|report)) (?:by|from|in)\b"
    rf"|this {_ARTICLE} is part of\b"
    r"|corrections?\b[^.:]{0,40}:)",
    re.I,
)
_FOLLOW = re.compile(
    r"^follow (?:us|\w+(?: \w+){0,3}) on (?:facebook|twitter|x|instagram|linkedin|tiktok|youtube|threads|"
    r"bluesky|mastodon|whatsapp|social media|\w+ @\w+)\b",
    re.I,
)
_EXTERNAL_LINKS = re.compile(r"\bis not responsible for the content of external (?:internet )?sites\b", re.I)
_LINKS_HEADING = re.compile(r"^(?:related )?(?:internet |external )?links$", re.I)
# A press release or wire story ends here: the marker and everything after it are for editors, not readers.
_RELEASE_END = re.compile(
    r"^(?:[-–—]?\s*ends\s*[-–—]?|#{3}|notes? (?:to|for) (?:editors|journalists|the media):?)$", re.I
)
_WIRE_END = re.compile(r"^\(end\)", re.I)  # "(END) Ledgerwire Newswires", then timestamps and copyright
# "CNW writers Lena Vost in Kaltmar and Piet Annaker contributed to this report."
# "Story filed by Kofi Ampem-Darko, Ofin Central Regional Correspondent."
_CONTRIBUTED = re.compile(
    rf"\bcontributed(?: reporting)? to this {_ARTICLE}\.?$|^\(?with inputs from\b|"
    r"^(?:story |report )?(?:filed|compiled) by [A-Z]",
    re.I,
)
# A disclaimer or a media note after the story: "The views expressed in this article are those of the
# author …", "Images are available on request.", "Prices … were correct at the time of publication."
_DISCLAIMER = re.compile(
    rf"^(?:the )?(?:views|opinions) expressed (?:in this {_ARTICLE} |here )?are (?:those of|the author)|"
    r"^(?:high-resolution )?(?:images|photos|photographs|pictures) (?:are )?available on request\b|"
    r"\bdo(?:es)? not (?:provide|constitute|offer|give) (?:investment|financial|legal|medical) advice\b|"
    r"\bare for information (?:purposes )?only\b|"
    r"\b(?:correct|accurate) at the time of (?:publication|writing|going to press)\b|"
    r"\bhad no (?:input|say|involvement) in(?:to)? (?:the )?content\b|"
    r"\bis republished (?:here )?with permission\b|"
    r"\b(?:journalism|reporting|coverage) (?:is |was )?funded (?:by|through)\b|"
    r"^(?:match ball |kit |shirt |official |headline )?sponsors?: ",
    re.I,
)
# The outlet describing itself after the story: "The Brindle Hill Voice is a not-for-profit community news
# site.", and an "About Wexmoor Sound News" box heading.
_ABOUT_HEADING = re.compile(r"^about (?:us|the \w+|[A-Z][\w&'’ ]{1,40})$", re.I)
_ABOUT_OUTLET = re.compile(
    r"\bis an? (?:independent |not-for-profit |non-profit |community |free |local )+"
    r"(?:news|media) (?:site|website|service|organisation|organization|outlet|publisher)\b|"
    + _ABOUT_HEADING.pattern,
    re.I,
)
# A sponsor's line and a club's sign-off chant with its hashtag: "Match report sponsored by …", "Up the Town!
# #KTFC".
_SPONSOR = re.compile(
    rf"^(?:this |the )?(?:{_ARTICLE}|match report|coverage|feature) (?:is )?sponsored by\b", re.I
)
_HASHTAG_END = re.compile(r"#\w+\s*$")
# Rights and syndication lines: "Copyright (c) 2026 …", "All Rights Reserved.", "Reproduction … requires a
# licence", "Distributed by …".
_RIGHTS = re.compile(
    r"^(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved\b|distributed by\b|"
    r"reproduction (?:in whole or in part )?(?:is )?(?:requires|prohibited|not permitted|forbidden)\b|"
    rf"this {_ARTICLE} is for the (?:personal|private) use\b|"
    r"to (?:republish|reprint|syndicate) (?:it|this)\b)",
    re.I,
)
# Written contact the reader is asked to make: "Email lives@… with their name", "Write to … at …".
_WRITE_IN = re.compile(r"^(?:e-?mail|write to)\b", re.I)
_DESK = re.compile(
    r"\b(?:news ?(?:desk|room)|press office|media (?:enquiries|inquiries|contact)|"
    r"press (?:enquiries|inquiries)|"
    r"contact (?:us|the (?:news(?:room|desk)?|editor|desk))|get in touch|tip-?offs?|whatsapp|"
    r"hit reply|"
    r"(?:send|email|message|tell|call) (?:them |it |your \w+ )?(?:to )?us|drop us a line|"
    r"reply to this email|(?:write to|email) me|write for (?:us|the \w+)|"
    r"(?:communications|press|media) team)\b",
    re.I,
)
# A contact line speaks to the reader — an imperative, a question, a "Label:" — or for the outlet ("us");
# "Readers can still reach the newsdesk on …" describes, and is story.
_ADDRESSES_READER = re.compile(
    r"^(?:call|contact|email|e-mail|send|text|message|phone|ring|write|tell|get in touch|tips?\b|got a|"
    r"have you|do you|if you|for (?:urgent|more|further)|[^:.?!]{1,40}:)|\b(?:us|our)\b",
    re.I,
)
_BARE_US = re.compile(r"^(?:send|email|message|tell|call)\b", re.I)
_NEWS_WORDS = re.compile(
    r"\b(?:stor(?:y|ies)|news|tips?|tip-?offs?|photos?|pictures?|videos?|footage|information|witness\w*|"
    r"know|saw|seen|happened|experience|affected)\b",
    re.I,
)
# A reader's comment under the story: "Posted by Jean M, Kilbrechan at 10:14 on 09/04/2026 My mother is …".
_COMMENT = re.compile(r"^posted by\b.{1,80}?\b(?:at|on) \d{1,2}[:./]\d{2}", re.I)
# A newsletter's farewell and its writer's name: "That's all from us this week.", "Hannah".
_FAREWELL = re.compile(r"^that[’']?s (?:all|it) (?:from (?:us|me)|for (?:this|today|now))\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")


def strip_sign_off(paragraphs: list[str], author: str | None = None) -> list[str]:
    """`paragraphs` without the sign-off run at their end (never the first paragraph). `author`: the
    byline's name, whose bio may close the page."""
    end = _release_end(paragraphs)
    while end > 1:
        paragraph = paragraphs[end - 1]
        if _COMMENT.match(paragraph) or end == len(paragraphs) and _is_signature(paragraph):
            end -= 1
        elif _is_contact(paragraph) or _is_appeal_then_contact(paragraph):
            end -= 1
            if end > 1 and _is_appeal(paragraphs[end - 1]):
                end -= 1
        elif _is_external_links_note(paragraph):
            end -= 1
            if end > 1 and _LINKS_HEADING.match(paragraphs[end - 1].strip()):
                end -= 1
        elif _short(paragraph) and (
            _CREDIT.match(paragraph.lstrip("("))
            or _LABELLED_CREDIT.match(paragraph)
            or _RIGHTS.match(paragraph)
            or _EDITORIAL_NOTE.match(paragraph)
            or _FOLLOW.match(paragraph)
            or _CONTRIBUTED.search(paragraph)
            or _DISCLAIMER.search(paragraph)
            or _ABOUT_OUTLET.search(paragraph)
            or _SPONSOR.match(paragraph)
            or _FAREWELL.match(paragraph)
            or _is_hashtag_sign_off(paragraph)
            or _is_bio(paragraph, author)
            or _is_end_mark(paragraph)
        ):
            end -= 1
        else:
            break
    return paragraphs[:end]


def _is_signature(paragraph: str) -> bool:
    """A page's last line that is only a name, as a newsletter signs off: "Hannah", "Tom and Priya"."""
    words = paragraph.split()
    return (
        1 <= len(words) <= 3
        and all(w[0].isupper() or w in {"and", "&"} for w in words)
        and not any(c in paragraph for c in ".!?:;,")
    )


def _release_end(paragraphs: list[str]) -> int:
    """Where the readers' text of a press release stops: its first "ENDS" or "Notes to editors" line, or an
    "About the Commission" box heading among the last few paragraphs (the body's description of itself)."""
    for i, paragraph in enumerate(paragraphs[1:], start=1):
        if _RELEASE_END.match(paragraph.strip()) or _WIRE_END.match(paragraph):
            return i
        if len(paragraphs) - i <= MAX_ABOUT_BOX and _ABOUT_HEADING.match(paragraph.strip()):
            return i
    return len(paragraphs)


def _short(paragraph: str) -> bool:
    return len(paragraph.split()) <= MAX_SIGN_OFF_WORDS


def _is_contact(paragraph: str) -> bool:
    """A short line to the reader that names the outlet's desk, or asks them to send or tell, with a number
    or address."""
    if len(paragraph.split()) > MAX_CONTACT_WORDS:
        return False
    if _WRITE_IN.match(paragraph) and _EMAIL.search(paragraph):
        return True  # "Email lives@… with their name", "Write to Tomas Pelling at …"
    desk = _DESK.search(paragraph)
    if desk is None or _ADDRESSES_READER.search(paragraph) is None:
        return False
    # "Call us" alone may be the publisher offering its own service ("for a free home safety visit, call us
    # on …", on a fire service's page): a contact line asks for news, or names a desk.
    if _BARE_US.match(desk.group(0)) and _NEWS_WORDS.search(paragraph) is None:
        return False
    return _EMAIL.search(paragraph) is not None or _PHONE.search(paragraph) is not None


def _is_appeal_then_contact(paragraph: str) -> bool:
    """ "Do you know someone …? Email lives@… with their name": an appeal and its contact in one paragraph."""
    question, mark, rest = paragraph.partition("? ")
    return bool(mark) and _is_appeal(question + "?") and _is_contact(rest)


def _is_appeal(paragraph: str) -> bool:
    """A short question asking readers for information, as newsdesk appeals open."""
    return len(paragraph.split()) <= MAX_APPEAL_WORDS and paragraph.rstrip().endswith("?")


def _is_external_links_note(paragraph: str) -> bool:
    return _short(paragraph) and _EXTERNAL_LINKS.search(paragraph) is not None


# Up to four capitalised words, then what a bio says of them: "Tamsin Greaves is", "Ines Carvalho-Webb has".
_BIO_OPENING = re.compile(
    r"^((?:[A-Z][\w'’.-]*\s){1,3}[A-Z][\w'’.-]*)(?:'s|’s)? (?:is|was|has|writes|covers)\b"
)


def _is_bio(paragraph: str, author: str | None) -> bool:
    """ "Tamsin Greaves is a writer …" closing a page whose byline is Tamsin Greaves. The byline may carry
    more than the name ("Tamsin Greaves Interim working group", an author card's text run together), so the
    bio's opening name need only begin it."""
    found = _BIO_OPENING.match(paragraph)
    if not author or found is None:
        return False
    name = found.group(1)
    return len(name.split()) >= 2 and f"{' '.join(author.split())} ".startswith(f"{name} ")


def _is_hashtag_sign_off(paragraph: str) -> bool:
    """ "Up the Town! #KTFC": a line of a few words closing on a hashtag."""
    return len(paragraph.split()) <= 8 and _HASHTAG_END.search(paragraph) is not None


def _is_end_mark(paragraph: str) -> bool:
    """A lone end-of-story mark such as "■" or "◆": a few characters, no letter or digit."""
    stripped = paragraph.strip()
    return len(stripped) <= 5 and not any(c.isalnum() for c in stripped)
