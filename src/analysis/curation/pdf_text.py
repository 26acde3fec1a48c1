"""Extract an article's text and metadata from a PDF with pypdf: lines joined into whole paragraphs.

A PDF holds lines placed on pages, not paragraphs. pypdf gives each line's text and
where it stands; from that: a running head or foot (the same line, page numbers aside,
at the top or bottom of two or more pages) and a bare page number are left out; a new
paragraph starts where the gap between lines is wider than the body's leading, where
the type size changes, or where an indented line follows the end of a sentence; a
paragraph runs on to the next page unless its last line ends a sentence. Lines are
joined with a space, and a word broken at the end of a line with a hyphen is mended:
the hyphen stays when the document writes the word with it elsewhere ("gut-brain"),
goes when it writes the word whole elsewhere, stays before a capital or a digit, and
otherwise goes (a typesetter's hyphen). A compound broken at its own hyphen that the
document uses nowhere else therefore loses its hyphen: the one case the document
itself cannot settle. Single-column layouts (news, press releases, printed web pages)
read best; a two-column paper reads column by column as pypdf gives it.

Tested in tests/curation/test_pdf_text.py.
"""

import io
import logging
import re
import statistics
import warnings
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from analysis.common.limits import MAX_PDF_PAGES, MAX_TEXT_BYTES
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.boilerplate import count_words, fold, sort_paragraphs
from analysis.curation.extraction import Extraction, clean_line

MIN_WORDS = 30  # fewer words than this in a whole PDF is a scan with no text layer
MAX_TITLE_WORDS = 30
EDGE = 0.1  # running heads and feet stand in the top and bottom tenth of a page
PARAGRAPH_GAP = 1.35  # a gap this many times the leading starts a paragraph
FULL_LINE = 0.9  # a line this long against the usual one runs to the margin: its paragraph may go on
PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
HYPHENS = ("-", "\u2010")
JUNK_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled\b)|\.(?:docx?|pdf|indd|tex|odt|rtf)$", re.I)
WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
PAGES_HINT = "add the article's pages only (split the PDF, e.g. with qpdf --pages)"
SCANNED_HINT = "run OCR on it first (e.g. ocrmypdf IN.pdf OUT.pdf) and add OUT.pdf, or type its text into a .txt file"


@dataclass
class Line:
    """One line of a page: its text, where it starts (x, y from the bottom) and its type size."""

    text: str
    x: float
    y: float
    size: float
    page: int


def extract_pdf(path: Path, data: bytes) -> Extraction:
    """Return the article in the PDF `data`: title, paragraphs and the metadata its info and text propose.

    Raises WorkbookError, in one line, for a PDF pypdf cannot read, one locked by a
    password, one with no text layer (a scan), or one whose text exceeds MAX_TEXT_BYTES.
    """
    reader = open_pdf(path, data)
    pages, heights = read_pages(path, reader)
    lines, furniture = drop_running_lines(pages, heights)
    if sum(count_words(line.text) for line in lines) < MIN_WORDS:
        raise WorkbookError(Problem(path, "the PDF has no text layer (is it a scanned image?)", hint=SCANNED_HINT))
    blocks = group_paragraphs(lines)
    paragraphs = join_paragraphs(blocks)
    title = choose_title(reader, blocks, paragraphs)
    sorted_ = sort_paragraphs(paragraphs, title)
    kept = sorted_.kept
    if not kept:
        raise WorkbookError(Problem(path, "the PDF has no text besides its page furniture", hint=SCANNED_HINT))
    if not title:
        title, kept = kept[0], kept[1:]
    extraction = Extraction("pdf", title, kept, left_out=furniture + sorted_.left_out, tool=f"pypdf {version('pypdf')}")
    _propose_metadata(extraction, reader, sorted_)
    return extraction


