"""Change detection for the live preview: an edit is noticed once, a burst of saves is one change, noise is not.

The watcher runs on real file events. That a change was *not* reported is shown by the
next change reported: after the noise, an edit in another folder must come alone.
"""

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from analysis.common.problems import WorkbookError
from analysis.preview.watch import check_folders, is_hidden, watch_inputs

WAIT_SECONDS = 20  # the deadline of a whole test: only a watcher that misses an edit reaches it


def make_folders(tmp_path: Path) -> tuple[Path, Path]:
    claims, package = tmp_path / "claims", tmp_path / "package"
    (claims / "sources").mkdir(parents=True)
    (package / "__pycache__").mkdir(parents=True)
    (claims / "claims.csv").write_text("claim_id\nC0001\n")
    (claims / "sources" / "a.txt").write_text("text")
    (package / "module.py").write_text("x = 1\n")
    return claims.resolve(), package.resolve()


@contextmanager
def watching(*roots: Path, ignore=()):
    """Yield `next_change()`, the roots of the next change; the watching has begun when this is entered."""
    stop = threading.Event()
    deadline = threading.Timer(WAIT_SECONDS, stop.set)
    deadline.start()
    inputs = watch_inputs(roots, ignore=ignore, stop_event=stop)
    assert next(inputs) == []  # the first item says the watching has begun

    def next_change() -> list[Path]:
        try:
            return next(inputs)
        except StopIteration:
            raise AssertionError(f"no change reported within {WAIT_SECONDS} s") from None

    try:
        yield next_change
    finally:
        stop.set()
        deadline.cancel()
        inputs.close()


def test_an_edit_in_a_nested_folder_is_a_change_of_its_root(tmp_path):
    claims, package = make_folders(tmp_path)
    with watching(claims, package) as next_change:
        (claims / "sources" / "a.txt").write_text("text, edited")
        assert next_change() == [claims]


def test_hidden_files_caches_backups_and_the_ignored_folder_are_not_changes(tmp_path):
    claims, package = make_folders(tmp_path)
    (claims / "out").mkdir()
    with watching(claims, package, ignore=[claims / "out"]) as next_change:
        (claims / ".claims.lock").write_text("")
        (claims / ".claims.csv.swp").write_text("editor")
        (claims / "claims.csv~").write_text("backup")
        (claims / "out" / "index.html").write_text("a build")
        (claims / ".ipynb_checkpoints").mkdir()
        (claims / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
        (package / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\0")
        (package / "module.py").write_text("x = 2\n")  # the one change
        assert next_change() == [package]
        (claims / "sources" / "a.txt").write_text("text, edited")
        assert next_change() == [claims]


def test_a_burst_of_saves_is_one_change(tmp_path):
    claims, package = make_folders(tmp_path)
    path = claims / "claims.csv"
    with watching(claims, package) as next_change:
        path.write_text("claim_id\n")  # an editor truncates, then writes
        path.write_text("claim_id\nC0001\nC0002\n")
        (claims / "sources.csv").write_text("source_id\n")
        (package / "module.py").write_text("x = 2\n")
        assert next_change() == [claims, package]
        (package / "module.py").write_text("x = 3\n")
        assert next_change() == [package]  # nothing of the burst was left for a second change


def test_an_edit_made_while_the_caller_is_busy_comes_next(tmp_path):
    claims, package = make_folders(tmp_path)
    with watching(claims, package) as next_change:
        (claims / "claims.csv").write_text("claim_id\nC0002\n")  # during a build: no one is waiting
        (claims / "claims.csv").unlink()
        assert next_change() == [claims]


def test_a_removed_file_is_a_change(tmp_path):
    claims, package = make_folders(tmp_path)
    with watching(claims, package) as next_change:
        (claims / "sources" / "a.txt").unlink()
        assert next_change() == [claims]


def test_the_stop_event_ends_the_watching(tmp_path):
    claims, package = make_folders(tmp_path)
    stop = threading.Event()
    inputs = watch_inputs([claims, package], stop_event=stop)
    assert next(inputs) == []
    stop.set()
    assert list(inputs) == []


def test_hidden_means_a_dot_below_the_watched_folder_not_above_it(tmp_path):
    root = tmp_path / ".hidden-parent" / "claims"
    assert not is_hidden(root / "claims.csv", [root])
    assert is_hidden(root / ".lock", [root])
    assert is_hidden(root / ".ipynb_checkpoints" / "x.ipynb", [root])


def test_a_missing_folder_and_an_output_inside_a_watched_one_are_refused(tmp_path):
    claims, package = make_folders(tmp_path)
    with pytest.raises(WorkbookError, match="is not a folder"):
        check_folders(tmp_path / "out", [claims, tmp_path / "missing"])
    with pytest.raises(WorkbookError, match="which the preview watches"):
        check_folders(claims / "reports", [claims, package])
    check_folders(tmp_path / "reports", [claims, package])
