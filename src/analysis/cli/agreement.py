"""The `agreement` command: how far two coders' claims on the same documents agree, and each disagreement to settle.

Tested in tests/cli/test_agreement_command.py: pytest needs each test file's name unique, the test folders being
no packages, and tests/curation/test_agreement.py (the computation) has the plain one.
"""

import sys
from pathlib import Path

from analysis.common.problems import Problem, WorkbookError, display_path, escape_text, shorten

DESCRIPTION = (
    "Compare two coders' claims files (each with the columns of claims/claims.csv, validated like it "
    "against the workbook's sources, texts and vocabulary) on the sources both coded. Claims are paired "
    "by the overlap of their quotes in the text; a claim only one coder has is a disagreement on "
    "is_claim. Prints one line per column: 'COLUMN kappa X.XX agreement Y.YY (n N)', Cohen's kappa for "
    "single-valued columns and is_claim, Krippendorff's alpha over per-term presence for multi-valued "
    "ones ('alpha'); then each disagreement."
)
EPILOG = (
    "example, on the test fixtures: python -m analysis agreement tests/data/coding/alex/claims.csv "
    "tests/data/coding/sam/claims.csv --claims-dir tests/data/workbook --csv reconcile.csv --html agreement.html"
)
CSV_COLUMNS = [
    "source_id",
    "quote_a",
    "quote_b",
    "column",
    "value_a",
    "value_b",
    "claim_id_a",
    "claim_id_b",
    "resolution",
]
TABLE_WIDTHS = {"claims A/B": 13, "column": 14, "A": 28, "B": 28, "quote": 60}


