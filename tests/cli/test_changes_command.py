"""`python -m analysis changes`: the summary, the Markdown file, exit 0 on changes, one line per mistake."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import DATA, edit_claims
from git_history import git, make_history

pytestmark = (
    pytest.mark.slow
)  # git histories and the command line in subprocesses: `make check` leaves it to `make test`


@pytest.fixture(autouse=True)
def no_repository_above(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # git never finds one above the test's folder


@pytest.fixture
def repo(tmp_path):
    return make_history(tmp_path)


def run(*args, cwd=None):
    command = [sys.executable, "-m", "analysis", "changes", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)


def assert_one_line(result, expected: str):
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def test_changes_since_a_revision_are_summarised_and_written_as_markdown(repo, tmp_path):
    edit_claims(repo / "claims", {"C0002": {"relation": "direct_causal"}})  # uncommitted: it counts too
    markdown = tmp_path / "changes.md"
    result = run("HEAD~1", "--claims-dir", repo / "claims", "--markdown", markdown, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    short = git(repo, "rev-parse", "--short", "HEAD~1")
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"What changed from HEAD~1 ({short}) to the working tree:",
        "  claims        0 added, 0 removed, 2 relabelled (2 labels: relation 1, evidence_level 1)",
        "  graded pairs  0 raised, 1 lowered, 0 rescored, 0 appeared, 0 went away",
        "  flags         1 appeared, 0 went away",  # C0001 now reports its study's result in the past tense
    ]
    assert "  C0001 evidence_level: rct → observational" in lines
    assert "  lowered   anxiety × probiotics: weak (0.9) → very weak (0.5)" in lines
    assert lines[-1] == f"wrote {markdown}"
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith(f"## What changed since HEAD\\~1 ({short})\n")
    assert "| C0001 | evidence\\_level | rct | observational |" in text
    assert "| C0002 | causal-on-weak-evidence | appeared | exaggeration |" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left behind


def test_no_changes_since_the_last_commit(repo):
    result = run("--claims-dir", repo / "claims", cwd=repo)
    assert result.returncode == 0, result.stderr
    short = git(repo, "rev-parse", "--short", "HEAD")
    assert result.stdout == f"No changes: HEAD ({short}) and the working tree have the same claims, grades and flags.\n"


def test_an_unknown_revision_exits_1_in_one_line(repo):
    assert_one_line(run("nonsense", "--claims-dir", repo / "claims", cwd=repo), "unknown revision 'nonsense'")


def test_a_revision_before_the_claims_folder_exits_1_naming_the_first_with_it(repo):
    first = git(repo, "rev-parse", "--short", "HEAD~1")
    result = run("HEAD~2", "--claims-dir", repo / "claims", cwd=repo)
    assert_one_line(result, f"has no claims folder; the first revision with it is {first}")


def test_an_old_revision_past_a_bound_exits_1_in_one_line(repo):
    (repo / "claims" / "claims.csv").write_bytes(b"x" * (1024**2 + 1))  # a table, within its bound
    (repo / "claims" / "lexicon.csv").write_bytes(b"x" * (1024**2 + 1))  # a rules file, past its bound
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A lexicon of 1 MB and a byte")
    short = git(repo, "rev-parse", "--short", "HEAD")
    result = run("HEAD", "--claims-dir", repo / "claims")
    assert_one_line(result, f"the lexicon {short}:claims/lexicon.csv is larger than the 1 MB the workbook reads")


def test_outside_git_exits_1_in_one_line(tmp_path):
    shutil.copytree(DATA / "workbook", tmp_path / "claims")
    result = run("--claims-dir", tmp_path / "claims", cwd=tmp_path)
    assert_one_line(result, "claims: not inside a git repository")


def test_markdown_into_a_missing_folder_is_refused_before_any_work(repo, tmp_path):
    result = run("HEAD~1", "--claims-dir", repo / "claims", "--markdown", tmp_path / "nowhere" / "changes.md")
    assert_one_line(result, "changes.md: its folder does not exist; create it, or write the file elsewhere")
    assert result.stdout == ""


def test_a_reader_that_stops_early_is_not_an_error(repo):
    reader, writer = os.pipe()
    os.close(reader)  # like `| head` gone before the summary is printed
    command = [sys.executable, "-m", "analysis", "changes", "HEAD~1", "--claims-dir", str(repo / "claims")]
    result = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True)
    os.close(writer)
    assert (result.returncode, result.stderr) == (0, "")
