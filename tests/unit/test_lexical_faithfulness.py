"""The lexical faithfulness check of eval/decomposition.py: claim words and names found in their context."""

from __future__ import annotations

from tests.support.eval_scripts import load_eval_script

decomposition = load_eval_script("decomposition")

ROWS = [
    {"sentence": "Barack Obama was born in Hawaii.", "claims": ["Barack Obama was born in Hawaii."],
     "response_index": 0},
    {"sentence": "He served two terms.", "claims": ["Barack Obama served two terms."], "response_index": 0},
    {"sentence": "He served two terms.", "claims": [], "response_index": 1},
]  # fmt: skip


def test_a_name_taken_from_an_earlier_sentence_of_the_response_is_supported() -> None:
    found = decomposition.support("Barack Obama's second term began in 2013.", ["Barack Obama's"], "")
    assert not found.supported

    context = "Barack Obama was born in Hawaii.\nHis second term began in 2013."
    assert decomposition.support(
        "Barack Obama's second term began in 2013.", ["Barack Obama's"], context
    ).supported


def test_a_word_or_number_in_neither_the_sentence_nor_its_context_is_unsupported() -> None:
    found = decomposition.support("Obama served three terms.", [], "Barack Obama served two terms.")

    assert found.missing_words == frozenset({"three"})
    assert not found.supported


def test_a_name_whose_inner_punctuation_was_lost_is_unsupported_but_a_claim_final_stop_is_not() -> None:
    context = "Mr al-Tarhuni met Brindle Civil Ltd, the firm, on Monday."

    assert decomposition.support("Mr al Tarhuni- met them.", ["al Tarhuni-"], context).missing_entities
    assert decomposition.support(
        "Mr al-Tarhuni met Brindle Civil Ltd.", ["Brindle Civil Ltd."], context
    ).supported


def test_context_is_the_sentence_and_the_earlier_sentences_of_the_same_response_only() -> None:
    contexts = decomposition.contexts(ROWS)

    assert contexts[1] == ("He served two terms.", "Barack Obama was born in Hawaii.\nHe served two terms.")
    assert contexts[2] == ("He served two terms.", "He served two terms.")


def test_shares_count_predicted_claims_in_context_alone_and_gold_claims() -> None:
    predictions = [["Barack Obama was born in Hawaii."], ["Barack Obama served two terms."], ["He won."]]

    figures = decomposition.score_faithfulness(decomposition.lexical_faithfulness(ROWS, predictions))

    assert figures.claims == 3
    assert figures.lexical_share == round(2 / 3, 4)  # "won" is in no context
    assert figures.sentence_only_share == round(1 / 3, 4)  # "Barack Obama" is not in "He served two terms."
    assert figures.gold_claims == 2
    assert figures.gold_lexical_share == 1.0
