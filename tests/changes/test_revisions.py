"""Reading the workbook at a git revision: the old files byte for byte, the working tree untouched, one line per failure."""

import shutil
import subprocess

import pytest

from analysis.changes.revisions import open_revision
from analysis.common.problems import WorkbookError
from conftest import DATA, edit_claims, replace_in
from git_history import commit_all, git, make_history


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above the test's
    return make_history(tmp_path)


def refusal(name: str, folder) -> str:
    """Return the one line WorkbookError says when revision `name` of `folder` cannot be read."""
    with pytest.raises(WorkbookError) as caught, open_revision(name, folder):
        pass
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def level_of(workbook, claim_id: str) -> str:
    return str(workbook.claims.set_index("claim_id").loc[claim_id, "evidence_level"])


def test_reads_the_workbook_as_committed_at_an_earlier_revision(repo):
    with open_revision("HEAD~1", repo / "claims") as revision:
        assert level_of(revision.workbook, "C0001") == "rct"
        assert len(revision.workbook.claims) == 10
        assert revision.subject == "Claims" and revision.note == ""
        assert revision.label == f"HEAD~1 ({git(repo, 'rev-parse', '--short', 'HEAD~1')})"
        copy = revision.workbook.claims_dir
        assert copy.is_dir() and not copy.is_relative_to(repo)
    assert not copy.exists()  # the temporary copy is removed


def test_never_touches_the_working_tree(repo):
    edit_claims(repo / "claims", {"C0002": {"relation": "direct_causal"}})  # an uncommitted change
    before = {p: p.read_bytes() for p in (repo / "claims").rglob("*") if p.is_file()}
    status = git(repo, "status", "--porcelain")
    with open_revision("HEAD", repo / "claims") as revision:
        assert revision.workbook.claims.set_index("claim_id").loc["C0002", "relation"] == "correlational"
    assert {p: p.read_bytes() for p in (repo / "claims").rglob("*") if p.is_file()} == before
    assert git(repo, "status", "--porcelain") == status == "M claims/claims.csv"


def test_an_unknown_revision_is_one_line_naming_it(repo):
    said = refusal("nonsense", repo / "claims")
    assert said.endswith("unknown revision 'nonsense'; `git log --oneline` lists the revisions")


def test_a_mistyped_branch_gets_the_one_meant(repo):
    said = refusal("mian", repo / "claims")
    assert "unknown revision 'mian'; did you mean 'main'?" in said


def test_an_option_is_never_taken_for_a_revision(repo):
    said = refusal("--output=/tmp/x", repo / "claims")
    assert "unknown revision '--output=/tmp/x'" in said


def test_a_folder_outside_git_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(DATA / "workbook", tmp_path / "claims")
    said = refusal("HEAD", tmp_path / "claims")
    assert "not inside a git repository, so there is no earlier revision to compare with" in said


def test_without_git_says_so(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    said = refusal("HEAD", repo / "claims")
    assert "git is not installed (or not on PATH)" in said


def test_a_revision_before_the_claims_folder_names_the_first_with_it(repo):
    first = git(repo, "rev-parse", "--short", "HEAD~1")
    said = refusal("HEAD~2", repo / "claims")
    assert said.endswith(
        f"revision 'HEAD~2' ({git(repo, 'rev-parse', '--short', 'HEAD~2')}) has no claims folder; "
        f"the first revision with it is {first}: python -m analysis changes {first}"
    )


def test_a_revision_missing_from_a_shallow_clone_says_to_unshallow(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    with open_revision("HEAD", clone / "claims") as revision:  # what the clone holds reads as usual
        assert level_of(revision.workbook, "C0001") == "observational"
    said = refusal("HEAD~1", clone / "claims")
    assert "unknown revision 'HEAD~1': this is a shallow clone" in said
    assert "git fetch --unshallow" in said


def test_an_old_workbook_that_fails_todays_checks_is_one_line(repo):
    replace_in(repo / "claims" / "claims.csv", ",meta-analysis,", ",meta-analisys,")
    broken = commit_all(repo, "A typo")
    said = refusal("HEAD", repo / "claims")
    assert f"the workbook at HEAD ({broken}) does not pass today's checks (1 error; the first: " in said
    assert (
        f"{broken}:claims/claims.csv:9: column 'evidence_level': unknown evidence_levels term 'meta-analisys'" in said
    )
    assert "compare with a later revision" in said


def test_an_old_vocabulary_without_todays_term_kinds_is_replaced_by_todays(repo):
    vocabulary = repo / "claims" / "vocabulary.yaml"
    today = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(today.replace("    kind: intervention\n", ""), encoding="utf-8")
    old = commit_all(repo, "A vocabulary from before term kinds")
    vocabulary.write_text(today, encoding="utf-8")
    with open_revision(old, repo / "claims") as revision:
        assert len(revision.workbook.claims) == 10
        assert revision.workbook.vocabulary.term("interventions", "probiotics").kind == "intervention"
    assert revision.note.startswith(f"the vocabulary.yaml of {old} does not pass today's checks (")
    assert f"the first: {old}:claims/vocabulary.yaml:" in revision.note
    assert revision.note.endswith("so its claims are read with today's vocabulary and rules")


def test_links_in_the_old_folder_are_left_out(repo):
    (repo / "claims" / "sources" / "elsewhere.txt").symlink_to("/etc/hostname")
    commit_all(repo, "A link out")
    with open_revision("HEAD", repo / "claims") as revision:
        copied = {p.name for p in (revision.workbook.claims_dir / "sources").iterdir()}
    assert copied == {"diet-blog.txt", "probiotics-news.txt"}


def test_an_old_text_larger_than_validate_reads_is_one_line_naming_it_as_committed(repo):
    (repo / "claims" / "sources" / "huge.txt").write_bytes(b"gut " * (2 * 1024**2 // 4) + b"!")
    huge = commit_all(repo, "A text of 2 MB and a byte")
    said = refusal("HEAD", repo / "claims")
    assert said.endswith(
        f"the source text {huge}:claims/sources/huge.txt is larger than the 2 MB the workbook reads (2,097,153 bytes); "
        "compare with another revision (`git log --oneline` lists them; SECURITY.md gives the limits)"
    )
