"""Compare sentence splitters on the shipped and development articles: quotes kept whole, sentences, speed.

Usage::

    python benchmarks/sentences.py [--claims-dir DIR ...] [--splitter NAME ...]

For each claims folder (default: the repository's claims/ and the development articles in
benchmarks/articles/claims/) and each splitter, the script splits every source text into
sentences and prints:

* the share of claim quotes that stand inside exactly one sentence (the rest are split
  across two or more: a curator quoted a sentence the splitter cut, or several sentences);
* the number of sentences, and how many of them are whole lines (a heading, a table row,
  a one-sentence paragraph);
* whether every sentence's span points into the text (``text[start:end] == sentence``);
* how many of a dozen cases (a headline with "!", an attributed quotation, "e.g.", "Dr.",
  "10.5 mg", a middle initial, two scraped headings, ...) it splits as a reader would;
* the seconds it takes on a 160 KB source of one line (the attack of issue 25), and the
  time ratio when that source doubles (linear time is about 2).

Splitters: ``rules`` is the package's (``analysis.language.sentences``); ``old-rules`` the
package's before issue 23 (kept below to compare); ``pysbd`` and ``syntok`` the two
well-kept segmenters of PyPI, each run line by line as ``rules`` is (a line break always
ends a sentence), and measured only when installed (``pip install pysbd syntok``).
"""

import argparse
import re
import sys
import time
from pathlib import Path

from analysis import WorkbookError, load_workbook
from analysis.language.sentences import Sentence, split_sentences
from analysis.workbook.quotes import SourceText, locate_quote

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_DIRS = (ROOT / "claims", ROOT / "benchmarks" / "articles" / "claims")
ATTACK_BYTES = 160_000
ATTACK_SENTENCE = "Dr. Smith said e.g. kefir helps. It helps! "
# The cases of issue 23, each with the sentences a reader sees in it.
CASES = (
    ("Wine and coffee lovers, drink up! It's great for your microbiome",),
    ('"Eat more fibre! It feeds your microbes," says Dr. Jones.',),
    ('She said: "Probiotics help!" and then she left.',),
    ("Certain bacteria, e.g. Lactobacillus, help.", "Others do not."),
    ("Take 10.5 mg daily.", "Then rest."),
    ("Mr. Smith ate 2.5 g.", "He felt better!"),
    ("Thank you!", "For your security, we sent an email."),
    ("It was approx. 5 mg.", "No more."),
    ("Probiotics may help. [1]", "Others disagree."),
    ("says study author Patrice D. Cani, PhD, professor.",),
    ("Many people are low in vitamin D.", "Studies show it helps."),
    ("What is Obesity?", "Grant Support"),
)


