"""Shared fixtures: a small workbook copied to a temporary folder for each test."""

import csv
import shutil
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def workbook_dir(tmp_path) -> Path:
    """A writable copy of tests/data/workbook: 2 sources, 10 claims, a small vocabulary."""
    target = tmp_path / "claims"
    shutil.copytree(DATA / "workbook", target)
    return target


@pytest.fixture
def studies_dir(tmp_path) -> Path:
    """A writable copy of tests/data/studies: the small workbook with studies.csv (S0001-S0006) its claims link.

    tests/data/workbook is the same workbook without studies.csv, read the older way (each claim's
    evidence level a study of its own), as `changes` reads an old revision.
    """
    target = tmp_path / "claims"
    shutil.copytree(DATA / "studies", target)
    return target


@pytest.fixture
def draft_dir(studies_dir) -> Path:
    """The studies workbook with one more source, tests/data/draft/fmt-news.txt ('fmt-news'), not yet tabulated."""
    import hashlib

    data = (DATA / "draft" / "fmt-news.txt").read_bytes()
    (studies_dir / "sources" / "fmt-news.txt").write_bytes(data)
    row = [
        "fmt-news",
        "Faecal transplant eases depression in small trial",
        "news",
        "",
        "",
        "",
        "",
        "",
        "sources/fmt-news.txt",
        hashlib.sha256(data).hexdigest(),
        "",
    ]
    with open(studies_dir / "sources.csv", "a", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerow(row)
    return studies_dir


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in the file at `path`, failing loudly when `old` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")


def edit_claims(claims_dir: Path, changes: dict[str, dict[str, str]]) -> None:
    """Set columns of claims by id in claims.csv (adding a column the header lacks), leaving the rest as it was."""
    path = claims_dir / "claims.csv"
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    columns = list(rows[0]) + sorted({c for change in changes.values() for c in change} - set(rows[0]))
    for row in rows:
        row.update(changes.get(row["claim_id"], {}))
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def wait_until(condition, seconds: float) -> bool:
    """Return True as soon as `condition()` holds, False if it does not within `seconds` (looked at every 10 ms)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
