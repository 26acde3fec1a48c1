"""Notice changed inputs for the live preview: poll the names, sizes and times of the watched folders' files.

Polling costs a few milliseconds a round for the claims, the notebooks and the package
(about 100 files; about 1 ms a round), so no file-watching library is needed. Hidden files and folders (a
lock, an editor's swap file, `.ipynb_checkpoints`) and `__pycache__` are left out: they
change without any input changing.
"""

import os
import time
from pathlib import Path

POLL_SECONDS = 0.1  # how often the folders are looked at
SETTLE_SECONDS = 0.05  # how long the files must stay as they are before a build starts: an editor's save is over
SETTLE_LIMIT_SECONDS = 2.0  # a folder that keeps changing is built anyway after this long


def take_snapshot(roots) -> dict[Path, tuple]:
    """Return, per root, the name, size, modification time and inode of every file below it that is watched."""
    return {Path(root): _list_files(Path(root)) for root in roots}


def changed_roots(before: dict, after: dict) -> list[Path]:
    """Return the roots whose files differ between two snapshots, in the order of `after`."""
    return [root for root, files in after.items() if before.get(root) != files]


def wait_for_change(
    before: dict,
    *,
    poll: float = POLL_SECONDS,
    settle: float = SETTLE_SECONDS,
    limit: float = SETTLE_LIMIT_SECONDS,
    clock=time.monotonic,
    sleep=time.sleep,
) -> tuple[list[Path], dict]:
    """Wait until a file under the roots of `before` changes and then stays still for `settle` seconds.

    Returns the roots that changed and the snapshot to compare the next change with. A
    burst of saves is one change; files that keep changing for `limit` seconds are taken
    as they are then.
    """
    roots = list(before)
    while True:
        sleep(poll)
        after = take_snapshot(roots)
        if changed_roots(before, after):
            break
    started = clock()
    while clock() - started < limit:
        sleep(settle)
        later = take_snapshot(roots)
        if later == after:
            break
        after = later
    return changed_roots(before, after), after


def _list_files(root: Path) -> tuple:
    if root.is_file():
        return (_describe(str(root)),)
    entries = []
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f != "__pycache__")
        entries += [_describe(os.path.join(folder, n)) for n in sorted(names) if _is_watched(n)]
    return tuple(entries)


def _is_watched(name: str) -> bool:
    return not name.startswith(".") and not name.endswith((".pyc", "~"))


def _describe(path: str) -> tuple:
    try:
        status = os.stat(path)
    except OSError:  # gone since it was listed, or a broken link
        return (path, None)
    return (path, status.st_size, status.st_mtime_ns, status.st_ino)
