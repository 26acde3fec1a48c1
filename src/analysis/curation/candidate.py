"""Validate the workbook as it would be after a write, before writing: the check every curator's command runs.

Tested in tests/curation/test_add.py.
"""

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError
from analysis.workbook.validate import validate_workbook

_MIRRORS: dict[Path, tempfile.TemporaryDirectory] = {}


def validate_candidate(claims_dir, files: dict[str, bytes]) -> list[Problem]:
    """Return the errors of the workbook in `claims_dir` as it would be with `files` written.

    `files` maps paths relative to the folder to their new bytes. The workbook is
    mirrored in a temporary folder (links to the unchanged files), validated there with
    `validate_workbook`, and the problems point back at the real files.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    mirror = _mirror_folder(base)
    _mirror(base, mirror, {Path(name) for name in files})
    for name, data in files.items():
        (mirror / name).parent.mkdir(parents=True, exist_ok=True)
        (mirror / name).write_bytes(data)
    errors = validate_workbook(mirror).errors
    shutil.rmtree(mirror, ignore_errors=True)
    return [_repoint(problem, mirror, base) for problem in errors]


def _mirror_folder(base: Path) -> Path:
    """An empty folder, the same for a workbook during a process, so that its vocabulary stays cached."""
    key = base.resolve()
    if key not in _MIRRORS:
        _MIRRORS[key] = tempfile.TemporaryDirectory(prefix="claims-candidate-")  # removed at exit
    mirror = Path(_MIRRORS[key].name) / "claims"
    shutil.rmtree(mirror, ignore_errors=True)
    return mirror


def _mirror(source: Path, target: Path, replaced: set[Path]) -> None:
    """Mirror the folder `source` at `target`: its folders as folders, its files as links, `replaced` left out.

    Folders are made, never linked: source paths must stay inside the claims folder's own
    sources/, so a sources/ that is a link would be refused in the mirror as in the workbook.
    """
    real = source.resolve()
    for folder, folders, names in os.walk(source):  # links to folders are listed, never followed
        here = Path(folder).relative_to(source)
        (target / here).mkdir(parents=True, exist_ok=True)
        for name in names + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            entry = Path(folder) / name
            if here / name in replaced:
                continue
            if entry.is_symlink():
                _copy_link(entry, target / here / name, real, target)
            else:
                _link(entry, target / here / name)
        folders[:] = [f for f in folders if here / f not in replaced]


def _copy_link(entry: Path, link: Path, real: Path, mirror: Path) -> None:
    """Mirror a symbolic link so that it resolves in the mirror as it does in the workbook."""
    pointed = os.readlink(entry)
    if os.path.isabs(pointed) and (resolved := Path(pointed).resolve()).is_relative_to(real):
        pointed = str(mirror / resolved.relative_to(real))
    os.symlink(pointed, link, target_is_directory=entry.is_dir())


def _link(entry: Path, link: Path) -> None:
    """Mirror one file as a hard link, or a copy where the file system cannot link."""
    try:
        os.link(entry, link)
    except OSError:  # another file system, or no links (Windows without the privilege): copy
        shutil.copy2(entry, link)


def _repoint(problem: Problem, mirror: Path, base: Path) -> Problem:
    path = Path(problem.path)
    if path.is_relative_to(mirror):
        return dataclasses.replace(problem, path=base / path.relative_to(mirror))
    return problem


def refuse_errors(errors: list[Problem], what: str) -> None:
    """Raise WorkbookError with `errors` and a closing line saying nothing was written."""
    if errors:
        raise WorkbookError(
            [
                *errors,
                Problem(
                    errors[0].path,
                    f"the {what} was not written: the workbook would not validate",
                    hint="fix the problems above, then " + ("make it again" if what == "change" else "add it again"),
                ),
            ]
        )
