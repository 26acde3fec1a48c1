"""What changed, said in plain text and in Markdown: counts first, long lists cut, text from the data escaped."""

import re

import pandas as pd

from analysis.changes.compare import CLAIM_FIELDS, FLAG_FIELDS, GRADE_FIELDS, RELABEL_FIELDS, Changes
from analysis.changes.text import escape_markdown, render_markdown, render_text

HOSTILE = "Probiotics | cure *all* <img src=x onerror=alert(1)> [win](https://evil.example) @octocat `x` $y$\nnext"


def make_changes(added=(), relabelled=(), grades=(), flags=(), notes=()) -> Changes:
    return Changes(
        added=pd.DataFrame(list(added), columns=CLAIM_FIELDS),
        removed=pd.DataFrame(columns=CLAIM_FIELDS),
        relabelled=pd.DataFrame(list(relabelled), columns=RELABEL_FIELDS),
        grades=pd.DataFrame(list(grades), columns=GRADE_FIELDS),
        flags=pd.DataFrame(list(flags), columns=FLAG_FIELDS),
        before="HEAD~1 (abc1234)",
        after="the working tree",
        notes=tuple(notes),
    )


SOME = make_changes(
    added=[(f"C{n:04d}", "news", f"claim {n}") for n in range(1, 26)],
    relabelled=[
        ("C0030", "news", "relation", "correlational", "direct_causal"),
        ("C0030", "news", "placement", "", "body"),
    ],
    grades=[
        ("depression", "probiotics", "lowered", "moderate", "very weak", 0.9, 0.9, "old reason", "new reason"),
        ("mood", "kefir", "appeared", float("nan"), "none", float("nan"), 0.0, float("nan"), "no evidence"),
    ],
    flags=[("C0030", "news", "exaggeration", "causal-on-weak-evidence", "appeared", "states a direct cause")],
    notes=["the vocabulary of HEAD~1 predates term kinds"],
)


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_text_gives_the_counts_then_a_few_of_each():
    text = render_text(SOME)
    assert text.splitlines()[:4] == [
        "What changed from HEAD~1 (abc1234) to the working tree:",
        "  claims        25 added, 0 removed, 1 relabelled (2 labels: relation 1, placement 1)",
        "  graded pairs  0 raised, 1 lowered, 0 rescored, 1 appeared, 0 went away",
        "  flags         1 appeared, 0 went away",
    ]
    assert "note: the vocabulary of HEAD~1 predates term kinds" in text
    assert "  C0001: claim 1\n  C0002: claim 2\n  C0003: claim 3\n  … and 22 more\n" in text
    assert "  C0030 placement: (empty) → body" in text
    assert "  lowered   depression × probiotics: moderate (0.9) → very weak (0.9)" in text
    assert "  appeared  mood × kefir: — → none (0)" in text


def test_no_changes_is_said_plainly():
    assert render_text(make_changes()) == (
        "No changes: HEAD~1 (abc1234) and the working tree have the same claims, grades and flags."
    )
    assert r"No changes: **HEAD\~1 (abc1234)** and **the working tree**" in render_markdown(make_changes())


def test_markdown_has_headings_tables_and_cuts_long_lists():
    markdown = render_markdown(SOME, rows=20)
    assert markdown.startswith("## What changed since HEAD\\~1 (abc1234)\n")  # ~ escaped: no strikethrough
    assert (
        "### Claims added (25)\n\n| claim | source | claim text |\n| --- | --- | --- |\n| C0001 | news | claim 1 |"
        in markdown
    )
    assert "| C0020 | news | claim 20 |\n\n*… and 5 more.*" in markdown and "claim 21" not in markdown
    assert "| claims added | 25 |" in markdown and "| claims removed |" not in markdown  # counts of 0 left out
    assert "### Claims relabelled (1 claim, 2 labels)\n\nChanges by column: relation 1, placement 1." in markdown
    assert "| C0030 | placement | (empty) | body |" in markdown
    assert (
        "| depression × probiotics | lowered | moderate (0.9) | very weak (0.9) | old reason | new reason |" in markdown
    )
    assert "| mood × kefir | appeared | — | none (0) |   | no evidence |" in markdown
    assert r"> **Note:** the vocabulary of HEAD\~1 predates term kinds" in markdown


def test_markdown_escapes_text_from_the_data():
    escaped = escape_markdown(HOSTILE)
    assert escaped == (
        r"Probiotics \| cure \*all\* &lt;img src=x onerror=alert(1)&gt; \[win\](https://evil.example) "
        r"@&#8203;octocat \`x\` \$y\$ next"
    )
    markdown = render_markdown(make_changes(added=[("C0001", "news", HOSTILE)]))
    row = next(line for line in markdown.splitlines() if line.startswith("| C0001"))
    assert unescaped_pipes(row) == 4  # three cells, the claim's own pipe escaped
    assert "<img" not in markdown and "@octocat" not in markdown and "*all*" not in markdown


def test_markdown_escapes_control_characters_and_the_revision_name():
    assert escape_markdown("a\x1b[31mred\x00") == r"a\\x1b\[31mred\\x00"
    changes = make_changes(added=[("C0001", "news", "x")])
    markdown = render_markdown(Changes(**{**changes.__dict__, "before": "v1_*beta*"}))
    assert markdown.startswith(r"## What changed since v1\_\*beta\*")
