"""Measure the claim-strength detector on a labelled CSV of sentences: quality and speed.

Usage::

    python benchmarks/claim_strength.py --data /path/to/claim_strength_pubmed.csv --repeat 5

The CSV needs the columns ``sentence`` and ``label``, the label being one of
no_relationship, correlational, conditional_causal or direct_causal. The script prints
accuracy, macro-F1, precision/recall/F1 per class, the confusion matrix (rows: true
labels, columns: predicted) and how many sentences per second ``classify_strength``
grades on one core (the best of ``--repeat`` timed passes). It exits with status 2 and a
one-line message when the file or a column is missing.
"""

import argparse
import csv
import os
import sys
import time
from collections import Counter

from analysis.language.detector import STRENGTHS, classify_strength, load_lexicon

REQUIRED = ("sentence", "label")


def main(argv=None):
    """Run the benchmark from the command line; return the exit status."""
    args = parse_args(argv)
    try:
        sentences, labels = read_labelled(args.data)
    except OSError as error:
        print(f"claim_strength: cannot read {args.data}: {error.strerror}", file=sys.stderr)
        return 2
    except (ValueError, csv.Error) as error:
        print(f"claim_strength: {error}", file=sys.stderr)
        return 2
    lexicon = load_lexicon()
    predicted = [classify_strength(sentence, lexicon) for sentence in sentences]
    classes = list(STRENGTHS) + sorted(set(labels) - set(STRENGTHS))
    print(f"{len(sentences)} sentences from {args.data}\n")
    print(format_scores(labels, predicted, classes))
    print()
    print(format_confusion(labels, predicted, classes))
    print()
    rate = time_sentences(sentences, lexicon, args.repeat)
    print(f"speed: {rate:,.0f} sentences/second on one core (best of {args.repeat})")
    return 0


def parse_args(argv):
    """Parse --data and --repeat."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="CSV with columns sentence,label")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (default 5)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def read_labelled(path):
    """Return the sentences and labels of the CSV at `path`; ValueError for a missing column."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s): {', '.join(missing)}")
        rows = [(row["sentence"] or "", (row["label"] or "").strip()) for row in reader]
    if not rows:
        raise ValueError(f"{path}: no rows to score")
    return [sentence for sentence, _ in rows], [label for _, label in rows]


def score_classes(labels, predicted, classes):
    """Return {class: (precision, recall, f1, support)}, 0.0 where undefined."""
    pairs = Counter(zip(labels, predicted))
    true_counts, predicted_counts = Counter(labels), Counter(predicted)
    scores = {}
    for name in classes:
        hits = pairs[(name, name)]
        precision = hits / predicted_counts[name] if predicted_counts[name] else 0.0
        recall = hits / true_counts[name] if true_counts[name] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[name] = (precision, recall, f1, true_counts[name])
    return scores


def format_scores(labels, predicted, classes):
    """Return accuracy, macro-F1 and the per-class table as text."""
    scores = score_classes(labels, predicted, classes)
    present = [name for name in classes if scores[name][3]]
    accuracy = sum(t == p for t, p in zip(labels, predicted)) / len(labels) if labels else 0.0
    macro_f1 = sum(scores[name][2] for name in present) / len(present) if present else 0.0
    width = max(len(name) for name in classes)
    lines = [
        f"accuracy: {accuracy:.3f}",
        f"macro-F1: {macro_f1:.3f}",
        "",
        f"{'class':<{width}}  precision  recall     f1  support",
    ]
    for name in classes:
        precision, recall, f1, support = scores[name]
        lines.append(f"{name:<{width}}  {precision:9.3f}  {recall:6.3f}  {f1:5.3f}  {support:7d}")
    return "\n".join(lines)


def format_confusion(labels, predicted, classes):
    """Return the confusion matrix as text: rows are true labels, columns predicted ones."""
    pairs = Counter(zip(labels, predicted))
    width = max(len(name) for name in classes)
    cell = max(width, 6)
    lines = ["confusion matrix (rows: true, columns: predicted)"]
    lines.append(" " * width + "".join(f"  {name:>{cell}}" for name in classes))
    for true in classes:
        counts = "".join(f"  {pairs[(true, guess)]:>{cell}}" for guess in classes)
        lines.append(f"{true:<{width}}{counts}")
    return "\n".join(lines)


def time_sentences(sentences, lexicon, repeat):
    """Return the best sentences-per-second rate of `repeat` passes of classify_strength.

    Time is the process's CPU time, so other work on the machine does not count against it.
    """
    _pin_to_one_core()
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for sentence in sentences:
            classify_strength(sentence, lexicon)
        best = min(best, time.process_time() - start)
    return len(sentences) / best if best > 0 else float("inf")


def _pin_to_one_core():
    """Keep the process on one CPU where the platform allows it."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


if __name__ == "__main__":
    sys.exit(main())
