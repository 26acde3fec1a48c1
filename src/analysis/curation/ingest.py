"""Turn the document a curator gives add-source into the text to store and the metadata to propose.

A text (.txt) is stored byte for byte, as before, its first line proposed as the title.
A saved web page or a PDF is extracted (`analysis.curation.web_pages`,
`analysis.curation.pdf_text`): the text stored is the extraction, verbatim, the title on
its first line and a blank line between paragraphs, and the original file is hashed, so
that anyone holding the page or PDF can check that it is the one the text came from.

Tested in tests/curation/test_ingest.py.
"""

import hashlib
from dataclasses import dataclass, field

from analysis.common.limits import MAX_TEXT_BYTES
from analysis.common.lines import line_at
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.extraction import clean_line
from analysis.curation.originals import HTML, MHTML, PDF, Original, read_original

MAX_TITLE_CHARS = 300  # a first line longer than this is a paragraph, not a title


@dataclass(frozen=True)
class Document:
    """A document ready to add: the text to store, the metadata proposed, and what extraction left out."""

    original: Original
    data: bytes  # the text to store, UTF-8
    proposals: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (value, where it came from)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, why)
    tool: str = ""  # the extractor and its version; "" for a text stored as it is
    original_sha256: str = ""  # the SHA-256 of the web page or PDF; "" for a text

    @property
    def notes(self) -> str:
        """What the row's notes say of how the text was made; "" for a text stored as it is."""
        if not self.tool:
            return ""
        dropped = f" ({len(self.left_out)} lines of page furniture left out)" if self.left_out else ""
        return f"text extracted from {self.original.description} by {self.tool}{dropped}"


def ingest(path) -> Document:
    """Return the document at `path` ready to add; raise WorkbookError, in one line, for one that cannot be."""
    original = read_original(path)
    if original.kind == HTML or original.kind == MHTML:
        from analysis.curation.web_pages import extract_web_page

        extraction = extract_web_page(original.path, original.data, mhtml=original.kind == MHTML)
    elif original.kind == PDF:
        from analysis.curation.pdf_text import extract_pdf

        extraction = extract_pdf(original.path, original.data)
    else:
        data = check_text(original)
        first = clean_line(data.decode("utf-8").lstrip("\ufeff").strip().splitlines()[0])
        title = {"title": (first, "the text's first line")} if len(first) <= MAX_TITLE_CHARS else {}
        return Document(original, data, title)
    data = extraction.text.encode("utf-8")
    if len(data) > MAX_TEXT_BYTES:
        raise WorkbookError(
            Problem(
                original.path,
                f"the extracted text is larger than the {MAX_TEXT_BYTES // 1024**2} MB the workbook reads "
                f"({len(data):,} bytes)",
                hint="add the article's part of the document only",
            )
        )
    return Document(
        original,
        data,
        dict(extraction.proposals),
        list(extraction.left_out),
        extraction.tool,
        hashlib.sha256(original.data).hexdigest(),
    )


def check_text(original: Original) -> bytes:
    """Return the bytes of a text; raise WorkbookError when they are not UTF-8 or hold no text."""
    try:
        text = original.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkbookError(
            Problem(
                original.path,
                f"not UTF-8 text (byte {exc.start}: {exc.reason})",
                line=line_at(original.data, exc.start),
                hint="convert it first, e.g. iconv -f windows-1252 -t utf-8 FILE",
            )
        ) from None
    if not text.strip():
        raise WorkbookError(Problem(original.path, "the text is empty", hint="add the document's text, verbatim"))
    return original.data
