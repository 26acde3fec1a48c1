"""Pair two coders' claims on one source by how much their quotes overlap in the text.

Validation locates each quote in its source text (`workbook.quotes.locate_quote`, forgiving
white space, quote and dash styles) and keeps its span as `quote_start` and `quote_end`.
Two claims may pair when their spans share at least one character. Pairs are taken
greedily, the largest overlap first, measured as the Jaccard index of the two spans (the
characters both quotes cover over the characters either covers), so that a claim pairs
with the claim that quotes most nearly the same words. A tie (two claims on one quote, as
when a sentence names two exposures) goes to the pair that shares more labels, then to the
claims that come first in their files. A claim left without a partner is one the other
coder did not tabulate: a disagreement on whether the passage holds a claim.
"""

from dataclasses import dataclass

import pandas as pd

from analysis.language.sentences import split_sentences
from analysis.workbook.validate import MULTI_VALUED
from analysis.workbook.vocabulary import split_terms


@dataclass(frozen=True)
class Pair:
    """Two claims paired across coders (index labels in each coder's table), or one coder's claim alone."""

    a: object | None
    b: object | None
    overlap: float = 0.0


def measure_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Return the Jaccard index of two character spans (start, end): 1 for the same span, 0 for disjoint ones."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def is_same(column: str, a: str, b: str) -> bool:
    """Return whether two values of `column` agree: the same term, or the same set of terms in any order."""
    if column in MULTI_VALUED:
        return set(split_terms(a)) == set(split_terms(b))
    return a.strip() == b.strip()


def match_claims(a: pd.DataFrame, b: pd.DataFrame, columns=()) -> list[Pair]:
    """Pair the claims of one source in tables `a` and `b` by the overlap of their quote spans.

    Returns the pairs, then A's claims alone, then B's, each in the order of the text;
    `columns` are the labels that break a tie between equal overlaps.
    """
    spans_a = _spans(a)
    spans_b = _spans(b)
    labels_a, labels_b = a[list(columns)].to_dict("index"), b[list(columns)].to_dict("index")
    candidates = []
    for i, (label_a, span_a) in enumerate(spans_a.items()):
        for j, (label_b, span_b) in enumerate(spans_b.items()):
            overlap = measure_overlap(span_a, span_b)
            if overlap > 0:
                shared = sum(is_same(c, labels_a[label_a][c], labels_b[label_b][c]) for c in columns)
                candidates.append((-overlap, -shared, i, j, label_a, label_b))
    pairs, taken_a, taken_b = [], set(), set()
    for negative_overlap, _, _, _, label_a, label_b in sorted(candidates, key=lambda c: c[:4]):
        if label_a not in taken_a and label_b not in taken_b:
            pairs.append(Pair(label_a, label_b, -negative_overlap))
            taken_a.add(label_a)
            taken_b.add(label_b)
    pairs.sort(key=lambda p: min(spans_a[p.a][0], spans_b[p.b][0]))
    alone_a = [Pair(label, None) for label in _by_position(spans_a) if label not in taken_a]
    alone_b = [Pair(None, label) for label in _by_position(spans_b) if label not in taken_b]
    return pairs + alone_a + alone_b


def _spans(claims: pd.DataFrame) -> dict:
    return {
        label: (int(start), int(end))
        for label, start, end in zip(claims.index, claims["quote_start"], claims["quote_end"])
    }


def _by_position(spans: dict) -> list:
    return sorted(spans, key=lambda label: spans[label])


def count_unclaimed_sentences(text: str, spans) -> int:
    """Return how many sentences of `text` no span (start, end) touches: passages neither coder took for a claim."""
    spans = list(spans)
    return sum(
        not any(start < sentence.end and sentence.start < end for start, end in spans)
        for sentence in split_sentences(text)
    )
