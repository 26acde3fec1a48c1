"""The "What changed" page: this build's tables against those of the previous data version, kept with the reports.

The build renders it from a template (templates/changes.html.j2) rather than running a
notebook: the tables it compares exist only in the build's staging folder while the
build runs, so a notebook would need that folder's path as a parameter, one that changes
every build and is gone after it; and the comparison takes well under a second, so
it needs no freshness key of its own.

Tested in tests/changes/test_page.py.
"""

import dataclasses
import math
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.changes.compare import FLAG_CHANGES, GRADE_CHANGES, Changes, compare_tables
from analysis.changes.history import (
    FIRST_BUILD,
    INTERRUPTED,
    PREVIOUS,
    SAME_DATA,
    Snapshot,
    keep_previous,
    read_snapshot,
    read_tables,
)
from analysis.changes.text import EMPTY, count
from analysis.common.limits import MAX_ID_DIGITS
from analysis.common.problems import shorten
from analysis.reports.display import FOLD_ROWS, MAX_ROWS
from analysis.reports.findings import MEASURE
from analysis.reports.page import add_contents, render_page, render_template, write_page
from analysis.reports.readable import HEADERS, SECTIONS, label_terms
from analysis.workbook.load import Workbook
from analysis.workbook.rules import load_rules
from analysis.workbook.vocabulary import Vocabulary

HREF = "changes.html"
TITLE = "What changed since the last data version"
IDS_SHOWN = 30  # claim ids (or runs of them) listed in one cell; the rest are counted
COLUMN_NAMES = {
    **HEADERS,
    "mechanisms": "Mechanisms",
    "advice": "Advice",
    "claim_type": "Kind of claim",
    "notes": "Curator's notes",
}
VALUE_SECTIONS = {**SECTIONS, "mechanisms": "mechanisms", "advice": "advice", "claim_type": "claim_types"}
GRADE_TITLES = {
    "raised": "Grade raised",
    "lowered": "Grade lowered",
    "appeared": "Pairs graded for the first time",
    "went away": "Pairs no longer graded",
    "rescored": "Same grade, new weight",
}
GRADE_SIDES = {"appeared": ("new",), "went away": ("old",)}  # the others show both sides
GRADE_SIDES = {change: GRADE_SIDES.get(change, ("old", "new")) for change in GRADE_TITLES}
SIDE_NAMES = {"old": "before", "new": "after"}
NOTHING_TO_COMPARE = {
    FIRST_BUILD: "no earlier build to compare with yet",
    SAME_DATA: "no earlier data version yet",
    INTERRUPTED: "nothing to compare with: the last build was stopped while it published its reports",
}
SUMMARY_CHARS = 60  # of a value in the table of changes by column
_NUMBERED = re.compile(rf"^(.*?)([0-9]{{1,{MAX_ID_DIGITS}}})$")  # bounded: an old build's table may hold any id


@dataclass(frozen=True)
class Table:
    """One table of the page: a heading (or none), its header, its rows of text, and what its fold says."""

    heading: str
    header: list[str]
    rows: list[list[str]]
    fold: str = ""


@dataclass(frozen=True)
class Summary:
    """What the index says of the page: its link, one line on what changed, and the data version compared with."""

    line: str
    previous: str = ""  # the previous data version, when its tables are kept in data/previous/
    href: str = HREF
    title: str = TITLE


def write_changes_page(workbook: Workbook, out_dir: Path, staging: Path, version: str, echo=print) -> Summary:
    """Keep the previous data version's tables in `staging`/data/previous and write `staging`/changes.html.

    Call it once the build has exported this build's tables into `staging`/data. Return
    what the index says of the page: what changed, or that there is nothing to compare with.
    """
    current = read_snapshot(Path(staging) / "data")
    previous, why = keep_previous(Path(out_dir), Path(staging) / "data", version)
    changes, problem = None, ""
    if previous is not None and current is not None:
        try:
            changes = compare_snapshots(previous, current, load_rules(workbook.vocabulary, workbook.claims_dir).grades)
        except (OSError, ValueError, KeyError) as exc:  # a table edited or cut short by hand: say so on the page
            problem = f"{type(exc).__name__}: {exc}"
    line = summarise_changes(changes, why, problem)
    echo(f"what changed since the last data version: {line}")
    body = render_changes(changes, workbook.vocabulary, current, previous, why=why, problem=problem)
    write_page(Path(staging) / HREF, render_page(title=TITLE, body=body, data_version=version, index_href="index.html"))
    return Summary(line, previous.version if previous else "")


