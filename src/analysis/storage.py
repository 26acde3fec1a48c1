"""Write the workbook's files safely: one writer at a time, atomic replacement, rows appended only."""

import contextlib
import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from . import paths
from .errors import Problem, WorkbookError

LOCK_FILE = ".claims.lock"
LOCK_TIMEOUT = 60


@contextlib.contextmanager
def lock_workbook(claims_dir=None, timeout: float = LOCK_TIMEOUT):
    """Hold `claims/.claims.lock` for the block, so that only one curator writes at a time."""
    path = Path(claims_dir or paths.CLAIMS_DIR) / LOCK_FILE
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise WorkbookError(Problem(path, f"another curator has been writing for {timeout:.0f} s",
                                    hint="wait and try again; if nobody is writing, delete the lock file")) from None
    try:
        yield lock
    finally:
        lock.release()


def detect_line_end(data: bytes) -> str:
    """Return the line end the file `data` uses: CRLF when it holds one, else LF."""
    return "\r\n" if b"\r\n" in data else "\n"


def append_rows(data: bytes, rows: list[list[str]]) -> bytes:
    """Return the CSV file `data` with `rows` appended, its own bytes unchanged.

    Rows are written with the csv module (minimal quoting) in the file's line-end style;
    a last line without a line end gets one first.
    """
    line_end = detect_line_end(data)
    if data and not data.endswith(b"\n"):
        data += line_end.encode()
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator=line_end).writerows(rows)
    return data + buffer.getvalue().encode("utf-8")


def write_atomically(path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename.

    Readers see the old file or the new one, never a mix; when anything (Ctrl-C
    included) interrupts the write, the temporary file is removed and `path` is untouched.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        _copy_mode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _copy_mode(path: Path, temporary: str) -> None:
    if path.exists():
        shutil.copymode(path, temporary)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
