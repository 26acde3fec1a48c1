"""Find each claim's quote in its source text, forgiving white space, quote and dash styles."""

import bisect
import heapq
import re
import time
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Indel

from analysis.common.lines import LineIndex

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\n": " ",
        "\t": " ",
        "\r": " ",
        "\x0b": " ",
        "\x0c": " ",
    }
)
_SPACE = re.compile(r"\s+")
_SPACE_TO_FOLD = re.compile(r"\s{2,}|[^\S ]")  # what folding changes once the table above is applied
MAX_HINT_CHARS = 2000
# The closest-passage search scores in full only the windows that share the most words with
# the quote, and stops after a time budget: difflib over every window took minutes for a
# 2,000-character quote missing from a 6 KB text (it is cubic on repetitive text).
MAX_HINT_WINDOWS = 64
HINT_SECONDS = 1.0
# Below this likeness the closest passage is no hint: on the shipped and development quotes,
# 1 in 120 quotes from another article reaches it, 95-100% of quotes with a typo, a word
# dropped or changed, or cut mid-sentence do (docs/benchmarks.md, "Closest passages").
HINT_MIN_RATIO = 0.65
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Span:
    """Where a quote stands in its source: character offsets and the line it starts on."""

    start: int
    end: int
    line: int


class SourceText:
    """A source's text with a folded copy for matching and the map back to the original."""

    def __init__(self, text: str):
        self.text = text
        self._lines = LineIndex(text)

    @cached_property
    def _folding(self) -> tuple[str, list]:
        # made on first need: most quotes stand verbatim in their source and never need it
        return _collapse_space(self.text.translate(_FOLD))

    @property
    def folded(self) -> str:
        """The text with quotes and dashes made plain and white space collapsed."""
        return self._folding[0]

    def original_offset(self, offset: int) -> int:
        """Return the offset in the original text of `offset` in the folded text."""
        breaks = self._folding[1]
        i = bisect.bisect_right(breaks, (offset, float("inf"))) - 1
        folded_at, original_at = breaks[i]
        return original_at + (offset - folded_at)

    def line_of(self, offset: int) -> int:
        """Return the 1-based line of the original text that holds `offset`."""
        return self._lines.line_of(offset)

    @cached_property
    def passages(self) -> list["_Line"]:
        """The text's non-blank lines, folded, with their words: the index the closest-passage search reads."""
        return [_Line(fold_text(line)) for line in self.text.splitlines() if line.strip()]


class _Line:
    """One folded line of a source: where its passages may start and where its words stand."""

    def __init__(self, folded: str):
        self.folded = folded
        self.starts = _passage_starts(folded)
        words = list(_WORD.finditer(folded.lower()))
        self.word_starts = [word.start() for word in words]
        self.words = [word.group() for word in words]


def fold_text(text: str) -> str:
    """Return `text` with curly quotes and dashes made plain and white space collapsed."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def _collapse_space(text: str):
    """Collapse white space runs to one space, keeping (folded, original) offset pairs at each change."""
    pieces, breaks, kept, last = [], [(0, 0)], 0, 0
    for match in _SPACE_TO_FOLD.finditer(text):
        pieces.append(text[last : match.start()] + " ")
        kept += match.start() - last + 1
        last = match.end()
        breaks.append((kept, last))
    pieces.append(text[last:])
    return "".join(pieces), breaks


def locate_quote(quote: str, source: SourceText) -> Span | None:
    """Return where `quote` first stands in `source`, or None when it is not there."""
    at = source.text.find(quote) if quote.strip() == quote else -1
    if at >= 0 and quote:
        return Span(at, at + len(quote), source.line_of(at))
    needle = fold_text(quote)
    if not needle:
        return None
    at = source.folded.find(needle)
    if at < 0:
        return None
    start = source.original_offset(at)
    end = source.original_offset(at + len(needle) - 1) + 1
    return Span(start, end, source.line_of(start))


def find_closest_passage(quote: str, source: SourceText) -> tuple[str, float]:
    """Return the passage of `source` most like `quote`, and how alike they are (0 to 1).

    Windows as long as the quote, starting at each sentence or cell boundary of a line or
    where the quote's first word stands, are ranked by how many of the quote's words they
    hold; the best MAX_HINT_WINDOWS are compared with the quote character by character
    (rapidfuzz's Indel similarity: twice the longest common subsequence over both lengths,
    in time linear in the window), within HINT_SECONDS. The best one is returned extended to
    its sentence's end. A passage never runs on from one line into the next (a headline into
    the first sentence).
    """
    needle = fold_text(quote)[:MAX_HINT_CHARS]
    deadline = time.monotonic() + HINT_SECONDS
    best, best_ratio = "", 0.0
    for line, start in _likeliest_windows(needle, source):
        ratio = Indel.normalized_similarity(needle, line.folded[start : start + len(needle)])
        if ratio > best_ratio:
            best, best_ratio = _extend_to_sentence_end(line.folded, start, len(needle)), ratio
        if time.monotonic() > deadline:
            break
    return best, best_ratio


def _likeliest_windows(needle: str, source: SourceText) -> list[tuple["_Line", int]]:
    """Return the MAX_HINT_WINDOWS windows holding most of `needle`'s words, in text order."""
    wanted = set(_WORD.findall(needle.lower()))
    first = next(iter(_WORD.findall(needle.lower())), None)
    candidates = []
    for number, line in enumerate(source.passages):
        held = [0]
        for word in line.words:
            held.append(held[-1] + (word in wanted))
        starts = set(line.starts).union(at for at, word in zip(line.word_starts, line.words) if word == first)
        for start in starts:
            low = bisect.bisect_left(line.word_starts, start)
            high = bisect.bisect_left(line.word_starts, start + len(needle))
            candidates.append((held[high] - held[low], -number, -start, line))
    chosen = heapq.nlargest(MAX_HINT_WINDOWS, candidates, key=lambda candidate: candidate[:3])
    return [(line, -start) for _, _, start, line in sorted(chosen, key=lambda candidate: candidate[1:3], reverse=True)]


def _passage_starts(folded: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"[.!?:]\s|\|\s?", folded)]


def _extend_to_sentence_end(folded: str, start: int, length: int) -> str:
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", folded[start : start + 2 * length + 1])]
    end = min(ends, key=lambda e: abs(e - length)) if ends else 2 * length
    return folded[start : start + end].strip()
