"""The given-name list that lets the resolver rule out a "he" or "she", and the script that builds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.extraction import extract_claims
from claimcheck.extraction.decontext import GIVEN_NAMES_PATH
from tests.support.eval_scripts import load_eval_script

build = load_eval_script("build_given_names", folder="train")


def census_file(path: Path, rows: list[tuple[str, float]]) -> Path:
    path.write_text("".join(f"{name:<15}{share:.3f}  0.000  {n}\n" for n, (name, share) in enumerate(rows)))
    return path


def test_a_name_used_for_both_sexes_rules_out_neither(tmp_path: Path) -> None:
    female = build.read_frequencies(census_file(tmp_path / "f", [("HARRIET", 0.056), ("LESLIE", 0.154)]))
    male = build.read_frequencies(census_file(tmp_path / "m", [("MALCOLM", 0.034), ("LESLIE", 0.081)]))
    women, men = build.one_sided(female, male, ratio=9.0)
    assert women == ["harriet"]
    assert men == ["malcolm"]


def test_a_line_that_is_no_name_and_frequency_stops_the_build(tmp_path: Path) -> None:
    bad = tmp_path / "f"
    bad.write_text("HARRIET 0.056\n0.1 ANNE\n")
    with pytest.raises(SystemExit, match="f:2"):
        build.read_frequencies(bad)


def test_the_shipped_list_holds_each_name_for_one_sex_only() -> None:
    data = json.loads(GIVEN_NAMES_PATH.read_text(encoding="utf-8"))
    assert not set(data["female"]) & set(data["male"])
    assert {"harriet", "eleanor"} <= set(data["female"]) and {"malcolm", "patrick"} <= set(data["male"])


def test_a_lone_surname_that_is_also_a_given_name_does_not_rule_a_pronoun_out() -> None:
    texts = [
        c.text
        for c in extract_claims(
            "The inspectors visited the site on Monday. Patrick said she had found no faults."
        ).claims
    ]
    assert "Patrick said Patrick had found no faults." in texts
