"""The reader's training mutations: an entailed claim turned into a contradiction by one change."""

from __future__ import annotations

import random

import pytest

from claimcheck.extraction.nlp import get_nlp
from tests.support.eval_scripts import load_eval_script

mutations = load_eval_script("mutations", folder="train")


@pytest.mark.parametrize(
    ("claim", "flipped"),
    [
        ("Okafor was the mayor of Dunmere.", "Okafor was not the mayor of Dunmere."),
        ("The council has approved the plan.", "The council has not approved the plan."),
        ("The court struck down the law.", "The court did not strike down the law."),
        ("Ferries stop at Velham.", "Ferries do not stop at Velham."),
        ("The bridge is not open to lorries.", "The bridge is open to lorries."),
    ],
)
def test_polarity_flip_negates_the_main_predicate_or_removes_its_negation(claim: str, flipped: str) -> None:
    assert mutations.flip_polarity(get_nlp()(claim)) == flipped


@pytest.mark.parametrize(
    "claim",
    [
        'Okafor said "the plan works".',  # a quotation is someone's words: not ours to negate
        "The plan cannot be stopped.",  # removing "not" would leave "canbe"
        "The plan isn't ready.",  # removing "n't" would leave "is ready" glued as "isready"
    ],
)
def test_polarity_flip_refuses_claims_it_cannot_flip_cleanly(claim: str) -> None:
    assert mutations.flip_polarity(get_nlp()(claim)) is None


def test_a_year_moves_by_a_few_years_and_other_numbers_are_scaled() -> None:
    rng = random.Random(3)
    moved = mutations.shift_number("in 2015", rng)
    assert moved is not None and moved != "in 2015"
    year = int(moved.split()[1])
    assert 2005 <= year <= 2025
    scaled = mutations.shift_number("1,200 jobs", rng)
    assert scaled is not None and scaled != "1,200 jobs" and "," in scaled


def test_numbers_inside_names_are_left_alone() -> None:
    assert mutations.shift_number("COVID-19", random.Random(0)) is None
    assert mutations.shift_number("protein A20", random.Random(0)) is None


def test_an_entity_swap_names_someone_the_evidence_does_not() -> None:
    evidence = "Okafor was elected mayor of Dunmere in 2019, beating two rivals."
    doc = get_nlp()("Tomas Okafor was elected mayor of Dunmere.")
    pool = {"PERSON": ["Tomas Okafor", "Ines Varga"], "GPE": ["Dunmere", "Kell"]}
    swapped = mutations.swap_entity(doc, evidence.replace("Okafor", "Tomas Okafor"), pool, random.Random(1))
    assert swapped in {"Ines Varga was elected mayor of Dunmere.", "Tomas Okafor was elected mayor of Kell."}


def test_an_entity_the_evidence_does_not_name_is_not_swapped() -> None:
    doc = get_nlp()("Ines Varga opened the bridge.")
    pool = {"PERSON": ["Ines Varga", "Tomas Okafor"]}
    assert mutations.swap_entity(doc, "The bridge opened on Monday.", pool, random.Random(1)) is None


def test_mutate_gives_each_chosen_pair_one_mutation_and_leaves_the_rest() -> None:
    pairs = [
        ("Okafor was the mayor of Dunmere.", "Okafor was the mayor of Dunmere from 2019."),
        ("Varga opened the bridge in 2021.", "Varga opened the bridge in 2021 after delays."),
    ]
    every = mutations.mutate(get_nlp(), pairs, share=1.0, rng=random.Random(5))
    assert len(every) == 2
    assert all(claim != original for (claim, _, _), (original, _) in zip(every, pairs, strict=True))
    assert [evidence for _, evidence, _ in every] == [evidence for _, evidence in pairs]
    assert mutations.mutate(get_nlp(), pairs, share=0.0, rng=random.Random(5)) == []