def open_pdf(path: Path, data: bytes):
    """Return a pypdf reader of `data`; raise WorkbookError for a PDF it cannot open or one locked by a password."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # warnings about the file's structure, not for a curator
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise WorkbookError(
                    Problem(
                        path,
                        "the PDF is locked by a password",
                        hint="open it with its password and print it to a new PDF, then add that",
                    )
                )
            reader.pages[0]  # noqa: B018 (the page tree is read here, so that a broken one is refused here)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 (pypdf raises many kinds on a damaged file; each is one line here)
        raise WorkbookError(
            Problem(
                path,
                f"not a readable PDF ({type(exc).__name__}: {str(exc)[:120]})",
                hint="open it in a PDF viewer and save or print it as a new PDF, then add that",
            )
        ) from None
    return reader


def read_pages(path: Path, reader) -> tuple[list[list[Line]], list[float]]:
    """Return each page's lines in the order pypdf reads them, and each page's height."""
    if len(reader.pages) > MAX_PDF_PAGES:
        raise WorkbookError(
            Problem(
                path,
                f"the PDF has {len(reader.pages):,} pages, more than the {MAX_PDF_PAGES:,} add-source reads",
                hint=PAGES_HINT,
            )
        )
    pages, heights, total = [], [], 0
    for number, page in enumerate(reader.pages):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lines = read_lines(page, number)
                height = float(page.mediabox.height)
        except Exception as exc:  # noqa: BLE001 (as in open_pdf: a damaged page is one line, not a traceback)
            raise WorkbookError(
                Problem(path, f"page {number + 1} of the PDF cannot be read ({type(exc).__name__}: {str(exc)[:120]})")
            ) from None
        total += sum(len(line.text.encode()) + 1 for line in lines)
        if total > MAX_TEXT_BYTES:
            raise WorkbookError(
                Problem(
                    path,
                    f"the PDF's text is larger than the {MAX_TEXT_BYTES // 1024**2} MB the workbook reads "
                    f"(past it by page {number + 1})",
                    hint=PAGES_HINT,
                )
            )
        pages.append(lines)
        heights.append(height)
    return pages, heights


def read_lines(page, number: int) -> list[Line]:
    """Return the lines of one page: pypdf's text split at its line ends, each placed where its first word stands."""
    chunks: list[tuple[str, tuple | None]] = []

    def visit(text, cm, tm, font, size):
        matrix = _multiply(tm, cm)
        chunks.append((text, (matrix[4], matrix[5], abs(size * matrix[3]) or size) if text.strip() else None))

    page.extract_text(visitor_text=visit)
    lines, text, place = [], "", None
    for chunk, where in chunks:
        for piece_index, piece in enumerate(chunk.split("\n")):
            if piece_index:
                lines.append((text, place))
                text, place = "", None
            text += piece
            place = place or (where if piece.strip() else None)
    lines.append((text, place))
    return [Line(clean_line(t), *p, number) for t, p in lines if clean_line(t) and p]


def _multiply(a, b) -> tuple:
    """Return the product of two PDF matrices (a, b, c, d, e, f), as pypdf's visitor gives them."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def drop_running_lines(pages: list[list[Line]], heights: list[float]) -> tuple[list[Line], list[tuple[str, str]]]:
    """Return the lines without running heads and feet and bare page numbers, and those left out with why."""

    def at_edge(line: Line) -> bool:
        height = heights[line.page] or 1
        return line.y > height * (1 - EDGE) or line.y < height * EDGE

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", fold(line.text))

    seen: dict[str, set[int]] = {}
    for line in (line for page in pages for line in page if at_edge(line)):
        seen.setdefault(key(line), set()).add(line.page)
    kept, left_out = [], []
    for line in (line for page in pages for line in page):
        if PAGE_NUMBER.match(line.text) and at_edge(line):
            left_out.append((line.text, "page number"))
        elif at_edge(line) and len(seen.get(key(line), ())) > 1:
            left_out.append((line.text, "running head or foot"))
        else:
            kept.append(line)
    return kept, left_out


def group_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Return the lines grouped into paragraphs (see the module's docstring for the cues)."""
    leading, margins, lengths = _leading(lines), _margins(lines), _lengths(lines)
    blocks: list[list[Line]] = []
    for line in lines:
        previous = blocks[-1][-1] if blocks else None
        if previous is None or _starts_paragraph(previous, line, leading, margins, lengths):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _starts_paragraph(previous: Line, line: Line, leading: dict, margins: dict, lengths: dict) -> bool:
    ended = bool(SENTENCE_END.search(previous.text))
    if line.page != previous.page:  # a sentence ending on a full last line may go on over the page
        full = len(previous.text) >= FULL_LINE * lengths.get(round(previous.size), len(previous.text))
        return ended and not full and not line.text[:1].islower()
    if abs(line.size - previous.size) > 0.15 * max(line.size, previous.size):
        return True
    gap = previous.y - line.y
    if gap <= 0 or gap > PARAGRAPH_GAP * leading.get(round(line.size), line.size * 1.2):
        return True
    return ended and line.x > margins[line.page] + 0.8 * line.size


