"""The "What changed" page: this data version against the one before it, kept with the reports, linked from the index.

The quick tests stage tables as a build does (`export_tables`) and write the page; the
slow one builds the fixture workbook three times with the command line, with notebooks
that only print their parameters.
"""

import json
import re
import subprocess
import sys

import nbformat
import pytest
from markupsafe import escape
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.changes.page import IDS_SHOWN, list_ids, write_changes_page
from analysis.site import publish
from analysis.site.exports import export_tables
from analysis.site.freshness import write_manifest
from analysis.site.plan import hash_data
from analysis.site.render import render_index
from analysis.workbook.load import load_workbook
from conftest import edit_claims

pytestmark = pytest.mark.slow  # three builds in a row: `make check` leaves it to `make test`

OLD, NEW = "unspecified-studies", "observational"  # C0002's evidence level, then as relabelled
PARAMETERS = {"overview": None, "condition": "condition", "intervention": "intervention", "source": "source_id"}


def stage(claims_dir, out):
    """Export the workbook's tables into a staging folder of `out`, as a build does; return it and the version."""
    staging = out / ".staging-test"
    export_tables(load_workbook(claims_dir), staging / "data")
    return staging, hash_data(claims_dir)


def write_page(claims_dir, out):
    """Stage this build's tables, write the page; return its text, the index's summary and the build's output."""
    staging, version = stage(claims_dir, out)
    said = []
    summary = write_changes_page(load_workbook(claims_dir), out, staging, version, echo=said.append)
    return (staging / "changes.html").read_text(encoding="utf-8"), summary, said, staging


def publish_build(claims_dir, out):
    """Write the page and swap the staged build, manifest last, into `out`, as a whole build would; return the page."""
    page, summary, _, staging = write_page(claims_dir, out)
    write_manifest(staging, "inputs", [], {})
    publish.swap_in(staging, out)
    return page, summary


def labels(claims_dir):
    vocabulary = load_workbook(claims_dir).vocabulary
    return [str(escape(vocabulary.label("evidence_levels", slug))) for slug in (OLD, NEW)]


def relabel_row(page: str) -> re.Match | None:
    """The row of the table of every change that gives C0002's evidence level before and after."""
    return re.search(
        r"<tr><td>Evidence offered</td><td>([^<]*)</td><td>([^<]*)</td><td>1</td><td>C0002</td></tr>", page
    )


@pytest.fixture
def changed(workbook_dir, tmp_path):
    """A reports folder built from the fixture workbook, and the workbook with C0002 relabelled since."""
    out = tmp_path / "reports"
    publish_build(workbook_dir, out)
    edit_claims(workbook_dir, {"C0002": {"evidence_level": NEW}})
    return out


def test_the_page_names_each_relabelled_claim_with_its_value_before_and_after(changed, workbook_dir):
    first = json.loads((changed / "data" / "datapackage.json").read_text())["version"]
    page, summary, said, _ = write_page(workbook_dir, changed)
    row = relabel_row(page)
    assert row and list(row.groups()) == labels(workbook_dir)
    assert f"<code>{hash_data(workbook_dir)}</code>" in page and f"<code>{first}</code>" in page
    assert "<strong>Claims:</strong> 0 added, 0 removed, 1 relabelled (1 label)." in page
    assert "Commonest changes" not in page  # one change needs no summary by column
    assert summary.previous == first and "claims: 1 relabelled (1 label)" in summary.line
    assert said == [f"what changed since the last data version: {summary.line}"]


def test_a_rebuild_with_the_same_data_still_shows_the_same_change(changed, workbook_dir):
    once, _ = publish_build(workbook_dir, changed)
    again, summary = publish_build(workbook_dir, changed)
    assert relabel_row(again) and relabel_row(again).groups() == relabel_row(once).groups()
    assert summary.previous == json.loads((changed / "data" / "previous" / "datapackage.json").read_text())["version"]
    assert summary.previous != hash_data(workbook_dir)


def test_the_first_build_says_there_is_no_earlier_build_and_how_to_compare_with_git(workbook_dir, tmp_path):
    page, summary, _, staging = write_page(workbook_dir, tmp_path / "reports")
    assert "There is no earlier build to compare with" in page
    assert "<code>python -m analysis changes REV</code>" in page
    assert summary.line == "no earlier build to compare with yet" and summary.previous == ""
    assert not (staging / "data" / "previous").exists()


def test_a_rebuild_of_the_first_data_version_says_there_is_no_earlier_one(workbook_dir, tmp_path):
    publish_build(workbook_dir, tmp_path / "reports")
    page, summary = publish_build(workbook_dir, tmp_path / "reports")
    assert "There is no earlier data version to compare with yet" in page
    assert summary.line == "no earlier data version yet"


def test_grades_and_flags_that_moved_are_shown_with_both_reasons(changed, workbook_dir):
    edit_claims(workbook_dir, {"C0004": {"evidence_level": "rct", "citation": "a trial"}})
    page, summary, _, _ = write_page(workbook_dir, changed)
    assert '<h2 id="Graded-pairs">' in page and "Depression × Probiotics" in page
    assert "<th>Why, before</th><th>Why, after</th>" in page
    assert '<h2 id="Flags">' in page and "Flags that went away" in page
    assert "graded pairs: " in summary.line and "flags: " in summary.line
    assert page.count('class="wb-contents"') == 1


