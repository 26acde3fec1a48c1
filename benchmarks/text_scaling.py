"""Time the text work on the adversarial inputs of issue 25 as they double: linear time shows as a ratio near 2.

Usage::

    python benchmarks/text_scaling.py [--case NAME ...] [--doublings N] [--repeat N]

Six cases, each an input a data-only pull request can send:

* ``study-sizes``: ",000" repeated 2,500 times, doubling, read for a study's size as a draft
  reads an article (``count_participants``); each digit after a comma started a match that
  backtracked (12 s at 100,000 characters).
* ``lexicon-gaps``: a lexicon phrase of many ``...`` gaps ("gut ... gut ... zzz") over a
  sentence of 2,000 words "gut"; the number of gaps doubles from 8. One regular expression
  with a gap per ``...`` backtracked exponentially (each 2 more gaps about 14 times slower).
* ``closest-passage``: a 2,000-character quote missing from a repetitive source of 6 KB
  that doubles; difflib over every window ran for minutes.
* ``sentences``: a one-line source of 40 KB that doubles (160 KB at the second); the splitter
  searched each line from its start at every full stop (61 s at 160 KB).
* ``cues``: one sentence with thousands of imperatives, if-clauses and negations, read by
  the claim-strength detector with the shipped lexicon; each cue searched the sentence from
  its start.
* ``duplicate-ids``: a sources table with one row repeated 1,000 times, doubling, through
  ``validate``; each duplicate listed every other line of its id (8,900 duplicates: 9 s).

For each case the script prints the seconds at each size (the best of ``--repeat`` runs,
garbage collection off), the time ratio of each doubling, and the ratio per doubling over
all of them, ``(last / first) ** (1 / doublings)``: the goal is at most 2.5 (linear time is
2). Single ratios of millisecond timings swing on a busy machine; the overall one does not.
"""

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.curation.study_details import count_participants
from analysis.language.detector import read_sentence
from analysis.language.lexicon import Entry, Lexicon, load_lexicon
from analysis.language.sentences import split_sentences
from analysis.workbook.quotes import SourceText, find_closest_passage
from analysis.workbook.validate import validate_workbook

GOAL = 2.5


def gap_phrase(gaps):
    """Return a lexicon phrase of `gaps` gaps whose every word matches a run of "gut", and which fails at its end."""
    return " ... ".join(["gut"] * (gaps + 1)) + " zzz"


def lexicon_gaps(size):
    """Build the lexicon-gaps case at `size` (the number of gaps, from 8)."""
    lexicon = Lexicon([Entry(gap_phrase(8 * size), "hedge", "speculative", 1.0, "")])
    sentence = " ".join(["gut"] * 2000) + "."
    return lambda: list(lexicon.scan(sentence))


def passage_source(kilobytes):
    """Return a repetitive source of about `kilobytes` KB: sentences of "abc abc ...", on lines."""
    line = ("abc " * 60 + ". ") * 4 + "\n"
    return line * max(1, kilobytes * 1000 // len(line))


MISSING_QUOTE = "acb " * 500  # 2,000 characters, nowhere in the source


def closest_passage(size):
    """Build the closest-passage case at `size` (the source's size, in units of 6 KB)."""
    text = passage_source(6 * size)
    return lambda: find_closest_passage(MISSING_QUOTE, SourceText(text))


ONE_LINE_SENTENCE = "Dr. Smith said e.g. kefir helps. It helps! "


def one_line_source(kilobytes):
    """Return a source of one line, about `kilobytes` KB, of short sentences and abbreviations."""
    return ONE_LINE_SENTENCE * (kilobytes * 1000 // len(ONE_LINE_SENTENCE))


def sentences(size):
    """Build the sentences case at `size` (in units of 40 KB)."""
    text = one_line_source(40 * size)
    return lambda: split_sentences(text)


CUE_CLAUSE = "people eat well, if it helps, and did not reduce it; "


def cue_sentence(clauses):
    """Return one sentence of `clauses` clauses, each with an imperative, an if-clause, a negation and a relation."""
    return "So eat " + CUE_CLAUSE * clauses + "eat more."


def cues(size):
    """Build the cues case at `size` (in units of 1,000 clauses)."""
    lexicon, sentence = load_lexicon(), cue_sentence(1000 * size)
    return lambda: read_sentence(sentence, lexicon)


def duplicate_ids(size):
    """Build the duplicate-ids case at `size`: the small workbook's sources.csv, one row repeated 1,000 × size times."""
    folder = Path(tempfile.mkdtemp(prefix="duplicate-ids-")) / "claims"
    shutil.copytree(Path(__file__).resolve().parents[1] / "tests" / "data" / "studies", folder)
    table = (folder / "sources.csv").read_text(encoding="utf-8")
    row = table.splitlines()[1]
    (folder / "sources.csv").write_text(table + (row + "\n") * (1000 * size), encoding="utf-8")
    return lambda: validate_workbook(folder)


def study_sizes(size):
    """Build the study-sizes case at `size`: ",000" repeated 2,500 × size times, read for a study's size (each digit
    after a comma once started a match that backtracked: 12 s at 100,000 characters)."""
    text = ",000" * (2500 * size)
    return lambda: count_participants(text)


CASES = {
    "study-sizes": study_sizes,
    "lexicon-gaps": lexicon_gaps,
    "closest-passage": closest_passage,
    "sentences": sentences,
    "cues": cues,
    "duplicate-ids": duplicate_ids,
}


def main(argv=None):
    """Run the benchmark from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="case to run (repeatable)")
    parser.add_argument("--doublings", type=int, default=4, help="how many times the input doubles (default 4)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size, best kept (default 5)")
    args = parser.parse_args(argv)
    worst = 0.0
    for name in args.case or CASES:
        times = [time_case(CASES[name], 2**step, args.repeat) for step in range(args.doublings + 1)]
        ratios = [later / max(earlier, 1e-9) for earlier, later in zip(times, times[1:])]
        mean = (times[-1] / max(times[0], 1e-9)) ** (1 / args.doublings)
        worst = max(worst, mean)
        print(f"{name:<16} seconds {' '.join(f'{t:.4f}' for t in times)}")
        print(f"{'':<16} ratio per doubling {' '.join(f'x{r:.2f}' for r in ratios)}; over all: x{mean:.2f}")
    print(f"worst ratio per doubling over all doublings: x{worst:.2f} (goal: at most x{GOAL})")
    return 0


def time_case(build, size, repeat):
    """Return the best of `repeat` timings of the case `build` makes at `size`, garbage collection off."""
    run = build(size)
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


if __name__ == "__main__":
    sys.exit(main())
