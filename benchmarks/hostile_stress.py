"""Run thousands of generated hostile claims folders through validation and loading; count the tracebacks.

Usage::

    python benchmarks/hostile_stress.py [--count 10000] [--seed 0] [--jobs 2] [--memory 8] [--base DIR]

Each case copies a small valid claims folder (default: tests/data/studies, the small
workbook with its studies table, and the repository's rules.yaml and lexicon.csv beside
it) and applies one to three hostile
changes drawn at random: source paths that leave the folder (``..``, absolute, links,
devices, pipes, folders), oversized files, rows and cells, invisible and bidirectional
characters in ids and terms, control characters, formulas and scripts in cells, YAML
tags, alias bombs, odd keys, huge numbers and deep nesting, ids, names and lexicon words
thousands of characters long, headers of 400,000 columns, broken encodings and
delimiters, random byte damage, and the algorithmic traps of issue 25 (a lexicon phrase
of many gaps, a long quote missing from repetitive text, a source line of 160 KB, a quote
of thousands of cues), thousands of source files, and hostile studies and study links.
It then validates the folder, loads it, grades it and flags its claims, as `build` does,
and splits its sources into sentences and finds their cues with the folder's own
lexicon, as `coverage` and `suggest` do.

A case ends in one of three ways: accepted, refused with a `WorkbookError` (the clear
one-line errors a curator sees), or anything else: a traceback, which is a bug. A case
that takes over --timeout seconds counts as a hang; one that asks for more than --memory GB
of address space raises MemoryError in its worker, a traceback. A worker that dies all the
same (killed by the system) breaks the pool: the cases it left unfinished are counted, never
waited for. The script prints the counts, the slowest refusal and the peak memory, then each
traceback with the changes that caused it, so it can be replayed with --seed and --only. It
asserts nothing and exits 0.
"""

import argparse
import csv
import random
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from hostile_changes import CHANGES  # noqa: E402

DEFAULT_BASE = ROOT / "tests" / "data" / "studies"  # the workbook with its studies table


def main(argv=None) -> int:
    """Run the cases and print the figures; return 0."""
    args = parse_args(argv)
    names = sorted(CHANGES) if not args.only else args.only
    plans = [plan_case(args.seed, number, names) for number in range(args.count)]
    started = time.perf_counter()
    outcomes = run_cases(plans, args)
    print_figures(outcomes, time.perf_counter() - started)
    return 0


def run_cases(plans: list, args) -> list[dict]:
    """Run each planned case in a pool of workers; a case left unfinished by a dead worker ends as "died"."""
    outcomes = []
    with ProcessPoolExecutor(args.jobs, initializer=_start_worker, initargs=(args.memory,)) as pool:
        futures = {pool.submit(_run_case, (plan, str(args.base), args.timeout)): plan for plan in plans}
        for future in as_completed(futures):
            try:
                outcomes.append(future.result())
            except BrokenProcessPool:
                _, number, changes = futures[future]
                outcomes.append(_died(number, changes))
    return outcomes


def _died(number: int, changes: list[str]) -> dict:
    detail = "a worker died (killed by the system, out of memory?) before this case finished"
    return {"number": number, "changes": changes, "outcome": "died", "detail": detail, "seconds": 0.0, **_NO_MEMORY}


_NO_MEMORY = {"peak_mb": 0.0, "grew_mb": 0.0}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="hostile folders to generate (default: 10000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random changes (default: 0)")
    parser.add_argument("--jobs", type=int, default=2, help="processes to run the cases in (default: 2)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds after which a case is a hang (default: 30)"
    )
    parser.add_argument("--memory", type=float, default=8.0, help="GB of address space a worker may use (default: 8)")
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE, help="the valid claims folder to start from")
    parser.add_argument("--only", nargs="+", choices=sorted(CHANGES), help="draw only these changes")
    return parser.parse_args(argv)


def plan_case(seed: int, number: int, names: list[str]) -> tuple[int, int, list[str]]:
    """Return (seed, number, changes): the case's one to three changes, drawn from `seed` and `number`."""
    rng = random.Random(f"{seed}:{number}")
    return seed, number, rng.sample(names, k=min(len(names), rng.choice([1, 1, 2, 3])))