def test_every_text_from_the_data_is_escaped(changed, workbook_dir):
    edit_claims(workbook_dir, {"C0005": {"claim": "<script>alert(1)</script>", "notes": '<img src=x onerror="x()">'}})
    page, _, _, _ = write_page(workbook_dir, changed)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=&#34;x()&#34;&gt;" in page


def test_a_long_list_of_changes_is_folded_with_its_count(changed, workbook_dir):
    edit_claims(workbook_dir, {f"C{n:04}": {"notes": f"note {n}", "citation": f"source {n}"} for n in range(1, 11)})
    page, _, _, _ = write_page(workbook_dir, changed)
    assert re.search(r'<details class="wb-fold"><summary>Every change, by column \(2\d rows\)</summary>', page)
    assert "<th>Commonest changes, before → after (claims)</th>" in page  # what the fold holds, at a glance
    assert "<td>Curator&#39;s notes</td><td>(empty)</td><td>note 3</td><td>1</td><td>C0003</td>" in page


def test_claim_ids_are_listed_in_runs_and_counted_past_a_limit():
    assert (
        list_ids(["C0005", "C0001", "C0003", "C0002", "C0010", "C0009", "X"]) == "C0001–C0003, C0005, C0009, C0010, X"
    )
    many = [f"C{n:04}" for n in range(1, 4 * IDS_SHOWN, 2)]
    assert list_ids(many).endswith(f", … and {len(many) - IDS_SHOWN} more")


def test_damaged_previous_tables_are_named_on_the_page_and_the_build_goes_on(changed, workbook_dir):
    (changed / "data" / "grades.csv").write_text("nothing,here\n1,2\n", encoding="utf-8")
    page, summary, _, _ = write_page(workbook_dir, changed)
    assert "could not be compared" in page and "KeyError" in page
    assert summary.line == "the tables of the previous data version could not be compared; see changes.html"


def test_the_index_links_the_page_near_the_top_and_the_previous_tables_with_the_data(changed, workbook_dir):
    _, summary, _, _ = write_page(workbook_dir, changed)
    index = render_index([], data_version="v2", n_claims=10, n_sources=2, seconds=1.0, changes=summary)
    link = '<a href="changes.html">What changed since the last data version</a>: data version '
    assert link in index and index.index(link) < index.index('<h2 id="data">')
    assert '<a href="data/previous/datapackage.json">data/previous/</a>: the same tables' in index
    assert "<code>" + summary.previous + "</code>" in index


# --- three builds with the command line ---------------------------------------------------------


def write_quick_notebooks(target):
    """Write one notebook per kind of report that takes the real parameters and only prints them."""
    target.mkdir()
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    for kind, name in PARAMETERS.items():
        cells = [
            new_code_cell("claims_dir = None" + (f'\n{name} = "x"' if name else ""), metadata={"tags": ["parameters"]}),
            new_markdown_cell(f"# A quick {kind} report"),
            new_code_cell(f"print({name or 'claims_dir'})"),
        ]
        nbformat.write(new_notebook(cells=cells, metadata=kernel), target / f"{kind}.ipynb")
    return target


def build(claims_dir, out, notebooks, *extra) -> str:
    command = [sys.executable, "-m", "analysis", "build", "--claims-dir", str(claims_dir), "--output", str(out)]
    result = subprocess.run(
        [*command, "--notebooks", str(notebooks), "-j", "1", *extra], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_three_builds_first_then_a_changed_claim_then_the_same_data_again(workbook_dir, tmp_path):
    out, notebooks = tmp_path / "reports", write_quick_notebooks(tmp_path / "notebooks")
    said = build(workbook_dir, out, notebooks)
    assert "what changed since the last data version: no earlier build to compare with yet" in said
    assert "There is no earlier build to compare with" in (out / "changes.html").read_text()
    index = (out / "index.html").read_text()
    assert '<a href="changes.html">What changed since the last data version</a>: no earlier build' in index

    edit_claims(workbook_dir, {"C0002": {"evidence_level": NEW}})
    said = build(workbook_dir, out, notebooks)
    assert "claims: 1 relabelled (1 label)" in said
    second = (out / "changes.html").read_text()
    assert list(relabel_row(second).groups()) == labels(workbook_dir)
    assert '<a href="data/previous/datapackage.json">' in (out / "index.html").read_text()
    assert 'href="index.html">← all reports</a>' in second and "<style>" in second  # the report pages' frame

    said = build(workbook_dir, out, notebooks, "--force")
    assert "claims: 1 relabelled (1 label)" in said
    assert relabel_row((out / "changes.html").read_text()).groups() == relabel_row(second).groups()


def test_after_a_build_stopped_while_publishing_the_page_says_there_is_nothing_to_compare_with(changed, workbook_dir):
    (changed / ".manifest.json").unlink()
    page, summary, _, _ = write_page(workbook_dir, changed)
    assert "the last build in this folder was stopped while it\npublished its reports" in page
    assert summary.line.endswith("the last build was stopped while it published its reports")


def test_an_id_of_thousands_of_digits_from_an_old_build_is_listed_not_a_crash():
    huge = "C" + "9" * 5000  # validation refuses it now; an earlier build's tables may still hold one
    assert list_ids(["C0001", huge, "C\uff10\uff10\uff10\uff12"]).startswith("C0001, ")
