"""What extracting a document gives: its title, its paragraphs, the metadata it proposes and what it left out.

The text stored in `claims/sources/` is written from it the way the shipped texts are:
the title on the first line, then the paragraphs, a blank line between each.

Tested in tests/curation/test_ingest.py.
"""

import re
import unicodedata
from dataclasses import dataclass, field

METADATA = ("title", "kind", "publisher", "author", "url", "published")  # what an extraction may propose
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphens, zero-width spaces and joiners
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Extraction:
    """A document's text as extracted, with the metadata proposed and where each proposal came from."""

    kind: str  # html, mhtml, pdf or text
    title: str
    paragraphs: list[str]
    proposals: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (value, where it came from)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, why) of the furniture dropped
    tool: str = ""  # the extractor and its version, for the row's notes

    @property
    def text(self) -> str:
        """The text to store: the title, a blank line, and the paragraphs separated by blank lines."""
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"

    def propose(self, column: str, value: str, origin: str) -> None:
        """Propose `value` for `column` unless it is empty or the column has a proposal already."""
        value = clean_line(value)
        if value and column not in self.proposals:
            self.proposals[column] = (value, origin)


def clean_line(text: str) -> str:
    """Return `text` as one line: control and invisible characters removed, every run of spaces one space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(text or "")))
    return " ".join(_CONTROL.sub(" ", text).split())


def clean_paragraphs(paragraphs) -> list[str]:
    """Return the non-empty `paragraphs`, each cleaned to one line (see clean_line)."""
    return [line for line in map(clean_line, paragraphs) if line]
