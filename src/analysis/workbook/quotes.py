"""Find each claim's quote in its source text, forgiving white space, quote and dash styles."""

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import cached_property

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

    Windows as long as the quote, starting at each sentence or cell boundary of a line, are
    compared with difflib; the best one is returned extended to its sentence's end. A
    passage never runs on from one line into the next (a headline into the first sentence).
    """
    needle = fold_text(quote)[:MAX_HINT_CHARS]
    best, best_ratio = "", 0.0
    for line in filter(str.strip, source.text.splitlines()):
        folded = fold_text(line)
        for start in _passage_starts(folded):
            window = folded[start : start + len(needle)]
            matcher = difflib.SequenceMatcher(None, needle, window, autojunk=False)
            quick = matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio
            if quick and (ratio := matcher.ratio()) > best_ratio:
                best, best_ratio = _extend_to_sentence_end(folded, start, len(needle)), ratio
    return best, best_ratio


def _passage_starts(folded: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"[.!?:]\s|\|\s?", folded)]


def _extend_to_sentence_end(folded: str, start: int, length: int) -> str:
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", folded[start : start + 2 * length + 1])]
    end = min(ends, key=lambda e: abs(e - length)) if ends else 2 * length
    return folded[start : start + end].strip()
