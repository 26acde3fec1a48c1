"""Write files safely: the one atomic writer and the one lock of the workbook and the build."""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from analysis.common.problems import Problem, WorkbookError


@contextlib.contextmanager
def atomic_output(path, mode: str = "wb", **open_args):
    """Yield a file to write whose content replaces `path` in one atomic rename when the block ends.

    Readers see the old file or the new one, never a mix. When anything (Ctrl-C included)
    interrupts the block, the temporary file is removed and `path` is untouched. A new
    file gets the permissions the umask allows; a replaced one keeps its own.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode, **open_args) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        _copy_mode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomically(path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename."""
    with atomic_output(path) as file:
        file.write(data)


def _copy_mode(path: Path, temporary: str) -> None:
    if path.exists():
        shutil.copymode(path, temporary)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)


@contextlib.contextmanager
def hold_lock(path, *, timeout: float, busy: str, hint: str, on_wait=None):
    """Hold the lock file `path` for the block, waiting up to `timeout` seconds for another holder.

    `on_wait()`, when given, is called once when the lock is busy, before the wait.
    Past the timeout, WorkbookError says `busy` with `hint`. A process that dies releases
    its lock by itself (the operating system drops it), so the file is never to be deleted.
    """
    from filelock import FileLock, Timeout  # imported here: the commands that never lock start faster

    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise WorkbookError(Problem(Path(path), busy, hint=hint)) from None
    try:
        yield lock
    finally:
        lock.release()


def refuse_claims_folder(path, claims_dir=None, option: str = "--output") -> None:
    """Raise WorkbookError when the output `path` lies in the claims folder, whose files only curators write.

    An output command (a report, an export, a summary) that could write there could replace a
    curated table or text; the one-line refusal names the path and the option to change.
    The folder in use and the project's own `claims/` are both refused, links followed.
    """
    from analysis.common import paths

    target = Path(path).resolve()
    for folder in {Path(claims_dir or paths.CLAIMS_DIR).resolve(), paths.CLAIMS_DIR.resolve()}:
        if target == folder or target.is_relative_to(folder):
            raise WorkbookError(
                Problem(
                    Path(path),
                    "is inside the claims folder, where only the curator's commands write",
                    hint=f"give {option} a path outside {folder.name}/, such as one under reports/",
                )
            )
