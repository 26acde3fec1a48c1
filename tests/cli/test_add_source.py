"""add-source on a saved web page or a PDF: metadata proposed, confirmed or given, written whole or not at all."""

import builtins
import dataclasses
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import analysis.cli.add_source as add_source_cli
from analysis import validate_workbook
from analysis.cli.main import main
from analysis.common.problems import WorkbookError
from analysis.curation.ingest import ingest
from analysis.curation.sources import add_source

INGEST = Path(__file__).parents[1] / "data" / "ingest"
PAGE, PDF = INGEST / "fermented-foods-stress.html", INGEST / "fermented-foods-stress.pdf"
TEXT = (INGEST / "fermented-foods-stress.txt").read_bytes()
SLUG = "fermented-foods-may-ease-everyday-stress-small-trial"  # the title's slug, cut at 60 characters
URL = "https://www.morningledger.example/health/2024/03/15/fermented-foods-stress-trial/"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """In-process calls see no terminal unless a test says otherwise."""
    monkeypatch.setattr(add_source_cli, "is_interactive", lambda: False)


def add(workbook_dir, *args) -> int:
    return main(["add-source", *map(str, args), "--claims-dir", str(workbook_dir)])


def snapshot(workbook_dir) -> dict:
    """Every file of the claims folder and its bytes: what 'nothing written' must leave as it was."""
    return {p.relative_to(workbook_dir): p.read_bytes() for p in sorted(workbook_dir.rglob("*")) if p.is_file()}


def last_row(workbook_dir) -> dict:
    return validate_workbook(workbook_dir).sources.iloc[-1].to_dict()


def with_original_column(workbook_dir):
    """The workbook's sources.csv with the original_sha256 column, as claims/sources.csv has it."""
    path = workbook_dir / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].replace(",sha256,", ",sha256,original_sha256,"), lines[1:]
    rows = [row[: row.rindex(",")] + "," + row[row.rindex(",") :] for row in rows]  # notes are the last, empty
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert validate_workbook(workbook_dir).errors == []
    return workbook_dir


def test_without_a_terminal_the_proposals_are_shown_and_nothing_is_written(workbook_dir, capsys):
    before = snapshot(workbook_dir)
    assert add(workbook_dir, PAGE) == 1
    out, err = capsys.readouterr()
    assert "title      Fermented foods may ease everyday stress, small trial suggests" in out
    assert "proposed from the page's metadata" in out and "published  2024-03-15" in out
    assert "left out: 2 × another story's headline: 'MORE: Should I Eat Olives?'" in out
    assert "left out: 1 × advertisement: 'Advertisement'" in out
    assert err.strip().endswith(
        "sources.csv: nothing written: no terminal to confirm the proposed metadata; re-run with --yes to accept it, "
        "or give each column as an option (--title, --author, …)"
    )
    assert len(err.strip().splitlines()) == 1
    assert snapshot(workbook_dir) == before


def test_yes_writes_the_extracted_text_and_the_proposed_row(workbook_dir, capsys):
    assert add(with_original_column(workbook_dir), PAGE, "--yes") == 0
    assert (workbook_dir / "sources" / f"{SLUG}.txt").read_bytes() == TEXT
    row = last_row(workbook_dir)
    assert {k: row[k] for k in ("source_id", "kind", "publisher", "author", "url", "published")} == {
        "source_id": SLUG,
        "kind": "news",
        "publisher": "The Morning Ledger",
        "author": "Dana Whitfield",
        "url": URL,
        "published": "2024-03-15",
    }
    assert row["sha256"] == hashlib.sha256(TEXT).hexdigest()
    assert row["original_sha256"] == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    assert row["notes"].startswith("text extracted from a saved web page by trafilatura ")
    assert validate_workbook(workbook_dir).errors == []
    out = capsys.readouterr().out
    assert f"added source '{SLUG}': sources/{SLUG}.txt" in out
    assert f"next: python -m analysis draft {SLUG} --claims-dir {workbook_dir}," in out  # the same folder next


def test_a_sources_table_without_the_column_keeps_the_original_s_hash_in_notes(workbook_dir):
    before = (workbook_dir / "sources.csv").read_bytes()
    assert add(workbook_dir, PDF, "--yes") == 0
    after = (workbook_dir / "sources.csv").read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1  # one line added, no column
    assert last_row(workbook_dir)["notes"].endswith(f"original's sha256 {hashlib.sha256(PDF.read_bytes()).hexdigest()}")
    assert validate_workbook(workbook_dir).errors == []


