"""How often each flag rule's flags fell on a sentence an independent fact-checker marked, on the benchmark sets.

`rule_checks.csv` beside this module is written by `python benchmarks/judgements.py
--rule-checks` from the benchmark sets' readings (every set but the shipped articles'):
per rule, its kind, its flags and how many fell on a sentence that either reader marked
with a problem of that kind. A test checks that it agrees with the rules as they are.
"""

from importlib.resources import files
from pathlib import Path

import pandas as pd

CHECKS = files("analysis.evidence") / "rule_checks.csv"


def read_rule_checks(path=CHECKS) -> pd.DataFrame:
    """Return the measured checks (`path`: the package's own), one row per rule: rule, kind, flags, marked, sets."""
    with (Path(path) if isinstance(path, str) else path).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={"rule": str, "kind": str})


def count_rule_checks(flags: pd.DataFrame, checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, for each rule that flags a claim in `flags`, its flags here beside its measured `checks` (default: the
    package's): flags on the benchmark sets, how many a fact-checker marked, and that share (NaN when it flagged
    nothing there, or was never measured). Rules come in the order of the checks, the order the flags are told in."""
    checks = (read_rule_checks() if checks is None else checks).set_index("rule")
    once = flags.drop_duplicates(["claim_id", "rule"])
    here = once["rule"].value_counts()
    order = [rule for rule in checks.index if rule in here] + [rule for rule in here.index if rule not in checks.index]
    table = checks.reindex(order)
    table["kind"] = table["kind"].fillna(once.groupby("rule")["kind"].first().astype(str))
    table.insert(1, "flags here", here.reindex(order).astype(int))
    table[["flags", "marked", "sets"]] = table[["flags", "marked", "sets"]].astype("Int64")  # a rule not measured: <NA>
    table["share marked"] = table["marked"] / table["flags"].where(table["flags"] > 0)
    return table.rename_axis("rule").reset_index()
