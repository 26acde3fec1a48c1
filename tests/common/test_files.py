"""The one atomic writer and the one lock: no half-written file, no second writer."""

import threading

import pytest

from analysis.common.files import atomic_output, hold_lock, refuse_claims_folder, write_atomically
from analysis.common.problems import WorkbookError


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt), atomic_output(target, "w") as file:
        file.write("half of the new")
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    write_atomically(target, b"new\n")
    assert target.read_bytes() == b"new\n" and target.stat().st_mode & 0o777 == 0o600


def test_a_busy_lock_waits_then_says_who_is_busy(tmp_path):
    lock = tmp_path / ".lock"
    waited = []
    with hold_lock(lock, timeout=1, busy="x", hint="y"):
        errors = []

        def second():
            try:
                with hold_lock(
                    lock,
                    timeout=0.2,
                    busy="another curator is writing",
                    hint="wait",
                    on_wait=lambda: waited.append(True),
                ):
                    pass
            except WorkbookError as exc:
                errors.append(str(exc))

        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert waited == [True]
    assert errors and "another curator is writing" in errors[0] and "wait" in errors[0]


def test_an_output_in_the_claims_folder_is_refused_even_through_a_link(tmp_path):
    claims = tmp_path / "claims"
    (claims / "sources").mkdir(parents=True)
    (tmp_path / "out").symlink_to(claims / "sources")
    for path in (claims, claims / "x.csv", tmp_path / "out" / "page.html"):
        with pytest.raises(WorkbookError, match="is inside the claims folder"):
            refuse_claims_folder(path, claims, "--csv")
    refuse_claims_folder(tmp_path / "reports" / "page.html", claims)  # elsewhere: no error
    refuse_claims_folder(tmp_path / "claims-copy" / "page.html", claims)  # a name that starts alike is elsewhere