def _leading(lines: list[Line]) -> dict[int, float]:
    """Return, per type size, the usual distance between two lines of one paragraph."""
    gaps: dict[int, list[float]] = {}
    for previous, line in zip(lines, lines[1:]):
        gap = previous.y - line.y
        if line.page == previous.page and abs(line.size - previous.size) < 0.01 and gap > 0:
            gaps.setdefault(round(line.size), []).append(gap)
    return {size: min(statistics.median_low(found), min(found) * 1.25) for size, found in gaps.items()}


def _lengths(lines: list[Line]) -> dict[int, float]:
    """Return, per type size, the usual number of characters in a line."""
    found: dict[int, list[int]] = {}
    for line in lines:
        found.setdefault(round(line.size), []).append(len(line.text))
    return {size: statistics.median(counts) for size, counts in found.items()}


def _margins(lines: list[Line]) -> dict[int, float]:
    """Return each page's left margin: where most of its lines start."""
    starts: dict[int, list[float]] = {}
    for line in lines:
        starts.setdefault(line.page, []).append(round(line.x))
    return {page: statistics.mode(found) for page, found in starts.items()}


def join_paragraphs(blocks: list[list[Line]]) -> list[str]:
    """Return each paragraph as one line of text, its lines joined and its broken words mended."""
    hyphenated, whole = _known_words(blocks)
    paragraphs = []
    for block in blocks:
        text = block[0].text
        for line in block[1:]:
            text = join_lines(text, line.text, hyphenated, whole)
        paragraphs.append(text)
    return paragraphs


def join_lines(text: str, following: str, hyphenated: set[str] = frozenset(), whole: set[str] = frozenset()) -> str:
    """Return `text` and the line `following` joined: with a space, or mending a word broken by a hyphen."""
    head = re.search(r"([^\W\d_]+)[-\u2010]$", text)
    tail = re.match(r"[^\W_]+", following)
    if not (head and tail):
        return f"{text} {following}"
    broken, rest = head[1].lower(), tail[0].lower()
    keep = f"{broken}-{rest}" in hyphenated or (
        f"{broken}{rest}" not in whole and (following[0].isupper() or following[0].isdigit())
    )
    return f"{text}{following}" if keep else f"{text[:-1]}{following}"


def _known_words(blocks: list[list[Line]]) -> tuple[set[str], set[str]]:
    """Return the document's words written with a hyphen, and those written whole (line ends aside)."""
    hyphenated, whole = set(), set()
    for line in (line for block in blocks for line in block):
        words = WORD.findall(line.text)
        if line.text.endswith(HYPHENS) and words:
            words = words[:-1]
        for word in words[1:]:  # a line's first word may be the end of a broken one
            (hyphenated if any(h in word for h in HYPHENS) else whole).add(word.lower().replace("\u2010", "-"))
    return hyphenated, whole


def choose_title(reader, blocks: list[list[Line]], paragraphs: list[str]) -> str:
    """Return the title: the first paragraph when it is set largest on its page, else the PDF's own title, else ""."""
    first = blocks[0]
    largest = max(line.size for block in blocks if block[0].page == first[0].page for line in block)
    if first[0].size >= largest and count_words(paragraphs[0]) <= MAX_TITLE_WORDS:
        return paragraphs[0]
    info = clean_line(str((reader.metadata or {}).get("/Title", "") or ""))
    return info if info and not JUNK_TITLE.search(info) and count_words(info) <= MAX_TITLE_WORDS else ""


def _propose_metadata(extraction: Extraction, reader, sorted_) -> None:
    info = reader.metadata or {}
    from_info = fold(extraction.title) == fold(str(info.get("/Title", "")))
    extraction.propose("title", extraction.title, "the PDF's title" if from_info else "the PDF's first line")
    extraction.propose("author", str(info.get("/Author", "") or ""), "the PDF's info")
    extraction.propose("author", sorted_.byline, "the byline")
    extraction.propose("publisher", _xmp(reader, "dc_publisher"), "the PDF's XMP metadata")
    extraction.propose("published", sorted_.dateline, "the dateline")
    extraction.propose("published", _creation_date(info), "the PDF's creation date")


def _creation_date(info) -> str:
    """Return the PDF's creation date as YYYY-MM-DD, or "" when it has none or one pypdf cannot read."""
    try:
        created = getattr(info, "creation_date", None)
    except (ValueError, TypeError, AttributeError):
        return ""
    return created.date().isoformat() if created else ""


def _xmp(reader, name: str) -> str:
    """Return the first value of an XMP property, or "" when the PDF has none or it cannot be read."""
    try:
        values = getattr(reader.xmp_metadata, name, None) or []
    except Exception:  # noqa: BLE001 (a damaged XMP packet only means no proposal)
        return ""
    return str(values[0]) if values else ""
