"""The article behind an entry's link: boilerplate left out, non-articles refused, hostile input survived."""

from __future__ import annotations

import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura.utils import load_html

from claimcheck.feeds import article_text
from claimcheck.feeds.article_text import MAX_MARKUP_CHARS, extract_article_text
from claimcheck.feeds.story_lists import restore_story_lists

BODY = [
    "The county council approved a budget of 40 million pounds for its primary schools on Monday evening, "
    "after a debate that ran for more than four hours in the main chamber.",
    "Councillors voted 52 to 31 in favour of the plan once an amendment from the opposition had been "
    "defeated by a narrow margin shortly before ten o'clock.",
    "The money will pay for repairs to eleven school roofs, new heating in six buildings and an extra "
    "classroom at Hillside Primary, which has a waiting list of more than sixty children.",
    "The council leader said the spending was the largest single investment in school buildings for a decade "
    "and that work on the first roofs would begin during the summer holidays.",
]
BOILERPLATE = [
    "We use cookies to personalise content and ads and to analyse our traffic.",
    "Accept all cookies",
    "Sign up for our morning newsletter and never miss a story.",
    "Share on Facebook",
    "Library opening hours to change in spring",
    "Great news for the kids at last, well done to everyone involved.",
    "Copyright 2026 County Courier Ltd. All rights reserved.",
]


def page(body: str) -> str:
    """A news page with a consent banner, menu, share bar, related links, newsletter box, comments, footer."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council backs schools budget | County Courier</title>
<script>var tracking = {{"id": "should never appear"}};</script><style>p {{ color: red }}</style></head>
<body>
<div class="cookie-banner" role="dialog"><p>{BOILERPLATE[0]}</p><button>{BOILERPLATE[1]}</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Council backs schools budget</h1>
<ul class="share-tools"><li><a href="#">{BOILERPLATE[3]}</a></li></ul>
<div class="article-body">{body}</div>
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">{BOILERPLATE[4]}</a></li></ul></aside>
<div class="newsletter-box"><p>{BOILERPLATE[2]}</p><input type="email"><button>Sign up</button></div>
<section id="comments"><h3>Comments</h3><div class="comment"><p>{BOILERPLATE[5]}</p></div></section>
</main>
<footer><p>{BOILERPLATE[6]}</p></footer>
</body></html>"""


ARTICLE = page("".join(f"<p>{paragraph}</p>" for paragraph in BODY))


def test_article_body_is_extracted_without_the_pages_boilerplate() -> None:
    result = extract_article_text(ARTICLE, url="https://courier.example/news/schools-budget")

    assert result.reason is None
    assert result.text is not None
    for paragraph in BODY:
        assert paragraph in result.text
    for line in BOILERPLATE:
        assert line not in result.text
    assert "should never appear" not in result.text
    assert result.title == "Council backs schools budget"


def test_paragraphs_are_separated_by_blank_lines_and_the_title_is_not_repeated_as_the_first() -> None:
    result = extract_article_text(ARTICLE)

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_headline_inside_the_story_block_is_not_repeated_as_the_first_paragraph() -> None:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    markup = (
        "<html><head><title>Council backs schools budget</title></head><body>"
        f"<div class='story'><h1>Council backs schools budget</h1>{paragraphs}</div></body></html>"
    )

    result = extract_article_text(markup)

    assert result.title == "Council backs schools budget"
    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_promos_sign_up_boxes_dialogs_and_share_prompts_inside_the_story_are_pruned() -> None:
    furniture = [
        "<div class='promo-box'><p>Subscribe to the Courier for one pound a week.</p></div>",
        "<div class='x7'><p>Get the morning briefing.</p><input type='email'><button>Go</button></div>",
        "<div role='dialog'><p>Before you continue, please confirm your choices about data.</p></div>",
        "<div aria-label='Share this story'><p>Tell a friend about this story today.</p></div>",
    ]
    body = "".join(f"<p>{paragraph}</p>{widget}" for paragraph, widget in zip(BODY, furniture, strict=True))

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_text_is_plain_with_whitespace_collapsed_inside_paragraphs() -> None:
    body = (
        f"<p>{BODY[0].replace(' 40 million', ' 40&nbsp;million')}</p>\n"
        f"<p>  {BODY[1].replace(' ', '   ', 3)}\n  </p>"
        f"<p>{BODY[2].replace('repairs', '<a href=/r>rep&shy;airs</a>').replace('extra', '<em>extra</em>')}"
        "</p>"
        f"<ul><li>{BODY[3]}</li><li>Work on the Hillside classroom is due to start in the autumn term.</li>"
        "</ul>"
    )

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n")[:4] == BODY
    assert "<" not in result.text and ">" not in result.text
    assert "  " not in result.text
    assert "\xa0" not in result.text and "\xad" not in result.text
    assert not any(line.startswith(("- ", "* ", "| ")) for line in result.text.split("\n\n"))


