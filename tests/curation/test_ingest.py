"""The saved web page and the PDF of one article give the same text; a text is kept byte for byte."""

import hashlib
import re
from pathlib import Path

import pytest

from analysis.common.problems import WorkbookError
from analysis.curation.extraction import Extraction, clean_line
from analysis.curation.ingest import ingest

INGEST = Path(__file__).parents[1] / "data" / "ingest"
PAGE, PDF = INGEST / "fermented-foods-stress.html", INGEST / "fermented-foods-stress.pdf"


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs with their whitespace normalised: what a reader, or a quote, sees."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def sentences(text: str) -> list[str]:
    return [s for p in paragraphs(text) for s in re.split(r"(?<=[.!?”])\s+(?=[“A-Z])", p)]


def test_the_web_page_and_the_pdf_of_one_article_give_the_same_text():
    page, pdf = ingest(PAGE), ingest(PDF)
    assert paragraphs(page.data.decode()) == paragraphs(pdf.data.decode())
    assert sentences(page.data.decode()) == sentences(pdf.data.decode())
    assert len(paragraphs(page.data.decode())) == 9  # the title and eight paragraphs
    assert page.data == pdf.data  # byte for byte, in fact
    assert page.data == (INGEST / "fermented-foods-stress.txt").read_bytes()


def test_both_propose_the_article_s_metadata():
    values = {
        name: {c: v for c, (v, _) in ingest(path).proposals.items()} for name, path in (("page", PAGE), ("pdf", PDF))
    }
    for column in ("title", "author", "publisher", "published"):
        assert values["page"][column] == values["pdf"][column], column
    assert values["page"]["published"] == "2024-03-15" and values["page"]["author"] == "Dana Whitfield"


def test_an_extracted_document_says_how_and_hashes_its_original():
    page = ingest(PAGE)
    assert page.original_sha256 == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    assert re.fullmatch(
        r"text extracted from a saved web page by trafilatura [\d.]+ \(3 lines of page furniture left out\)", page.notes
    )
    assert ingest(PDF).notes.startswith("text extracted from a PDF by pypdf ")


def test_a_text_is_kept_byte_for_byte_and_its_first_line_proposed_as_title(tmp_path):
    data = "\ufeffKimchi and mood\r\n\r\nEating kimchi may\u00a0improve mood.\r\n".encode()
    (tmp_path / "kimchi.txt").write_bytes(data)
    text = ingest(tmp_path / "kimchi.txt")
    assert text.data == data and text.original_sha256 == "" and text.notes == ""
    assert text.proposals == {"title": ("Kimchi and mood", "the text's first line")}


def test_a_text_that_is_not_utf8_or_holds_nothing_is_refused(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 culture\n".encode("latin-1"))
    with pytest.raises(WorkbookError, match=r"not UTF-8 text \(byte 3"):
        ingest(tmp_path / "latin.txt")
    (tmp_path / "blank.txt").write_bytes(b" \n\n ")
    with pytest.raises(WorkbookError, match="the text is empty"):
        ingest(tmp_path / "blank.txt")


def test_extracted_lines_lose_control_and_invisible_characters():
    assert clean_line("gut\u00admicro\u200bbiome\x00 and\u00a0 \tmood\n") == "gutmicrobiome and mood"
    extraction = Extraction("html", "Title", ["One."])
    extraction.propose("author", " Dana\u200b Whitfield ", "the byline")
    extraction.propose("author", "Someone Else", "the page's metadata")  # the first proposal stands
    extraction.propose("url", "", "nowhere")  # an empty value proposes nothing
    assert extraction.proposals == {"author": ("Dana Whitfield", "the byline")}
    assert extraction.text == "Title\n\nOne.\n"
