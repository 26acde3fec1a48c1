"""Make the PDF fixtures of tests/curation/test_ingest.py once: the article as its publisher's PDF, and a scan.

The article's words come from fermented-foods-stress.txt (title on the first line, then
paragraphs), laid out by hand as a typesetter would: an A5 page, a running head and a
footer with the page number on each page, a byline and a date under the title, lines
justified to the left and broken inside long words with a hyphen (and after the hyphen
of a compound such as "gut-brain"), a paragraph running on to the next page. Its
metadata sits in the PDF's info (title, author, creation date) and XMP (publisher).
scanned.pdf is a page with no text layer, as a scanner makes one.

The fixtures are committed; run this only to change them, with fpdf2 installed for the
purpose (it is not one of the workbook's packages) and Debian's DejaVu fonts:

    python -m venv /tmp/pdfgen && /tmp/pdfgen/bin/pip install fpdf2
    /tmp/pdfgen/bin/python tests/data/ingest/make_pdfs.py
"""

import datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
WIDTH, HEIGHT, MARGIN = 148, 210, 16  # A5, in mm
TOP, BOTTOM = 22, 176  # where the text block starts and must end
BODY_SIZE, BODY_LEADING, PARAGRAPH_GAP = 10.5, 5.0, 2.5
PUBLISHED = datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)
XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:publisher><rdf:Bag><rdf:li>The Morning Ledger</rdf:li></rdf:Bag></dc:publisher>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def main():
    title, *paragraphs = [p for p in (HERE / "fermented-foods-stress.txt").read_text("utf-8").split("\n\n") if p]
    write_article(title.strip(), [" ".join(p.split()) for p in paragraphs], HERE / "fermented-foods-stress.pdf")
    write_scan(HERE / "scanned.pdf")


def new_pdf() -> FPDF:
    pdf = FPDF(format="A5", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_compression(True)
    pdf.add_font("Serif", "", FONT)
    pdf.add_font("Serif", "B", BOLD)
    pdf.set_creation_date(PUBLISHED)
    return pdf


def write_article(title: str, paragraphs: list[str], path: Path) -> None:
    pdf = new_pdf()
    pdf.set_title(title)
    pdf.set_author("Dana Whitfield")
    pdf.set_creator("Ledger Print 4.2")
    pdf.set_xmp_metadata(XMP)
    blocks = [("B", 15, 6.5, title, 3), ("", 8.5, 4.2, "By Dana Whitfield, Health reporter", 0)]
    blocks += [("", 8.5, 4.2, "15 March 2024", 5)]
    blocks += [("", BODY_SIZE, BODY_LEADING, text, PARAGRAPH_GAP) for text in paragraphs]
    pages = lay_out(pdf, blocks)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Serif", "", 7.5)
        pdf.text(MARGIN, 12, "The Morning Ledger · Health")
        pdf.text(MARGIN, HEIGHT - 10, f"morningledger.example · Page {number} of {len(pages)}")
        for style, size, y, text in lines:
            pdf.set_font("Serif", style, size)
            pdf.text(MARGIN, y, text)
    pdf.output(str(path))


def lay_out(pdf: FPDF, blocks) -> list[list[tuple]]:
    """Return the lines of each page as (style, size, baseline, text), the blocks wrapped to the column."""
    pages, lines, y = [], [], TOP
    for style, size, leading, text, gap in blocks:
        pdf.set_font("Serif", style, size)
        for line in wrap(pdf, text, WIDTH - 2 * MARGIN):
            if y > BOTTOM:
                pages.append(lines)
                lines, y = [], TOP
            lines.append((style, size, y, line))
            y += leading
        y += gap
    return [*pages, lines]


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`, hyphenating a word that would not fit."""
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if pdf.get_string_width(trial) <= width:
            line = trial
            continue
        head, tail = split_word(pdf, word, width - pdf.get_string_width(f"{line} "))
        lines.append(f"{line} {head}" if head else line)
        line = tail
    return [*lines, line]


def split_word(pdf: FPDF, word: str, room: float) -> tuple[str, str]:
    """Return the part of `word` that fits in `room` (with its hyphen) and the rest; ("", word) if none fits."""
    if "-" in word[1:-1]:  # a compound breaks after its own hyphen
        head, _, tail = word.partition("-")
        return (f"{head}-", tail) if pdf.get_string_width(f"{head}-") <= room else ("", word)
    letters = len(word)
    for cut in range(letters - 3, 2, -1):  # at least three letters on each side
        if word[:cut].isalpha() and pdf.get_string_width(word[:cut] + "-") <= room:
            return word[:cut] + "-", word[cut:]
    return "", word


def write_scan(path: Path) -> None:
    """A page with no text layer: grey bands where a scanner's image of the lines would be."""
    pdf = new_pdf()
    pdf.set_title("Scanned article")
    pdf.add_page()
    pdf.set_fill_color(90, 90, 90)
    for row in range(24):
        pdf.rect(MARGIN, TOP + row * 6.5, WIDTH - 2 * MARGIN - (row % 5) * 7, 2.6, style="F")
    pdf.output(str(path))


if __name__ == "__main__":
    main()
