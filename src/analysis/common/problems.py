"""Problems found in the workbook's files, and the exceptions that carry them."""

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.common import paths

MAX_VALUE_CHARS = 80  # a value quoted in a message
PASSAGE_CHARS = 160  # a passage of text quoted in a hint (the closest passage to a quote)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one file, said so that a person can fix it."""

    path: Path
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        text = f"{where}: "
        if self.severity == "warning":
            text += "warning: "
        if self.column:
            text += f"column '{escape_text(self.column)}': "
        text += escape_text(self.message)
        if self.value is not None:
            text += f" (value {quote_value(self.value)})"
        if self.hint:
            text += f"; {escape_text(self.hint)}"
        return text


def display_path(path) -> str:
    """Return `path` relative to the repository root (or the current folder) when inside it."""
    return _display_path(str(path), str(paths.ROOT), os.getcwd())


@lru_cache(maxsize=64)
def _display_path(path: str, root: str, cwd: str) -> str:
    """`display_path`, remembered: a refused table of 10,000 rows names its file 10,000 times."""
    path = Path(path).resolve()
    for base in (Path(root), Path(cwd)):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def quote_value(value) -> str:
    """Return `value` in quotes, shortened, with control and invisible characters escaped."""
    return f"'{escape_text(shorten(str(value), MAX_VALUE_CHARS))}'"


def shorten(text: str, width: int = PASSAGE_CHARS) -> str:
    """Return `text` cut to at most `width` characters at a word boundary, with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def escape_text(text) -> str:
    """Return `text` with control and invisible characters written as escapes, safe for a terminal."""
    text = str(text)
    if text.isprintable():  # no control, format or line-separator character: nothing to escape
        return text
    return "".join(_escape_char(c) for c in text)


def _escape_char(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != " ":
        return f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    return char


class WorkbookError(Exception):
    """Raised when the workbook's files cannot be used; carries the problems found."""

    def __init__(self, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ValidationError(WorkbookError):
    """Raised when the claims, sources or vocabulary fail validation."""


class VocabularyError(WorkbookError):
    """Raised when vocabulary.yaml cannot be read or is malformed."""


class LexiconError(WorkbookError):
    """Raised when lexicon.csv cannot be read or has a malformed row."""


class BuildError(WorkbookError):
    """Raised when one or more reports could not be built."""


def count_errors(problems) -> int:
    """Return how many of `problems` are errors rather than warnings."""
    return sum(p.severity == "error" for p in problems)


class ParameterError(ValueError):
    """Raised when a notebook's parameter names no term or source of the workbook; says which were meant."""
