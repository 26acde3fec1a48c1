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
