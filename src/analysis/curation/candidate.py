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


def _mirror(source: Path, target: Path, replaced: set[Path], relative: Path = Path()) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        name = relative / entry.name
        if name in replaced:
            continue
        if entry.is_dir() and any(name in p.parents for p in replaced):
            _mirror(entry, target / entry.name, replaced, name)
        else:
            _link(entry, target / entry.name)


def _link(entry: Path, link: Path) -> None:
    """Mirror one entry: a folder or a symbolic link as a link to what it resolves to, a file as a hard link.

    A file must stand inside the mirror as it stands inside the workbook, so that the
    check that source paths stay in sources/ judges the mirror as it would the workbook.
    """
    try:
        if entry.is_symlink() or entry.is_dir():
            os.symlink(entry.resolve(), link, target_is_directory=entry.is_dir())
        else:
            os.link(entry, link)
    except OSError:  # another file system, or no links (Windows without the privilege): copy
        if entry.is_symlink():
            raise
        (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, link)


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
                    hint="fix the problems above, then add it again",
                ),
            ]
        )