def test_a_line_that_is_mostly_a_link_is_dropped_but_a_paragraph_with_a_link_is_kept() -> None:
    linked = BODY[1].replace(
        "an amendment from the opposition", "<a href='/o'>an amendment from the opposition</a>"
    )
    body = (
        f"<p>{BODY[0]}</p>"
        "<p><strong>READ MORE: <a href='/x'>Parents protest over school closures</a></strong></p>"
        f"<p>{linked}</p><p>{BODY[2]}</p><p>{BODY[3]}</p>"
    )

    result = extract_article_text(page(body))

    assert result.text is not None
    assert "Parents protest over school closures" not in result.text
    assert BODY[1] in result.text


def test_a_page_laid_out_with_tables_yields_its_story() -> None:
    cells = "".join(f"<p><font face='Georgia'>{paragraph}</font></p>" for paragraph in BODY)
    markup = f"""<html><head><title>Council backs schools budget</title></head><body>
<table width="100%"><tr><td colspan="2"><font size="6">The County Courier</font></td></tr>
<tr><td width="150"><table><tr><td><a href="/">Home</a></td></tr>
<tr><td><a href="/news">News</a></td></tr></table></td>
<td><h1>Council backs schools budget</h1>{cells}</td></tr></table></body></html>"""

    result = extract_article_text(markup)

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_front_page_of_teasers_is_refused_as_not_an_article() -> None:
    teasers = "".join(
        f"<div class='card'><a href='/s/{i}'><h3>Headline number {i} about the county</h3></a>"
        f"<p>A one-line summary of story {i}, which happened in the county this week.</p></div>"
        for i in range(12)
    )
    markup = f"<html><head><title>County Courier</title></head><body><main>{teasers}</main></body></html>"

    result = extract_article_text(markup)

    assert result.text is None
    assert result.reason == "not an article"


def test_a_page_with_a_line_or_two_is_refused_as_too_short() -> None:
    markup = "<html><body><main><h1>Watch: waves over the sea wall</h1><p>Huge waves hit the town.</p></main>"

    result = extract_article_text(markup)

    assert result == article_text.ArticleText(
        text=None, title="Watch: waves over the sea wall", reason="too short"
    )


def test_a_sign_in_page_is_refused() -> None:
    markup = """<html><head><title>Sign in</title></head><body><main><h1>Sign in to your account</h1>
<p>Sign in to manage your subscription, newsletters and saved articles.</p>
<form><label>Email address</label><input type="email"><label>Password</label><input type="password">
<button>Sign in</button></form><p><a href="/forgot">Forgot your password?</a></p></main></body></html>"""

    result = extract_article_text(markup)

    assert result.text is None
    assert result.reason in {"too short", "not an article", "no body found"}


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Plain text with no markup at all. It goes on for a while. " * 20,
        '{"title": "a JSON document", "body": "<p>not a page</p>"}',
        '<?xml version="1.0"?><rss version="2.0"><channel><item><description><![CDATA[<p>x</p>]]>'
        "</description></item></channel></rss>",
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        "&lt;p&gt;x&lt;/p&gt;</content></entry></feed>",
        "%PDF-1.7\x00\x01\x02<html><body><p>binary</p></body></html>",
    ],
    ids=["empty", "plain-text", "json", "rss", "atom", "binary"],
)
def test_content_that_is_not_html_is_refused_as_not_html(content: str) -> None:
    result = extract_article_text(content)

    assert result == article_text.ArticleText(text=None, title=None, reason="not HTML")


