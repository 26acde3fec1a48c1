"""Read the claims folder as it was at a git revision into a temporary folder, never touching the working tree.

The files come straight out of git's object store (`git ls-tree` and `git cat-file`, in
trees.py), byte for byte and within the bounds validate reads: no checkout, no archive
filters, nothing written outside a temporary folder that is removed afterwards. Each way
this can fail (no git, no repository, an unknown revision, a shallow clone, a revision
before the claims folder, a folder past a bound, an old workbook today's checks refuse) is
one line with a hint.
"""

import contextlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.changes.trees import export_tree, git_environment
from analysis.common import paths
from analysis.common.problems import Problem, ValidationError, WorkbookError, shorten
from analysis.common.suggestions import find_closest
from analysis.workbook.load import Workbook, load_workbook
from analysis.workbook.rules import RULES_FILE, rules_path

GIT_TIMEOUT = 120  # seconds for one git command; reading a large claims folder takes well under one
SCHEMA_FILES = (paths.VOCABULARY_FILE, RULES_FILE)  # what an old workbook may take from today's when its own fails
LOG_HINT = "`git log --oneline` lists the revisions"


@dataclass(frozen=True)
class Revision:
    """The workbook as it was at one git revision."""

    name: str  # as the user gave it, e.g. HEAD~5
    commit: str  # the full hash
    subject: str  # the commit's first line
    date: str  # the commit's date, YYYY-MM-DD
    workbook: Workbook
    note: str = ""  # how the old workbook was read, when not as it stands (an older vocabulary)

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def label(self) -> str:
        """The revision as named, with its short hash unless the name is one."""
        return describe_revision(self.name, self.commit)


@contextlib.contextmanager
def open_revision(name: str = "HEAD", claims_dir=None):
    """Yield the Revision of the workbook in `claims_dir` at git revision `name`; remove its files afterwards.

    The workbook is loaded from a temporary copy of the folder as it was committed, and
    validated as today's would be. A vocabulary or rules file from before today's schema
    (term kinds, say) is replaced by today's, and the Revision's `note` says so. Raises
    WorkbookError, in one line, when the revision cannot be read or its workbook fails.
    """
    folder = Path(claims_dir or paths.CLAIMS_DIR)
    top, prefix = find_repository(folder)
    commit = resolve_revision(top, name, folder)
    tree = f"{commit}:{prefix.rstrip('/')}" if prefix else f"{commit}^{{tree}}"
    if _git(top, ["cat-file", "-t", tree], check=False).stdout.strip() != b"tree":
        raise _no_claims_folder(top, prefix, name, commit, folder)
    log = _git(top, ["log", "-1", "--format=%s%n%cs", commit]).stdout.decode("utf-8", "replace")
    subject, date = (log.split("\n") + ["", ""])[:2]
    with tempfile.TemporaryDirectory(prefix="analysis-revision-") as temporary:
        copy, shown = Path(temporary) / (folder.resolve().name or "claims"), f"{commit[:7]}:{prefix}"
        export_tree(top, tree, copy, folder, shown)  # within the bounds validate reads, checked before writing
        workbook, note = _load_old_workbook(copy, folder, describe_revision(name, commit), shown)
        yield Revision(name, commit, subject, date, workbook, note)


def describe_revision(name: str, commit: str) -> str:
    """Return the revision as named with its short hash ("HEAD~5 (8c88d90)"), or the short hash alone."""
    return commit[:7] if commit.startswith(name) else f"{name} ({commit[:7]})"


def find_repository(folder: Path) -> tuple[Path, str]:
    """Return the top folder of the git repository holding `folder`, and `folder`'s path in it ("claims/")."""
    if not folder.is_dir():
        raise WorkbookError(Problem(folder, "folder not found", hint="give the claims folder with --claims-dir"))
    done = _git(folder, ["rev-parse", "--show-toplevel", "--show-prefix"], check=False)
    if done.returncode != 0:
        if b"not a git repository" in done.stderr:
            raise WorkbookError(
                Problem(
                    folder,
                    "not inside a git repository, so there is no earlier revision to compare with",
                    hint="run the command in a clone of the project (git clone URL)",
                )
            )
        raise _git_failed(folder, "rev-parse", done)
    top, prefix = done.stdout.decode("utf-8").split("\n")[:2]
    return Path(top), prefix


