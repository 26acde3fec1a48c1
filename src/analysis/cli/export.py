"""The `export` command: write the workbook's tables as a Frictionless Data Package (CSV) or one JSON document.

Tested in tests/cli/test_export.py.
"""

from pathlib import Path

from analysis.cli.curate import add_claims_dir
from analysis.common import paths
from analysis.common.files import refuse_claims_folder
from analysis.common.problems import Problem, WorkbookError


def add_export_command(commands) -> None:
    """Register `export [--output DIR] [--format {csv,json}]`."""
    export = commands.add_parser(
        "export",
        help="write sources, claims, graded pairs, flags and terms as a data package (CSV) or one JSON file",
        description="Validate the workbook, then write the tables a reader can reuse: as CSV files with a "
        "datapackage.json that gives each column's type, meaning and allowed values (a Frictionless Data "
        "Package: check it with 'frictionless validate DIR/datapackage.json'), or as workbook.json, the same "
        "package with its rows inline, for web pages. In the CSV files, a cell a spreadsheet would run as a "
        "formula starts with an apostrophe; the JSON keeps every value as it is.",
    )
    export.add_argument(
        "--output", metavar="DIR", default=None, help="the folder to write into (default: reports/data/)"
    )
    export.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="csv: one CSV file per table and datapackage.json (the default); json: workbook.json",
    )
    add_claims_dir(export)
    export.set_defaults(run=run_export)


def run_export(args) -> int:
    """Export the validated workbook into --output and say what was written."""
    from analysis.site.exports import export_tables  # pandas loads only here
    from analysis.workbook.load import load_workbook

    workbook = load_workbook(args.claims_dir)
    folder = check_output(Path(args.output or paths.REPORTS_DIR / "data"), workbook.claims_dir)
    try:
        written = export_tables(workbook, folder, formats=(args.format,))
    except OSError as exc:
        raise WorkbookError(
            Problem(
                Path(exc.filename2 or exc.filename or folder),  # a rename names its target second
                f"cannot write the export: {exc.strerror or exc}",
                hint="choose a folder you can write to with --output",
            )
        ) from None
    print(describe_written(folder, written, args.format))
    return 0


def check_output(folder: Path, claims_dir: Path) -> Path:
    """Return `folder`, created if need be; refuse a file, and the claims folder, whose tables it would replace."""
    refuse_claims_folder(folder, claims_dir, "--output")
    if folder.exists() and not folder.is_dir():
        raise WorkbookError(
            Problem(folder, "is a file, not a folder", hint="give --output a folder (it is created if missing)")
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(
            Problem(
                Path(exc.filename or folder),
                f"cannot create the output folder: {exc.strerror or exc}",
                hint="give --output a folder whose parents are folders you can write to",
            )
        ) from None
    return folder


def describe_written(folder: Path, written, form: str) -> str:
    """Return what an export wrote, one file a line with its rows, and how to check or read it."""
    from analysis.site.datapackage import TABLES

    width = max(len(w.path.name) for w in written)
    lines = [f"wrote {_shown(folder)}/:"]
    for item in written:
        if item.rows is None:
            lines.append(f"  {item.path.name:<{width}}  the descriptor: each table's fields, types and keys")
        elif form == "json":
            names = ", ".join(table.name for table in TABLES)
            lines.append(f"  {item.path.name:<{width}}  {item.rows:>5} rows in all ({names}), with their schemas")
        else:
            lines.append(f"  {item.path.name:<{width}}  {item.rows:>5} rows")
    target = _shown(written[-1].path)
    if form == "json":
        lines.append(f"check it with: frictionless validate --type package {target}")
    else:
        lines.append(f"check it with: frictionless validate {target}")
    return "\n".join(lines)


def _shown(path: Path) -> str:
    """Return `path` as a command run here can use it: relative to the current folder when inside it."""
    path = Path(path).resolve()
    return path.relative_to(Path.cwd()).as_posix() if path.is_relative_to(Path.cwd()) else str(path)