@pytest.mark.parametrize("depth", [300, 5_000, 200_000])
def test_a_deeply_nested_page_returns_a_reason_instead_of_raising(depth: int) -> None:
    inner = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    markup = f"<html><body>{'<div><span>' * depth}{inner}{'</span></div>' * depth}</body></html>"

    result = extract_article_text(markup)

    assert (result.text is None) == (result.reason is not None)


def test_a_moderately_nested_article_is_still_extracted() -> None:
    inner = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    markup = f"<html><body>{'<div>' * 120}<article>{inner}</article>{'</div>' * 120}</body></html>"

    result = extract_article_text(markup)

    assert result.text is not None
    assert BODY[0] in result.text


def test_a_huge_page_is_cut_to_the_cap_and_still_yields_its_opening() -> None:
    paragraphs = "".join(f"<p>Paragraph {i}: {BODY[i % 4]}</p>" for i in range(10_000))
    script = f"<script>{'x' * 3_000_000}</script>"
    markup = f"<html><head>{script}</head><body><article>{paragraphs}</article></body></html>"
    assert len(markup) > 2 * MAX_MARKUP_CHARS

    result = extract_article_text(markup)

    assert result.text is not None
    assert result.text.startswith(f"Paragraph 0: {BODY[0]}")
    assert len(result.text) <= MAX_MARKUP_CHARS
    assert "Paragraph 9999:" not in result.text


def test_many_elements_are_refused_before_trafilatura_sees_them() -> None:
    markup = "<html><body>" + "<div><p>x y z.</p></div>" * 40_000 + "</body></html>"

    result = extract_article_text(markup)

    assert result == article_text.ArticleText(text=None, title=None, reason="too many elements")


def test_unterminated_scripts_and_comments_do_not_crash() -> None:
    for tail in ("<script>" * 100_000, "<script " * 100_000, "<!--" * 100_000, "<style a='" * 100_000):
        result = extract_article_text(ARTICLE.replace("</body>", tail + "</body>"))
        assert (result.text is None) == (result.reason is not None)


def test_a_recursion_error_inside_trafilatura_becomes_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def overflow(*_args: object, **_kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", overflow)

    result = extract_article_text(ARTICLE)

    assert result == article_text.ArticleText(text=None, title=None, reason="too deeply nested")


def test_an_unexpected_fault_inside_trafilatura_is_named_in_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)

    result = extract_article_text(ARTICLE)

    assert result.text is None
    assert result.reason == "extraction failed: IndexError"


def test_extraction_is_deterministic() -> None:
    first = extract_article_text(ARTICLE, url="https://courier.example/a")

    assert all(extract_article_text(ARTICLE, url="https://courier.example/a") == first for _ in range(3))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["p", "div", "td", "li", "span"]))
def test_any_text_in_any_block_yields_text_or_a_reason_never_an_error(noise: str, tag: str) -> None:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    markup = f"<html><body><article><{tag}>{noise}</{tag}>{paragraphs}</article></body></html>"

    result = extract_article_text(markup)

    assert (result.text is None) == (result.reason is not None)
    if result.text is not None:
        assert "  " not in result.text
        assert all(paragraph == paragraph.strip() and paragraph for paragraph in result.text.split("\n\n"))


