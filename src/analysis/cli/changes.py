"""The `changes` command: what changed in the workbook since a git revision, as a short summary and as Markdown.

Tested in tests/cli/test_changes_command.py (test_changes.py is the comparison's, in tests/reports/).
"""

import os
import shlex
import sys
from pathlib import Path

from analysis.cli.curate import add_claims_dir
from analysis.common.files import refuse_claims_folder, write_atomically
from analysis.common.problems import Problem, WorkbookError, escape_text

NOW = "the working tree"


def add_changes_command(commands) -> None:
    """Register `changes [REV] [--markdown FILE] [--claims-dir DIR]`."""
    changes = commands.add_parser(
        "changes",
        help="what changed since a git revision (default HEAD): claims, grades and flags",
        description="Compare the workbook as it is now with the workbook at a git revision: claims added, "
        "removed and relabelled, graded pairs whose grade or score changed, flags that appeared or went away. "
        "The old workbook is read from git's history; the working tree is never touched. Exit 0 whatever changed.",
    )
    changes.add_argument(
        "revision",
        nargs="?",
        default="HEAD",
        metavar="REV",
        help="a commit, branch or tag, e.g. HEAD~3, main, origin/main (default: HEAD, the last commit)",
    )
    changes.add_argument(
        "--markdown",
        metavar="FILE",
        default=None,
        help="also write every change as Markdown to FILE, for a CI job summary or a pull-request comment",
    )
    add_claims_dir(changes)
    changes.set_defaults(run=run_changes)


def run_changes(args) -> int:
    """Print what changed since the revision; write the Markdown when asked. Changes are not errors: exit 0."""
    from analysis.changes.compare import compare_workbooks
    from analysis.changes.revisions import open_revision
    from analysis.changes.text import render_markdown, render_text
    from analysis.workbook.load import load_workbook

    markdown = Path(args.markdown) if args.markdown else None
    if markdown is not None:
        refuse_claims_folder(markdown, args.claims_dir, "--markdown")
        check_output(markdown)
    with open_revision(args.revision, args.claims_dir) as revision:
        now = load_workbook(args.claims_dir)
        notes = [revision.note] if revision.note else []
        changes = compare_workbooks(revision.workbook, now, before=revision.label, after=NOW, notes=notes)
    lines = [render_text(changes)]
    if markdown is not None:
        write_atomically(markdown, render_markdown(changes).encode("utf-8"))
        lines.append(f"wrote {markdown}")
    elif not changes.empty:
        again = shlex.quote(escape_text(args.revision))
        lines.append(f"every change, as Markdown: python -m analysis changes {again} --markdown changes.md")
    print_to_reader("\n".join(lines))
    return 0


def print_to_reader(text: str) -> None:
    """Print `text`; a reader that stops early (`| head`) is not an error, and gets no message about it."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit must not fail


def check_output(path: Path) -> None:
    """Raise WorkbookError, in one line, when the Markdown cannot be written at `path` (before any work is done)."""
    if path.is_dir():
        raise WorkbookError(Problem(path, "is a folder", hint="give a file name for the Markdown, e.g. changes.md"))
    if not path.parent.is_dir():
        raise WorkbookError(Problem(path, "its folder does not exist", hint="create it, or write the file elsewhere"))
    if not os.access(path.parent, os.W_OK):
        raise WorkbookError(Problem(path, "its folder cannot be written to", hint="write the file elsewhere"))
