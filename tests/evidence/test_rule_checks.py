"""Each rule's flags beside how often independent fact-checkers marked the rule's flags on the benchmark articles."""

from pathlib import Path

import pandas as pd

from analysis.evidence.flags import RULES
from analysis.evidence.rule_checks import count_rule_checks, read_rule_checks

CHECKS = Path(__file__).parents[1] / "data" / "rule_checks.csv"


def flags_of(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["claim_id", "rule", "kind"])


def test_each_rule_that_flags_here_is_counted_once_per_claim_beside_its_measured_share():
    flags = flags_of(
        ("C3", "no-evidence", "unsupported"),
        ("C1", "causal-on-weak-evidence", "exaggeration"),
        ("C1", "causal-on-weak-evidence", "exaggeration"),  # one claim listed twice counts once
        ("C2", "causal-on-weak-evidence", "exaggeration"),
    )
    table = count_rule_checks(flags, read_rule_checks(CHECKS))
    assert table["rule"].tolist() == ["causal-on-weak-evidence", "no-evidence"]  # the checks' order
    assert table["flags here"].tolist() == [2, 1]
    assert table["share marked"].tolist() == [0.6, 0.25]


def test_a_rule_never_measured_or_silent_on_the_benchmarks_has_no_share():
    flags = flags_of(
        ("C1", "hedge-beyond-evidence", "understatement"),
        ("C2", "booster-on-weak-evidence", "exaggeration"),  # not in the checks at all
    )
    table = count_rule_checks(flags, read_rule_checks(CHECKS)).set_index("rule")
    assert table["share marked"].isna().all()
    assert table.loc["booster-on-weak-evidence", "kind"] == "exaggeration"
    assert table["flags here"].tolist() == [1, 1]


def test_no_flags_give_an_empty_table():
    assert count_rule_checks(flags_of(), read_rule_checks(CHECKS)).empty


def test_the_package_measures_every_rule_and_no_rule_marked_more_often_than_it_flagged():
    checks = read_rule_checks()
    assert sorted(checks["rule"]) == sorted(RULES)
    assert (checks["marked"] <= checks["flags"]).all() and checks["sets"].gt(0).all()
    assert dict(zip(checks["rule"], checks["kind"], strict=True)) == {rule: kind for rule, (kind, *_) in RULES.items()}
