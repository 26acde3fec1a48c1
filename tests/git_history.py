"""Helpers for the tests of `changes`: a tiny git repository whose history holds a small claims folder."""

import shutil
import subprocess
from pathlib import Path

from conftest import DATA, edit_claims

IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return what it printed; fail the test when git fails."""
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    """Commit everything in `repo`; return the short hash."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def make_history(root: Path) -> Path:
    """Return a repository of three commits: a README (no claims yet), the test workbook, then C0001 relabelled.

    C0001's evidence_level is `rct` at HEAD~1 and `observational` at HEAD.
    """
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("A workbook in the making.\n", encoding="utf-8")
    commit_all(repo, "Start")
    shutil.copytree(DATA / "workbook", repo / "claims")
    commit_all(repo, "Claims")
    edit_claims(repo / "claims", {"C0001": {"evidence_level": "observational"}})
    commit_all(repo, "C0001 is observational")
    return repo


def write_blob(repo: Path, data: bytes) -> str:
    """Store `data` in the repository's objects; return its hash."""
    return _git_with_input(repo, data, "hash-object", "-w", "--stdin")


def commit_entries(repo: Path, folder: str, entries, message: str = "A hostile tree") -> str:
    """Commit claims/`folder`/ (claims/ itself when `folder` is "") holding `entries` ((name, blob hash) pairs).

    The rest of claims/ is as at HEAD. Built with `git mktree`, never in the working tree:
    100,000 entries take about a second. Return the short hash.
    """
    lines = [f"100644 blob {blob}\t{name}" for name, blob in entries]
    if folder:
        lines = [*_entries_but(repo, "HEAD:claims", {folder}), f"040000 tree {_make_tree(repo, lines)}\t{folder}"]
    else:
        lines = [*_entries_but(repo, "HEAD:claims", {name for name, _ in entries}), *lines]
    root = [*_entries_but(repo, "HEAD", {"claims"}), f"040000 tree {_make_tree(repo, lines)}\tclaims"]
    commit = git(repo, "commit-tree", _make_tree(repo, root), "-p", "HEAD", "-m", message)
    git(repo, "update-ref", "HEAD", commit)
    return commit[:7]


def _entries_but(repo: Path, tree: str, names: set[str]) -> list[str]:
    return [line for line in git(repo, "ls-tree", tree).splitlines() if line.split("\t", 1)[1] not in names]


def _make_tree(repo: Path, lines: list[str]) -> str:
    return _git_with_input(repo, "".join(f"{line}\n" for line in lines).encode(), "mktree")


def _git_with_input(repo: Path, data: bytes, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, input=data, capture_output=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().strip()