def test_options_win_over_proposals_and_need_no_confirmation(workbook_dir):
    options = ["--title", "Fermented food and stress", "--kind", "Blog post", "--publisher", "Ledger"]
    options += ["--author", "D. Whitfield", "--url", "https://ledger.example/a", "--published", "2024-03-14"]
    assert add(workbook_dir, PAGE, *options, "--id", "fermented-stress", "--notes", "saved on 2024-03-20") == 0
    row = last_row(workbook_dir)
    assert (row["source_id"], row["title"], row["kind"], row["author"], row["published"]) == (
        "fermented-stress",
        "Fermented food and stress",
        "blog",
        "D. Whitfield",
        "2024-03-14",
    )
    assert row["notes"].startswith("saved on 2024-03-20; text extracted from a saved web page")


def answer(monkeypatch, *answers):
    """Be a curator at a terminal who types `answers`, one per question."""
    replies = iter(answers)
    monkeypatch.setattr(add_source_cli, "is_interactive", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(replies))


def test_at_a_terminal_each_column_is_asked_with_its_proposal(workbook_dir, monkeypatch):
    # title, kind, publisher, author, url, published; then the confirmation
    answer(monkeypatch, "", "", "-", "Dana J. Whitfield", "", "15/03/2024", "2024-03-15", "y")
    assert add(workbook_dir, PDF) == 0
    row = last_row(workbook_dir)
    assert (row["title"], row["kind"], row["publisher"], row["author"], row["url"], row["published"]) == (
        "Fermented foods may ease everyday stress, small trial suggests",
        "other",
        "",
        "Dana J. Whitfield",
        "",
        "2024-03-15",  # the date in the wrong format was asked again
    )


def test_at_a_terminal_declining_writes_nothing(workbook_dir, monkeypatch, capsys):
    before = snapshot(workbook_dir)
    answer(monkeypatch, "", "", "", "", "", "", "n")
    assert add(workbook_dir, PAGE) == 1
    assert "nothing written" in capsys.readouterr().out
    assert snapshot(workbook_dir) == before


def test_a_text_with_its_title_given_is_added_as_before(workbook_dir):
    (workbook_dir.parent / "kimchi.txt").write_bytes(b"Kimchi and mood\n\nKimchi may improve mood.\n")
    assert add(workbook_dir, workbook_dir.parent / "kimchi.txt", "--title", "Kimchi and mood") == 0
    assert (
        workbook_dir / "sources" / "kimchi-and-mood.txt"
    ).read_bytes() == b"Kimchi and mood\n\nKimchi may improve mood.\n"


def test_the_day_the_copy_was_taken_can_be_given_and_is_today_otherwise(workbook_dir):
    import datetime

    (workbook_dir.parent / "kimchi.txt").write_bytes(b"Kimchi and mood\n\nKimchi may improve mood.\n")
    (workbook_dir.parent / "kefir.txt").write_bytes(b"Kefir and mood\n\nKefir may improve mood.\n")
    assert add(workbook_dir, workbook_dir.parent / "kimchi.txt", "--title", "Kimchi", "--accessed", "2026-11-30") == 0
    assert last_row(workbook_dir)["accessed"] == "2026-11-30"
    assert add(workbook_dir, workbook_dir.parent / "kefir.txt", "--title", "Kefir") == 0
    assert last_row(workbook_dir)["accessed"] == datetime.date.today().isoformat()


def test_a_document_that_says_no_title_needs_one_even_with_yes(workbook_dir, tmp_path, capsys):
    long_first_line = "Kimchi " * 60 + "and mood.\n\nKimchi may improve mood.\n"  # a paragraph, not a title
    (tmp_path / "kimchi.txt").write_text(long_first_line, encoding="utf-8")
    before = snapshot(workbook_dir)
    assert add(workbook_dir, tmp_path / "kimchi.txt", "--yes") == 1
    out, err = capsys.readouterr()
    assert "title      -" in out and "missing: give --title" in out
    assert err.strip().endswith(
        "nothing written: no title found in the document; give one with --title 'The title, as the document gives it'"
    )
    assert snapshot(workbook_dir) == before
    assert add(workbook_dir, tmp_path / "kimchi.txt", "--title", "Kimchi and mood") == 0