def main(argv=None):
    """Run the benchmark from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims-dir", action="append", type=Path, help="claims folder (repeatable)")
    parser.add_argument("--splitter", action="append", choices=sorted(SPLITTERS), help="splitter (repeatable)")
    args = parser.parse_args(argv)
    splitters = {name: SPLITTERS[name] for name in args.splitter or SPLITTERS}
    splitters = {name: split for name, split in splitters.items() if split is not None}
    rows = []
    for claims_dir in args.claims_dir or CLAIMS_DIRS:
        try:
            workbook = load_workbook(claims_dir)
        except WorkbookError as error:
            print(f"sentences: {error}", file=sys.stderr)
            return 2
        texts, quotes = read_texts_and_quotes(workbook)
        for name, split in splitters.items():
            rows.append((_label(claims_dir), name, *measure(split, texts, quotes)))
    print(format_table(rows))
    print()
    for name, split in splitters.items():
        right = sum([s.text for s in split(" ".join(case))] == list(case) for case in CASES)
        print(f"{name}: {right} of {len(CASES)} cases of issue 23 split as a reader would")
    print()
    for name, split in splitters.items():
        seconds, ratio = time_attack(split)
        print(f"{name}: {seconds:.2f} s on a {ATTACK_BYTES // 1000} KB one-line source; x{ratio:.2f} per doubling")
    return 0


def _label(claims_dir):
    """Name a claims folder: shipped, development, or its path."""
    names = dict(zip(CLAIMS_DIRS, ("shipped", "development")))
    return names.get(claims_dir.resolve(), str(claims_dir))


def read_texts_and_quotes(workbook):
    """Return {source_id: text} and a list of (source_id, start, end) for every located claim quote."""
    texts = {source_id: workbook.read_source(source_id) for source_id in workbook.sources["source_id"]}
    quotes = []
    for row in workbook.claims.itertuples(index=False):
        span = locate_quote(row.quote, SourceText(texts[row.source_id]))
        if span is not None:
            quotes.append((row.source_id, span.start, span.end))
    return texts, quotes


def measure(split, texts, quotes):
    """Return (quotes in one sentence, quotes, sentences, whole lines, spans right) for one splitter."""
    sentences = {source_id: split(text) for source_id, text in texts.items()}
    whole = sum(
        sum(s.start <= start and end <= s.end for s in sentences[source_id]) == 1 for source_id, start, end in quotes
    )
    lines = sum(_is_whole_line(s, texts[source_id]) for source_id, found in sentences.items() for s in found)
    right = all(texts[source_id][s.start : s.end] == s.text for source_id, found in sentences.items() for s in found)
    return whole, len(quotes), sum(map(len, sentences.values())), lines, right


def _is_whole_line(sentence, text):
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    return text[line_start : len(text) if line_end < 0 else line_end].strip() == sentence.text


def format_table(rows):
    """Return the figures as an aligned table, one row per claims folder and splitter."""
    header = f"{'articles':<12} {'splitter':<10} {'quotes in one sentence':>24} {'sentences':>10} {'whole lines':>12}"
    lines = [header + " spans"]
    for folder, name, whole, total, count, lines_kept, right in rows:
        share = f"{whole / total:.3f} ({whole}/{total})" if total else "-"
        lines.append(f"{folder:<12} {name:<10} {share:>24} {count:>10} {lines_kept:>12} {'ok' if right else 'WRONG'}")
    return "\n".join(lines)


def time_attack(split, doublings=2, repeat=3):
    """Return the seconds `split` takes on the one-line attack, and the mean time ratio per doubling.

    The attack grows from a quarter of its size to its full size; each size is timed
    `repeat` times and the best time kept.
    """
    times = []
    for factor in range(doublings + 1):
        text = ATTACK_SENTENCE * (ATTACK_BYTES * 2**factor // len(ATTACK_SENTENCE) // 2**doublings)
        times.append(min(_seconds(split, text) for _ in range(repeat)))
    return times[-1], (times[-1] / max(times[0], 1e-9)) ** (1 / doublings)


def _seconds(split, text):
    started = time.perf_counter()
    split(text)
    return time.perf_counter() - started


def split_lines(split_line):
    """Return a splitter that cuts `text` at line breaks and each line with `split_line(line) -> [(start, end)]`."""

    def split(text):
        found = []
        for line in re.finditer(r"[^\n]+", text):
            for start, end in split_line(line.group()):
                body = line.group()[start:end]
                lead = len(body) - len(body.lstrip())
                body = body.strip()
                if body:
                    at = line.start() + start + lead
                    found.append(Sentence(body, at, at + len(body)))
        return found

    return split


# --- the package's splitter before issue 23 (commit 8e1a6cf), to compare -----------------

_OLD_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|al|approx|St)\.$")
_OLD_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])?(?=\s+[\"“‘(\[A-Z0-9])")


def _old_split_line(line):
    pieces, last = [], 0
    for match in _OLD_END.finditer(line):
        if _OLD_ABBREVIATION.search(line, max(0, match.start() - 8), match.start() + 1):
            continue  # (bounded here, so the attack can be timed; same result as the old search from 0)
        pieces.append((last, match.end()))
        last = match.end()
    return [*pieces, (last, len(line))]


def _pysbd_splitter():
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return split_lines(lambda line: [(span.start, span.end) for span in segmenter.segment(line)])


def _syntok_splitter():
    try:
        from syntok import segmenter
    except ImportError:
        return None

    def split_line(line):
        return [
            (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
            for paragraph in segmenter.analyze(line)
            for sentence in paragraph
        ]

    return split_lines(split_line)


SPLITTERS = {
    "old-rules": split_lines(_old_split_line),
    "rules": split_sentences,
    "pysbd": _pysbd_splitter(),
    "syntok": _syntok_splitter(),
}


if __name__ == "__main__":
    sys.exit(main())
