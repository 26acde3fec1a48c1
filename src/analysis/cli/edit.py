"""The curator's commands edit-claim, edit-study, add-study, not-a-claim and add-term: the workbook edited in place,
checked, atomically.

Tested in tests/cli/test_edit_command.py.
"""

from analysis.cli.curate import LABEL_HELP, _label_help, _option, add_claims_dir
from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError, display_path

TERM_SECTIONS = ("conditions", "interventions", "mechanisms", "populations", "hedging", "source_kinds")
STUDY_HELP = {  # the columns of studies.csv a curator may correct, in its order (claims/README.md, "Studies")
    "quote": "the verbatim span of the source that describes the study",
    "design": "a study design (evidence_levels term), e.g. rct, controlled-trial, observational",
    "participants": "the number of participants the article states ('-' for none stated)",
    "control": "yes, no or unstated: whether a control, placebo or comparison group is stated",
    "population": "a populations term: humans, animals, cells, unspecified",
    "population_detail": "who was studied, in the article's words",
    "interventions": "interventions terms the study tested, ';' between them",
    "outcomes": "conditions terms the study measured, ';' between them",
    "direction": "a directions term: what the study found overall",
    "outcome_directions": "findings per outcome, e.g. 'cognition:no-effect;stress:beneficial'",
    "reporting": "named, described or second-hand",
    "citation": "the journal, DOI, PMID, URL or '[1]' the article gives",
    "certainty": "the certainty its authors give their evidence: high, moderate, low or very low",
    "peer_reviewed": "yes or no, when the article says",
    "funding": "maker or independent, when the article says",
    "notes": "the curator's notes",
}


def add_edit_commands(commands) -> None:
    """Register edit-claim, edit-study, add-study, not-a-claim and add-term."""
    edit = commands.add_parser(
        "edit-claim",
        help="change labels, notes or the quote of one claim, checked like add-claim",
        description="Each option sets one column of the claim: a term's slug, label or synonym, ';' between terms, "
        "'-' to empty the cell. Naming studies empties evidence_level and giving an evidence level empties studies "
        "(unless both are given). Nothing is written unless the workbook validates.",
    )
    edit.add_argument("claim_id", metavar="CLAIM_ID", help="the claim to change, e.g. C0012")
    edit.add_argument("--quote", default=None, help="the verbatim span of the source that holds the claim")
    edit.add_argument(
        "--add-note", default="", metavar="TEXT", help="append TEXT to the claim's notes, keeping them ('language-ok')"
    )
    for column in LABEL_HELP:
        edit.add_argument(_option(column), dest=column, default=None, help=_label_help(column))
    add_claims_dir(edit)
    edit.set_defaults(run=run_edit_claim)
    study = commands.add_parser(
        "edit-study",
        help="correct one study of studies.csv (design, size, control group …), checked like accept",
        description="Each option sets one column of the study: a term's slug, label or synonym, ';' between terms, "
        "'-' to empty the cell. Nothing is written unless the workbook validates.",
    )
    study.add_argument("study_id", metavar="STUDY_ID", help="the study to change, e.g. S0017")
    for column, text in STUDY_HELP.items():
        study.add_argument(_option(column), dest=column, default=None, help=text)
    add_claims_dir(study)
    study.set_defaults(run=run_edit_study)
    new = commands.add_parser(
        "add-study",
        help="add a study the draft missed to studies.csv, under the next free id, checked like accept",
        description="Each option sets one column of the new study, read as edit-study reads it. Required: --source, "
        "--quote, --design, --control, --population, --interventions, --outcomes, --direction, --reporting. "
        "Then link it: edit-claim CLAIM_ID --studies STUDY_ID. Nothing is written unless the workbook validates.",
    )
    new.add_argument("--source", required=True, metavar="SOURCE_ID", help="the article that reports the study")
    for column, text in STUDY_HELP.items():
        new.add_argument(_option(column), dest=column, default=None, help=text)
    add_claims_dir(new)
    new.set_defaults(run=run_add_study)
    non_claim = commands.add_parser(
        "not-a-claim",
        help="record a sentence read and judged not a claim in reviewed_non_claims.csv",
        description="coverage then counts the sentence as reviewed. With --withdraw, remove a sentence recorded by "
        "mistake, so that it can be claimed (add-claim) or reviewed again.",
    )
    non_claim.add_argument("--source", required=True, metavar="SOURCE_ID", help="the source the sentence is from")
    non_claim.add_argument("--sentence", required=True, help="the sentence, verbatim")
    non_claim.add_argument("--reason", default="", help="why it is not a claim (a heading, a definition, …)")
    non_claim.add_argument(
        "--withdraw", action="store_true", help="remove the sentence from reviewed_non_claims.csv instead"
    )
    add_claims_dir(non_claim)
    non_claim.set_defaults(run=run_not_a_claim)
    term = commands.add_parser(
        "add-term",
        help="add a term to claims/vocabulary.yaml (its comments and order kept)",
        description="The term goes after the last term of its section, as plain YAML; the file is checked with the "
        "whole workbook before it is written.",
    )
    term.add_argument("section", metavar="SECTION", help=f"one of: {', '.join(TERM_SECTIONS)}")
    term.add_argument("slug", metavar="SLUG", nargs="?", default=None, help="the term's slug (default: from the label)")
    term.add_argument("--label", required=True, help="the name readers see")
    term.add_argument("--definition", required=True, help="one sentence saying what the term covers")
    term.add_argument(
        "--kind",
        default=None,
        help="conditions: mind or body; interventions: intervention, exposure or mechanism",
    )
    term.add_argument("--synonyms", default="", help="other names a curator may type or a text may use, ';' between")
    term.add_argument(
        "--within",
        default="",
        metavar="BROADER",
        help="conditions or interventions: broader terms whose narrower list it joins, ';' between "
        "(a study of it then measures them too), e.g. mental-health",
    )
    add_claims_dir(term)
    term.set_defaults(run=run_add_term)


