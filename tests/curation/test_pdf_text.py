"""A PDF gives its article as whole paragraphs: lines joined, broken words mended, running heads and byline left out."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from analysis.common.problems import WorkbookError
from analysis.curation import pdf_text
from analysis.curation.pdf_text import extract_pdf, join_lines

INGEST = Path(__file__).parents[1] / "data" / "ingest"
ARTICLE = INGEST / "fermented-foods-stress.pdf"  # made by tests/data/ingest/make_pdfs.py


def refusal(data: bytes, name="article.pdf") -> str:
    with pytest.raises(WorkbookError) as caught:
        extract_pdf(Path(name), data)
    (problem,) = caught.value.problems
    return str(problem)


def test_the_article_comes_out_in_whole_paragraphs():
    found = extract_pdf(ARTICLE, ARTICLE.read_bytes())
    assert found.text == (INGEST / "fermented-foods-stress.txt").read_text(encoding="utf-8")
    first, second = (page.extract_text() for page in PdfReader(ARTICLE).pages)
    for broken in ("gut-\nbrain", "(a short-\nchain", "neurotransmitte-\nrs", "Universi-\nty"):  # what it mends
        assert broken in first + second
    assert first.endswith("nervous system.") and "\nGut bacteria produce" in second  # a paragraph over the page


def test_running_heads_the_repeated_title_and_the_byline_are_left_out():
    found = extract_pdf(ARTICLE, ARTICLE.read_bytes())
    assert found.left_out == [
        ("The Morning Ledger · Health", "running head or foot"),
        ("morningledger.example · Page 1 of 2", "running head or foot"),
        ("The Morning Ledger · Health", "running head or foot"),
        ("morningledger.example · Page 2 of 2", "running head or foot"),
        ("Fermented foods may ease everyday stress, small trial suggests", "the title again"),
        ("By Dana Whitfield, Health reporter 15 March 2024", "byline"),
    ]


def test_the_metadata_is_proposed_from_the_pdf_and_its_byline():
    found = extract_pdf(ARTICLE, ARTICLE.read_bytes())
    assert found.proposals == {
        "title": ("Fermented foods may ease everyday stress, small trial suggests", "the PDF's title"),
        "author": ("Dana Whitfield", "the PDF's info"),
        "publisher": ("The Morning Ledger", "the PDF's XMP metadata"),
        "published": ("2024-03-15", "the dateline"),
    }
    assert found.tool.startswith("pypdf ")


@pytest.mark.parametrize(
    ("line", "following", "joined"),
    [
        ("changes in the gut microbio-", "me, including", "changes in the gut microbiome, including"),
        ("perhaps through the gut-", "brain axis.", "perhaps through the gut-brain axis."),  # written so elsewhere
        ("a typesetter's Had-", "dad said", "a typesetter's Haddad said"),  # written whole elsewhere
        ("patients with COVID-", "19 were", "patients with COVID-19 were"),  # before a digit
        ("the anti-", "Inflammatory effect", "the anti-Inflammatory effect"),  # before a capital
        ("a trial of 48", "adults", "a trial of 48 adults"),
        ("fell by 32 per cent -", "a large drop", "fell by 32 per cent - a large drop"),  # a dash, not a hyphen
    ],
)
def test_lines_are_joined_and_broken_words_mended(line, following, joined):
    assert join_lines(line, following, hyphenated={"gut-brain"}, whole={"haddad"}) == joined


def test_a_scan_with_no_text_layer_is_refused_with_a_hint():
    assert refusal((INGEST / "scanned.pdf").read_bytes(), "scanned.pdf") == (
        "scanned.pdf: the PDF has no text layer (is it a scanned image?); run OCR on it first "
        "(e.g. ocrmypdf IN.pdf OUT.pdf) and add OUT.pdf, or type its text into a .txt file"
    )


def test_a_damaged_pdf_is_refused_in_one_line():
    assert refusal(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
    ).startswith("article.pdf: not a readable PDF (")
    assert "not a readable PDF" in refusal(ARTICLE.read_bytes()[:3000])  # cut off while downloading


def test_a_pdf_locked_by_a_password_is_refused_and_an_unlocked_one_read():
    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(ARTICLE))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    assert refusal(encrypted("secret")) == (
        "article.pdf: the PDF is locked by a password; open it with its password and print it to a new PDF, then add that"
    )
    assert extract_pdf(ARTICLE, encrypted("")).paragraphs == extract_pdf(ARTICLE, ARTICLE.read_bytes()).paragraphs


def test_a_pdf_whose_text_exceeds_the_bound_is_refused_at_the_page(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_TEXT_BYTES", 1000)
    assert "(past it by page 1); add the article's pages only" in refusal(ARTICLE.read_bytes())


def test_a_pdf_with_too_many_pages_is_refused_before_its_text_is_read(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_PDF_PAGES", 1)
    assert refusal(ARTICLE.read_bytes()) == (
        "article.pdf: the PDF has 2 pages, more than the 1 add-source reads; "
        "add the article's pages only (split the PDF, e.g. with qpdf --pages)"
    )
