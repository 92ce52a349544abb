"""Quantities: numbers with what they count, normalised so that claim and evidence can be compared."""

from __future__ import annotations

import pytest

from claimcheck.verification.quantities import (
    Quantity,
    conflicting_quantities,
    matching_quantities,
    quantities,
)


def test_spelled_out_weeks_equal_digit_weeks() -> None:
    assert quantities("two weeks") == quantities("2 weeks")


def test_hyphenated_day_count_equals_spelled_out_days() -> None:
    (hyphenated,) = quantities("a 14-day ceasefire")
    (spelled,) = quantities("fourteen days")
    assert hyphenated.agrees_with(spelled)
    assert hyphenated == Quantity(14.0, "day")


def test_weeks_are_counted_in_days() -> None:
    assert quantities("two weeks")[0].agrees_with(quantities("14 days")[0])


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$5bn", 5e9, "usd"),
        ("five billion dollars", 5e9, "usd"),
        ("twenty-five percent", 25.0, "percent"),
        ("25%", 25.0, "percent"),
        ("one hundred and fifty troops", 150.0, "troop"),
        ("a dozen eggs", 12.0, "egg"),
        ("the 45th president", 45.0, "ordinal-president"),
        ("2,000 people", 2000.0, "people"),
    ],
)
def test_amounts_normalise_to_value_and_unit(text: str, value: float, unit: str) -> None:
    assert quantities(text)[0] == Quantity(value, unit)


def test_dates_give_calendar_parts() -> None:
    found = quantities("on 12 March 2021")
    assert Quantity(12.0, "calendar-day") in found
    assert Quantity(3.0, "calendar-month") in found
    assert Quantity(2021.0, "calendar-year") in found


def test_a_different_day_count_conflicts() -> None:
    conflicts = conflicting_quantities("a 30-day ceasefire", "a tentative 14-day ceasefire agreement")
    assert [(stated.value, found.value) for stated, found in conflicts] == [(30.0, 14.0)]


def test_the_same_count_written_differently_does_not_conflict() -> None:
    assert conflicting_quantities("a fourteen-day ceasefire", "a 14-day ceasefire") == []
    assert matching_quantities("two weeks of talks", "14 days of talks") == [Quantity(14.0, "day")]


def test_rounded_and_hedged_figures_agree_with_precise_ones() -> None:
    assert conflicting_quantities("5 million people", "5.2 million people") == []
    assert conflicting_quantities("about 300 people", "297 people") == []
    assert conflicting_quantities("5.5 million people", "5.2 million people") != []


def test_quantities_of_different_things_do_not_conflict() -> None:
    assert conflicting_quantities("a 30-day ceasefire", "29 world leaders met") == []
