"""Claim matching: signals, the fused index, the shipped scorer and stored vectors."""

from __future__ import annotations

from collections.abc import Sequence

import fakeredis
import numpy as np
import pytest

from claimcheck.matching.index import (
    FEATURES,
    JUDGE_FEATURES,
    LEXICAL_FEATURES,
    LEXICAL_JUDGE_FEATURES,
    MatchingIndex,
    PriorCheck,
)
from claimcheck.matching.scorer import WEIGHTS_PATH, load_scorer, scorer_from_json
from claimcheck.matching.signals import clean_text, entity_keys, number_keys
from claimcheck.matching.vectors import MemoryVectors, RedisVectors, stored_vectors
from claimcheck.store import RedisStore
from tests.support.encoders import HashingEncoder

PRIORS = [
    PriorCheck(
        "claimreview", "masks", "Face masks cause oxygen deprivation in children.", "Do Masks Starve Kids?"
    ),
    PriorCheck(
        "claimreview", "budget", "The council in Leeds approved a budget of 40 million pounds for schools."
    ),
    PriorCheck(
        "claimreview", "moon", "The moon landing in 1969 was filmed in a studio.", "Was Apollo 11 Staged?"
    ),
]


def index_of(priors: Sequence[PriorCheck], encoder: HashingEncoder | None = None) -> MatchingIndex:
    index = MatchingIndex(load_scorer(), encoder or HashingEncoder())
    index.add(priors)
    return index


def test_links_and_handles_are_cleaned_from_social_media_text() -> None:
    assert clean_text("Wow https://t.co/abc pic.twitter.com/xyz by @someone") == "Wow by someone"


def test_capitalised_names_are_entities_and_capitalised_stop_words_are_not() -> None:
    assert entity_keys("The council in Leeds said so. Leeds's mayor agreed.") == {"leeds"}


def test_spelled_out_and_written_numbers_agree() -> None:
    assert number_keys("fourteen days") == number_keys("14 days") == {"14"}


@pytest.mark.parametrize("mode", ["bm25", "dense", "fused", "rerank"])
def test_each_configuration_ranks_the_paraphrase_first(mode: str) -> None:
    index = index_of(PRIORS)
    found = index.search("Leeds council approves 40 million pound schools budget", 3, mode=mode)  # type: ignore[arg-type]
    assert found[0].prior.id == "budget"


def test_the_reranked_match_says_which_names_and_numbers_both_state() -> None:
    found = index_of(PRIORS).search("Leeds council approves 40 million pound schools budget", 1)
    assert found[0].shared_entities == ("leeds",) and found[0].shared_numbers == ("40",)
    assert 0.0 <= found[0].score <= 1.0


def test_a_check_added_after_searching_is_found_without_a_rebuild() -> None:
    index = index_of(PRIORS)
    index.search("vaccines contain microchips", 3)
    index.add([PriorCheck("claimreview", "chips", "COVID-19 vaccines contain tracking microchips.")])
    assert index.search("vaccines contain microchips", 1)[0].prior.id == "chips"


def test_replacing_a_check_keeps_one_copy_and_removing_it_hides_it() -> None:
    index = index_of(PRIORS)
    index.add([PriorCheck("claimreview", "moon", "The 1969 moon landing was faked on a film set.")])
    assert len(index) == 3
    assert [m.prior.claim for m in index.search("moon landing faked", 5)].count(
        "The 1969 moon landing was faked on a film set."
    ) == 1
    index.remove("claimreview", "moon")
    assert all(m.prior.id != "moon" for m in index.search("moon landing faked", 5))


def test_excluded_checks_are_never_returned() -> None:
    found = index_of(PRIORS).search("Leeds schools budget", 5, exclude={("claimreview", "budget")})
    assert all(m.prior.id != "budget" for m in found)


def test_without_an_encoder_the_lexical_scorer_still_ranks() -> None:
    index = MatchingIndex(load_scorer(), None)
    index.add(PRIORS)
    assert not index.dense
    assert index.search("Was the moon landing staged in a studio?", 1)[0].prior.id == "moon"


