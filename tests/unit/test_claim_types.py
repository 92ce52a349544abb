"""The claim-type rules for futures: commitments and dated schedules are checked, forecasts are not.

One row per rule of the table in docs/ARCHITECTURE.md (Extraction: claim types).
"""

from __future__ import annotations

import pytest

from claimcheck.extraction import extract_claims
from schemas.common import ClaimType

CHECKABLE = {ClaimType.event, ClaimType.quantity, ClaimType.attribution}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A commitment: "will" + an undertaking verb with an object.
        ("The department will provide £120m for new buses.", ClaimType.quantity),
        ("The council will build 400 homes on the site.", ClaimType.quantity),
        ("The government will ban disposable vapes from June.", ClaimType.event),
        # A dated schedule: "will" + a calendar verb, or "is due / scheduled to", with the date.
        ("Ministers will meet in Brussels on Tuesday.", ClaimType.event),
        ("Construction is due to begin in September 2026.", ClaimType.event),
        ("The line is scheduled to open on 3 March 2027.", ClaimType.event),
        # An arrangement stated as fact, passive included, and a rule with a deadline.
        ("Under the agreement, a compensation fund of €180m will be set up.", ClaimType.quantity),
        ("The Housing Secretary will make the final decision.", ClaimType.event),
        ("Clubs must submit their first spending reports to the panel by 31 October.", ClaimType.event),
        # What a ruling or a planning condition requires is on the record, not a judgement.
        ("Under the terms of the ruling, Tallis Freight must repay its former drivers.", ClaimType.event),
        ("The operator must also pay £2.4 million towards a new footbridge.", ClaimType.quantity),
        # A requirement with its condition or time is a rule.
        ("The treaty must be ratified by both parliaments before it takes effect.", ClaimType.event),
        ("Drilling must stop if the river level falls.", ClaimType.event),
        # A decision already taken is an event; a passive "felt" is no feeling.
        ("The planning committee has approved the new stadium.", ClaimType.event),
        ("The quake was felt in Lima and in parts of northern Chile.", ClaimType.event),
        # Forecasts: uncertain modals, "will" with a movement verb, expectation heads, undated schedules.
        ("Prices could rise by 5 per cent next year.", ClaimType.prediction),
        ("Unemployment will rise to 6 per cent by 2027.", ClaimType.prediction),
        ("The scheme will cost £40m.", ClaimType.prediction),
        ("The bank is expected to cut rates in June.", ClaimType.prediction),
        ("The line is scheduled to open eventually.", ClaimType.prediction),
        ("The strike may close every school in the county.", ClaimType.prediction),
        ("The new timetable will help families in rural areas.", ClaimType.prediction),
        ("The final stretch will be difficult.", ClaimType.prediction),
        ("Clubs must do more for their supporters.", ClaimType.opinion),
        ("The council must listen to its tenants.", ClaimType.opinion),
        # What someone said, tag kept: checkable as said, whatever it forecasts.
        ("If members accept, Ms Quarrie said, the deal could set a pattern.", ClaimType.attribution),
        ("The levy would not reach tenants' rents, Mr Hallowes said.", ClaimType.attribution),
    ],
)
def test_futures_are_typed_by_whether_a_record_could_show_them(text: str, expected: ClaimType) -> None:
    assert [c.type for c in extract_claims(text).claims] == [expected]


def test_a_funding_commitment_is_sent_to_verification_and_a_forecast_is_not() -> None:
    claims = extract_claims(
        "The department will provide £120m for new buses. Fares could rise by 5 per cent next year."
    ).claims
    assert [(c.type in CHECKABLE) for c in claims] == [True, False]
