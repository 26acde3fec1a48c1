"""add-source reads regular files only, within a bound, and refuses anything else in one line before reading it."""

import os
from pathlib import Path

import pytest

from analysis.common import limits
from analysis.common.problems import WorkbookError
from analysis.curation.originals import HTML, MHTML, PDF, TEXT, read_original

INGEST = Path(__file__).parents[1] / "data" / "ingest"


def refusal(path) -> str:
    with pytest.raises(WorkbookError) as caught:
        read_original(path)
    (problem,) = caught.value.problems
    return str(problem)


def grow(path: Path, size: int) -> Path:
    """Make `path` `size` bytes long without writing them (a sparse file): the check must not read it."""
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def test_each_kind_is_read_from_its_name_and_a_pdf_from_its_bytes(tmp_path):
    assert read_original(INGEST / "fermented-foods-stress.html").kind == HTML
    assert read_original(INGEST / "fermented-foods-stress.pdf").kind == PDF
    assert read_original(INGEST / "fermented-foods-stress.txt").kind == TEXT
    renamed = tmp_path / "article.txt"
    renamed.write_bytes((INGEST / "fermented-foods-stress.pdf").read_bytes())
    assert read_original(renamed).kind == PDF  # a PDF saved with the wrong name is still read as one
    page = tmp_path / "saved-page"
    page.write_bytes(b"\n<!DOCTYPE html><html><body><p>text</p></body></html>")
    assert read_original(page).kind == HTML
    single_file = tmp_path / "page.mhtml"
    single_file.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n")
    assert read_original(single_file).kind == MHTML


def test_a_pipe_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert refusal(fifo).endswith(
        "page.html: not a regular file but a pipe (FIFO); save the document to a file and add that"
    )


def test_a_device_is_refused_without_being_read():
    assert (
        refusal("/dev/zero")
        == "/dev/zero: not a regular file but a character device; save the document to a file and add that"
    )


def test_a_link_to_a_device_is_refused_and_a_link_to_a_file_followed(tmp_path):
    (tmp_path / "zero.html").symlink_to("/dev/zero")
    assert "not a regular file but a character device" in refusal(tmp_path / "zero.html")
    (tmp_path / "page.html").symlink_to(INGEST / "fermented-foods-stress.html")
    assert read_original(tmp_path / "page.html").data == (INGEST / "fermented-foods-stress.html").read_bytes()


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc here")
def test_the_environment_in_proc_is_refused_never_read(tmp_path):
    assert refusal("/proc/self/environ").endswith(
        "/environ: not a document but a file of the running system (/proc); add a saved document"
    )
    (tmp_path / "environ.txt").symlink_to("/proc/self/environ")
    assert "a file of the running system (/proc)" in refusal(tmp_path / "environ.txt")


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    assert refusal(tmp_path).endswith(
        ": not a regular file but a folder; give the path of a saved document, not of a folder"
    )
    assert refusal(tmp_path / "nowhere.html").endswith(
        "nowhere.html: no such file; check the path (a name with spaces needs quotes around it)"
    )


def test_a_file_over_its_bound_is_refused_from_its_size(tmp_path):
    page = grow(tmp_path / "huge.html", limits.MAX_ORIGINAL_BYTES + 1)
    assert "huge.html: the document is larger than the 10 MB the workbook reads (10,485,761 bytes)" in refusal(page)
    text = grow(tmp_path / "huge.txt", limits.MAX_TEXT_BYTES + 1)
    assert "huge.txt: the text is larger than the 2 MB the workbook reads" in refusal(text)


def test_a_kind_add_source_does_not_read_is_refused_with_what_to_do(tmp_path):
    document = tmp_path / "article.docx"
    document.write_bytes(b"PK\x03\x04 a word-processor file")
    assert refusal(document).endswith(
        "article.docx: add-source does not read '.docx' files; save it as PDF (File › Save as or Export), or its "
        "text as .txt; add-source reads a saved web page (.html, .htm, .mhtml), a PDF (.pdf) or UTF-8 text (.txt)"
    )
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG")
    assert "an image has no text to quote: run OCR first" in refusal(scan)


def test_a_pdf_that_is_not_one_is_refused(tmp_path):
    fake = tmp_path / "article.pdf"
    fake.write_bytes(b"<html><body>a page saved with the wrong name</body></html>")
    assert "article.pdf: not a PDF: the file does not start with %PDF-" in refusal(fake)


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    assert refusal(tmp_path / "empty.html").endswith("empty.html: the file is empty; add the document's text, verbatim")
