"""Time how `changes` copies a hostile old claims folder out of git: linear time as it doubles, quick refusals.

Usage::

    python benchmarks/hostile_revisions.py [--entries N] [--names N] [--repeat N]

Each case is a commit an untrusted pull request could bring into the history (issue 25
item 6), built with `git mktree` in a temporary repository, and copied by
`analysis.changes.trees.export_tree` as `python -m analysis changes REV` does:

* ``empty-files``: N, then 2N, empty texts in claims/sources/ (default 25,000 and 50,000,
  under the bound of 100,000). The file lists were rebuilt per entry: 100,000 took 53 s.
* ``named-twice``: N, then 2N, names of one 256 KB text (default 1,000 and 2,000: 250 and
  500 MB named, under the bound of 1 GB). Each name was a full copy; now the text is
  written once and the other names are hard links, so the megabytes on disk stay near 0.25.
* ``refused``: 200,000 empty texts, and 20 names of one 50 MB text (1 GB written before):
  both refused in one line before any file is written.

It prints the seconds of each (the best of ``--repeat`` runs), the time ratio of the
doubling (the goal is at most 2.5; linear time is 2), the megabytes the names add up to
and the megabytes on disk (a hard-linked file counted once).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.changes.trees import export_tree
from analysis.common.problems import WorkbookError

GOAL = 2.5
IDENTITY = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]


def run_git(repo: Path, *args: str, data: bytes = b"") -> str:
    """Run git in `repo` with `data` on its input; return what it printed."""
    return subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, input=data, capture_output=True, check=True
    ).stdout.decode()


def make_repository(root: Path, count: int, size: int) -> Path:
    """Return a repository whose one commit holds claims/sources/ with `count` names of one blob of `size` bytes."""
    repo = root / f"repo-{count}-{size}"
    repo.mkdir()
    run_git(repo, "init", "-q")
    blob = run_git(repo, "hash-object", "-w", "--stdin", data=b"x" * size).strip()
    files = make_tree(repo, [f"100644 blob {blob}\t{n}.txt" for n in range(count)])
    claims = make_tree(repo, [f"040000 tree {files}\tsources"])
    top = make_tree(repo, [f"040000 tree {claims}\tclaims"])
    commit = run_git(repo, "commit-tree", top, "-m", "A hostile tree").strip()
    run_git(repo, "update-ref", "HEAD", commit)
    return repo


def make_tree(repo: Path, lines: list[str]) -> str:
    return run_git(repo, "mktree", data="".join(f"{line}\n" for line in lines).encode()).strip()


def time_export(repo: Path, repeat: int) -> tuple[float, float, str]:
    """Return the best seconds of `repeat` exports of HEAD:claims, the megabytes on disk, and the refusal if any."""
    best, disk, said = float("inf"), 0.0, ""
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="hostile-revision-") as temporary:
            target = Path(temporary) / "claims"
            started = time.perf_counter()
            try:
                export_tree(repo, "HEAD:claims", target, repo / "claims", "HEAD:claims/")
            except WorkbookError as error:
                said = str(error)
            best = min(best, time.perf_counter() - started)
            disk = measure_disk(target)
    return best, disk, said


def measure_disk(folder: Path) -> float:
    """Return the megabytes the files below `folder` take on disk, a hard-linked file counted once."""
    if not folder.exists():
        return 0.0
    seen = {(s.st_dev, s.st_ino): s.st_blocks * 512 for p in folder.rglob("*") if (s := p.lstat())}
    return sum(seen.values()) / 1024**2


def time_doubling(root: Path, name: str, count: int, size: int, repeat: int) -> float:
    """Print the seconds of `count` and 2 × `count` names of a blob of `size` bytes; return the time ratio."""
    times = []
    for n in (count, 2 * count):
        seconds, disk, said = time_export(make_repository(root, n, size), repeat)
        times.append(seconds)
        named = f"{n * size / 1024**2:,.0f} MB named"
        print(f"{name:<12} {n:>7,} names  {seconds:8.3f} s  {named:>14}  {disk:6.2f} MB on disk  {said or 'copied'}")
    ratio = times[1] / max(times[0], 1e-9)
    print(f"{'':<12} time ratio for the doubling: x{ratio:.2f} (goal: at most x{GOAL})")
    return ratio


def time_refusal(root: Path, count: int, size: int, repeat: int) -> None:
    """Print the seconds to refuse `count` names of a blob of `size` bytes, and what was written."""
    seconds, disk, said = time_export(make_repository(root, count, size), repeat)
    what = f"{count:,} names of {size / 1024**2:,.0f} MB" if size else f"{count:,} empty texts"
    print(f"{'refused':<12} {what:<22} {seconds:8.3f} s  {disk:4.1f} MB written: {said.split(': ', 1)[-1][:80]}…")


def main(argv=None):
    """Run the benchmark from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=25_000, help="empty files, then twice as many (default 25,000)")
    parser.add_argument("--names", type=int, default=1000, help="names of a text, then twice as many (default 1,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case, best kept (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hostile-revisions-") as temporary:
        root = Path(temporary)
        worst = max(
            time_doubling(root, "empty-files", args.entries, 0, args.repeat),
            time_doubling(root, "named-twice", args.names, 256 * 1024, args.repeat),
        )
        time_refusal(root, 200_000, 0, args.repeat)
        time_refusal(root, 20, 50 * 1024**2, args.repeat)
        shutil.rmtree(root, ignore_errors=True)
    print(f"worst time ratio per doubling: x{worst:.2f} (goal: at most x{GOAL})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