def test_a_list_under_a_crosshead_inside_the_story_is_kept_in_page_order() -> None:
    advice = [
        "Never leave batteries charging overnight or while you are out.",
        "Only use the charger that came with the battery.",
        "Fit smoke alarms on every floor of your home and test them monthly.",
    ]
    items = "".join(f"<li>{item}</li>" for item in advice)
    body = (
        "".join(f"<p>{paragraph}</p>" for paragraph in BODY[:3])
        + f"<h2>Charging batteries safely</h2><ul>{items}</ul><p>{BODY[3]}</p>"
    )
    markup = page(body).replace(
        "</main>", "<div class='box'><h3>Recent</h3><ul><li>Another fire was put out.</li></ul></div></main>"
    )

    result = extract_article_text(markup)

    assert result.text is not None
    # The crosshead stays as a line of its own, as crossheads do.
    assert result.text.split("\n\n") == [*BODY[:3], "Charging batteries safely", *advice, BODY[3]]


def test_plugs_disclosures_and_player_notes_inside_the_story_are_dropped() -> None:
    lines = [
        "Listen: On this week's Courier podcast, we pick the best school buildings in the county.",
        "Listen on all major podcast platforms.",
        "The Courier may earn a commission on bookings made through links in this article.",
        "Media playback is unsupported on your device",
        "Could you help us keep reporting? One pound a week pays for it. Donate today",
        "Tickets for Saturday's home game are on sale now from the club shop and online.",
        "Get the Courier app",
        "Thanks for reading The Courier!",
        "Our journalists work hard to provide local, up-to-date news to the community.",
        "Bookmark courier.example",
        "Could you give £10 a month?",
        "£10 could help provide three emergency food parcels for families this spring.",
        "Last updated: 14 April 2026",
        "If you valued this story, please consider a donation.",
        "Page last reviewed: 17 April 2026",
        "How useful was this page?",
    ]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY) + "".join(f"<p>{line}</p>" for line in lines)
    # A story sentence that mentions a podcast or a donation is longer and stays.
    story = (
        "The head teacher said the school's own podcast had raised money, and that parents could donate "
        "to the roof fund through the school office until the end of the summer term."
    )

    result = extract_article_text(page(body + f"<p>{story}</p>"))

    assert result.text is not None
    assert result.text.split("\n\n") == [*BODY, story]


def test_a_section_label_above_the_headline_is_not_body() -> None:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    markup = (
        "<html><head><title>Council backs schools budget | Courier</title></head><body><main>"
        f"<p class='label'>Education / Schools</p><h1>Council backs schools budget</h1>{paragraphs}"
        "</main></body></html>"
    )

    result = extract_article_text(markup)

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_list_items_left_out_of_the_story_container_go_back_after_the_paragraph_before_them() -> None:
    advice = [
        "Never leave batteries charging overnight or while you are out.",
        "Fit smoke alarms on every floor of your home and test them monthly.",
    ]
    items = "".join(f"<li>{item}</li>" for item in advice)
    markup = (
        "<html><body><main><div class='story'>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in BODY[:3])
        + f"<h2>Safety</h2><ul>{items}<li><a href='/x'>Read our full guide to batteries.</a></li></ul>"
        + f"<p>{BODY[3]}</p></div>"
        "<div class='side'><ul><li>Another fire was put out in Kelsall on Friday.</li></ul></div>"
        "</main></body></html>"
    )
    tree = load_html(markup)

    restored = restore_story_lists(tree, list(BODY), article_text._normalise)

    # The link-only item and the sidebar's list stay out.
    assert restored == [*BODY[:3], *advice, BODY[3]]


