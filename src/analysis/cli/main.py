"""The command line of the gut–brain claims workbook: `python -m analysis COMMAND` (or `gutbrain COMMAND`)."""

import argparse
import os
import sys
import time
from pathlib import Path

from analysis.cli.agreement import add_agreement_command
from analysis.cli.changes import add_changes_command
from analysis.cli.curate import add_claims_dir, add_curate_commands
from analysis.cli.draft import add_draft_commands
from analysis.cli.edit import add_edit_commands
from analysis.cli.export import add_export_command
from analysis.cli.preview import add_preview_command
from analysis.cli.report import add_report_command
from analysis.common.files import refuse_claims_folder
from analysis.common.paths import REPORTS_DIR
from analysis.common.problems import WorkbookError, count_errors


def main(argv=None) -> int:
    """Run the command named in `argv` and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except WorkbookError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; no file was left half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (`| head`): stop quietly, with the status Unix tools give
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit must not fail
        return 141
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if getattr(args, "debug", False):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}; rerun with --debug for the traceback and please report it",
            file=sys.stderr,
        )
        return 70


DESCRIPTION = (
    "Tabulate the claims of articles on the gut microbiome and mental health, check them, and build "
    "HTML reports that grade the evidence the articles report and flag wording that outruns it. "
    "A curator adds a text, a saved web page or a PDF (add-source), drafts its claims (draft) and accepts "
    "the reviewed draft (accept), or lists its untabulated sentences (suggest) and adds claims one by one "
    "(add-claim); edit-claim, edit-study, add-study, "
    "not-a-claim and add-term edit the workbook in place; validate and coverage check the workbook; "
    "agreement compares two curators' coding; "
    "changes says what moved since a git revision; export writes the tables as a data package; "
    "build makes the reports."
)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with one sub-command per task."""
    prog = "gutbrain" if os.path.basename(sys.argv[0]) == "gutbrain" else "python -m analysis"  # as it was called
    parser = argparse.ArgumentParser(
        prog=prog, description=DESCRIPTION, epilog=f"Run '{prog} COMMAND --help' for a command's options."
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="commands, in workflow order"
    )
    add_curate_commands(commands)
    add_draft_commands(commands)
    add_edit_commands(commands)
    validate = commands.add_parser("validate", help="check claims, sources and vocabulary; exit 1 on any error")
    add_claims_dir(validate)
    validate.add_argument("--quiet", action="store_true", help="print errors only, not warnings")
    validate.set_defaults(run=run_validate)
    coverage = commands.add_parser("coverage", help="list sentences with a claim cue that no claim or review covers")
    add_claims_dir(coverage)
    coverage.add_argument("--source", metavar="SOURCE_ID", default=None, help="check one source only")
    coverage.add_argument(
        "--unread",
        action="store_true",
        help="also list the sentences with no claim cue nobody has tabulated or reviewed",
    )
    coverage.set_defaults(run=run_coverage)
    add_agreement_command(commands)
    add_changes_command(commands)
    add_export_command(commands)
    build = commands.add_parser("build", help="build the reports whose inputs changed into reports/, with an index")
    add_claims_dir(build)
    build.add_argument("--output", metavar="DIR", default=None, help="where to write the reports (default: reports/)")
    build.add_argument(
        "--notebooks", metavar="DIR", default=None, help="take the report notebooks from DIR (default: notebooks/)"
    )
    build.add_argument(
        "--force",
        nargs="*",
        metavar="REPORT",
        default=None,
        help="run reports even when up to date: all of them, or those named like 'condition/depression' or 'source/*'",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="reports to run at once, or the workers of --scheduler local (default: the number of cores)",
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run the reports on a Dask cluster (needs the 'cluster' extra): the address of its scheduler, "
        "such as tcp://10.0.0.5:8786, started with `dask scheduler` and `dask worker ADDRESS --nthreads 1` "
        "on each host; or 'local' to start one here with -j workers. Each worker keeps a warm kernel; the "
        "pages come back here and are published as in a local build (default: worker processes on this machine)",
    )
    build.set_defaults(run=run_build)
    add_preview_command(commands)
    add_report_command(commands)
    strength = commands.add_parser("strength", help="label claim strength, hedges and boosters of any CSV column")
    strength.add_argument("--input", required=True, metavar="FILE.csv", help="a CSV file with a header")
    strength.add_argument("--column", default="sentence", help="the column holding the text (default: sentence)")
    strength.add_argument("--output", required=True, metavar="OUT.csv", help="where to write the labelled rows")
    strength.set_defaults(run=run_strength)
    return parser


