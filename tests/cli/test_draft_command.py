"""The draft and accept commands: an article drafted, reviewed and accepted in two commands; each mistake one line."""

import csv
import subprocess
import sys

import pytest

from analysis.cli.main import main


def run(claims_dir, *args) -> int:
    return main([*args, "--claims-dir", str(claims_dir)])


def review_all(path, review="accept"):
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row.update(review=review, population="humans")
        if row["quote"].startswith("You should talk"):
            row.update(review="not-a-claim", notes="referral advice, not a claim of effect")
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_draft_then_accept_adds_the_article(draft_dir, capsys):
    assert run(draft_dir, "draft", "fmt-news") == 0
    out = capsys.readouterr().out.splitlines()
    path = draft_dir / "drafts" / "fmt-news.csv"
    assert out[0].endswith("drafts/fmt-news.csv: 9 sentences to review and 2 proposed studies")
    assert out[1].startswith("next: open it in a spreadsheet or JupyterLab;")
    assert out[1].endswith(f"fmt-news.csv --claims-dir {draft_dir}")  # the next command works on the same folder
    review_all(path)
    assert run(draft_dir, "accept", "fmt-news") == 0  # the source id names its draft
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        "drafts/fmt-news.csv: added 8 claims (C0011–C0018), 2 studies (S0007–S0008), "
        "1 sentence reviewed as not claims; 0 rows dropped"
    )
    assert out[1].endswith(f"next: python -m analysis validate --claims-dir {draft_dir}")
    assert not path.exists()
    assert run(draft_dir, "validate", "--quiet") == 0


def test_accept_check_says_what_accept_would_add_and_writes_nothing(draft_dir, capsys):
    run(draft_dir, "draft", "fmt-news")
    path = draft_dir / "drafts" / "fmt-news.csv"
    review_all(path)
    before = {name: (draft_dir / name).read_bytes() for name in ("claims.csv", "studies.csv")}
    capsys.readouterr()
    assert run(draft_dir, "accept", "fmt-news", "--check") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        "drafts/fmt-news.csv: accept would add 8 claims (C0011–C0018), 2 studies (S0007–S0008), "
        "1 sentence reviewed as not claims; 0 rows dropped; nothing written"
    )
    assert out[1].startswith("next: python -m analysis accept ")
    assert out[1].endswith(f"drafts/fmt-news.csv --claims-dir {draft_dir}")
    assert path.exists()
    assert {name: (draft_dir / name).read_bytes() for name in before} == before
    assert run(draft_dir, "accept", "fmt-news") == 0  # the same ids, now written
    assert "added 8 claims (C0011–C0018)" in capsys.readouterr().out


def test_accept_check_reports_each_mistake_like_accept(draft_dir, capsys):
    run(draft_dir, "draft", "fmt-news")
    capsys.readouterr()
    assert run(draft_dir, "accept", "fmt-news", "--check") == 1  # rows still unreviewed
    err = capsys.readouterr().err
    assert "unreviewed" in err and "nothing written" in err


def test_accept_keep_leaves_the_draft_and_a_second_accept_is_refused(draft_dir, capsys):
    run(draft_dir, "draft", "fmt-news")
    path = draft_dir / "drafts" / "fmt-news.csv"
    review_all(path)
    assert run(draft_dir, "accept", str(path), "--keep") == 0
    assert path.exists()
    capsys.readouterr()
    assert run(draft_dir, "accept", str(path)) == 1
    assert "claims.csv has this claim already, as C0011" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["draft", "fmt-nwes"],
            "unknown source_id: no row of sources.csv has it (value 'fmt-nwes'); did you mean 'fmt-news'?",
        ),
        (["accept", "nothing-here.csv"], "nothing-here.csv: no such draft"),
        (["draft", "fmt-news", "--out", "CLAIMS/claims.csv"], "one of the workbook's own files, not a draft"),
    ],
)
def test_mistakes_are_one_line_and_exit_1(draft_dir, capsys, args, message):
    args = [a.replace("CLAIMS", str(draft_dir)) for a in args]
    before = (draft_dir / "claims.csv").read_bytes()
    assert run(draft_dir, *args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert (draft_dir / "claims.csv").read_bytes() == before


def test_an_unreviewed_draft_is_refused_row_by_row(draft_dir, capsys):
    run(draft_dir, "draft", "fmt-news")
    capsys.readouterr()
    assert run(draft_dir, "accept", "fmt-news") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 12  # 2 studies and 9 sentences left unreviewed, and "nothing written"
    assert all("column 'review': row left unreviewed" in line for line in err[:-1])
    assert err[-1].endswith("nothing written; correct the draft, then run accept again")


def test_a_second_draft_over_a_reviewed_one_needs_force(draft_dir, capsys):
    run(draft_dir, "draft", "fmt-news")
    path = draft_dir / "drafts" / "fmt-news.csv"
    review_all(path)
    reviewed = path.read_bytes()
    assert run(draft_dir, "draft", "fmt-news") == 1
    assert "a draft is already there; it may hold your review; accept it, or give --force" in capsys.readouterr().err
    assert path.read_bytes() == reviewed
    assert run(draft_dir, "draft", "fmt-news", "--force") == 0


@pytest.mark.slow
def test_the_commands_answer_help_from_a_shell():
    for command in ("draft", "accept"):
        done = subprocess.run([sys.executable, "-m", "analysis", command, "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "--claims-dir" in done.stdout