def resolve_revision(top: Path, name: str, folder: Path) -> str:
    """Return the full hash of the commit `name` names; raise WorkbookError saying why there is none."""
    if name and not name.startswith("-"):  # an option is never a revision
        done = _git(top, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"], check=False)
        if done.returncode == 0:
            return done.stdout.decode().strip()
    if _git(top, ["rev-parse", "--is-shallow-repository"]).stdout.strip() == b"true":
        raise WorkbookError(
            Problem(
                folder,
                f"unknown revision {name!r}: this is a shallow clone, which holds only the latest commits",
                hint="fetch the whole history with `git fetch --unshallow` (in GitHub Actions: "
                "actions/checkout with fetch-depth: 0)",
            )
        )
    if _git(top, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False).returncode != 0:
        raise WorkbookError(Problem(folder, "the repository has no commits yet", hint="commit the claims folder first"))
    refs = _git(top, ["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes"])
    close = find_closest(name, refs.stdout.decode().split())
    hint = (f"did you mean '{close}'? " if close else "") + LOG_HINT
    raise WorkbookError(Problem(folder, f"unknown revision {name!r}", hint=hint))


def find_first_revision(top: Path, prefix: str) -> str | None:
    """Return the short hash of the first commit that added the claims table at `prefix`, or None."""
    table = f"{prefix}{paths.CLAIMS_FILE}"
    done = _git(top, ["--literal-pathspecs", "log", "--diff-filter=A", "--format=%h", "--", table], check=False)
    added = done.stdout.decode().split()
    return added[-1] if added else None


def _load_old_workbook(copy: Path, folder: Path, label: str, shown: str) -> tuple[Workbook, str]:
    """Load the old workbook as it stands, or with today's vocabulary and rules when only those fail today's checks.

    `label` names the revision in messages; `shown` is how its folder is named ("a36bf9c:claims/").
    """
    try:
        return load_workbook(copy), ""
    except ValidationError as exc:
        failed = sorted({Path(p.path).name for p in exc.problems if isinstance(p, Problem)})
        if not set(failed) <= set(SCHEMA_FILES):
            raise _fails_checks(exc, copy, folder, label, shown) from None
        first = _count_and_first(exc, copy, shown)
    shutil.copyfile(paths.vocabulary_path(folder), copy / paths.VOCABULARY_FILE)
    shutil.copyfile(rules_path(folder), copy / RULES_FILE)
    try:
        workbook = load_workbook(copy)
    except ValidationError as exc:
        raise _fails_checks(exc, copy, folder, label, shown, " even with today's vocabulary and rules") from None
    files = " and ".join(failed)
    note = f"the {files} of {label} {'does' if len(failed) == 1 else 'do'} not pass today's checks ({first}), so"
    return workbook, f"{note} its claims are read with today's vocabulary and rules"


def _fails_checks(exc, copy: Path, folder: Path, label: str, shown: str, how: str = "") -> WorkbookError:
    return WorkbookError(
        Problem(
            folder,
            f"the workbook at {label} does not pass today's checks{how} ({_count_and_first(exc, copy, shown)})",
            hint="compare with a later revision, or fix the data in a new commit",
        )
    )


def _count_and_first(exc: ValidationError, copy: Path, shown: str) -> str:
    """Return "3 errors; the first: a36bf9c:claims/claims.csv:4: …", naming the file as committed, not the copy."""
    count, first = len(exc.problems), exc.problems[0]
    text = str(replace(first, hint=None) if isinstance(first, Problem) else first)
    for copied in {str(copy), str(copy.resolve())}:
        text = text.replace(f"{copied}/", shown)
    return f"{count} error{'s' * (count != 1)}; the first: {shorten(text, 200)}"


def _no_claims_folder(top: Path, prefix: str, name: str, commit: str, folder: Path) -> WorkbookError:
    first = find_first_revision(top, prefix)
    hint = (
        f"the first revision with it is {first}: python -m analysis changes {first}"
        if first
        else f"no revision has {prefix or 'it'} yet; commit the claims folder first"
    )
    return WorkbookError(Problem(folder, f"revision {name!r} ({commit[:7]}) has no claims folder", hint=hint))


def _git(cwd: Path, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
    """Run git with `args` in `cwd`, never prompting; raise WorkbookError if git is missing (or fails, with `check`)."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=git_environment(),
            timeout=GIT_TIMEOUT,
        )
    except FileNotFoundError:
        raise WorkbookError(
            Problem(cwd, "git is not installed (or not on PATH), and reading an earlier revision needs it")
        ) from None
    except subprocess.TimeoutExpired:
        raise WorkbookError(Problem(cwd, f"git {args[0]} took more than {GIT_TIMEOUT} s; try again")) from None
    if check and done.returncode != 0:
        raise _git_failed(cwd, args[0], done)
    return done


def _git_failed(cwd: Path, command: str, done: subprocess.CompletedProcess) -> WorkbookError:
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return WorkbookError(Problem(cwd, f"git {command} failed: {said[0] if said else f'exit {done.returncode}'}"))