def compare_snapshots(previous: Snapshot, current: Snapshot, grade_order=None) -> Changes:
    """Return what changed from the tables of `previous` to those of `current`, both as their CSV files hold them.

    Its flags table also gives each flagged claim's quote (as it is now, or as it was for a claim removed).
    """
    old, new = read_tables(previous), read_tables(current)
    changes = compare_tables(
        old["claims"],
        new["claims"],
        old["grades"],
        new["grades"],
        old["flags"],
        new["flags"],
        before=previous.version,
        after=current.version,
        grade_order=grade_order,
    )
    now, then = (_quotes(tables["claims"]) for tables in (new, old))
    ids = changes.flags["claim_id"]
    return dataclasses.replace(changes, flags=changes.flags.assign(quote=ids.map(now).fillna(ids.map(then)).fillna("")))


def _quotes(claims):
    """Return each claim's quote by its id."""
    return claims.drop_duplicates("claim_id").set_index("claim_id")["quote"]


def summarise_changes(changes: Changes | None, why: str = "", problem: str = "") -> str:
    """Return one line saying what changed since the previous data version, for the index and the build's output."""
    if problem:
        return f"the tables of the previous data version could not be compared; see {HREF}"
    if changes is None:
        return NOTHING_TO_COMPARE.get(why, NOTHING_TO_COMPARE[FIRST_BUILD])
    moves = f"data version {changes.before} → {changes.after}"
    parts = [
        f"{name}: {', '.join(text for n, text in items if n)}"
        for name, items in _counts(changes)
        if any(n for n, _ in items)
    ]
    return f"{moves}: {'; '.join(parts)}" if parts else f"{moves}: the same claims, grades and flags"


def _counts(changes: Changes) -> list[tuple[str, list[tuple[int, str]]]]:
    """Return the counts of each kind of change, by what changed: claims, graded pairs, flags."""
    counts = changes.summary()
    labels = f" ({count(counts['labels changed'], 'label')})" if counts["labels changed"] else ""
    grades = dict(
        zip(GRADE_CHANGES, ("grades raised", "grades lowered", "pairs appeared", "pairs went away", "scores changed"))
    )
    return [
        (
            "claims",
            [(counts[f"claims {word}"], f"{counts[f'claims {word}']} {word}") for word in ("added", "removed")]
            + [(counts["claims relabelled"], f"{counts['claims relabelled']} relabelled{labels}")],
        ),
        ("graded pairs", [(counts[name], f"{counts[name]} {word}") for word, name in grades.items()]),
        ("flags", [(counts[f"flags {word}"], f"{counts[f'flags {word}']} {word}") for word in FLAG_CHANGES]),
    ]


def render_changes(
    changes: Changes | None,
    vocabulary: Vocabulary,
    current: Snapshot | None,
    previous: Snapshot | None,
    *,
    why: str = "",
    problem: str = "",
) -> str:
    """Return the page's body: both data versions and dates, the counts, then a section per kind of change."""
    sections = _sections(changes, vocabulary) if changes is not None else []
    body = render_template(
        "changes.html.j2",
        title=TITLE,
        measure=MEASURE,
        current=current,
        previous=previous,
        why=why,
        reasons={"first": FIRST_BUILD, "same": SAME_DATA, "interrupted": INTERRUPTED},
        problem=problem,
        changes=changes,
        counts=[(name, ", ".join(text for _, text in items)) for name, items in _counts(changes)] if changes else [],
        sections=sections,
        previous_folder=f"data/{PREVIOUS}/",
        fold_rows=FOLD_ROWS,
        max_rows=MAX_ROWS,
    )
    return add_contents(body)


def _sections(changes: Changes, vocabulary: Vocabulary) -> list[tuple[str, str, list[Table]]]:
    """Return (title, anchor, tables) for each kind of change there is, in the page's order."""
    found = [
        ("Claims added", [_claim_table(changes.added, "Every claim added")]),
        ("Claims removed", [_claim_table(changes.removed, "Every claim removed")]),
        ("Claims relabelled", _relabel_tables(changes, vocabulary)),
        ("Graded pairs", _grade_tables(changes, vocabulary)),
        ("Flags", _flag_tables(changes)),
    ]
    return [(title, title.replace(" ", "-"), tables) for title, tables in found if any(t.rows for t in tables)]


def _claim_table(claims, fold: str) -> Table:
    rows = [[r.claim_id, r.source_id, r.claim] for r in claims.itertuples()]
    return Table("", ["Claim", "Article", HEADERS["claim"]], rows, fold)