def test_the_shipped_scorer_round_trips_and_uses_known_features() -> None:
    scorer = load_scorer(WEIGHTS_PATH)
    assert scorer_from_json(scorer.to_json()).to_json() == scorer.to_json()
    assert set(scorer.full.ranker.features) <= set(FEATURES)
    assert set(scorer.lexical.ranker.features) <= set(LEXICAL_FEATURES)
    assert set(scorer.full.judge.features) <= set(JUDGE_FEATURES)
    assert set(scorer.lexical.judge.features) <= set(LEXICAL_JUDGE_FEATURES)
    for part in (scorer.full, scorer.lexical):
        assert 0.0 < part.related <= part.reuse < 1.0


def test_a_closer_embedding_is_judged_likelier_the_same_claim_all_else_equal() -> None:
    part = load_scorer().full
    base = dict.fromkeys(FEATURES, 0.5)
    assert part.probability([{**base, "cosine": 0.9}])[0] > part.probability([{**base, "cosine": 0.3}])[0]


@pytest.mark.parametrize("encoder", [HashingEncoder(), None])
def test_a_lone_unrelated_check_is_not_judged_the_same_claim(encoder: HashingEncoder | None) -> None:
    # Being the best of one says nothing: the judge sees only the pair, never the collection.
    index = MatchingIndex(load_scorer(), encoder)
    index.add([PRIORS[1]])
    found = index.search("The council in Leeds closed two libraries in the city centre.", 1)
    assert found and found[0].score < index.scorer.for_dense(index.dense).reuse


def test_a_verbatim_restatement_is_judged_the_same_claim() -> None:
    index = index_of(PRIORS)
    found = index.search(PRIORS[1].claim, 1)
    assert found[0].prior.id == "budget" and found[0].score >= index.scorer.full.reuse


def test_stored_vectors_are_embedded_once_and_read_back_after_a_restart() -> None:
    store, encoder = MemoryVectors(), HashingEncoder()
    first = stored_vectors(encoder, PRIORS, store)
    calls = len(encoder.encoded)
    again = stored_vectors(encoder, PRIORS, store)
    assert len(encoder.encoded) == calls
    np.testing.assert_allclose(first, again, atol=1e-3)


def test_an_edited_claim_is_embedded_again() -> None:
    store, encoder = MemoryVectors(), HashingEncoder()
    stored_vectors(encoder, PRIORS, store)
    edited = PriorCheck("claimreview", "moon", "The moon landing was real.", "Was Apollo 11 Staged?")
    stored_vectors(encoder, [edited], store)
    assert encoder.encoded[-2:] == ["The moon landing was real.", "Was Apollo 11 Staged?"]


@pytest.mark.parametrize("decode", [True, False])
def test_redis_keeps_vectors_byte_exact_whatever_the_client_decodes(decode: bool) -> None:
    vectors = RedisVectors(fakeredis.FakeRedis(decode_responses=decode), "t")
    payload = np.arange(384, dtype="<f2").tobytes()
    vectors.put_many({"k": payload})
    assert vectors.get_many(["k", "missing"]) == [payload, None]


def test_vectors_survive_in_a_real_store(store: RedisStore) -> None:
    encoder = HashingEncoder()
    stored_vectors(encoder, PRIORS, RedisVectors(store.client, store.keys.prefix))
    calls = len(encoder.encoded)
    stored_vectors(encoder, PRIORS, RedisVectors(store.client, store.keys.prefix))
    assert len(encoder.encoded) == calls


def test_a_fact_checks_article_text_finds_it_when_its_claim_is_worded_otherwise() -> None:
    article = PriorCheck(
        "claimreview",
        "tariffs",
        "Says the new levy doubled prices.",
        body="The senator claimed that steel tariffs imposed in March doubled the price of washing machines.",
    )
    index = index_of([*PRIORS, article])
    found = index.search("steel tariffs doubled the price of washing machines", 1, mode="fused")
    assert found[0].prior.id == "tariffs"
