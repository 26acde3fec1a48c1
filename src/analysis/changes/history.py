"""Keep the tables of the previous data version with the reports, for the "What changed" page to compare with.

A build writes its tables into `reports/data/` (see `analysis.site.exports`), their data
version in `datapackage.json`. When the data version changes, the next build keeps the
tables it replaces in `reports/data/previous/`; while it stays the same, builds carry that
folder over as it is. So the page always compares this data version with the one before
it, however often the reports are rebuilt in between.
"""

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.common.paths import DESCRIPTOR, MANIFEST
from analysis.reports.readable import LABEL_SUFFIX

PREVIOUS = "previous"  # reports/data/previous/
FIRST_BUILD = "first build"  # why there is nothing to compare with: no earlier build in the folder
SAME_DATA = "same data"  # or every earlier build had this data version
INTERRUPTED = "interrupted"  # or the last build was stopped while it published, so its tables may be mixed
COMPARED = ("claims", "grades", "flags")  # the tables the page compares
KEPT = ("sources", "claims", "grades", "flags", "terms")  # the CSV tables kept, with their datapackage.json


@dataclass(frozen=True)
class Snapshot:
    """The tables a build wrote: where they are, their data version and when they were written ("" if unknown)."""

    folder: Path
    version: str
    written: str = ""


def read_snapshot(folder: Path) -> Snapshot | None:
    """Return the tables in `folder` as a Snapshot, or None when its descriptor or a compared table is missing."""
    folder = Path(folder)
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = descriptor.get("version") if isinstance(descriptor, dict) else None
    if not isinstance(version, str) or not version or not all((folder / f"{t}.csv").is_file() for t in COMPARED):
        return None
    return Snapshot(folder, version, _show_time(descriptor.get("created")))


def keep_previous(out_dir: Path, staged_data: Path, version: str) -> tuple[Snapshot | None, str]:
    """Stage, in `staged_data`/previous, the tables of the data version before `version`; return them and a note.

    They are the published tables of `out_dir`/data when those are of another data
    version, else the tables they keep in their own `previous` folder. Without either,
    nothing is staged, and the note says why: FIRST_BUILD (no earlier build's tables),
    SAME_DATA (every earlier build had this data version) or INTERRUPTED (the last build
    was stopped while it published, before its manifest, so its tables may be half old, half new).
    """
    published = read_snapshot(Path(out_dir) / "data")
    if published is None:
        return None, FIRST_BUILD
    if not (Path(out_dir) / MANIFEST).is_file():
        return None, INTERRUPTED
    kept = published if published.version != version else read_snapshot(published.folder / PREVIOUS)
    if kept is None or kept.version == version:
        return None, SAME_DATA
    target = Path(staged_data) / PREVIOUS
    target.mkdir(parents=True, exist_ok=True)
    for name in [f"{table}.csv" for table in KEPT] + [DESCRIPTOR]:
        if (kept.folder / name).is_file():
            _link_or_copy(kept.folder / name, target / name)
    return Snapshot(target, kept.version, kept.written), ""


def read_tables(snapshot: Snapshot) -> dict[str, pd.DataFrame]:
    """Return the compared tables of `snapshot` by name, every cell as written in the CSV file.

    A byte-order mark at the start is dropped (the exports write one, for Excel; older
    builds did not), and so are the label columns (`condition_label`), which only repeat
    their terms in words: a relabelled claim is one change, not two.
    """
    tables = {
        name: pd.read_csv(snapshot.folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for name in COMPARED
    }
    return {name: table.loc[:, ~table.columns.str.endswith(LABEL_SUFFIX)] for name, table in tables.items()}


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link `source` to `target` (the published file is replaced by a rename, never rewritten), else copy it."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _show_time(stamp) -> str:
    """Return "2026-11-20T09:30:00Z" as the pages show times ("2026-11-20 09:30 UTC"), or "" when unreadable."""
    try:
        return datetime.strptime(str(stamp), "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return ""
