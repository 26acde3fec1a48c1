"""Publish a build: one build at a time, and a swap from staging that leaves whole, linked reports if killed."""

import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

from analysis.common.files import hold_lock, write_atomically
from analysis.site.freshness import MANIFEST, read_manifest

OUTPUTS = (
    "index.html",
    "overview.html",
    "changes.html",
    "condition",
    "intervention",
    "source",
    "notebooks",
    "data",
    "build.log",
    MANIFEST,
)
STAGING_PREFIX = ".staging-"  # a killed build leaves a folder so named; the next one removes it
LOCK_FILE = ".build.lock"
LOCK_WAIT_SECONDS = 600


def lock_output(out_dir: Path, echo):
    """Hold `out_dir`/.build.lock for the block, so that two builds never write the same folder at once."""
    path = Path(out_dir) / LOCK_FILE
    return hold_lock(
        path,
        timeout=LOCK_WAIT_SECONDS,
        busy="another build is still running",
        hint="wait for it to finish; a killed build releases the lock by itself, so never remove the lock file",
        on_wait=lambda: echo(f"another build holds {path}; waiting up to {LOCK_WAIT_SECONDS} s"),
    )


def swap_in(staging: Path, out_dir: Path, *, before_step=None) -> None:
    """Move the staged build into `out_dir` so that a build killed at any moment leaves it whole.

    Files move one at a time, each by an atomic rename over its old version: the executed
    notebooks first, then the other files and the report pages, then `index.html`, the one
    switch from the old build to the new; only then are the old build's files that the new
    one lacks removed. Before the switch, the old index links only to files still there,
    each whole (old or new; a new page's notebook is always in place before the page);
    after it, the new index links only to files already moved in. Nothing outside OUTPUTS
    (README.md, the lock) is touched.

    `before_step(n)`, when given, is called before each step: step 0 comes before the
    first rename, each rename and removal is one step, and the last step follows them all.
    """
    step = _counter(before_step)
    staged = sorted((p.relative_to(staging) for p in staging.rglob("*") if p.is_file()), key=swap_order)
    # The old manifest vouches for the pages about to be replaced: a build killed mid-swap and followed by one
    # from the old inputs would otherwise keep the new pages as up to date. Without one, the next build runs all.
    (out_dir / MANIFEST).unlink(missing_ok=True)
    for relative in staged:
        step()
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / relative, target)
    for path in _outdated(out_dir, set(staged)):
        step()
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
    step()


def publish_early(staging: Path, out_dir: Path, relatives) -> None:
    """Put some finished files of a running build in place now, before its swap: the live preview's open pages.

    Give each page after its executed notebook, so that the page's links resolve when it
    lands (it links to them and to index.html, already there). The manifest first forgets
    the replaced pages and the inputs it was keyed on, so that it never vouches for a
    page it did not key: a build stopped before its swap re-runs them, and no build takes
    the folder as up to date. Each file is hard-linked (or copied) in by one atomic rename
    and stays in `staging`, so the swap moves it again, unchanged. Call under the lock.
    """
    manifest = read_manifest(out_dir)
    if manifest:
        reports = {href: entry for href, entry in manifest.get("reports", {}).items() if href not in relatives}
        text = json.dumps({**manifest, "inputs": "", "reports": reports}, indent=1, sort_keys=True)
        write_atomically(out_dir / MANIFEST, text.encode("utf-8"))
    for relative in relatives:
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
        try:
            os.unlink(temporary)
            try:
                os.link(staging / relative, temporary)
            except OSError:  # a file system without hard links
                shutil.copy2(staging / relative, temporary)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _counter(before_step):
    count = itertools.count()
    return (lambda: before_step(next(count))) if before_step else (lambda: None)


def swap_order(relative: Path):
    """Notebooks, then other files, then pages, then index.html, then the manifest.

    Each page's links resolve when it lands; the manifest comes last so that it never
    vouches for a page that is not yet in place.
    """
    if relative == Path(MANIFEST):
        return (4, relative)
    if relative == Path("index.html"):
        return (3, relative)
    if relative.parts[0] == "notebooks":
        return (0, relative)
    return (2 if relative.suffix == ".html" else 1, relative)


def _outdated(out_dir: Path, kept: set[Path]) -> list[Path]:
    """Return the files under OUTPUTS that the new build lacks, then the folders left empty, deepest first."""
    stale, folders = [], []
    for name in OUTPUTS:
        entry = out_dir / name
        for path in [entry, *entry.rglob("*")] if entry.is_dir() and not entry.is_symlink() else [entry]:
            if path.is_dir() and not path.is_symlink():
                folders.append(path)
            elif (path.exists() or path.is_symlink()) and path.relative_to(out_dir) not in kept:
                stale.append(path)
    needed = {folder for relative in kept for folder in (out_dir / relative).parents}
    emptied = [d for d in folders if d not in needed]
    return sorted(stale) + sorted(emptied, key=lambda d: len(d.parts), reverse=True)


def remove_leftovers(out_dir: Path, echo) -> None:
    """Remove the staging folders of builds that were killed (call only under the lock)."""
    leftovers = list(out_dir.glob(STAGING_PREFIX + "*"))
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if leftovers:
        echo(f"removed {len(leftovers)} folder{'s' * (len(leftovers) != 1)} left by a build that was stopped")
