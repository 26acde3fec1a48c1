"""Copy the regular files of a git tree into a folder, within the bounds the workbook reads, checked before writing.

`git ls-tree --long` lists every entry with its size, and the listing is read as git prints
it: at the first entry past a bound of `analysis.common.limits` (more than MAX_TREE_ENTRIES
entries, a file larger than validate reads for its kind, more than MAX_REVISION_BYTES in
all, a file named twice counted twice) git is stopped and the tree refused in one line,
before any file is written. Then each blob comes out of one `git cat-file --batch` once,
and its other names are hard links to the first (copies where the file system cannot link).

Tested in tests/changes/test_trees.py; benchmarks/hostile_revisions.py times it.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.common import limits, paths
from analysis.common.problems import Problem, WorkbookError, shorten
from analysis.workbook.rules import RULES_FILE

CHUNK = 1024**2  # bytes read at a time from git
FILE_MODES = (b"100644", b"100755")  # regular files; links and submodules are left out
MAX_ENTRY_BYTES = 8192  # one entry of the listing: mode, type, hash, size and a path (Linux allows 4,096 bytes)
RULES_FILES = {paths.VOCABULARY_FILE: "vocabulary", RULES_FILE: "rules file", paths.LEXICON_FILE: "lexicon"}
REVISION_HINT = "compare with another revision (`git log --oneline` lists them; SECURITY.md gives the limits)"


def export_tree(top: Path, tree: str, target: Path, folder: Path, shown: str = "") -> int:
    """Write the regular files of git tree `tree` (of the claims `folder`) below `target`, byte for byte.

    Return how many files were written. `shown` names the tree in messages ("a36bf9c:claims/").
    A tree past a bound is refused with WorkbookError, in one line, before anything is
    written. Links and submodules are left out, so nothing the copy holds points outside it.
    """
    files = list_tree(top, tree, folder, shown)
    target.mkdir(parents=True, exist_ok=True)
    _copy_blobs(top, files, target, folder)
    return sum(len(places) for places in files.values())


def list_tree(top: Path, tree: str, folder: Path, shown: str = "") -> dict[str, list[str]]:
    """Return the regular files of `tree`, blob → names in the tree; raise WorkbookError past the first bound."""
    files: dict[str, list[str]] = {}
    total = 0
    with _stream_git(top, ["ls-tree", "-r", "-z", "--long", "--full-tree", tree], folder) as entries:
        for count, entry in enumerate(entries, 1):
            if count > limits.MAX_TREE_ENTRIES:
                raise _too_many(folder, shown)
            mode, kind, obj, size, name = _parse_entry(entry, folder)
            if kind != b"blob" or mode not in FILE_MODES:
                continue
            total += _check_size(int(size), name, folder, shown)
            if total > limits.MAX_REVISION_BYTES:
                raise _too_much(total, name, folder, shown)
            files.setdefault(obj.decode("ascii"), []).append(_confine(name, folder))
    return files


def find_limit(name: str) -> tuple[int, str]:
    """Return the size validate reads the file `name` (in the claims folder) within, and what it calls the file.

    Source texts live in sources/ (whatever their extension); the tables, vocabulary,
    rules and lexicon at the top of the folder (lexicon.csv is a rules file, not a table);
    validate reads nothing else, and anything else is held to a text's bound.
    """
    if name.startswith("sources/"):
        return limits.MAX_TEXT_BYTES, "source text"
    if name in RULES_FILES:
        return limits.MAX_RULES_BYTES, RULES_FILES[name]
    if name.endswith(".csv") and "/" not in name:
        return limits.MAX_TABLE_BYTES, "table"
    return limits.MAX_TEXT_BYTES, "file"


def _check_size(size: int, name: str, folder: Path, shown: str) -> int:
    limit, what = find_limit(name)
    if size > limit:
        message = limits.describe_large(size, limit, f"{what} {_show(shown, name)}")
        raise WorkbookError(Problem(folder, message, hint=REVISION_HINT))
    return size


def _too_many(folder: Path, shown: str) -> WorkbookError:
    many = f"more than {limits.MAX_TREE_ENTRIES:,} entries, the most the workbook reads"
    return WorkbookError(
        Problem(folder, f"the claims folder {shown or '(at the revision)'} holds {many}", hint=REVISION_HINT)
    )


def _too_much(total: int, name: str, folder: Path, shown: str) -> WorkbookError:
    whole = limits.describe_large(total, limits.MAX_REVISION_BYTES, f"claims folder {shown or '(at the revision)'}")
    return WorkbookError(
        Problem(folder, f"{whole} by {_show(shown, name)}, a file named twice counted twice", hint=REVISION_HINT)
    )


def _show(shown: str, name: str) -> str:
    """Return the file `name` as committed ("a36bf9c:claims/sources/x.txt"), shortened when very long."""
    return shown + shorten(name, 120)


@contextlib.contextmanager
def _stream_git(top: Path, args: list[str], folder: Path):
    """Yield the NUL-ended entries git prints for `args` as they come; stop git if the block ends early."""
    with tempfile.TemporaryFile() as said:
        try:
            process = subprocess.Popen(
                ["git", *args],
                cwd=top,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=said,
                env=git_environment(),
            )
        except FileNotFoundError:
            raise WorkbookError(Problem(top, "git is not installed (or not on PATH)")) from None
        with process:
            try:
                yield _split_entries(process.stdout, folder)
            except BaseException:
                process.kill()
                raise
        if process.returncode != 0:
            said.seek(0)
            lines = said.read().decode("utf-8", "replace").strip().splitlines()
            raise WorkbookError(Problem(folder, f"git {args[0]} failed: {lines[0] if lines else process.returncode}"))


def _split_entries(stream, folder: Path):
    """Yield the NUL-ended entries of `stream` one by one, holding at most one chunk and one partial entry."""
    rest = b""
    while chunk := stream.read1(CHUNK):
        *entries, rest = (rest + chunk).split(b"\0")
        if len(rest) > MAX_ENTRY_BYTES:
            raise _too_long(folder)
        yield from entries


def _parse_entry(entry: bytes, folder: Path) -> tuple[bytes, bytes, bytes, bytes, str]:
    """Return the mode, type, object, size and name of one `ls-tree --long` entry."""
    if len(entry) > MAX_ENTRY_BYTES:
        raise _too_long(folder)
    meta, _, name = entry.partition(b"\t")
    mode, kind, obj, size = meta.split()
    return mode, kind, obj, size, name.decode("utf-8", "surrogateescape")


def _too_long(folder: Path) -> WorkbookError:
    return WorkbookError(
        Problem(
            folder, f"the old claims folder names a file of more than {MAX_ENTRY_BYTES:,} bytes", hint=REVISION_HINT
        )
    )


def _confine(name: str, folder: Path) -> str:
    """Return `name` when it stays inside the folder: no absolute path, no empty, `.` or `..` part."""
    parts = set(name.split("/"))
    if "" in parts or "." in parts or ".." in parts:
        raise WorkbookError(Problem(folder, "the old claims folder names a file outside itself", value=name))
    return name


def _copy_blobs(top: Path, files: dict[str, list[str]], target: Path, folder: Path) -> None:
    """Stream each blob of `files` (object → names) out of one `git cat-file --batch`: written once, then linked."""
    made = {str(target)}  # folders made so far
    with tempfile.TemporaryFile() as wanted:
        wanted.write("".join(f"{obj}\n" for obj in files).encode())
        wanted.seek(0)
        with subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=top,
            stdin=wanted,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git_environment(),
        ) as process:
            try:
                for obj, names in files.items():  # git answers in the order asked
                    places = [os.path.join(target, name) for name in names]
                    _write_blob(process.stdout, obj, places, made, folder)
            except OSError as error:  # a name the file system cannot hold, a full disk
                raise WorkbookError(
                    Problem(folder, f"cannot copy the old claims folder: {error.strerror or error}", hint=REVISION_HINT)
                ) from None
        if process.returncode != 0:
            raise WorkbookError(Problem(folder, f"git cat-file failed (exit {process.returncode}) reading old files"))


def _write_blob(source, obj: str, places: list[str], made: set[str], folder: Path) -> None:
    """Write the next blob of `source` to the first of `places`, and hard-link (or copy) it to the others."""
    header = source.readline().split()
    if len(header) != 3:  # "<object> missing": a partial clone that cannot fetch it
        raise WorkbookError(Problem(folder, "git cannot read a file of the old claims folder", value=obj))
    first, *others = places
    _make_parent(first, made)
    with open(first, "wb") as file:
        _copy_bytes(source, file, int(header[2]), folder)
    source.read(1)  # the line feed after each object
    for other in others:
        _make_parent(other, made)
        first = _link_file(first, other)


def _link_file(first: str, other: str) -> str:
    """Make `other` a hard link to `first`; return the file to link the next name to.

    Where the file system cannot link, or `first` has all the links it may hold (65,000 on
    ext4), `other` is a copy, and the next names link to it.
    """
    try:
        os.link(first, other)
        return first
    except OSError:
        shutil.copyfile(first, other)
        return other


def _make_parent(path: str, made: set[str]) -> None:
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _copy_bytes(source, file, size: int, folder: Path) -> None:
    while size > 0:
        chunk = source.read(min(CHUNK, size))
        if not chunk:
            raise WorkbookError(Problem(folder, "git cat-file stopped early reading the old files"))
        file.write(chunk)
        size -= len(chunk)


def git_environment() -> dict:
    """The environment for git: no prompt for a password, no optional lock taken in the repository."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