def _start_worker(memory_gb: float = 8.0):
    """Ignore Ctrl-C (the parent handles it), bound the worker's memory, and import the package, so that no case is
    timed with the imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = int(memory_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import analysis.evidence.flags  # noqa: F401
    import analysis.evidence.grading  # noqa: F401
    import analysis.workbook.load  # noqa: F401


def _run_case(job) -> dict:
    (seed, number, changes), base, timeout = job
    rng = random.Random(f"{seed}:{number}:apply")
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp) / "claims"
        shutil.copytree(base, folder)
        for name in ("rules.yaml", "lexicon.csv"):
            if not (folder / name).exists():
                shutil.copy(ROOT / "claims" / name, folder / name)
        applied = [name for name in changes if _apply(name, folder, rng)]
        return {"number": number, "changes": applied, **_check(folder, timeout)}


def _apply(name: str, folder: Path, rng: random.Random) -> bool:
    """Make change `name` to `folder`; False when an earlier change left nothing it can work on."""
    try:
        CHANGES[name](folder, rng)
    except (OSError, UnicodeError, ValueError, IndexError, csv.Error):
        return False
    return True


def _check(folder: Path, timeout: float) -> dict:
    """Validate, load, grade and flag `folder`; return how it ended and how long it took."""
    from analysis.common.problems import WorkbookError

    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        _validate_and_load(folder)
        outcome, detail = "accepted", ""
    except WorkbookError as error:
        outcome, detail = "refused", str((error.problems or [error])[0])
    except _HangError:
        outcome, detail = "hang", f"over {timeout:g} s"
    except BaseException as error:  # noqa: BLE001 - every other exception is what the script counts
        outcome, detail = "traceback", describe_traceback(error)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "outcome": outcome,
        "detail": detail,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "grew_mb": peak_mb - before_mb,
    }


def describe_traceback(error: BaseException) -> str:
    """Return where in the package `error` was raised and what it says, in one line."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/analysis/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name}" if frames else "outside analysis"
    message = str(error).replace("\n", " ")
    return f"{type(error).__name__} at {where}: {message[:160]}"


class _HangError(Exception):
    pass


def _on_alarm(signum, frame):
    raise _HangError


def _validate_and_load(folder: Path) -> None:
    from analysis import flag_claims, grade_pairs, load_workbook, validate_workbook

    validate_workbook(folder)
    workbook = load_workbook(folder)
    grade_pairs(workbook)
    flag_claims(workbook)
    _read_sentences(folder, workbook)


def _read_sentences(folder: Path, workbook) -> None:
    """Split every source into sentences and find their cues with the folder's lexicon, as coverage and suggest do."""
    from analysis.common.paths import lexicon_path
    from analysis.language.cues import find_cues
    from analysis.language.lexicon import load_lexicon
    from analysis.language.sentences import is_heading, split_sentences

    lexicon = load_lexicon(lexicon_path(folder))
    for source_id in workbook.sources["source_id"]:
        text = workbook.read_source(source_id)
        for sentence in split_sentences(text):
            find_cues(sentence.text, lexicon)
            is_heading(sentence, text)


def print_figures(outcomes: list[dict], seconds: float) -> None:
    """Print the counts, the slowest refusal, peak memory and every traceback."""
    counts = {k: sum(o["outcome"] == k for o in outcomes) for k in ("accepted", "refused", "traceback", "hang", "died")}
    refusals = sorted((o for o in outcomes if o["outcome"] == "refused"), key=lambda o: o["seconds"])
    print(f"hostile folders: {len(outcomes):,} in {seconds:.0f} s")
    print(f"accepted: {counts['accepted']:,}  refused: {counts['refused']:,}")
    print(f"tracebacks: {counts['traceback']}")
    print(f"hangs: {counts['hang']}")
    print(f"cases a dead worker left: {counts['died']}")
    slowest_case = max(outcomes, key=lambda o: o["seconds"])
    print(
        f"slowest case: {slowest_case['seconds']:.2f} s, {slowest_case['outcome']} "
        f"(case {slowest_case['number']}: {'+'.join(slowest_case['changes'])})"
    )
    if refusals:
        slowest = refusals[-1]
        print(f"median refusal: {statistics.median(o['seconds'] for o in refusals):.3f} s")
        print(f"slowest refusal: {slowest['seconds']:.2f} s (case {slowest['number']}: {'+'.join(slowest['changes'])})")
    hungriest = max(outcomes, key=lambda o: o["grew_mb"])
    print(
        f"peak memory of a worker: {max(o['peak_mb'] for o in outcomes):.0f} MB; largest rise in one case: "
        f"{hungriest['grew_mb']:.0f} MB (case {hungriest['number']}: {'+'.join(hungriest['changes'])})"
    )
    bugs = {}
    for outcome in (o for o in outcomes if o["outcome"] in ("traceback", "hang", "died")):
        bugs.setdefault(
            outcome["detail"].split(":")[0] if outcome["outcome"] == "traceback" else outcome["outcome"], []
        ).append(outcome)
    for kind, cases in sorted(bugs.items(), key=lambda item: -len(item[1])):
        first = cases[0]
        print(
            f"\n{len(cases)} x {kind}\n  e.g. case {first['number']} ({'+'.join(first['changes'])}): {first['detail']}"
        )


if __name__ == "__main__":
    sys.exit(main())
