"""A source path from the data never reads a file outside the claims folder's sources/."""

import hashlib
import os

import pytest

from analysis import validate_workbook
from analysis.cli.main import main
from analysis.workbook.source_paths import confine_source_path
from conftest import replace_in

DIET = "sources/diet-blog.txt"


def point_diet_blog_at(workbook_dir, path: str, target=None):
    """Make the diet-blog row name `path`, with the sha256 of `target`'s bytes (so only the path is wrong)."""
    data = target.read_bytes() if target is not None and target.is_file() else b""
    old_sha = hashlib.sha256((workbook_dir / DIET).read_bytes()).hexdigest()
    replace_in(workbook_dir / "sources.csv", f"{DIET},{old_sha}", f"{path},{hashlib.sha256(data).hexdigest()}")


def path_errors(workbook_dir):
    return [str(p) for p in validate_workbook(workbook_dir).errors if p.column == "path"]


@pytest.mark.parametrize(
    "path, why",
    [
        ("/etc/passwd", "is an absolute path"),
        ("../../../../etc/passwd", "climbs out of the claims folder with '..'"),
        ("sources/../../outside.txt", "climbs out of the claims folder with '..'"),
        ("claims.csv", "leads outside the claims folder's sources/ (outside sources/)"),
    ],
)
def test_paths_that_leave_sources_are_refused_in_one_line(workbook_dir, path, why):
    point_diet_blog_at(workbook_dir, path)
    (error,) = path_errors(workbook_dir)
    assert f"column 'path': the source path {why}" in error and "sources/NAME.txt" in error


def test_a_symbolic_link_out_of_sources_is_refused(workbook_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    os.symlink(secret, workbook_dir / "sources" / "link.txt")
    point_diet_blog_at(workbook_dir, "sources/link.txt", secret)
    (error,) = path_errors(workbook_dir)
    assert "leads outside the claims folder's sources/ (through a symbolic link)" in error


def test_a_sources_folder_that_is_itself_a_link_elsewhere_is_refused(workbook_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (workbook_dir / "sources").rename(elsewhere)  # same texts, same sha256: only the folder's place is wrong
    os.symlink(elsewhere, workbook_dir / "sources")
    errors = path_errors(workbook_dir)
    assert len(errors) == 2
    assert all("leads outside the claims folder's sources/ (through a symbolic link)" in e for e in errors)


def test_a_link_that_stays_inside_sources_is_read(workbook_dir):
    os.symlink("diet-blog.txt", workbook_dir / "sources" / "alias.txt")
    point_diet_blog_at(workbook_dir, "sources/alias.txt", workbook_dir / DIET)
    assert path_errors(workbook_dir) == []


@pytest.mark.parametrize("make", [os.mkdir, os.mkfifo], ids=["folder", "pipe"])
def test_a_folder_or_a_pipe_is_not_read(workbook_dir, make):
    make(workbook_dir / "sources" / "odd.txt")
    point_diet_blog_at(workbook_dir, "sources/odd.txt")
    (error,) = path_errors(workbook_dir)
    assert "is not a regular file (a folder, a device or a pipe)" in error


def test_a_name_too_long_for_the_file_system_is_one_line(workbook_dir):
    point_diet_blog_at(workbook_dir, "sources/" + "a" * 5000 + ".txt")
    (error,) = path_errors(workbook_dir)
    assert "cannot be followed: file name too long" in error


def test_a_nul_character_is_refused_before_the_file_system_sees_it(workbook_dir):
    assert confine_source_path(workbook_dir, "sources/nul\0.txt")[1] == "holds a NUL character, which no file name can"


def test_a_loop_of_links_or_a_link_to_nothing_is_one_line(workbook_dir):
    os.symlink("loop.txt", workbook_dir / "sources" / "loop.txt")
    os.symlink("missing.txt", workbook_dir / "sources" / "dangling.txt")
    point_diet_blog_at(workbook_dir, "sources/loop.txt")
    (error,) = path_errors(workbook_dir)
    assert "is a loop of symbolic links" in error
    point_diet_blog_at_again = error  # the row now names loop.txt; point it at the dangling link
    replace_in(workbook_dir / "sources.csv", "sources/loop.txt", "sources/dangling.txt")
    (error,) = path_errors(workbook_dir)
    assert "is a symbolic link to nothing" in error and error != point_diet_blog_at_again


def test_the_curators_commands_refuse_it_too(workbook_dir, capsys):
    point_diet_blog_at(workbook_dir, "/etc/passwd")
    assert (
        main(["add-claim", "--source", "diet-blog", "--quote", "root", "--yes", "--claims-dir", str(workbook_dir)]) == 1
    )
    err = capsys.readouterr().err
    assert "the source path is an absolute path" in err and "root:" not in err