def test_an_embedded_social_post_inside_the_story_is_dropped() -> None:
    post = (
        "<blockquote class='post'><p>FULL TIME | Rovers 2-1 Brackenfold. Three points at last!</p>"
        "<span>— Tollmarsh Rovers FC (@TollmarshRovers) April 11, 2026</span></blockquote>"
    )
    body = (
        "".join(f"<p>{paragraph}</p>" for paragraph in BODY[:2]) + post + f"<p>{BODY[2]}</p><p>{BODY[3]}</p>"
    )

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_story_body_marked_paywall_is_not_pruned_as_furniture() -> None:
    body = (
        "<div class='story__body paywall'>" + "".join(f"<p>{paragraph}</p>" for paragraph in BODY) + "</div>"
    )

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_quoted_our_charity_line_is_the_speakers_not_a_promotion() -> None:
    quote = '"Our charity funds two nurses at the school," the head teacher said.'
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY) + f"<p>{quote}</p>"

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == [*BODY, quote]


def test_an_index_of_headed_items_with_prose_blurbs_is_refused_as_a_listing() -> None:
    blurbs = [
        "After this week's flooding on the valley road, we ask who should pay for the new drains. A "
        "councillor and two residents join us in the studio to argue it out.",
        "The old corn exchange is nearly ready to reopen. We get a hard-hat tour from the site manager and "
        "meet three traders who are hoping for a fresh start in the spring.",
        "Two parents set up a school uniform swap in a church hall and ended up kitting out 400 children. "
        "They tell us how it started, what it cost and what happens next.",
        "A local historian takes us underground to the culverts beneath the town centre, where three rivers "
        "were buried in the nineteenth century. Wellies recommended for this one.",
        "Your council tax is going up again. We break down where the money goes, with the council leader, "
        "the leader of the opposition and your questions from the phone-in.",
        "The town's football club is two wins from promotion. The manager and two long-suffering season "
        "ticket holders talk about the new stand and the price of a pie.",
    ]
    cards = "".join(
        f"<div class='ep'><h3><a href='/ep/{i}'>Episode {i}</a></h3><div class='meta'>{20 + i} min</div>"
        f"<p>{blurb}</p><button>Play</button></div>"
        for i, blurb in enumerate(blurbs)
    )
    markup = page(f"<h2>All episodes</h2>{cards}")

    result = extract_article_text(markup)

    assert result.text is None
    assert result.reason == "a listing, not an article"


def test_an_article_with_crossheads_is_not_a_listing() -> None:
    body = "".join(
        f"<h2>Part {i}</h2><p>{paragraph}</p>" if i % 2 == 0 else f"<p>{paragraph}</p>"
        for i, paragraph in enumerate(BODY)
    )

    result = extract_article_text(page(body))

    assert result.reason is None
    assert result.text is not None and BODY[0] in result.text


@pytest.mark.parametrize(
    "furniture",
    [
        "This article is free to read as part of your trial.",
        "Subscribe to Law Weekly Professional for full access to our case reports and archive.",
        "Hello, and welcome to issue 112 of the Dispatch. If a friend forwarded this to you, sign up free.",
        "Issue 112 · Friday 10 April 2026",
    ],
)
def test_subscription_and_newsletter_lines_inside_the_story_are_dropped(furniture: str) -> None:
    body = f"<p>{furniture}</p>" + "".join(f"<p>{paragraph}</p>" for paragraph in BODY)

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_gambling_offer_inside_a_race_report_is_dropped() -> None:
    offer = "New customers: stake £5 and get £20 in free bets with Quillbet. 18+. T&Cs apply."
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY[:2]) + f"<p>{offer}</p>"
    body += "".join(f"<p>{paragraph}</p>" for paragraph in BODY[2:])

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_a_known_sign_off_uncovered_by_the_story_end_cut_is_dropped_too() -> None:
    # The rules know the editorial note but not the credit after it; once the model cuts the credit, the
    # note stands at the end and the rules drop it.
    note = "This story was first published in Welsh on the Gwynant Herald and has been translated."
    credit = "(Editing: Bryn Talfan; English desk: english@gwynant.example, 01632 960 744)"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY) + f"<p>{note}</p><p>{credit}</p>"

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_inline_code_stays_inside_its_paragraph() -> None:
    sentence = "The old feed, at <code>/v2/stops</code>, answered anyone who asked, with no key and no limit."
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY) + f"<p>{sentence}</p>"

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n")[-1] == (
        "The old feed, at /v2/stops, answered anyone who asked, with no key and no limit."
    )