def run_validate(args) -> int:
    """Print every problem of the workbook, one per line, and a summary (said again at once for unchanged inputs)."""
    from analysis.cli.validation_record import read_record, record_key, write_record

    key = record_key(args.claims_dir)
    record = read_record(key) or _validate_and_record(args.claims_dir, key, write_record)
    for severity, line in record["problems"]:
        if severity == "error" or not args.quiet:
            print(line, file=sys.stderr if severity == "error" else sys.stdout)
    print(record["summary"])
    return record["status"]


def _validate_and_record(claims_dir, key, write_record) -> dict:
    from analysis.workbook.validate import validate_workbook

    result = validate_workbook(claims_dir)
    errors = count_errors(result.problems)
    summary = (
        f"{len(result.claims)} claims from {len(result.sources)} sources: "
        f"{errors} error{'s' * (errors != 1)}, {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}"
    )
    problems = [(p.severity, str(p)) for p in result.problems]
    write_record(key, problems, summary, 1 if errors else 0)
    return {"problems": problems, "summary": summary, "status": 1 if errors else 0}


def run_build(args) -> int:
    """Build the reports that are out of date; exit 1 naming the reports that failed."""
    from analysis.site.freshness import is_up_to_date

    started = time.perf_counter()
    refuse_claims_folder(args.output or REPORTS_DIR, args.claims_dir)
    index = Path(args.output or REPORTS_DIR) / "index.html"
    if args.force is None and (manifest := is_up_to_date(index.parent, args.claims_dir, args.notebooks)):
        print(
            f"all {len(manifest['reports'])} reports are up to date ({time.perf_counter() - started:.2f} s); "
            f"open {index}"
        )
        return 0
    from analysis.common.speedups import decline_slow_imports

    decline_slow_imports()  # in this command's process only, before nbformat loads jsonschema
    from analysis.site.pipeline import build_reports  # papermill and nbconvert load only when there is work to do

    results = build_reports(
        args.claims_dir,
        args.output,
        args.jobs,
        echo=lambda line: print(line, flush=True),
        notebooks_dir=args.notebooks,
        force=_force_patterns(args.force),
        scheduler=args.scheduler,
    )
    failed = [r for r in results if r.status != "ok"]
    ran = sum(not r.cached for r in results)
    print(
        f"built {len(results) - len(failed)} of {len(results)} reports in {time.perf_counter() - started:.1f} s "
        f"(ran {ran} of {len(results)} reports, {len(results) - ran} up to date); open {index}"
    )
    for result in failed:
        print(f"failed: {result.href}: {result.error}", file=sys.stderr)
    return 1 if failed else 0


def _force_patterns(force):
    """Return the report patterns --force names: None (none), or a list ("*" for all)."""
    if force is None:
        return None
    return force or ["*"]


def run_coverage(args) -> int:
    """Print each source's coverage and its uncovered sentences; exit 1 unless all reach 100%."""
    from analysis.curation.coverage import check_coverage, describe_coverage
    from analysis.workbook.load import load_workbook

    workbook = load_workbook(args.claims_dir)
    results = check_coverage(workbook, workbook.reviewed)
    if args.source:
        results = [r for r in results if r.source_id == args.source]
        if not results:
            raise WorkbookError(f"unknown source_id {args.source!r}; known: {', '.join(workbook.sources['source_id'])}")
    for result in results:
        print("\n".join(describe_coverage(result, workbook.read_source(result.source_id), unread=args.unread)))
    incomplete = [r.source_id for r in results if r.share < 1]
    if incomplete:
        sys.stdout.flush()  # the list before the verdict, also when both go to one pipe
        print(
            f"incomplete: {', '.join(incomplete)}; tabulate each sentence listed, or record it in "
            "claims/reviewed_non_claims.csv with a reason",
            file=sys.stderr,
        )
    return 1 if incomplete else 0


def run_strength(args) -> int:
    """Label every row of --input and write --output; report the count and the rate."""
    from analysis.language.labelling import label_file, show_progress

    refuse_claims_folder(args.output)
    started = time.perf_counter()
    count = label_file(args.input, args.column, args.output, progress=show_progress(started))
    seconds = time.perf_counter() - started
    print(f"\rlabelled {count:,} sentences in {seconds:.1f} s; wrote {args.output}")
    return 0
