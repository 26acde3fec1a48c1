"""The curator's commands add-claim and suggest, and the prompts add-source shares: proposals shown, confirmed, written.

Only the parser is built at import; the workbook code (pandas, the language detector)
loads when a command runs, so that `python -m analysis --help` stays quick.

Tested in tests/curation/test_add.py.
"""

import shlex
import sys

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError

LABEL_HELP = {  # the columns a curator gives or accepts, in claims.csv's order
    "claim": "the claim restated plainly, as exposure -> outcome",
    "conditions": "conditions terms, ';' between them",
    "interventions": "interventions terms, ';' between them",
    "mechanisms": "mechanisms terms, ';' between them",
    "direction": "a directions term",
    "relation": "a relations term (proposed from the quote)",
    "evidence_level": "when the claim names no study: expert-opinion, anecdote or none",
    "hedging": "hedging terms, ';' between them (proposed from the quote)",
    "citation": "what the text cites for the claim, in its own words",
    "population": "a populations term",
    "advice": "yes, no, or safety for referral and safety advice (proposed from the quote)",
    "claim_type": "a claim_types term: effect, mechanism, description, evidence or advice",
    "reporting": "a reportings term: how the text reports its evidence (named, described, second-hand, none)",
    "placement": "a placements term: headline, summary or body (default: body)",
    "studies": "the study_ids of studies.csv the claim rests on, ';' between them (evidence_level is left empty)",
    "notes": "the curator's remarks",
}
SUGGEST_COLUMNS = ("direction", "evidence_level", "population", "citation", "notes")
EMPTY = "-"


def add_curate_commands(commands) -> None:
    """Register add-source, suggest and add-claim, in the order a curator uses them."""
    from analysis.cli.add_source import add_source_command  # it builds on this module's prompts

    add_source_command(commands)
    suggest = commands.add_parser("suggest", help="list a source's untabulated sentences with proposed labels")
    suggest.add_argument("source_id", metavar="SOURCE_ID", help="the source_id of the document, as in sources.csv")
    suggest.add_argument("--write", action="store_true", help="add the sentences you confirm as claims")
    for column in SUGGEST_COLUMNS:
        suggest.add_argument(
            _option(column), dest=column, default=None, help=f"{_label_help(column)}, for every claim written"
        )
    _add_yes_and_claims_dir(suggest)
    suggest.set_defaults(run=_run_suggest)
    claim = commands.add_parser(
        "add-claim",
        help="check a quote against its source, propose labels, add the claim",
        description="Labels may be given as a term's slug, label or synonym; those not "
        "given are proposed from the quote, then confirmed or asked for.",
    )
    claim.add_argument("--source", required=True, metavar="SOURCE_ID", help="the source the quote is from")
    claim.add_argument("--quote", required=True, help="the verbatim span of the source that holds the claim")
    for column in LABEL_HELP:
        claim.add_argument(_option(column), dest=column, default=None, help=_label_help(column))
    _add_yes_and_claims_dir(claim)
    claim.set_defaults(run=run_add_claim)


ALLOWED_SECTIONS = {
    "direction": "directions",
    "population": "populations",
    "evidence_level": "evidence_levels",
    "claim_type": "claim_types",
    "reporting": "reportings",
    "placement": "placements",
}


def _label_help(column: str) -> str:
    return LABEL_HELP[column] + (_allowed(ALLOWED_SECTIONS[column]) if column in ALLOWED_SECTIONS else "")


def _allowed(section: str) -> str:
    """Return "; one of: a, b, c" from the shipped vocabulary, or "" when it cannot be read."""
    from analysis.workbook.vocabulary import load_vocabulary

    try:
        terms = load_vocabulary().terms(section)
    except (WorkbookError, KeyError, OSError):
        return ""
    return f"; one of: {', '.join(terms)}" if terms else ""


def _option(column: str) -> str:
    return "--" + column.replace("_", "-")


def _add_yes_and_claims_dir(parser) -> None:
    parser.add_argument("--yes", action="store_true", help="accept the proposed labels without asking (for scripts)")
    add_claims_dir(parser)


def add_claims_dir(parser) -> None:
    """Give a command the --claims-dir option every command takes."""
    parser.add_argument(
        "--claims-dir",
        metavar="DIR",
        default=None,
        help="the folder holding claims.csv, sources.csv and vocabulary.yaml (default: claims/)",
    )


def claims_dir_flag(args) -> str:
    """Return ' --claims-dir DIR' when the command was given one, for the next command a message suggests."""
    return f" --claims-dir {shlex.quote(str(args.claims_dir))}" if args.claims_dir else ""


# --- add-claim -----------------------------------------------------------------------------


def run_add_claim(args) -> int:
    """Propose the labels a quote supports, fill and confirm the row, and append it."""
    from analysis.curation.add import add_claim, draft_claim

    given = {column: read_given(getattr(args, column)) for column in LABEL_HELP if getattr(args, column) is not None}
    draft = draft_claim(args.source, args.quote, given, args.claims_dir)
    row = complete_draft(draft, args.claims_dir, args.yes)
    if row is None:
        print("nothing written")
        return 1
    claim_id = add_claim(row, args.claims_dir)
    print(f"added {claim_id} to {paths.claims_path(args.claims_dir)}")
    return 0


