"""The edit-claim, edit-study, not-a-claim and add-term commands, and '-' on add-claim's command line: each mistake one line, exit 1."""

import pytest

import analysis.cli.curate as curate_cli
from analysis.cli.main import main


def run(claims_dir, *args) -> int:
    return main([*args, "--claims-dir", str(claims_dir)])


def test_edit_claim_prints_each_change(studies_dir, capsys):
    assert run(studies_dir, "edit-claim", "C0004", "--notes", "checked", "--hedging", "speculative") == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  hedging: none → speculative",
        "  notes: (empty) → checked",
    ]
    assert run(studies_dir, "edit-claim", "C0004", "--notes", "checked") == 0
    assert capsys.readouterr().out == "C0004 has these values already; nothing written\n"


def test_add_note_keeps_what_the_notes_say(studies_dir, capsys):
    assert run(studies_dir, "edit-claim", "C0004", "--notes", "the trial's own words") == 0
    assert run(studies_dir, "edit-claim", "C0004", "--add-note", "language-ok") == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "  notes: the trial's own words → the trial's own words; language-ok"
    )


def test_not_a_claim_and_add_term(draft_dir, capsys):
    assert (
        run(draft_dir, "not-a-claim", "--source", "fmt-news", "--sentence", "Advertisement", "--reason", "furniture")
        == 0
    )
    assert "the sentence is not a claim (furniture)" in capsys.readouterr().out
    withdraw = ["not-a-claim", "--source", "fmt-news", "--sentence", "Advertisement", "--withdraw"]
    assert run(draft_dir, *withdraw) == 0
    assert "withdrew from" in capsys.readouterr().out
    assert run(draft_dir, *withdraw) == 1  # withdrawn already: one line, exit 1
    assert "not recorded as not a claim of fmt-news" in capsys.readouterr().err
    args = ["add-term", "conditions", "--label", "Appetite", "--definition", "Hunger and fullness.", "--kind", "body"]
    assert run(draft_dir, *args, "--synonyms", "hunger; satiety") == 0
    assert capsys.readouterr().out.startswith("added 'appetite' to conditions in ")


def test_edit_study_corrects_a_study_by_labels_and_prints_each_change(studies_dir, capsys):
    args = ["edit-study", "S0001", "--participants", "142", "--design", "controlled trial", "--peer-reviewed", "yes"]
    assert run(studies_dir, *args) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  design: rct → controlled-trial",
        "  participants: 120 → 142",
        "  peer_reviewed: (empty) → yes",
    ]
    findings = ["edit-study", "S0001", "--outcome-directions", "Anxiety:no effect"]  # a label and a synonym
    assert run(studies_dir, *findings) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  outcome_directions: (empty) → anxiety:no-effect"
    assert run(studies_dir, *args) == 0
    assert capsys.readouterr().out == "S0001 has these values already; nothing written\n"


ADD_STUDY = [
    "add-study",
    "--source",
    "probiotics-news",
    "--quote",
    "faecal transplants from depressed donors caused depressive behaviour",  # a span S0003's quote does not equal
    "--design",
    "animal",
    "--control",
    "unstated",
    "--population",
    "animals",
    "--interventions",
    "FMT",  # a term's slug, label or synonym, read as accept reads it
    "--outcomes",
    "depression",
    "--direction",
    "harmful",
    "--reporting",
    "described",
]


def test_add_study_appends_a_study_under_the_next_id_and_says_how_to_link_it(studies_dir, capsys):
    before = (studies_dir / "studies.csv").read_bytes()
    assert run(studies_dir, *ADD_STUDY) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("added S0007 to ") and out[1].endswith("edit-claim CLAIM_ID --studies S0007")
    after = (studies_dir / "studies.csv").read_bytes()
    assert after.startswith(before)  # every row before it byte for byte
    row = after[len(before) :].decode()
    assert row.startswith("S0007,probiotics-news,faecal transplants from depressed donors")
    assert ",animal,,unstated,animals,,fmt,depression,harmful,,described," in row


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add-study", "--source", "probiotics-nwes", "--quote", "x"], "did you mean 'probiotics-news'?"),
        (ADD_STUDY[:5] + ["--design", "rtc"], "did you mean 'rct'?"),
        (["edit-claim", "C4", "--notes", "x"], "unknown claim_id (value 'C4'); did you mean 'C0004'?"),
        (["edit-study", "S1", "--participants", "9"], "unknown study_id (value 'S1'); did you mean 'S0001'?"),
        (["edit-study", "S0001"], "nothing to change; give a column to set"),
        (["edit-study", "S0001", "--design", "rtc"], "did you mean 'rct'?"),
        (["edit-study", "S0001", "--outcome-directions", "anxiety"], "a finding names no direction"),
        (["edit-claim", "C0004"], "nothing to change; give a column to set"),
        (["edit-claim", "C0004", "--conditions", "anxeity"], "did you mean 'anxiety'?"),
        (
            ["not-a-claim", "--source", "probiotics-nwes", "--sentence", "x", "--reason", "y"],
            "did you mean 'probiotics-news'?",
        ),
        (
            ["add-term", "conditons", "--label", "X", "--definition", "Y."],
            "unknown section (value 'conditons'); did you mean 'conditions'?",
        ),
        (
            ["add-term", "conditions", "--label", "X", "--definition", "Y.", "--kind", "mind", "--within", "mod"],
            "unknown conditions term (value 'mod'); did you mean 'mood'?",
        ),
    ],
)
def test_mistakes_are_one_line_and_exit_1(studies_dir, capsys, args, message):
    before = {p.name: p.read_bytes() for p in studies_dir.iterdir() if p.is_file() and p.name != ".claims.lock"}
    assert run(studies_dir, *args) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in studies_dir.iterdir() if p.is_file() and p.name != ".claims.lock"} == before