def run_edit_claim(args) -> int:
    """Set the columns given on claim CLAIM_ID; print each change, before → after."""
    from analysis.curation.edit import EDITABLE, edit_claim

    changes = {column: getattr(args, column) for column in EDITABLE if getattr(args, column, None) is not None}
    if not changes and not args.add_note.strip():
        hint = "give a column to set, e.g. --notes '…' (see edit-claim --help)"
        raise WorkbookError(Problem(paths.claims_path(args.claims_dir), "nothing to change", hint=hint))
    changed = edit_claim(args.claim_id, changes, args.claims_dir, add_note=args.add_note)
    return print_changes(args.claim_id.strip(), changed, paths.claims_path(args.claims_dir))


def run_edit_study(args) -> int:
    """Set the columns given on study STUDY_ID; print each change, before → after."""
    from analysis.curation.edit import edit_study

    changes = {column: getattr(args, column) for column in STUDY_HELP if getattr(args, column, None) is not None}
    if not changes:
        hint = "give a column to set, e.g. --participants 142 (see edit-study --help)"
        raise WorkbookError(Problem(paths.studies_path(args.claims_dir), "nothing to change", hint=hint))
    changed = edit_study(args.study_id, changes, args.claims_dir)
    return print_changes(args.study_id.strip(), changed, paths.studies_path(args.claims_dir))


def run_add_study(args) -> int:
    """Add a study to studies.csv; print its id and how to link a claim to it."""
    from analysis.curation.add_study import add_study

    cells = {column: getattr(args, column) for column in STUDY_HELP if getattr(args, column, None) is not None}
    study_id = add_study(args.source.strip(), cells, args.claims_dir)
    print(f"added {study_id} to {paths.studies_path(args.claims_dir)}")
    print(f"next: link the claims that rest on it: python -m analysis edit-claim CLAIM_ID --studies {study_id}")
    return 0


def print_changes(row_id: str, changed: list, file) -> int:
    """Print each change of row `row_id` of `file`, before → after (or that there was none); return 0."""
    if not changed:
        print(f"{row_id} has these values already; nothing written")
        return 0
    print(f"changed {row_id} in {display_path(file)}:")
    for column, before, after in changed:
        print(f"  {column}: {before or '(empty)'} → {after or '(empty)'}")
    return 0


def run_not_a_claim(args) -> int:
    """Record the sentence with its reason, or withdraw it; say where."""
    from analysis.curation.edit import record_non_claim, withdraw_non_claim

    if args.withdraw:
        reason = withdraw_non_claim(args.source, args.sentence, args.claims_dir)
        file = paths.reviewed_path(args.claims_dir)
        print(f"withdrew from {display_path(file)}: the sentence recorded as not a claim ({reason})")
        return 0
    file = record_non_claim(args.source, args.sentence, args.reason, args.claims_dir)
    print(f"recorded in {display_path(file)}: the sentence is not a claim ({args.reason.strip()})")
    return 0


def run_add_term(args) -> int:
    """Add the term; say where and what next."""
    from analysis.curation.vocabulary_terms import add_term
    from analysis.workbook.vocabulary import split_terms

    slug = add_term(
        args.section,
        args.slug,
        label=args.label,
        definition=args.definition,
        kind=args.kind,
        synonyms=split_terms(args.synonyms),
        within=split_terms(args.within),
        claims_dir=args.claims_dir,
    )
    within = f", within {', '.join(split_terms(args.within))}" if args.within.strip() else ""
    print(f"added '{slug}' to {args.section}{within} in {display_path(paths.vocabulary_path(args.claims_dir))}")
    return 0