def _relabel_tables(changes: Changes, vocabulary: Vocabulary) -> list[Table]:
    """Return a table of every change grouped by column and value, before and after, with the claims it concerns;
    when it is long enough to fold, a table of the columns that changed, with their commonest changes, before it."""
    relabelled = changes.relabelled
    if relabelled.empty:
        return []
    by_column, every = [], []
    for column, n_claims in changes.columns_changed().items():
        groups = relabelled[relabelled["column"] == column].groupby(["old", "new"], sort=False)["claim_id"]
        groups = sorted(((list(ids), old, new) for (old, new), ids in groups), key=lambda g: (-len(g[0]), g[0][0]))
        name = COLUMN_NAMES.get(column, column)
        shown = [(_value(vocabulary, column, old), _value(vocabulary, column, new), ids) for ids, old, new in groups]
        common = "; ".join(f"{_short(old)} → {_short(new)} ({len(ids)})" for old, new, ids in shown[:3])
        by_column.append([name, str(n_claims), common + ("; …" if len(shown) > 3 else "")])
        every += [[name, old, new, str(len(ids)), list_ids(ids)] for old, new, ids in shown]
    every = Table("", ["Column", "Before", "After", "Claims", "Which claims"], every, "Every change, by column")
    if len(every.rows) <= FOLD_ROWS:  # short enough to read whole: no summary needed
        return [every]
    return [Table("", ["Column", "Claims", "Commonest changes, before → after (claims)"], by_column), every]


def _grade_tables(changes: Changes, vocabulary: Vocabulary) -> list[Table]:
    """Return a table per kind of change of the graded pairs, each pair with its grades and reasons before and after."""
    tables = []
    for change in GRADE_CHANGES:
        sides = GRADE_SIDES[change]
        rows = [
            [f"{vocabulary.label('conditions', r.condition)} × {vocabulary.label('interventions', r.intervention)}"]
            + [_grade(getattr(r, f"{side}_grade"), getattr(r, f"{side}_score")) for side in sides]
            + [_text(getattr(r, f"{side}_reason")) for side in sides]
            for r in changes.grades[changes.grades["change"] == change].itertuples()
        ]
        header = [
            "Condition × intervention",
            *(SIDE_NAMES[s].capitalize() for s in sides),
            *(f"Why, {SIDE_NAMES[s]}" for s in sides),
        ]
        if len(sides) == 1:
            header[-1] = "Why"
        title = GRADE_TITLES[change]
        tables.append(Table(f"{title} ({count(len(rows), 'pair')})", header, rows, f"Every pair: {title.lower()}"))
    return [t for t in tables if t.rows]


def _flag_tables(changes: Changes) -> list[Table]:
    """Return a table of the flags that appeared and one of those that went away, each with its claim's quote."""
    tables = []
    for change in FLAG_CHANGES:
        flags = changes.flags[changes.flags["change"] == change]
        rows = [
            [r.claim_id, r.source_id, _text(getattr(r, "quote", "")), r.kind, r.rule, r.reason]
            for r in flags.itertuples()
        ]
        heading = f"Flags that {change} ({len(rows)})"
        header = ["Claim", "Article", "Quote", "Kind", "Rule", "Why"]
        tables.append(Table(heading, header, rows, f"Every flag that {change}"))
    return [t for t in tables if t.rows]


def list_ids(ids) -> str:
    """Return claim ids as a short list, runs of three or more as "C0001–C0214", the rest counted past IDS_SHOWN."""
    runs: list[tuple[tuple, list[str]]] = []
    for claim_id in sorted(set(ids), key=_id_order):
        key = _id_order(claim_id)
        if runs and key[1] >= 0 and runs[-1][0][:2] == key[:2] and runs[-1][0][2] + 1 == key[2]:
            runs[-1] = (key, [*runs[-1][1], claim_id])
        else:
            runs.append((key, [claim_id]))
    parts = []
    for _, members in runs:
        parts += [(f"{members[0]}–{members[-1]}", len(members))] if len(members) >= 3 else [(m, 1) for m in members]
    hidden = sum(size for _, size in parts[IDS_SHOWN:])
    return ", ".join(text for text, _ in parts[:IDS_SHOWN]) + (f", … and {hidden} more" if hidden else "")


def _id_order(claim_id: str) -> tuple:
    """Order ids by prefix, then number ("C9" before "C10"); an id without a number by its text."""
    match = _NUMBERED.match(claim_id)
    return (match[1], len(match[2]), int(match[2])) if match else (claim_id, -1, 0)


def _value(vocabulary: Vocabulary, column: str, value: str) -> str:
    """Return a claims cell as a reader reads it: the vocabulary's labels for its terms, or "(empty)"."""
    if not value:
        return EMPTY
    return label_terms(vocabulary, VALUE_SECTIONS[column], value) if column in VALUE_SECTIONS else value


def _grade(grade, score) -> str:
    """Return "weak (0.9)", or "—" for a pair not graded on that side."""
    try:
        score = float(score)
    except (TypeError, ValueError):
        return "—"
    return "—" if math.isnan(score) else f"{grade} ({score:.3g})"


def _short(text: str) -> str:
    return shorten(text, SUMMARY_CHARS)


def _text(value) -> str:
    return value if isinstance(value, str) else ""