def test_add_claim_takes_dash_for_an_empty_column_as_the_prompt_does(workbook_dir, monkeypatch, capsys):
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: False)
    args = ["add-claim", "--source", "probiotics-news", "--quote", "Probiotics cure depression.", "--claim", "Cure."]
    options = ["--direction", "beneficial", "--evidence-level", "none", "--population", "unspecified"]
    assert run(workbook_dir, *args, *options, "--mechanisms", "-", "--citation", "-", "--yes") == 0
    assert capsys.readouterr().out.startswith("added C0011")
    assert "C0011,probiotics-news,Probiotics cure depression.,Cure.,depression,probiotics,," in (
        workbook_dir / "claims.csv"
    ).read_text(encoding="utf-8")


def test_add_study_missing_columns_are_one_line_each_and_nothing_is_written(studies_dir, capsys):
    before = (studies_dir / "studies.csv").read_bytes()
    assert run(studies_dir, *ADD_STUDY[:7]) == 1  # source, quote and design only
    err = capsys.readouterr().err.splitlines()
    missing = ["control", "population", "interventions", "outcomes", "direction", "reporting"]
    assert [next(c for c in missing if f"column '{c}': is empty" in line) for line in err[:-1]] == missing
    assert err[-1].endswith(
        "the study was not written: the workbook would not validate; fix the problems above, then add it again"
    )
    assert (studies_dir / "studies.csv").read_bytes() == before


def test_add_study_takes_no_id_a_claim_still_names(studies_dir, capsys):
    table = (studies_dir / "studies.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (studies_dir / "studies.csv").write_text("".join(line for line in table if not line.startswith("S0006,")))
    assert "S0006" in (studies_dir / "claims.csv").read_text(encoding="utf-8")  # a claim links the removed study
    before = (studies_dir / "studies.csv").read_bytes()
    assert run(studies_dir, *ADD_STUDY) == 1  # as S0006 it would quietly mend the link with another study
    err = capsys.readouterr().err
    assert "unknown study 'S0006'" in err and "the study was not written" in err
    assert (studies_dir / "studies.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (ADD_STUDY[:3] + ADD_STUDY[5:], "a study needs its quote; give --quote"),
        (
            [
                *ADD_STUDY[:4],
                "A randomised controlled trial in 120 adults found that a daily probiotic reduced "
                "anxiety scores over eight weeks.",
                *ADD_STUDY[5:],
            ],
            "S0001 is this study already",
        ),
    ],
    ids=["no-quote", "a-study-already-there"],
)
def test_add_study_refuses_a_study_without_its_quote_or_one_already_there(studies_dir, capsys, args, message):
    before = (studies_dir / "studies.csv").read_bytes()
    assert run(studies_dir, *args) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1
    assert (studies_dir / "studies.csv").read_bytes() == before


def test_add_study_tells_every_mistake_at_once(studies_dir, capsys):
    args = ["add-study", "--source", "probiotics-nwes", "--quote", "x", "--design", "rtc"]
    assert run(studies_dir, *args) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "did you mean 'rct'?" in err[0] and "did you mean 'probiotics-news'?" in err[1]


def test_add_study_in_a_folder_without_studies_says_how_to_start_one(studies_dir, capsys):
    (studies_dir / "studies.csv").unlink()
    assert run(studies_dir, *ADD_STUDY) == 1
    assert "this folder has no studies.csv: add one with its header line" in capsys.readouterr().err