def test_a_reading_time_line_is_not_story() -> None:
    body = "<p>4 minute read</p>" + "".join(f"<p>{paragraph}</p>" for paragraph in BODY)

    result = extract_article_text(page(body))

    assert result.text is not None
    assert result.text.split("\n\n") == BODY


def test_an_events_calendar_is_refused_though_its_later_items_read_as_furniture() -> None:
    events = [
        ("Dawn chorus walk", "Sat 25 Apr", "5am to 7am", "Harrowmoss reserve", "£6 adults, £3 children",
         "Join the warden to hear the reserve's warblers, thrushes and snipe as the sun comes up over the "
         "bog. Bring warm layers and a flask, and expect wet ground underfoot."),
        ("Bird identification for beginners", "Sat 2 May", "10am to 4pm", "Kestle Water visitor centre",
         "£48 for both days, members £40",
         "A friendly two-day course on common garden, woodland and wetland birds, with time in the field "
         "each afternoon and a field guide to take home."),
        ("Camera traps on the fells", "Thu 7 May", "7pm to 8:30pm", "Kestle Water visitor centre",
         "£5, members free",
         "A talk from the county mammal group on three years of camera-trap records across the fells, from "
         "pine martens to the first otters seen on the upper river."),
        ("Moth night", "Sat 16 May", "9pm to midnight", "Tarnfield meadow", "Free, booking needed",
         "Watch the moth traps being opened and learn to tell a dozen common species apart, with hot "
         "drinks in the barn and torches for the walk back."),
    ]  # fmt: skip
    cards = "".join(
        f"<div class='event'><h3><a href='/e/{i}'>{title}</a></h3><p>{day}</p><p>{hours}</p><p>{venue}</p>"
        f"<p>{blurb}</p><p>{price}</p></div>"
        for i, (title, day, hours, venue, price, blurb) in enumerate(events)
    )
    markup = page(f"<p>Guided walks, talks and courses on our reserves. Most events need booking.</p>{cards}")

    result = extract_article_text(markup)

    assert result.text is None
    assert result.reason == "a listing, not an article"


def _with_head(markup: str, head: str) -> str:
    return markup.replace("</title>", "</title>" + head, 1)


def test_a_page_that_declares_itself_a_product_is_refused_however_much_prose_it_holds() -> None:
    product = '<meta property="og:type" content="product">'
    ld = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product"}</script>'
    for head in (product, ld):
        result = extract_article_text(_with_head(ARTICLE, head))
        assert result.text is None
        assert result.reason == "a product page, not an article"


def test_a_story_that_also_lists_a_product_is_still_an_article() -> None:
    ld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}, {"@type": "Product"}]}'
        "</script><script type='application/ld+json'>{not json</script>"
    )
    result = extract_article_text(_with_head(ARTICLE, ld))
    assert result.reason is None and result.text is not None


def test_a_posts_labelled_property_list_is_not_story() -> None:
    properties = (
        '<div class="page-properties"><div class="property"><div>Published</div><div>12 May 2026</div></div>'
        '<div class="property"><div>Written by</div><div>The committee</div></div></div>'
    )
    blocks = "".join(f'<div class="text-block"><div>{p}</div></div>' for p in BODY)
    result = extract_article_text(page(properties + blocks))
    assert result.text is not None
    assert "Written by" not in result.text and "Published" not in result.text
    assert all(paragraph in result.text for paragraph in BODY)


