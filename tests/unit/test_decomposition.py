"""Atomic, self-contained claims: decomposition, attribution, decontextualisation, typing and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extraction import ExtractionResult, extract_claims
from claimcheck.extraction.classify import ScoringInput, checkworthiness_scores
from schemas.common import ClaimType
from tests.support.eval_scripts import load_eval_script

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "coalition-of-the-willing.txt"


def _texts(result: ExtractionResult) -> list[str]:
    return [c.text for c in result.claims]


def test_coordinated_clauses_with_their_own_subjects_yield_separate_claims() -> None:
    result = extract_claims("Starmer said the coalition had grown and Macron pledged troops to the mission.")
    texts = _texts(result)
    assert len(texts) == 2
    assert "Starmer said the coalition had grown." in texts
    assert any("Macron pledged troops to the mission" in t for t in texts)


def test_reported_speech_keeps_its_source_on_every_part() -> None:
    text = 'Starmer notes that the coalition has expanded and "new commitments" are at play.'
    texts = _texts(extract_claims(text))
    assert texts == [
        "Starmer notes that the coalition has expanded.",
        "Starmer notes that new commitments are at play.",
    ]


def test_attribution_is_kept_as_its_own_claim_and_the_disputed_claim_is_not_asserted() -> None:
    result = extract_claims("Kyiv disputes claims that its troops are encircled in Kursk.")
    assert _texts(result) == ["Kyiv disputes claims that its troops are encircled in Kursk."]
    assert result.claims[0].type is ClaimType.attribution


def test_relative_clauses_become_claims_about_their_antecedent() -> None:
    text = (
        "The United States has had two black presidents: Barack Obama, who served two terms from 2009 to "
        "2017, "
        "and Donald Trump, who served one term from 2017 to 2021."
    )
    texts = _texts(extract_claims(text))
    assert "Barack Obama served two terms from 2009 to 2017." in texts
    assert "Donald Trump served one term from 2017 to 2021." in texts


def test_whose_clause_names_its_owner() -> None:
    text = "The urgency is amplified for Volodymyr Zelensky, whose forces in Kursk are under pressure."
    texts = _texts(extract_claims(text))
    assert "Volodymyr Zelensky's forces in Kursk are under pressure." in texts


def test_apposition_becomes_a_claim_and_leaves_the_main_clause() -> None:
    texts = _texts(extract_claims("Barack Obama, the 44th president, was born in Honolulu."))
    assert texts == ["Barack Obama was born in Honolulu.", "Barack Obama was the 44th president."]


def test_including_list_yields_one_claim_per_item() -> None:
    text = (
        "Starmer hosted a virtual summit with 29 world leaders including Emmanuel Macron and Justin Trudeau."
    )
    texts = _texts(extract_claims(text))
    assert "Starmer hosted a virtual summit with 29 world leaders." in texts
    assert "Starmer hosted a virtual summit with Emmanuel Macron." in texts
    assert "Starmer hosted a virtual summit with Justin Trudeau." in texts


def test_coordinated_objects_split_but_symmetric_relations_do_not() -> None:
    split = _texts(extract_claims("The factory produces steel and cement for the regional market."))
    assert split == [
        "The factory produces steel for the regional market.",
        "The factory produces cement for the regional market.",
    ]
    whole = _texts(extract_claims("Talks between Ukraine and Russia resumed in Istanbul."))
    assert whole == ["Talks between Ukraine and Russia resumed in Istanbul."]


def test_pronoun_subject_is_replaced_by_the_person_named_before() -> None:
    text = "Prime Minister Keir Starmer spoke in London on Sunday. He said the coalition would grow."
    texts = _texts(extract_claims(text))
    assert "Keir Starmer said the coalition would grow." in texts


def test_pronoun_is_left_alone_when_two_people_could_be_meant() -> None:
    text = "Volodymyr Zelensky met Donald Trump in Washington on Friday. He said the talks were productive."
    texts = _texts(extract_claims(text))
    assert "He said the talks were productive." in texts


def test_a_possessive_before_the_named_speaker_is_not_given_an_earlier_person() -> None:
    text = (
        "Residents were represented by Helen Marchbank. "
        "In her judgment, Mrs Justice Aldous said the permission was unlawful."
    )
    result = extract_claims(text)
    claim = next(c for c in result.claims if "judgment" in c.text)
    assert claim.text == "In her judgment, Mrs Justice Aldous said the permission was unlawful."
    assert not claim.needs_context  # "her" points ahead to the judge: the claim stands alone


def test_a_possessive_whose_phrase_names_its_holder_still_takes_the_earlier_person() -> None:
    text = (
        "Sheila Morton has lived beside the stadium for 40 years. "
        "Her neighbour, Tariq Hussain, said the towers would block light from his garden."
    )
    texts = _texts(extract_claims(text))
    assert any(t.startswith("Sheila Morton's neighbour, Tariq Hussain, said") for t in texts), texts


def test_it_is_never_replaced_by_a_person() -> None:
    text = "Mr Carmelo Vella said he had raised the case with the minister and that it had been resolved."
    texts = _texts(extract_claims(text))
    assert not any("Vella had been resolved" in t for t in texts), texts


def test_a_hyphenated_name_keeps_its_hyphen_when_lengthened() -> None:
    text = (
        "The delegation was led by deputy foreign minister Omar al-Tarhuni. "
        "Mr al-Tarhuni said he expected Libya to sign within weeks."
    )
    texts = _texts(extract_claims(text))
    assert any(t.startswith("Mr Omar al-Tarhuni said") for t in texts), texts
    assert not any("Tarhuni-" in t or "al Tarhuni" in t for t in texts), texts


def test_a_quotation_in_the_first_person_keeps_its_quote_marks() -> None:
    text = 'Sir Michael Royce will step down in July. Sir Michael said he was leaving "a company I love".'
    texts = _texts(extract_claims(text))
    assert 'Sir Michael Royce said Michael Royce was leaving "a company I love".' in texts, texts


def test_a_list_the_parser_hangs_on_the_subject_across_the_verb_stays_where_it_is_written() -> None:
    sentence = (
        "The report identified four main causes of the delays: a shortage of beds on medical wards, delays "
        "in discharging patients who were well enough to leave, a lack of senior doctors at night, and an "
        "outdated computer system for tracking patients."
    )
    assert _texts(extract_claims(sentence)) == [sentence]


def test_words_inside_a_quotation_are_not_rewritten() -> None:
    text = (
        "Harrowfield chairman Gary Lister opposed the cap. "
        '"If an owner wants to put his own money in, the league should not stop him," he told the radio.'
    )
    texts = _texts(extract_claims(text))
    assert not any("Gary Lister's own money" in t for t in texts), texts
    assert any("put his own money in" in t and "Gary Lister told" in t for t in texts), texts


def test_a_quoted_question_and_its_frame_yield_no_claim() -> None:
    text = (
        "Gary Lister opposed the cap. "
        '"Labour have had this region for decades and what has it got to show?" he asked supporters.'
    )
    assert _texts(extract_claims(text)) == ["Gary Lister opposed the cap."]


def test_an_allegation_stays_with_the_court_that_heard_it() -> None:
    sentence = (
        "A former director of a care home company siphoned off £2.3m that should have been spent on "
        "residents, a jury at Bristol Crown Court heard on Monday."
    )
    assert _texts(extract_claims(sentence)) == [sentence]


def test_a_coordinated_verb_with_its_own_object_does_not_take_the_passive_auxiliary() -> None:
    text = "The study was led by Professor Hannah Lindqvist and involved researchers from Groningen."
    texts = _texts(extract_claims(text))
    assert "The study involved researchers from Groningen." in texts, texts


def test_a_coordinated_verb_keeps_the_modal_when_its_past_looks_like_its_base() -> None:
    text = "Lawyers told the court that the assessment would take 18 months and cost about £400,000."
    texts = _texts(extract_claims(text))
    assert "Lawyers told the court that the assessment would cost about £400,000." in texts, texts


def test_it_is_not_replaced_by_a_titled_name_the_parser_calls_an_organisation() -> None:
    text = (
        "Mrs Justice Aldous, sitting in Leeds on Thursday, said the committee had been misled by an "
        "officer's report that described the hydrology survey as complete when it was not."
    )
    assert not any("Aldous was not" in t for t in _texts(extract_claims(text)))


def test_the_country_is_replaced_only_by_a_country() -> None:
    country = _texts(
        extract_claims("Zelensky visited Ukraine on Friday. The country will receive new air defences.")
    )
    assert "Ukraine will receive new air defences." in country
    city = _texts(
        extract_claims("Zelensky visited Washington on Friday. The country will receive new air defences.")
    )
    assert "The country will receive new air defences." in city


def test_hedging_frames_without_a_source_are_dropped() -> None:
    text = "However, it is generally thought that the Milky Way produces about one new star per year."
    assert _texts(extract_claims(text)) == ["The Milky Way produces about one new star per year."]


def test_questions_are_skipped() -> None:
    result = extract_claims("Will the ceasefire hold? Analysts say the ceasefire will collapse within weeks.")
    assert _texts(result) == ["Analysts say the ceasefire will collapse within weeks."]
    assert [(s.sentence, s.reason) for s in result.skipped] == [("Will the ceasefire hold?", "question")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Analysts expect the coalition to grow next year.", ClaimType.prediction),
        ("Peacekeeping in Ukraine is a daunting task.", ClaimType.opinion),
        ("The ceasefire covers 30 days and 1,200 kilometres of front line.", ClaimType.quantity),
        ("Starmer said the coalition had grown.", ClaimType.attribution),
        ("The leaders met in London on Saturday.", ClaimType.event),
    ],
)
def test_claims_are_typed(text: str, expected: ClaimType) -> None:
    assert [c.type for c in extract_claims(text).claims] == [expected]


def test_checkworthiness_scores_are_in_unit_interval_and_favour_named_quantities() -> None:
    scores = checkworthiness_scores(
        [
            ScoringInput("Russia lost 1,000 tanks.", ClaimType.quantity, ("GPE", "CARDINAL"), 4),
            ScoringInput("It is a daunting task.", ClaimType.opinion, (), 5),
        ]
    )
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1]


def test_seed_article_claims_slice_the_original_text_and_repeats_yield_claims_once() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = extract_claims(text)
    assert len({c.text for c in result.claims}) == len(result.claims) >= 8
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.sentence
        assert 0.0 <= claim.checkworthiness <= 1.0
    # Every sentence of a repeated paragraph appears once at most among the claims' sources.
    first_half = text.index("Despite this progress", text.index("Despite this progress") + 1)
    assert all(claim.start < first_half for claim in result.claims)
    assert any(s.reason == "repeated paragraph" for s in result.skipped)
    assert "Kyiv continues to dispute claims of encirclement in Kursk." in _texts(result)


def test_offsets_point_into_the_original_text_after_normalisation() -> None:
    text = (
        "<p>Starmer\u00a0said the \u201ccoalition\u201d had grown.</p>\r\n"
        "<div>Macron&nbsp;pledged troops.</div>"
    )
    result = extract_claims(text)
    assert _texts(result) == ['Starmer said the "coalition" had grown.', "Macron pledged troops."]
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.sentence
    assert result.claims[1].sentence == "Macron&nbsp;pledged troops."


def test_eval_aligns_one_to_one_at_the_threshold() -> None:
    evaluation = load_eval_script("decomposition")
    assert evaluation.similarity(
        "Obama was born in Hawaii.", "Barack Obama was born in Hawaii."
    ) == pytest.approx(0.857, abs=1e-3)
    predicted = ["Obama was born in Hawaii.", "Obama was born in Hawaii."]
    gold = ["Barack Obama was born in Hawaii.", "Obama served two terms."]
    assert evaluation.align(predicted, gold, 0.5) == [pytest.approx(0.857, abs=1e-3)]


def test_a_relative_clause_on_an_apposition_is_about_the_named_person() -> None:
    texts = _texts(
        extract_claims(
            "Dr Maya Osei, an environmental chemist who was not involved in the research, said the test "
            "did not prove that the plastic had been broken down."
        )
    )
    assert "Dr Maya Osei was not involved in the research." in texts
    assert not any(t.startswith("An environmental chemist") for t in texts), texts


def test_a_relative_clause_after_a_name_with_of_is_never_given_to_the_last_noun_alone() -> None:
    sentence = (
        "Friends of the Dales, which submitted evidence in support of the trust, said the ruling was right."
    )
    texts = _texts(extract_claims(sentence))
    # Whether the sentence's opening capital starts a name ("Friends of the Dales") or only the sentence
    # ("Residents of Mill Lane, which flooded …") the parse does not say: the sentence stands whole.
    assert not any(text.startswith("The Dales submitted") for text in texts)
    assert sentence in texts


def test_a_relative_clause_after_a_name_with_of_inside_the_sentence_belongs_to_the_whole_name() -> None:
    texts = _texts(
        extract_claims(
            "The ruling was welcomed by Friends of the Dales, which submitted evidence in support of the "
            "trust."
        )
    )
    assert "Friends of the Dales submitted evidence in support of the trust." in texts


def test_a_coordinated_verb_keeps_the_modal_perfect_of_its_head() -> None:
    result = extract_claims(
        "The expansion would have extended the life of the quarry by 22 years and kept 85 jobs at the site."
    )
    claims = {c.text: c.type for c in result.claims}
    assert claims["The expansion would have kept 85 jobs at the site."] is ClaimType.prediction


def test_next_to_a_place_is_not_a_future() -> None:
    result = extract_claims("The Densley Valley Trust manages a nature reserve next to the quarry.")
    assert [c.type for c in result.claims] == [ClaimType.event]
    assert extract_claims("The council meets next week.").claims[0].type is ClaimType.prediction


def test_a_pronoun_a_reported_noun_may_stand_for_is_left_as_written() -> None:
    sentence = "One cook, Ms Avery said, would tell the jury that she had been given £1.80 a day."
    assert sentence in _texts(extract_claims(sentence))
    # With no such noun the sentence's one person is meant.
    assert "Ms Avery said Ms Avery had been given £1.80 a day." in _texts(
        extract_claims("Ms Avery said she had been given £1.80 a day.")
    )


def test_a_stranded_preposition_keeps_the_words_in_source_order() -> None:
    texts = _texts(
        extract_claims(
            'His barrister said Mr Norris had signed documents and had "no idea" what the company '
            "was used for."
        )
    )
    assert any('"no idea" what the company was used for' in t for t in texts), texts


def test_a_list_a_quantity_covers_together_is_not_split() -> None:
    sentence = "Clubs voted to limit spending on wages and transfers to 70 per cent of revenue."
    assert _texts(extract_claims(sentence)) == [sentence]
    # Items with quantities of their own still split.
    texts = _texts(extract_claims("In Dunmere the council built 30 homes and 12 shops."))
    assert "In Dunmere the council built 30 homes." in texts


def test_an_inverted_reporting_frame_reads_subject_first() -> None:
    text = (
        '"We rebuilt the warehouses, and this is the year it paid off," said chief executive Priya Solanki.'
    )
    texts = _texts(extract_claims(text))
    assert not any(t.startswith("Said ") for t in texts), texts
    assert not any(", and, said" in t for t in texts), texts


def test_a_definite_plural_predicate_keeps_its_list_whole() -> None:
    sentence = "The office said shelter, clean water and medical supplies were the most urgent needs."
    assert _texts(extract_claims(sentence)) == [sentence]


def test_an_ampersand_name_is_one_name() -> None:
    texts = _texts(extract_claims("Harlow & Finch, the kitchenware retailer, reported a rise in revenue."))
    assert "Harlow & Finch was the kitchenware retailer." in texts


def test_a_relative_clause_after_a_list_or_a_titled_person_is_not_split_off() -> None:
    sentence = (
        "The rest will come from Ashdown County Council and Mereford City Council, which agreed last "
        "month to share it equally."
    )
    assert _texts(extract_claims(sentence)) == [sentence]
    sentence = "Ms Linklater was then cross-examined by Mr Sethna, which took most of the afternoon."
    assert _texts(extract_claims(sentence)) == [sentence]
    # Each item with a clause of its own still splits.
    texts = _texts(
        extract_claims("The prize went to Ann Lee, who won in 2019, and Tom Ode, who won in 2021.")
    )
    assert "Ann Lee won in 2019." in texts


def test_a_report_the_parser_roots_on_according_is_kept_as_written() -> None:
    sentence = (
        "According to the National Elections Board, a record 1.1 million people registered to vote "
        "in the final week, 62 per cent of them under 30."
    )
    result = extract_claims(sentence)
    assert [(c.text, c.type) for c in result.claims] == [(sentence, ClaimType.attribution)]


def test_a_speech_tag_left_by_a_quoted_question_is_no_claim() -> None:
    assert _texts(extract_claims('"Who decided that?" Ms Ruddock asked.')) == []
    assert _texts(extract_claims('"Who will pay? Nobody," she said.')) == []


def test_a_quoted_phrase_is_not_split_into_list_items() -> None:
    text = 'Dr Aila Venner said the fine reflected "the scale of the harm and the length of time it went on".'
    claims = _texts(extract_claims(text))
    assert claims == [
        "Dr Aila Venner said the fine reflected the scale of the harm and the length of time it went on."
    ]


def test_a_verb_joined_by_no_coordinator_does_not_borrow_the_subject() -> None:
    # The parser makes "reduced" a conjunct of "follow"; with no "and" between them it is a misparse.
    text = (
        "Dr Aila Venner said the next stage would follow 3,000 children from birth to see whether moving "
        "away from a main road reduced their risk."
    )
    assert not any(
        c.endswith("a main road.") or c.endswith("reduced their risk.") and "stage" not in c
        for c in _texts(extract_claims(text))
    )


def test_a_restrictive_clause_on_a_subject_or_inside_a_quotation_stays() -> None:
    generic = extract_claims("A tenant who pays late loses the deposit, the tribunal said.")
    assert not any(t.startswith("A tenant loses") for t in _texts(generic))
    quote = '"We lost a client that paid half our fees," Ms Irma Kolde told analysts.'
    quoted = _texts(extract_claims(quote))
    assert not any(t.startswith("We lost a client,") or t.startswith("We lost a client Ms") for t in quoted)
    assert any("We lost a client that paid half our fees" in t for t in quoted)
    # An indefinite object's clause is still a claim of its own.
    held = _texts(extract_claims("The council held a meeting that lasted four hours."))
    assert "The council held a meeting." in held


def test_a_time_clause_the_parser_cut_short_is_not_split_into_a_false_statement() -> None:
    text = "The licence cannot be issued until an agreement on the bridge and the survey has been signed."
    texts = _texts(extract_claims(text))
    assert "The survey has been signed." not in texts
    assert not any(t.endswith("on the bridge.") for t in texts)


def test_a_modifier_hung_on_the_first_list_item_keeps_the_list_whole() -> None:
    text = "The audit was based on 4,100 invoices and interviews with 85 suppliers."
    texts = _texts(extract_claims(text))
    assert "The audit was based on 4,100 invoices with 85 suppliers." not in texts
    assert any("invoices and interviews with 85 suppliers" in t for t in texts)


def test_a_verb_conjunct_takes_the_subject_its_repeated_auxiliary_points_to() -> None:
    text = (
        "A tribunal has ruled that Norbury Lettings acted unlawfully when it evicted 12 families last "
        "spring, and has ordered the landlord to pay each family £3,000."
    )
    texts = _texts(extract_claims(text))
    assert any(t.startswith("A tribunal has ordered the landlord to pay") for t in texts)
    assert not any("Lettings has ordered" in t for t in texts)


@pytest.mark.parametrize(
    ("text", "appeal"),
    [
        (
            "The Harwick Trade Council said a cut in March would give shops the confidence to hire, and "
            "urged the mayor to act.",
            "The Harwick Trade Council urged the mayor to act.",
        ),
        (
            "Dr Lena Varga said further heavy storms were likely for several days and urged people not to "
            "travel.",
            "Dr Lena Varga urged people not to travel.",
        ),
    ],
)
def test_an_appeal_hung_on_reported_speech_is_the_speakers_own_act(text: str, appeal: str) -> None:
    texts = _texts(extract_claims(text))
    assert appeal in texts
    assert not any("said that" in t and "urged" in t for t in texts)


def test_an_appeal_the_reported_subject_may_have_made_stays_in_the_report() -> None:
    text = "The Dunmore Chamber said that the minister had met the unions and urged them to accept the offer."
    texts = _texts(extract_claims(text))
    assert "The Dunmore Chamber urged them to accept the offer." not in texts
    assert any(t.startswith("The Dunmore Chamber said that the minister") and "urged" in t for t in texts)


def test_a_share_of_something_is_not_handed_to_each_list_item() -> None:
    text = (
        "A county spokesman said the authority expected most of the savings to be made through voluntary "
        "redundancy and early retirement."
    )
    texts = _texts(extract_claims(text))
    assert not any(t.endswith("through early retirement.") for t in texts)
    assert any("voluntary redundancy and early retirement" in t for t in texts)


def test_a_which_clause_that_cannot_agree_with_the_noun_before_it_is_not_split_onto_it() -> None:
    sentential = (
        "Shares in Varden closed at 310p, above both offers, which suggests investors expect a higher bid."
    )
    texts = _texts(extract_claims(sentential))
    assert not any(t.startswith("Both offers suggests") for t in texts)
    assert texts == [sentential]
    named = "A second lender, Pellow Estates, which manages the Carr Street blocks, faces a claim."
    assert "Pellow Estates manages the Carr Street blocks." in _texts(extract_claims(named))


def test_a_rate_hung_on_the_last_list_item_keeps_the_list_whole() -> None:
    text = "Members of the club will get a discount on the boots and the shirts of 20 per cent until May."
    texts = _texts(extract_claims(text))
    assert "Members of the club will get a discount on the shirts of 20 per cent until May." not in texts
    assert texts == [text]


def test_a_conjunct_whose_subject_hangs_on_its_auxiliary_keeps_that_subject() -> None:
    text = (
        "Ferries between the two islands have stopped, and the main road linking Arlo with the Tessian "
        "capital, Minova, is closed."
    )
    texts = _texts(extract_claims(text))
    assert not any(t.startswith("Ferries between the two islands the main road") for t in texts)
    assert "The main road linking Arlo with the Tessian capital, Minova, is closed." in texts


def test_a_name_apposed_across_other_words_does_not_describe_the_noun() -> None:
    text = (
        "The main road linking Arlo with the Tessian capital, Minova, is closed. The operator Roadline "
        "said the road would reopen only when engineers had inspected two bridges."
    )
    texts = _texts(extract_claims(text))
    assert not any("said Minova would reopen" in t for t in texts)
