"""An old revision's claims folder is copied within the bounds validate reads, refused in one line before any write."""

import os
import time

import pytest

from analysis.changes import trees
from analysis.changes.trees import export_tree
from analysis.common import limits
from analysis.common.problems import WorkbookError
from git_history import commit_all, commit_entries, make_history, write_blob

SHOWN = "a36bf9c:claims/"  # how the tree is named in messages


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above the test's
    return make_history(tmp_path)


def refusal(repo, target) -> str:
    """Return the one line export_tree says when it refuses the claims folder at HEAD; check it wrote nothing."""
    with pytest.raises(WorkbookError) as caught:
        export_tree(repo, "HEAD:claims", target, repo / "claims", SHOWN)
    assert not target.exists()  # refused before the copy's folder is even made
    text = str(caught.value)
    assert "\n" not in text and "compare with another revision" in text
    return text


def commit_file(repo, name: str, size: int) -> None:
    """Commit claims/`name` of `size` bytes."""
    (repo / "claims" / name).write_bytes(b"x" * size)
    commit_all(repo, f"A large {name}")


def test_a_folder_past_the_entry_bound_is_refused_before_writing(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TREE_ENTRIES", 50)
    empty = write_blob(repo, b"")
    commit_entries(repo, "many", [(f"{n}.txt", empty) for n in range(50)])
    said = refusal(repo, tmp_path / "copy")  # 50 empty files and the workbook's 6
    assert f"the claims folder {SHOWN} holds more than 50 entries, the most the workbook reads" in said


def test_a_folder_of_100_001_entries_is_refused_in_seconds(repo, tmp_path):
    empty = write_blob(repo, b"")
    commit_entries(repo, "many", [(f"{n}.txt", empty) for n in range(limits.MAX_TREE_ENTRIES + 1)])
    started = time.perf_counter()
    said = refusal(repo, tmp_path / "copy")
    assert time.perf_counter() - started < 5
    assert "holds more than 100,000 entries" in said


KINDS = [  # the file committed, the bound validate reads it within, what the line calls it
    ("sources/diet-blog.txt", "MAX_TEXT_BYTES", "source text"),
    ("sources/notes.csv", "MAX_TEXT_BYTES", "source text"),  # a file in sources/ is read as a text
    ("claims.csv", "MAX_TABLE_BYTES", "table"),
    ("lexicon.csv", "MAX_RULES_BYTES", "lexicon"),  # a CSV file, but a rules file
    ("vocabulary.yaml", "MAX_RULES_BYTES", "vocabulary"),
    ("rules.yaml", "MAX_RULES_BYTES", "rules file"),
    ("README.md", "MAX_TEXT_BYTES", "file"),
]


@pytest.mark.parametrize(("name", "bound", "what"), KINDS)
def test_a_file_larger_than_validate_reads_is_refused_naming_it(repo, tmp_path, monkeypatch, name, bound, what):
    monkeypatch.setattr(limits, bound, 19_999)  # the workbook's own files are all smaller
    commit_file(repo, name, 20_000)
    said = refusal(repo, tmp_path / "copy")
    assert f"the {what} {SHOWN}{name} is larger than the 0.0 MB the workbook reads (20,000 bytes)" in said


def test_a_table_is_held_to_the_table_bound_not_a_rules_files(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RULES_BYTES", 19_999)
    commit_file(repo, "studies.csv", 20_000)
    assert export_tree(repo, "HEAD:claims", tmp_path / "copy", repo / "claims", SHOWN) == 7  # the workbook's 6 and it


def test_the_whole_folder_is_bounded_counting_a_file_named_twice(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_REVISION_BYTES", 30_000)
    text = write_blob(repo, b"x" * 20_000)
    commit_entries(repo, "sources", [("a.txt", text), ("b.txt", text)])
    said = refusal(repo, tmp_path / "copy")
    assert f"the claims folder {SHOWN} is larger than the 0.0 MB the workbook reads" in said
    assert f"bytes) by {SHOWN}sources/b.txt, a file named twice counted twice" in said


def test_a_name_longer_than_a_path_may_be_is_refused(repo, tmp_path):
    commit_entries(repo, "sources", [("x" * 9000, write_blob(repo, b"text"))])
    said = refusal(repo, tmp_path / "copy")
    assert "the old claims folder names a file of more than 8,192 bytes" in said


def test_a_file_named_many_times_is_written_once_and_hard_linked(repo, tmp_path):
    text = b"The same text, four times.\n"
    blob = write_blob(repo, text)
    commit_entries(repo, "copies", [(f"{n}.txt", blob) for n in range(4)])
    copy = tmp_path / "copy"
    assert export_tree(repo, "HEAD:claims", copy, repo / "claims", SHOWN) == 10  # the workbook's 6 and 4 copies
    files = sorted((copy / "copies").iterdir())
    assert {f.read_bytes() for f in files} == {text}
    assert len({f.stat().st_ino for f in files}) == 1 and files[0].stat().st_nlink == 4


def test_where_the_file_system_cannot_link_each_name_gets_a_copy(repo, tmp_path, monkeypatch):
    def cannot_link(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cannot_link)
    text = b"The same text, three times.\n"
    blob = write_blob(repo, text)
    commit_entries(repo, "copies", [(f"{n}.txt", blob) for n in range(3)])
    export_tree(repo, "HEAD:claims", tmp_path / "copy", repo / "claims", SHOWN)
    files = sorted((tmp_path / "copy" / "copies").iterdir())
    assert {f.read_bytes() for f in files} == {text} and len({f.stat().st_ino for f in files}) == 3


def test_the_bound_of_each_file_follows_what_validate_reads_it_as():
    assert trees.find_limit("sources/x.csv") == (limits.MAX_TEXT_BYTES, "source text")
    assert trees.find_limit("lexicon.csv") == (limits.MAX_RULES_BYTES, "lexicon")
    assert trees.find_limit("studies.csv") == (limits.MAX_TABLE_BYTES, "table")
    assert trees.find_limit("notes/studies.csv") == (limits.MAX_TEXT_BYTES, "file")  # validate reads no such table
