"""Promotional lines inside a story's container: the outlet talking about itself, not the report.

Recognised by form, wherever they stand in the body: a labelled plug ("Listen: On this week's podcast …",
"Watch: …", "Read more: …"), a bare call to action or one closing a short paragraph ("Listen on all major
podcast platforms.", "… Donate today", "Get it on Google Play", "Tickets … are on sale now", "Get the …
app"), a gambling offer ("… 18+. T&Cs apply."), an affiliate disclosure ("… may earn a
commission on bookings made through links in this article"), and a media player's placeholder ("Media
playback is unsupported on your device"). Each is short; a paragraph of running story that mentions a
podcast or a donation is longer and stays.
"""

from __future__ import annotations

import re

MAX_PROMO_WORDS = 30
MAX_CALL_WORDS = 8  # "Listen on all major podcast platforms." is a line, not a sentence of the story

_LABELLED_PLUG = re.compile(
    r"^(?:listen|watch|read more|read also|also read|see also|podcast|video|sign up|subscribe|"
    r"download|advertisement|sponsored|promoted)\s*:",
    re.I,
)
_CALL = r"(?:listen|watch|subscribe|sign up|download|donate|give|support us|get it|buy tickets|book now)"
_CALL_LINE = re.compile(rf"^{_CALL}\b", re.I)
_CLOSING_CALL = re.compile(rf"[.!?]\s+{_CALL}(?: (?:today|now|here|online))?[.!]?$", re.I)
_AFFILIATE = re.compile(
    r"\b(?:may|might|will|could) (?:earn|receive|get) (?:a )?(?:small )?(?:commission|fee|share of)"
    r"|\baffiliate (?:links?|commission|partners?)\b",
    re.I,
)
# "Tickets for Saturday's game are on sale now from the club shop", "Get the Tidewater app".
_SALE = re.compile(
    r"\b(?:are|is|go|goes) on sale now\b|^(?:get|download) (?:the|our) [\w ]{1,30}\bapp\b", re.I
)
# The outlet or charity speaking for itself: "Thanks for reading The Quarry Notes!", "Our journalists work
# hard to provide local news …", "Bookmark advocate.example", "Make sure you are signed up for our
# newsletters", "Could you give £10 a month?", "£10 could help provide three food parcels", "Last updated:
# 14 April 2026".
_SELF_PROMOTION = re.compile(
    r"^thanks for reading\b|\bfeel free to share (?:it|this)\b|"
    r"\bour (?:journalists|journalism|reporters|newsroom|trusted content)\b|^bookmark \S+\.\w+|"
    r"\bsigned up for our\b[^.]*\bnewsletters?\b|^could you (?:give|donate|spare|help us)\b|"
    r"^£?\d+ (?:could|would|can|will) (?:help|pay|buy|provide|fund)\b|"
    r"^(?:last )?updated:? (?:on )?\d{1,2} \w+ \d{4}\.?$|^this is how you can continue to\b|"
    r"\bplease consider (?:a donation|donating|supporting us|a contribution)\b|"
    r"\bwe carry no (?:paid )?advertising\b|\bour charity funds\b",
    re.I,
)
# A page's own metadata and feedback widget: "Page last reviewed: 17 April 2026", "Next review due: …",
# "Category: Trust news", "How useful was this page?", "1 2 3 4 5", "3 minute read"; a release's
# "Press release For immediate use"; a magazine's "From the May 2026 issue".
_PAGE_NOTE = re.compile(
    r"^(?:press release\W*)?for immediate (?:release|use)\b|^press release$|"
    r"^from (?:the|our) (?:\w+ )?(?:\d{4} )?(?:issue|edition)$|"
    r"^(?:page )?last reviewed:|^next review due:|^categor(?:y|ies): |^how useful was this page\??$|"
    r"^(?:\d\s+){2,}\d$|^\d{1,3}[ -]?min(?:ute)?s? (?:read|reading time)$|^reading time:? \d{1,3} min",
    re.I,
)
# Subscription and newsletter furniture: "This article is free to read as part of your trial.", "Subscribe to
# … for full access to our archive", "Hello, and welcome to issue 112 …", "If a friend forwarded this to you",
# "Issue 112 · Friday 10 April 2026".
_SUBSCRIPTION = re.compile(
    r"\bfree to read as part of your (?:trial|subscription)\b|^subscribe to\b.{0,60}\bfor (?:full|unlimited) "
    r"access\b|^(?:hello|hi|good morning)\b[^.]{0,20}\bwelcome to (?:issue|edition|this week)|"
    r"\bif (?:a friend|someone) forwarded this (?:email |newsletter )?to you\b|^issue \d+\b[^.]{0,40}$",
    re.I,
)
# A gambling operator's offer, which carries the age and terms notice advertising codes require: "New
# customers: bet £10 and get £30 in free bets. 18+. T&Cs apply.", "18+ | Please gamble responsibly".
_GAMBLING_OFFER = re.compile(
    r"\b(?:t ?& ?cs|terms and conditions) apply\b|\bplease gamble responsibly\b|\bget £?\d+ in free bets\b",
    re.I,
)
_PLAYER = re.compile(
    r"^(?:media playback is (?:unsupported|not supported)|this (?:video|content|media) (?:cannot|can ?not|"
    r"is unavailable|is not available)|your browser does not support)\b",
    re.I,
)


# An investment offer's risk warning, wherever the page puts it: "Investing in community shares puts your
# capital at risk …", "Please read the share offer document before you invest."
_RISK_WARNING = re.compile(
    r"\byour capital (?:is )?at risk\b|\bnot covered by (?:the |any )?[\w ]{0,40}compensation scheme\b|"
    r"^please read the [\w ]{1,40}(?:document|prospectus|terms)\b.{0,40}before you (?:invest|buy|apply)\b",
    re.I,
)


def is_promo_line(paragraph: str) -> bool:
    """Whether a paragraph of the body is the outlet's plug, call to action, disclosure or player note."""
    words = len(paragraph.split())
    if words > MAX_PROMO_WORDS:
        return False
    if _LABELLED_PLUG.match(paragraph) or _AFFILIATE.search(paragraph) or _PLAYER.match(paragraph):
        return True
    if _PAGE_NOTE.search(paragraph) or _SUBSCRIPTION.search(paragraph) or _GAMBLING_OFFER.search(paragraph):
        return True
    if _RISK_WARNING.search(paragraph):
        return True
    # The outlet's own voice is never inside a quotation; a quoted "our charity" is someone's words.
    quoted = '"' in paragraph or "“" in paragraph
    if _SALE.search(paragraph) or not quoted and _SELF_PROMOTION.search(paragraph):
        return True
    if words <= MAX_CALL_WORDS and _CALL_LINE.match(paragraph):
        return True
    return _CLOSING_CALL.search(paragraph) is not None