def read_given(value: str) -> str:
    """Return a label given on the command line as a cell: '-' leaves the column empty, as at the prompt."""
    return "" if value.strip() == EMPTY else value


def complete_draft(draft, claims_dir=None, yes: bool = False) -> dict | None:
    """Return the row to write, with proposals confirmed; None when the curator declines.

    On a terminal, each label not given is asked, its proposal the default (with `yes`,
    only those that have no proposal). Without one, nothing is asked: proposals need
    `yes`, and a missing required label raises WorkbookError naming it.
    """
    from analysis.workbook.vocabulary import load_vocabulary

    claims_file = paths.claims_path(claims_dir)
    if not draft.proposed and not draft.missing:
        return draft.row
    if not is_interactive():
        if yes and not draft.missing:
            return draft.row
        print("\n".join(describe_draft(draft)))
        raise WorkbookError(_not_confirmed(draft, claims_file, yes))
    print("\n".join(describe_draft(draft)))
    print(f"Enter accepts the value in [brackets]; '{EMPTY}' leaves an optional column empty.")
    row = ask_labels(draft, load_vocabulary(claims_dir), claims_file, yes)
    if yes:
        return row
    print("the row to add:")
    print("\n".join(f"  {column:<15} {row.get(column) or '-'}" for column in ("quote", *LABEL_HELP)))
    return row if confirm("add this claim?", claims_file) else None


def describe_draft(draft) -> list[str]:
    """Return the lines that show a draft: each column, its value, and whether given or proposed."""
    lines = [f"claim from '{draft.source_id}': quote found", f"  {'quote':<15} {draft.quote}"]
    for column in LABEL_HELP:
        value = draft.row.get(column, "")
        state = (
            "given"
            if column in draft.given
            else "proposed"
            if column in draft.proposed
            else f"missing: give {_option(column)}"
            if column in draft.missing
            else ""
        )
        lines.append(f"  {column:<15} {value or '-':<40} {state}".rstrip())
    return lines


def _not_confirmed(draft, claims_file, yes: bool) -> Problem:
    flags = " ".join(_option(c) for c in draft.missing)
    if yes:
        return Problem(
            claims_file,
            f"nothing written: missing {', '.join(draft.missing)}",
            hint=f"give {flags}; they cannot be proposed from the quote",
        )
    missing = f"; and give {flags}, which cannot be proposed" if draft.missing else ""
    return Problem(
        claims_file,
        "nothing written: no terminal to confirm the proposed labels",
        hint=f"re-run with --yes to accept them, or give them as flags{missing}",
    )


def ask_labels(draft, vocabulary, claims_file, yes: bool) -> dict:
    """Ask for each label not given (with `yes`: only required ones without a proposal)."""
    from analysis.curation.propose import TERM_COLUMNS
    from analysis.workbook.storage import read_header
    from analysis.workbook.validate import CLAIM_REQUIRED

    row = draft.row
    header = read_header(claims_file.read_bytes()) if claims_file.is_file() else list(LABEL_HELP)
    for column in LABEL_HELP:
        proposal = draft.proposed.get(column)
        if column in draft.given or (yes and (proposal is not None or column not in CLAIM_REQUIRED)):
            continue
        if column not in header or (column in TERM_COLUMNS and not vocabulary.sections.get(TERM_COLUMNS[column])):
            continue  # an optional column this workbook's claims table or vocabulary leaves out
        row[column] = ask_label(column, proposal or "", vocabulary, claims_file)
    return row


def ask_label(column: str, default: str, vocabulary, claims_file) -> str:
    """Ask for one column's value until it is a known term (or any text for a free column)."""
    from analysis.curation.propose import MULTI_VALUED, TERM_COLUMNS, resolve_labels
    from analysis.workbook.validate import CLAIM_REQUIRED

    section = TERM_COLUMNS.get(column)
    if section:
        several = " (several: a;b)" if column in MULTI_VALUED else ""
        print(f"  {section}{several}: {', '.join(vocabulary.terms(section))}")
    while True:
        answer = ask(f"{column}" + (f" [{default}]" if default else "") + ": ", claims_file).strip() or default
        if answer in ("", EMPTY):
            if column not in CLAIM_REQUIRED:
                return ""
            print(f"  {column} is required")
            continue
        try:
            return resolve_labels(vocabulary, column, answer, claims_file)
        except WorkbookError as exc:
            print(f"  {exc.problems[0].message}; {exc.problems[0].hint}")


def is_interactive() -> bool:
    """Return whether a person can answer questions (standard input is a terminal)."""
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str, claims_file) -> str:
    """Return one line typed by the curator; end of input means nothing is written."""
    try:
        return input(prompt)
    except EOFError:
        raise WorkbookError(Problem(claims_file, "no answer (end of input); nothing written")) from None


def confirm(question: str, claims_file) -> bool:
    """Ask a yes/no question; Enter means yes."""
    return ask(f"{question} [Y/n] ", claims_file).strip().lower() in ("", "y", "yes")


def _run_suggest(args) -> int:
    from analysis.cli.suggest import run_suggest  # it builds on this module's prompts

    return run_suggest(args)