def test_a_job_advert_is_refused_however_much_prose_its_duties_hold() -> None:
    ld = '<script type="application/ld+json">{"@type": "JobPosting"}</script>'
    result = extract_article_text(_with_head(ARTICLE, ld))
    assert result.text is None
    assert result.reason == "a job advert, not an article"


def _bare_page(body: str, title: str = "Council backs schools budget") -> str:
    return f"""<!DOCTYPE html><html><head><title>{title} | County Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>{body}
<footer><p>{BOILERPLATE[6]}</p></footer></body></html>"""


MORE_BODY = [
    "Head teachers had warned last year that several buildings would have to close for days at a time in the "
    "winter unless their boilers were replaced before the cold weather came back.",
    "The opposition group said it supported the repairs but would have spent part of the money on teaching "
    "assistants, and it will bring a motion on staffing to the next full council meeting in July.",
    "Parents at Hillside Primary said they were relieved, and the school's governors said the extra "
    "classroom would let them take every child on the waiting list by the start of the next school year.",
]
NOTICE = (
    '<div class="portlet"><h2>Important notice</h2><p>The council does not use agents for school admissions, '
    "and applications made through unofficial websites that charge a fee may be refused without notice.</p>"
    "<p>Outside office hours, parents who need urgent help with a school place can call the duty officer.</p>"
    "</div>"
)


def test_a_story_inside_a_wrapper_whose_class_only_looks_like_a_nav_bar_is_extracted() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY + MORE_BODY)
    markup = _bare_page(
        f'<div class="portlet-boundary portlet-barebone"><p class="title">Council backs schools budget</p>'
        f'<div class="journal-content">{paragraphs}</div></div>{NOTICE}'
    )
    result = extract_article_text(markup)
    assert result.text is not None
    assert all(paragraph in result.text for paragraph in BODY + MORE_BODY)


def test_a_story_split_over_two_containers_of_one_class_is_read_whole() -> None:
    first = "".join(f"<p>{p}</p>" for p in BODY)
    second = "".join(f"<p>{p}</p>" for p in MORE_BODY)
    markup = _bare_page(
        '<div class="article"><h1>Council backs schools budget</h1>'
        f'<div class="article-content">{first}</div>'
        '<div class="webpart-zone"><h2>Quick links</h2><ul><li><a href="/a">Road closures</a></li></ul></div>'
        f'<div class="article-content article-content-2">{second}</div></div>'
    )
    result = extract_article_text(markup)
    assert result.text is not None
    assert all(paragraph in result.text for paragraph in BODY + MORE_BODY)
    assert "Quick links" not in result.text


def test_labels_and_an_update_note_above_the_first_paragraph_are_not_story() -> None:
    lead = (
        "<p>Season 2 Episode 14</p><p>Show notes</p>"
        "<p>Update, 3 June: Tickets for the open day are now on sale on our events page.</p>"
    )
    result = extract_article_text(page(lead + "".join(f"<p>{p}</p>" for p in BODY)))
    assert result.text is not None
    assert result.text.startswith(BODY[0])


def test_an_about_box_closing_the_page_is_not_story() -> None:
    about = (
        "<h3>About the Commission</h3><p>The Harbour Commission was founded in 1911 and looks after the "
        "port, its channels and its lights on behalf of the three towns around the estuary.</p>"
    )
    result = extract_article_text(page("".join(f"<p>{p}</p>" for p in BODY) + about))
    assert result.text is not None
    assert result.text.endswith(BODY[-1])


def test_a_line_with_a_link_above_a_headline_set_in_an_h2_is_not_story() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    markup = _bare_page(
        '<p>This is the light edition of the site, without pictures. <a href="https://x.example/">Full '
        "site</a></p><h2>Council backs schools budget</h2>"
        f"{paragraphs}<h2>More news</h2><p><a href='/b'>Library hours to change</a></p>"
    )
    result = extract_article_text(markup)
    assert result.text is not None
    assert result.text.startswith(BODY[0])
