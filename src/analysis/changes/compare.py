"""What changed between two workbooks: claims added, removed, relabelled; grades that moved; flags come and gone.

`compare_workbooks(old, new)` grades and flags both workbooks and compares them;
`compare_tables` compares tables already made (the build's `reports/data/*.csv` of two
builds, say). Both return `Changes`, tidy tables a notebook or a renderer
(`analysis.changes.text`) reads.
"""

from dataclasses import dataclass, field

import pandas as pd

from analysis.evidence.flags import flag_claims
from analysis.evidence.grading import grade_pairs
from analysis.workbook.load import Workbook
from analysis.workbook.validate import CLAIM_COLUMNS

PAIR = ["condition", "intervention"]
FLAG_KEY = ["claim_id", "rule"]
CLAIM_FIELDS = ["claim_id", "source_id", "claim"]
RELABEL_FIELDS = ["claim_id", "source_id", "column", "old", "new"]
GRADE_FIELDS = [*PAIR, "change", "old_grade", "new_grade", "old_score", "new_score", "old_reason", "new_reason"]
FLAG_FIELDS = ["claim_id", "source_id", "kind", "rule", "change", "reason"]
GRADE_CHANGES = ("raised", "lowered", "appeared", "went away", "rescored")  # in the order they are listed
FLAG_CHANGES = ("appeared", "went away")
SCORE_TOLERANCE = 5e-4  # scores are rounded to 3 places; closer ones are the same


