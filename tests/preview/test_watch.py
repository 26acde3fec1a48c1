"""Change detection for the live preview: an edit is noticed once, a burst of saves is one change, noise is not."""

from pathlib import Path

from analysis.preview.watch import changed_roots, take_snapshot, wait_for_change


def make_folders(tmp_path: Path) -> tuple[Path, Path]:
    claims, package = tmp_path / "claims", tmp_path / "package"
    (claims / "sources").mkdir(parents=True)
    (package / "__pycache__").mkdir(parents=True)
    (claims / "claims.csv").write_text("claim_id\nC0001\n")
    (claims / "sources" / "a.txt").write_text("text")
    (package / "module.py").write_text("x = 1\n")
    return claims, package


def edits(*steps):
    """A stand-in for time.sleep that makes the next edit of `steps` (a callable or None) at each call."""
    pending = list(steps)

    def sleep(_seconds):
        step = pending.pop(0) if pending else None
        if step:
            step()

    sleep.pending = pending
    return sleep


def test_an_edit_in_a_nested_folder_is_a_change_of_its_root(tmp_path):
    claims, package = make_folders(tmp_path)
    before = take_snapshot([claims, package])
    (claims / "sources" / "a.txt").write_text("text, edited")
    assert changed_roots(before, take_snapshot([claims, package])) == [claims]


def test_hidden_files_caches_and_backups_are_not_changes(tmp_path):
    claims, package = make_folders(tmp_path)
    before = take_snapshot([claims, package])
    (claims / ".claims.lock").write_text("")
    (claims / ".claims.csv.swp").write_text("editor")
    (claims / "claims.csv~").write_text("backup")
    (package / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\0")
    (package / ".ipynb_checkpoints").mkdir()
    (package / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    assert changed_roots(before, take_snapshot([claims, package])) == []


def test_wait_for_change_returns_the_changed_roots_and_the_new_state(tmp_path):
    claims, package = make_folders(tmp_path)
    before = take_snapshot([claims, package])
    sleep = edits(None, lambda: (package / "module.py").write_text("x = 2\n"))
    changed, after = wait_for_change(before, sleep=sleep)
    assert changed == [package]
    assert after == take_snapshot([claims, package])


def test_a_burst_of_saves_is_one_change_seen_when_it_is_over(tmp_path):
    claims, package = make_folders(tmp_path)
    path = claims / "claims.csv"
    before = take_snapshot([claims, package])
    sleep = edits(
        lambda: path.write_text("claim_id\n"),  # an editor truncates, then writes
        lambda: path.write_text("claim_id\nC0001\nC0002\n"),
        lambda: (claims / "sources.csv").write_text("source_id\n"),
    )
    changed, after = wait_for_change(before, sleep=sleep)
    assert changed == [claims]
    assert sleep.pending == []  # it waited for the last save of the burst
    assert after == take_snapshot([claims, package])


def test_a_folder_that_never_settles_is_taken_as_it_is_after_the_limit(tmp_path):
    claims, package = make_folders(tmp_path)
    before = take_snapshot([claims, package])
    ticks = iter(range(1000))
    sleep = edits(*[lambda n=n: (claims / "claims.csv").write_text("claim_id\n" + "C\n" * n) for n in range(100)])
    changed, _ = wait_for_change(before, sleep=sleep, limit=5, clock=lambda: next(ticks))
    assert changed == [claims]
    assert len(sleep.pending) > 90  # gave up after about five settles, not after the hundred saves


def test_a_removed_file_is_a_change(tmp_path):
    claims, package = make_folders(tmp_path)
    before = take_snapshot([claims, package])
    (claims / "sources" / "a.txt").unlink()
    assert changed_roots(before, take_snapshot([claims, package])) == [claims]
