"""The curator's commands draft and accept: a whole article drafted as rows to review, then accepted in one command.

Tested in tests/cli/test_draft_command.py.
"""

from pathlib import Path

from analysis.cli.curate import add_claims_dir, claims_dir_flag
from analysis.common.problems import display_path


def add_draft_commands(commands) -> None:
    """Register draft and accept."""
    draft = commands.add_parser(
        "draft",
        help="write every sentence of a source that may hold a claim as draft rows, every label proposed",
        description="Writes the draft as CSV, to open in a spreadsheet or JupyterLab: the proposed studies, then "
        "one row per sentence, each marked 'unreviewed'. Review each row (column 'review': accept, not-a-claim "
        "with the reason in 'notes', or drop; correct the labels; '-' empties a cell), then run accept. Nothing "
        "reads a draft but accept: validate, the grades, the flags and the reports never see its rows.",
    )
    draft.add_argument("source_id", metavar="SOURCE_ID", help="the source to draft, as in sources.csv")
    draft.add_argument(
        "--out", metavar="PATH", default=None, help="where to write the draft (default: claims/drafts/SOURCE_ID.csv)"
    )
    draft.add_argument("--force", action="store_true", help="replace a draft that is already there")
    add_claims_dir(draft)
    draft.set_defaults(run=run_draft)
    accept = commands.add_parser(
        "accept",
        help="check every row of a reviewed draft, then add its claims, studies and non-claims at once",
        description="Checks every row first (one line per problem, with the draft's line, the column, the value and "
        "a hint) and writes nothing when any is wrong; else appends the accepted claims to claims.csv and studies "
        "to studies.csv with new ids, the sentences judged not claims to reviewed_non_claims.csv, and removes the "
        "draft. With --check it stops after the checks and says what it would add.",
    )
    accept.add_argument(
        "draft", metavar="DRAFT", help="the draft file, or the source id of claims/drafts/SOURCE_ID.csv"
    )
    accept.add_argument("--keep", action="store_true", help="keep the draft file after accepting it")
    accept.add_argument(
        "--check",
        action="store_true",
        help="check every row and say what accept would add, writing nothing (the draft stays)",
    )
    add_claims_dir(accept)
    accept.set_defaults(run=run_accept)


def run_draft(args) -> int:
    """Draft the source's sentences and studies; write the draft file; say what to do next."""
    from analysis.curation.draft import default_draft_path, draft_article, refuse_workbook_file, write_draft

    path = Path(args.out) if args.out else default_draft_path(args.source_id, args.claims_dir)
    refuse_workbook_file(path, args.claims_dir)
    rows = draft_article(args.source_id, args.claims_dir)
    write_draft(path, rows, force=args.force, claims_dir=args.claims_dir)
    claims = sum(row["row"] == "claim" for row in rows)
    studies = len(rows) - claims
    print(
        f"wrote {display_path(path)}: {claims} sentence{'s' * (claims != 1)} to review"
        + (f" and {studies} proposed stud{'ies' if studies != 1 else 'y'}" if studies else "")
    )
    print(
        "next: open it in a spreadsheet or JupyterLab; in 'review' write accept, not-a-claim (reason in 'notes') "
        f"or drop for each row; correct the labels; then: python -m analysis accept {display_path(path)}"
        + claims_dir_flag(args)
    )
    return 0


def run_accept(args) -> int:
    """Accept a reviewed draft; print the ids given; remove the draft unless --keep."""
    from analysis.curation.accept import accept_draft
    from analysis.curation.draft import default_draft_path

    path = Path(args.draft)
    if not path.exists() and default_draft_path(args.draft, args.claims_dir).is_file():
        path = default_draft_path(args.draft, args.claims_dir)  # a source id names its draft
    accepted = accept_draft(path, args.claims_dir, write=not args.check)
    parts = [
        f"{len(accepted.claims)} claim{'s' * (len(accepted.claims) != 1)}" + _span(accepted.claims),
        f"{len(accepted.studies)} stud{'ies' if len(accepted.studies) != 1 else 'y'}" + _span(accepted.studies),
        f"{accepted.non_claims} sentence{'s' * (accepted.non_claims != 1)} reviewed as not claims",
    ]
    dropped = f"{accepted.dropped} row{'s' * (accepted.dropped != 1)} dropped"
    if args.check:
        print(f"checked {display_path(path)}: accept would add {', '.join(parts)}; {dropped}; nothing written")
        print(f"next: python -m analysis accept {display_path(path)}{claims_dir_flag(args)}")
        return 0
    print(f"accepted {display_path(path)}: added {', '.join(parts)}; {dropped}")
    if not args.keep:
        path.unlink()
        next_step = f"python -m analysis validate{claims_dir_flag(args)}"
        print(f"removed the draft (its rows are in the tables now); next: {next_step}")
    return 0


def _span(ids: list[str]) -> str:
    if not ids:
        return ""
    return f" ({ids[0]})" if len(ids) == 1 else f" ({ids[0]}–{ids[-1]})"