@dataclass(frozen=True)
class Changes:
    """What changed from an old workbook (`before`) to a new one (`after`), one tidy table per kind of change.

    - `added`, `removed`: claim_id, source_id, claim
    - `relabelled`: claim_id, source_id, column, old, new (one row per changed column; quotes and notes too)
    - `grades`: condition, intervention, change (raised, lowered, appeared, went away, rescored),
      old_grade, new_grade, old_score, new_score, old_reason, new_reason
    - `flags`: claim_id, source_id, kind, rule, change (appeared, went away), reason
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    relabelled: pd.DataFrame
    grades: pd.DataFrame
    flags: pd.DataFrame
    before: str = "before"
    after: str = "after"
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> dict[str, int]:
        """Return how many of each change there are, by name (zeros included)."""
        grades = self.grades["change"].value_counts()
        flags = self.flags["change"].value_counts()
        return {
            "claims added": len(self.added),
            "claims removed": len(self.removed),
            "claims relabelled": self.relabelled["claim_id"].nunique(),
            "labels changed": len(self.relabelled),
            **{f"grades {change}": int(grades.get(change, 0)) for change in ("raised", "lowered")},
            "scores changed": int(grades.get("rescored", 0)),
            **{f"pairs {change}": int(grades.get(change, 0)) for change in ("appeared", "went away")},
            **{f"flags {change}": int(flags.get(change, 0)) for change in FLAG_CHANGES},
        }

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not any(self.summary().values())

    def columns_changed(self) -> pd.Series:
        """Return how many claims changed in each column, most first (ties in the order of claims.csv)."""
        counts = self.relabelled.groupby("column").size().rename("claims").reset_index()
        counts["order"] = counts["column"].map({name: i for i, name in enumerate(CLAIM_COLUMNS)})
        counts = counts.sort_values(["claims", "order"], ascending=[False, True])
        return counts.set_index("column")["claims"]


def compare_workbooks(old: Workbook, new: Workbook, *, before="before", after="after", notes=()) -> Changes:
    """Grade and flag both workbooks, each by its own rules, and return what changed from `old` to `new`."""
    return compare_tables(
        claim_table(old),
        claim_table(new),
        grade_pairs(old),
        grade_pairs(new),
        flag_claims(old),
        flag_claims(new),
        before=before,
        after=after,
        notes=notes,
    )


def claim_table(workbook: Workbook) -> pd.DataFrame:
    """Return the claims as curated: the columns of claims.csv, `advice` as written (yes, no, safety)."""
    return workbook.claims.assign(advice=workbook.claims["advice_term"])[CLAIM_COLUMNS]


def compare_tables(
    old_claims,
    new_claims,
    old_grades,
    new_grades,
    old_flags,
    new_flags,
    *,
    before="before",
    after="after",
    notes=(),
    grade_order=None,
) -> Changes:
    """Return what changed between two sets of tables: claims (claims.csv columns), graded pairs and flags.

    Claims are matched by claim_id, graded pairs by condition × intervention, flags by
    claim_id and rule. A column only one claims table has is compared as empty in the other.
    `grade_order` lists the grades strongest first (default: the order of the grade
    columns' categories, as `grade_pairs` gives them, or of first sight in tables read from CSV).
    """
    old_claims, new_claims = _as_text(old_claims), _as_text(new_claims)
    old_ids, new_ids = set(old_claims["claim_id"]), set(new_claims["claim_id"])
    return Changes(
        added=_pick(new_claims, new_ids - old_ids),
        removed=_pick(old_claims, old_ids - new_ids),
        relabelled=compare_claims(old_claims, new_claims),
        grades=compare_grades(old_grades, new_grades, grade_order),
        flags=compare_flags(old_flags, new_flags),
        before=before,
        after=after,
        notes=tuple(notes),
    )


def compare_claims(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim in both tables and column whose value differs: claim_id, source_id, column, old, new."""
    old, new = _as_text(old), _as_text(new)
    columns = [c for c in dict.fromkeys([*old.columns, *new.columns]) if c != "claim_id"]
    old, new = (t.reindex(columns=["claim_id", *columns], fill_value="") for t in (old, new))
    both = old.merge(new, on="claim_id", suffixes=("_old", "_new"))
    rows = []
    for order, column in enumerate(columns):
        differs = both[both[f"{column}_old"] != both[f"{column}_new"]]
        rows.append(
            pd.DataFrame(
                {
                    "claim_id": differs["claim_id"],
                    "source_id": differs["source_id_new"],
                    "column": column,
                    "old": differs[f"{column}_old"],
                    "new": differs[f"{column}_new"],
                    "order": order,
                }
            )
        )
    rows = [r for r in rows if not r.empty]
    if not rows:
        return pd.DataFrame(columns=RELABEL_FIELDS)
    table = pd.concat(rows, ignore_index=True).sort_values(["claim_id", "order"], ignore_index=True)
    return table[RELABEL_FIELDS]


def compare_grades(old: pd.DataFrame, new: pd.DataFrame, grade_order=None) -> pd.DataFrame:
    """Return the graded pairs whose grade or score changed, that appeared or went away, with both reasons."""
    order = {name: i for i, name in enumerate(grade_order or _grade_order(old, new))}
    wanted = [*PAIR, "grade", "score", "reason"]
    both = _tidy_grades(old[wanted]).merge(
        _tidy_grades(new[wanted]), on=PAIR, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    both.columns = [_grade_field(c) for c in both.columns]
    rank_old, rank_new = both["old_grade"].map(order), both["new_grade"].map(order)
    moved = (both["old_score"] - both["new_score"]).abs() > SCORE_TOLERANCE
    both["change"] = None
    both.loc[moved, "change"] = "rescored"
    both.loc[rank_new > rank_old, "change"] = "lowered"  # grades run strongest first
    both.loc[rank_new < rank_old, "change"] = "raised"
    both.loc[both["_merge"] == "right_only", "change"] = "appeared"
    both.loc[both["_merge"] == "left_only", "change"] = "went away"
    changed = both[both["change"].notna()].assign(_order=lambda t: t["change"].map(GRADE_CHANGES.index))
    return changed.sort_values(["_order", *PAIR], ignore_index=True)[GRADE_FIELDS]


def compare_flags(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Return the flags (by claim_id and rule) that appeared or went away, each with its reason."""
    wanted = ["claim_id", "source_id", "kind", "rule", "reason"]
    old, new = _as_text(old[wanted]), _as_text(new[wanted])
    both = old.merge(new, on=FLAG_KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    both = both[both["_merge"] != "both"]
    gone = both["_merge"] == "left_only"
    table = pd.DataFrame(
        {
            "claim_id": both["claim_id"],
            "source_id": both["source_id_new"].where(~gone, both["source_id_old"]),
            "kind": both["kind_new"].where(~gone, both["kind_old"]),
            "rule": both["rule"],
            "change": gone.map({False: "appeared", True: "went away"}),
            "reason": both["reason_new"].where(~gone, both["reason_old"]),
        }
    )
    table = table.assign(_order=table["change"].map(FLAG_CHANGES.index))
    return table.sort_values(["_order", *FLAG_KEY], ignore_index=True)[FLAG_FIELDS]


def _pick(claims: pd.DataFrame, ids: set) -> pd.DataFrame:
    return claims[claims["claim_id"].isin(ids)].sort_values("claim_id", ignore_index=True)[CLAIM_FIELDS]


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Return `table` as text ("" for a missing value), so that categories and numbers compare as written."""
    return table.astype(object).where(table.notna(), "").astype(str)


def _tidy_grades(grades: pd.DataFrame) -> pd.DataFrame:
    return grades.assign(grade=grades["grade"].astype(str), score=grades["score"].astype(float))


def _grade_field(column: str) -> str:
    """Name the merged columns old_grade, new_score, ... as the Changes tables do."""
    for suffix in ("_old", "_new"):
        if column.endswith(suffix):
            return f"{suffix[1:]}_{column.removesuffix(suffix)}"
    return column


def _grade_order(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Return the grades strongest first: the grade columns' categories, or their order of first sight
    (`grade_pairs` lists pairs strongest first)."""
    names = []
    for grades in (new, old):
        column = grades["grade"]
        names += list(column.cat.categories) if isinstance(column.dtype, pd.CategoricalDtype) else list(column)
    return list(dict.fromkeys(str(n) for n in names))
