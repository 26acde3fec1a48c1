"""Split a source's text into sentences, each with its character span."""

import re
from dataclasses import dataclass

_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|al|approx|St)\.$")
_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])?(?=\s+[\"“‘(\[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source: its text and where it stands."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences: at line breaks, and after . ! ? before a capital.

    A sentence keeps a trailing bracketed reference such as "[1]" or "[1, 2]";
    abbreviations such as "e.g." do not end a sentence; each table row and list item
    is a sentence of its own.
    """
    sentences = []
    for line in re.finditer(r"[^\n]+", text):
        sentences.extend(_split_line(line.group(), line.start()))
    return sentences


def _split_line(line: str, offset: int) -> list[Sentence]:
    pieces, last = [], 0
    for match in _END.finditer(line):
        if _ABBREVIATION.search(line, 0, match.start() + 1):
            continue
        pieces.append((last, match.end()))
        last = match.end()
    pieces.append((last, len(line)))
    return [_trimmed(line, offset, start, end) for start, end in pieces if line[start:end].strip()]


def _trimmed(line: str, offset: int, start: int, end: int) -> Sentence:
    chunk = line[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return Sentence(body, offset + start + lead, offset + start + lead + len(body))


def count_words(text: str) -> int:
    """Return the number of words in `text`."""
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))


def is_heading(sentence: Sentence, text: str) -> bool:
    """True when `sentence` is a whole line of `text` that ends without a full stop: a title or a heading.

    Table rows and list items (lines starting with |, -, * or a number) are not headings.
    """
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return (
        line == sentence.text
        and not line.endswith((".", "!", "?", ":", ";", ","))
        and not line.startswith(("|", "-", "*", "•"))
        and not line[:1].isdigit()
    )
