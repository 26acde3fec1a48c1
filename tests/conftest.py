"""Shared fixtures: a small workbook copied to a temporary folder for each test."""

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def workbook_dir(tmp_path) -> Path:
    """A writable copy of tests/data/workbook: 2 sources, 10 claims, a small vocabulary."""
    target = tmp_path / "claims"
    shutil.copytree(DATA / "workbook", target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in the file at `path`, failing loudly when `old` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")
