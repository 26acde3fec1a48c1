"""Keep every source path the data names inside the claims folder's sources/: checked before any text is read.

A sources.csv row may come from anyone who sends a pull request. Its `path` must name a
regular file inside `sources/` once symbolic links are followed. An absolute path, a `..`,
a link that leaves the folder, a folder, a device or a pipe is refused, so that no file
outside the workbook is read, quoted, counted or published by `validate`, the curator's
commands or the reports.
"""

import errno
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from analysis.common import paths

SOURCES_DIR = "sources"
HINT = "put the text in the claims folder's sources/ and give its path as sources/NAME.txt"


def confine_source_path(claims_dir, relative: str) -> tuple[Path, str | None]:
    """Return the file `relative` names and, when it may not be read, why not (None when it may).

    A file that does not exist is returned without a reason: saying it is missing is the caller's.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    candidate = base / relative
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or relative.startswith("\\"):
        return candidate, "is an absolute path; a source path is relative to the claims folder"
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        return candidate, "climbs out of the claims folder with '..'"
    if "\0" in relative:
        return candidate, "holds a NUL character, which no file name can"
    try:
        return _follow(base, candidate)
    except OSError as error:
        return candidate, f"cannot be followed: {(error.strerror or str(error)).lower()}"


def _follow(base: Path, candidate: Path) -> tuple[Path, str | None]:
    """Follow `candidate`'s links; refuse it unless it stays in sources/ and is a regular file (or is missing)."""
    try:
        os.lstat(candidate)  # raises for a name the file system cannot hold
    except FileNotFoundError:
        pass
    folder = os.path.join(os.path.realpath(base), SOURCES_DIR)  # sources/ itself may not be a link elsewhere
    resolved = os.path.realpath(candidate, strict=False)  # strings, not Paths: validate follows every source
    if os.path.commonpath((resolved, folder)) != folder:
        how = "through a symbolic link" if resolved != os.path.abspath(candidate) else "outside sources/"
        return candidate, f"leads outside the claims folder's sources/ ({how})"
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return (candidate, "is a symbolic link to nothing") if os.path.lexists(candidate) else (Path(resolved), None)
    except OSError as error:
        if error.errno == errno.ELOOP:  # os.path.realpath leaves a loop where it is; stat finds it
            return candidate, "is a loop of symbolic links"
        raise
    if not stat.S_ISREG(mode):
        return candidate, "is not a regular file (a folder, a device or a pipe)"
    return Path(resolved), None
