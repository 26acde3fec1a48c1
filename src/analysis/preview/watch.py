"""Notice changed inputs for the live preview with watchfiles (the system's file events), leaving out the noise.

Left out: hidden files and folders under a watched folder (a lock, an editor's swap file,
`.ipynb_checkpoints`), `__pycache__` and compiled files, editors' backups (`name~`) and
everything under the folders given as `ignore` (the reports folder). A burst of saves is one
change: a batch ends once the files have stayed as they are for STEP_MILLISECONDS, or after
DEBOUNCE_MILLISECONDS of changes without a pause.

Tested in tests/preview/test_watch.py.
"""

from pathlib import Path

from watchfiles import DefaultFilter, watch

from analysis.common import paths
from analysis.common.problems import WorkbookError
from analysis.site.freshness import PACKAGE_DIR

STEP_MILLISECONDS = 50  # how long the files must stay as they are before a build starts: an editor's save is over
DEBOUNCE_MILLISECONDS = 2000  # a folder that keeps changing is built anyway after this long
READY_MILLISECONDS = 100  # how soon the first (empty) batch says that the watching has begun


def watched_folders(claims_dir=None, notebooks_dir=None) -> list[Path]:
    """Return the folders whose changes call for a rebuild: the claims, the notebooks and the package."""
    return [Path(claims_dir or paths.CLAIMS_DIR), Path(notebooks_dir or paths.NOTEBOOKS_DIR), PACKAGE_DIR]


def check_folders(out_dir: Path, folders) -> None:
    """Refuse a watched folder that is not there, and a reports folder inside one: each build would set off the next."""
    for folder in folders:
        if not folder.is_dir():
            raise WorkbookError(
                f"{folder} is not a folder; hint: name the claims with --claims-dir, the notebooks with --notebooks"
            )
    for folder in folders:
        if out_dir.resolve() == folder.resolve() or folder.resolve() in out_dir.resolve().parents:
            raise WorkbookError(
                f"the reports folder {out_dir} is inside {folder}, which the preview watches; "
                "hint: choose another folder with --output"
            )


class InputFilter(DefaultFilter):
    """watchfiles' default filter (caches, compiled files, backups), and no hidden name below a watched folder."""

    def __init__(self, roots, ignore=()):
        super().__init__(ignore_paths=[str(Path(path).resolve()) for path in ignore])
        self.roots = [Path(root) for root in roots]

    def __call__(self, change, path: str) -> bool:
        return super().__call__(change, path) and not is_hidden(Path(path), self.roots)


def is_hidden(path: Path, roots) -> bool:
    """Return True when a part of `path` below the watched root that holds it starts with a dot."""
    for root in roots:
        if path.is_relative_to(root):
            return any(part.startswith(".") for part in path.relative_to(root).parts)
    return False


def watch_inputs(roots, *, ignore=(), stop_event=None):
    """Yield the roots whose files changed, once per change, until `stop_event` is set (or Ctrl-C).

    The first item is an empty list, as soon as the watching has begun: start the first build
    after it, and no edit made during that build is missed (changes made while the caller is
    busy are kept and come as the next item).
    """
    roots = [Path(root).resolve() for root in roots]
    started = False
    for batch in watch(
        *roots,
        watch_filter=InputFilter(roots, ignore),
        step=STEP_MILLISECONDS,
        debounce=DEBOUNCE_MILLISECONDS,
        rust_timeout=READY_MILLISECONDS,
        yield_on_timeout=True,
        stop_event=stop_event,
    ):
        changed = changed_roots(roots, batch)
        if changed or not started:
            started = True
            yield changed


def changed_roots(roots, batch) -> list[Path]:
    """Return the roots (in their order) that hold a path of `batch`, a set of watchfiles' (change, path) pairs."""
    paths = [Path(path) for _, path in batch]
    return [root for root in roots if any(path.is_relative_to(root) for path in paths)]