def mistakes(tmp_path: Path) -> dict:
    """The mistakes a curator makes, each with the options it takes and what its one line says."""
    (tmp_path / "folder.html").mkdir()
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "app.html").write_bytes(b"<html><body><div id='app'></div><script>start()</script></body></html>")
    os.mkfifo(tmp_path / "pipe.html")
    return {
        "a missing file": ([tmp_path / "missing.html"], "missing.html: no such file"),
        "a folder": ([tmp_path / "folder.html"], "folder.html: not a regular file but a folder"),
        "a word-processor file": ([tmp_path / "notes.docx"], "notes.docx: add-source does not read '.docx' files"),
        "a scanned PDF": ([INGEST / "scanned.pdf"], "scanned.pdf: the PDF has no text layer (is it a scanned image?)"),
        "a page with no article": ([tmp_path / "app.html"], "app.html: no article text found in the web page"),
        "a pipe": ([tmp_path / "pipe.html"], "pipe.html: not a regular file but a pipe (FIFO)"),
        "a device": (["/dev/zero"], "/dev/zero: not a regular file but a character device"),
        "a source id taken": ([PAGE, "--id", "diet-blog", "--yes"], "column 'source_id': source_id is taken"),
        "a date in the wrong format": (
            [PAGE, "--published", "15/03/2024", "--yes"],
            "column 'published': must be a date written YYYY-MM-DD (value '15/03/2024')",
        ),
        "an unknown kind": ([PAGE, "--kind", "newz", "--yes"], "did you mean 'news'?"),
        "an access date in the wrong format": (
            [PAGE, "--accessed", "7 Dec 2026", "--yes"],
            "column 'accessed': must be a date written YYYY-MM-DD (value '7 Dec 2026')",
        ),
        "a day no calendar has": (
            [PAGE, "--accessed", "2026-02-30", "--yes"],
            "column 'accessed': must be a date written YYYY-MM-DD (value '2026-02-30')",
        ),
        "a publication date after today": (
            [PAGE, "--published", "2999-01-01", "--yes"],
            "column 'published': is a date after today (value '2999-01-01')",
        ),
    }


@pytest.mark.parametrize(
    "mistake",
    [
        "a missing file",
        "a folder",
        "a word-processor file",
        "a scanned PDF",
        "a page with no article",
        "a pipe",
        "a device",
        "a source id taken",
        "a date in the wrong format",
        "an unknown kind",
        "an access date in the wrong format",
        "a day no calendar has",
        "a publication date after today",
    ],
)
def test_each_mistake_is_one_line_exit_1_and_nothing_written(mistake, workbook_dir, tmp_path, capsys):
    args, said = mistakes(tmp_path)[mistake]
    before = snapshot(workbook_dir)
    assert add(workbook_dir, *args) == 1
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and said in err, err
    assert "Traceback" not in out + err
    assert snapshot(workbook_dir) == before


def test_the_pdf_of_an_article_added_from_its_page_is_refused_as_the_same_text(workbook_dir, capsys):
    assert add(workbook_dir, PAGE, "--yes") == 0
    before = snapshot(workbook_dir)
    assert add(workbook_dir, PDF, "--yes") == 1
    assert f"this text is already in the workbook as source '{SLUG}'" in capsys.readouterr().err
    assert snapshot(workbook_dir) == before


def test_an_original_already_added_is_refused_even_if_extracted_otherwise(workbook_dir):
    add_source(PAGE, title="First", claims_dir=with_original_column(workbook_dir))
    document = ingest(PAGE)
    changed = dataclasses.replace(document, data=document.data + b"\nA line a newer extractor finds.\n")
    with pytest.raises(WorkbookError, match="this original is already in the workbook as source 'first'"):
        add_source(PAGE, title="Second", claims_dir=workbook_dir, document=changed)


@pytest.mark.slow
@pytest.mark.parametrize("special", ["pipe", "/dev/zero"])
def test_the_command_refuses_a_pipe_and_dev_zero_at_once(special, workbook_dir, tmp_path):
    path = tmp_path / "page.html" if special == "pipe" else Path(special)
    if special == "pipe":
        os.mkfifo(path)  # read, it would wait for a writer forever; /dev/zero would fill the memory
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "add-source", str(path), "--claims-dir", str(workbook_dir)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith("; save the document to a file and add that")
    assert len(done.stderr.strip().splitlines()) == 1