def add_agreement_command(commands) -> None:
    """Register `agreement FILE_A FILE_B [--source ID] [--csv FILE] [--html FILE]`."""
    parser = commands.add_parser(
        "agreement",
        help="compare two coders' claims of the same documents: kappa or alpha per column, and each disagreement",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    parser.add_argument("file_a", metavar="FILE_A", help="coder A's claims table, e.g. claims/coding/NAME/claims.csv")
    parser.add_argument("file_b", metavar="FILE_B", help="coder B's claims table, with the same columns")
    parser.add_argument(
        "--source",
        metavar="SOURCE_ID",
        default=None,
        help="compare one source only (default: every source both files have claims on)",
    )
    parser.add_argument(
        "--csv",
        metavar="FILE.csv",
        default=None,
        help="also write the disagreements as CSV, with an empty 'resolution' column for whoever reconciles them",
    )
    parser.add_argument(
        "--html",
        metavar="FILE.html",
        default=None,
        help="also write the figures and the disagreements as one self-contained HTML page",
    )
    parser.add_argument(  # the --claims-dir of every command (cli/curate.py), with what it means here
        "--claims-dir",
        metavar="DIR",
        default=None,
        help="the workbook whose sources.csv, source texts and vocabulary.yaml both files are checked against "
        "(default: claims/)",
    )
    parser.set_defaults(run=run_agreement)


def run_agreement(args) -> int:
    """Print the agreement per column and the disagreements; write them as CSV and HTML when asked."""
    from analysis.common.files import refuse_claims_folder
    from analysis.curation.agreement import compare_coders

    for option, path in (("--csv", args.csv), ("--html", args.html)):
        if path:
            refuse_claims_folder(path, args.claims_dir, option)
    outputs = [Path(p) for p in (args.csv, args.html) if p]
    check_outputs(outputs, [Path(args.file_a), Path(args.file_b)])
    result = compare_coders(args.file_a, args.file_b, args.claims_dir, args.source)
    for warning in result.a.warnings + result.b.warnings:
        print(warning, file=sys.stderr)
    print("\n".join(describe_agreement(result)))
    if args.csv:
        write_disagreements(result, args.csv)
        written = _count(len(result.disagreements), "disagreement")
        print(f"wrote {args.csv}: {written}, to settle in its 'resolution' column")
    if args.html:
        from analysis.common.files import write_atomically
        from analysis.curation.agreement_page import render_agreement_page

        write_atomically(args.html, render_agreement_page(result, describe_left_out(result)).encode("utf-8"))
        print(f"wrote {args.html}")
    return 0


def check_outputs(outputs: list[Path], inputs: list[Path]) -> None:
    """Refuse, before any work, an output that would overwrite an input or the other output, or has no folder."""
    problems = []
    for number, output in enumerate(outputs):
        if any(output.resolve() == other.resolve() for other in inputs):
            problems.append(Problem(output, "would overwrite a file given to compare", hint="write to a new file"))
        elif any(output.resolve() == other.resolve() for other in outputs[:number]):
            problems.append(Problem(output, "is given for both --csv and --html", hint="give each its own file"))
        elif output.is_dir():
            problems.append(Problem(output, "is a folder", hint="give a file name, e.g. reconcile.csv"))
        elif not output.parent.is_dir():
            problems.append(
                Problem(output, f"cannot be written: the folder {display_path(output.parent)} does not exist")
            )
    if problems:
        raise WorkbookError(problems)


def describe_agreement(result) -> list[str]:
    """Return the lines the command prints: what was compared, one line per column, then the disagreements."""
    counts = result.counts
    lines = [
        f"A: {display_path(result.a.path)} ({len(result.a.claims)} claims)",
        f"B: {display_path(result.b.path)} ({len(result.b.claims)} claims)",
        f"compared {', '.join(result.sources)}: {counts['matched']} claims paired, {counts['only_a']} only in A, "
        f"{counts['only_b']} only in B, {_count(counts['unclaimed'], 'sentence')} in neither",
        *describe_left_out(result),
        *(str(column) for column in result.columns),
    ]
    rows = result.disagreements
    lines.append(_count(len(rows), "disagreement") + (", by source:" if rows else ""))
    table = format_table([_table_row(d) for d in rows], TABLE_WIDTHS)  # one table, so columns align across sources
    for source_id in dict.fromkeys(d.source_id for d in rows):
        lines += [f"{escape_text(source_id)}:", "  " + table[0]]
        lines += ["  " + line for d, line in zip(rows, table[1:]) if d.source_id == source_id]
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def describe_left_out(result) -> list[str]:
    """Return a line naming the sources only one coder coded, and one naming the columns only one file has."""
    lines = []
    if result.one_coder_sources:
        named = ", ".join(f"{s} (only {coder})" for s, coder in result.one_coder_sources.items())
        lines.append(f"left out, coded by one coder only: {named}")
    if result.skipped_columns:
        named = ", ".join(f"{column} ({where})" for column, where in result.skipped_columns.items())
        lines.append(f"not compared: {named}")
    return lines


def _table_row(disagreement) -> dict[str, str]:
    return {
        "claims A/B": f"{disagreement.claim_a or '-'}/{disagreement.claim_b or '-'}",
        "column": disagreement.column,
        "A": disagreement.value_a or "-",
        "B": disagreement.value_b or "-",
        "quote": disagreement.quote_a or disagreement.quote_b,
    }


def format_table(rows: list[dict[str, str]], widths: dict[str, int]) -> list[str]:
    """Return `rows` as aligned text lines under a header, each cell escaped and cut to its column's width."""
    cells = [{name: escape_text(shorten(row[name], widths[name])) for name in widths} for row in rows]
    sizes = {name: max([len(name), *(len(row[name]) for row in cells)]) for name in widths}
    header = {name: name for name in widths}
    return ["  ".join(row[name].ljust(sizes[name]) for name in widths).rstrip() for row in [header, *cells]]


def write_disagreements(result, path) -> None:
    """Write the disagreements as CSV, atomically, with formula-like cells neutralised for spreadsheets."""
    import pandas as pd

    from analysis.common.files import atomic_output
    from analysis.site.exports import neutralise_formulas

    table = pd.DataFrame(
        [
            [d.source_id, d.quote_a, d.quote_b, d.column, d.value_a, d.value_b, d.claim_a, d.claim_b, ""]
            for d in result.disagreements
        ],
        columns=CSV_COLUMNS,
        dtype=object,
    )
    with atomic_output(path, "w", encoding="utf-8", newline="") as file:
        neutralise_formulas(table).to_csv(file, index=False, lineterminator="\n")
