"""The curator's commands: add-source, add-claim and suggest, their refusals, and safe writes."""

import datetime
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import analysis.cli.curate as curate_cli
from analysis import validate_workbook
from analysis.cli.main import main
from analysis.curation.add import add_claim
from analysis.curation.propose import find_terms, propose_labels
from analysis.curation.sources import add_source, slugify
from analysis.workbook.vocabulary import load_vocabulary

PROBIOTICS = (
    "A randomised controlled trial in 120 adults found that a daily probiotic reduced anxiety scores over eight weeks."
)
CURE = "Probiotics cure depression."
FULL = [
    "--claim",
    "Probiotics cure depression.",
    "--direction",
    "beneficial",
    "--evidence-level",
    "none",
    "--population",
    "unspecified",
]
CURE_ROW = {
    "source_id": "probiotics-news",
    "quote": CURE,
    "claim": CURE,
    "conditions": "depression",
    "interventions": "probiotics",
    "direction": "beneficial",
    "relation": "direct_causal",
    "evidence_level": "none",
    "hedging": "none",
    "population": "unspecified",
    "advice": "no",
}
NEW_TEXT = "Kimchi and mood\n\nEating kimchi may improve mood, a small study suggests.\nFMT is not for everyone.\n"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """In-process calls see no terminal unless a test says otherwise."""
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: False)


def run(*args):
    """Run the CLI in a subprocess with no terminal and nothing to read; fail rather than hang."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120
    )


def add_claim_cli(workbook_dir, *args):
    return main(["add-claim", "--claims-dir", str(workbook_dir), "--source", "probiotics-news", *args])


def write_text(tmp_path, text=NEW_TEXT, name="kimchi.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def errors_of(workbook_dir):
    return validate_workbook(workbook_dir).errors


# --- add-source -----------------------------------------------------------------------------


def test_add_source_copies_the_text_and_appends_its_row(workbook_dir, tmp_path):
    before = (workbook_dir / "sources.csv").read_bytes()
    status = main(
        [
            "add-source",
            str(write_text(tmp_path)),
            "--title",
            "Kimchi and mood",
            "--kind",
            "News article",
            "--published",
            "2026-02-01",
            "--claims-dir",
            str(workbook_dir),
        ]
    )
    assert status == 0
    digest = hashlib.sha256(NEW_TEXT.encode()).hexdigest()
    assert (workbook_dir / "sources" / "kimchi-and-mood.txt").read_text() == NEW_TEXT
    after = (workbook_dir / "sources.csv").read_bytes()
    assert (
        after
        == before
        + (
            f"kimchi-and-mood,Kimchi and mood,news,,,,2026-02-01,{datetime.date.today()},"
            f"sources/kimchi-and-mood.txt,{digest},\n"
        ).encode()
    )
    assert errors_of(workbook_dir) == []


def test_add_source_takes_an_id_and_avoids_a_taken_slug(workbook_dir, tmp_path):
    first = add_source(write_text(tmp_path), title="Kimchi", source_id="kimchi-news", claims_dir=workbook_dir)
    second = add_source(
        write_text(tmp_path, NEW_TEXT + "More.\n", "b.txt"),
        title="Kimchi News",
        claims_dir=workbook_dir,
        today=datetime.date(2026, 1, 2),
    )
    assert (first["source_id"], second["source_id"]) == ("kimchi-news", "kimchi-news-2")
    assert second["accessed"] == "2026-01-02" and second["path"] == "sources/kimchi-news-2.txt"
    assert errors_of(workbook_dir) == []


def test_slugify_makes_ascii_slugs():
    assert slugify("Eat Well, Feel Well!") == "eat-well-feel-well"
    assert slugify("Café Gut–Brain") == "cafe-gut-brain"
    assert len(slugify("word " * 40)) <= 60


def test_add_source_refuses_a_text_already_present_and_names_it(workbook_dir, tmp_path, capsys):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((workbook_dir / "sources" / "diet-blog.txt").read_bytes())
    before = (workbook_dir / "sources.csv").read_bytes()
    assert main(["add-source", str(copy), "--title", "Copy", "--claims-dir", str(workbook_dir)]) == 1
    assert "already in the workbook as source 'diet-blog'" in capsys.readouterr().err
    assert (workbook_dir / "sources.csv").read_bytes() == before
    assert not (workbook_dir / "sources" / "copy.txt").exists()


def test_add_source_refuses_text_that_is_not_utf8(workbook_dir, tmp_path, capsys):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 culture and the gut\n".encode("latin-1"))
    assert main(["add-source", str(latin), "--title", "Cafe", "--claims-dir", str(workbook_dir)]) == 1
    assert "not UTF-8 text (byte 3" in capsys.readouterr().err
    assert sorted(p.name for p in (workbook_dir / "sources").iterdir()) == ["diet-blog.txt", "probiotics-news.txt"]


def test_add_source_with_an_invalid_row_writes_nothing(workbook_dir, tmp_path, capsys):
    before = (workbook_dir / "sources.csv").read_bytes()
    assert (
        main(
            [
                "add-source",
                str(write_text(tmp_path)),
                "--title",
                "Kimchi",
                "--published",
                "1 Feb 2026",
                "--claims-dir",
                str(workbook_dir),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "column 'published': must be a date written YYYY-MM-DD (value '1 Feb 2026')" in err
    assert (workbook_dir / "sources.csv").read_bytes() == before
    assert not (workbook_dir / "sources" / "kimchi.txt").exists()


def test_add_source_interrupted_at_the_row_removes_the_text(workbook_dir, tmp_path, monkeypatch):
    before = (workbook_dir / "sources.csv").read_bytes()
    real_replace = os.replace

    def interrupt_at_sources_csv(src, dst):
        if Path(dst).name == "sources.csv":
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupt_at_sources_csv)
    with pytest.raises(KeyboardInterrupt):
        add_source(write_text(tmp_path), title="Kimchi", claims_dir=workbook_dir)
    assert (workbook_dir / "sources.csv").read_bytes() == before
    assert sorted(p.name for p in (workbook_dir / "sources").iterdir()) == ["diet-blog.txt", "probiotics-news.txt"]
    assert [p.name for p in workbook_dir.iterdir() if p.name.endswith(".tmp")] == []


# --- add-claim ------------------------------------------------------------------------------


def test_add_claim_appends_exactly_one_line(workbook_dir):
    before = (workbook_dir / "claims.csv").read_bytes()
    assert add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--yes") == 0
    added = (workbook_dir / "claims.csv").read_bytes()[len(before) :]
    assert (workbook_dir / "claims.csv").read_bytes().startswith(before)
    assert added == (
        b"C0011,probiotics-news,Probiotics cure depression.,Probiotics cure depression.,depression,"
        b"probiotics,,beneficial,direct_causal,none,none,,unspecified,no,\n"
    )
    assert errors_of(workbook_dir) == []


def test_add_claim_judges_links_in_sources_as_validate_does(workbook_dir, tmp_path, capsys):
    os.symlink("diet-blog.txt", workbook_dir / "sources" / "alias.txt")  # a link that stays inside sources/
    assert add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--yes") == 0
    (workbook_dir / "sources").rename(tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", workbook_dir / "sources")  # sources/ itself a link out of the workbook
    before = (workbook_dir / "claims.csv").read_bytes()
    assert add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--yes") == 1
    assert "leads outside the claims folder's sources/ (through a symbolic link)" in capsys.readouterr().err
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_add_claim_accepts_synonyms_and_labels(workbook_dir):
    quote = "In mice, faecal transplants from depressed donors caused depressive behaviour."
    assert (
        add_claim_cli(
            workbook_dir,
            "--quote",
            quote,
            "--claim",
            "FMT causes depression in mice.",
            "--interventions",
            "faecal transplant",
            "--conditions",
            "Major depressive disorder",
            "--direction",
            "Harmful",
            "--evidence-level",
            "Animal study",
            "--population",
            "animals",
            "--yes",
        )
        == 0
    )
    row = validate_workbook(workbook_dir).claims.iloc[-1]
    assert (row.interventions, row.conditions, row.direction, row.evidence_level) == (
        "fmt",
        "depression",
        "harmful",
        "animal",
    )
    assert (row.relation, row.hedging, row.advice) == ("direct_causal", "none", "no")


def test_add_claim_unknown_term_says_did_you_mean_and_writes_nothing(workbook_dir, capsys):
    before = (workbook_dir / "claims.csv").read_bytes()
    assert add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--interventions", "probiotcs", "--yes") == 1
    err = capsys.readouterr().err
    assert "column 'interventions': unknown interventions term 'probiotcs'" in err
    assert "did you mean 'probiotics'?" in err
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_add_claim_quote_not_found_shows_the_closest_passage(workbook_dir, capsys):
    assert add_claim_cli(workbook_dir, "--quote", "Probiotics cures depression.", *FULL, "--yes") == 1
    err = capsys.readouterr().err
    assert "quote not found in source 'probiotics-news'" in err
    assert "the closest passage (" in err and "reads: 'Probiotics cure depression.'" in err


def test_add_claim_invalid_row_is_never_written(workbook_dir, capsys):
    before = (workbook_dir / "claims.csv").read_bytes()
    assert add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--hedging", "none;speculative", "--yes") == 1
    err = capsys.readouterr().err
    assert "claims.csv:12: column 'hedging': 'none' cannot be combined" in err
    assert "the claim was not written" in err
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_add_claim_with_yes_writes_what_the_words_support(workbook_dir):
    assert add_claim_cli(workbook_dir, "--quote", CURE, "--direction", "beneficial", "--yes") == 0
    row = validate_workbook(workbook_dir).claims.iloc[-1]
    assert (row.claim, row.evidence_level, row.population) == (CURE, "none", "humans")  # names no one: people


def test_add_claim_naming_its_studies_proposes_no_evidence_level_beside_them(studies_dir):
    assert add_claim_cli(studies_dir, "--quote", CURE, "--studies", "S0001", "--yes") == 0
    row = validate_workbook(studies_dir).claims.iloc[-1]
    assert (row.studies, row.evidence_level) == ("S0001", "")


def test_add_claim_without_terminal_or_yes_prints_the_proposal_and_never_waits(workbook_dir):
    before = (workbook_dir / "claims.csv").read_bytes()
    quote = "Early results suggest that exercise may modestly improve mood, but more trials are needed."
    result = run(
        "add-claim",
        "--claims-dir",
        str(workbook_dir),
        "--source",
        "probiotics-news",
        "--quote",
        quote,
        "--claim",
        "Exercise may improve mood.",
    )
    assert result.returncode == 1
    assert "re-run with --yes" in result.stderr and "Traceback" not in result.stderr
    assert "re-run with --yes to accept them" in result.stderr
    assert "hedging         modest;needs-more-trials;preliminary;speculative" in result.stdout
    assert "conditions      mood" in result.stdout and "interventions   exercise" in result.stdout
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_add_claim_asks_on_a_terminal(workbook_dir, monkeypatch, capsys):
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: True)
    answers = iter(["Probiotics reduce anxiety.", "", "", "", "beneficial", "", "RCT", "", "", "humans", "", "", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert add_claim_cli(workbook_dir, "--quote", PROBIOTICS) == 0
    row = validate_workbook(workbook_dir).claims.iloc[-1]
    assert (row.claim_id, row.claim, row.conditions, row.interventions) == (
        "C0011",
        "Probiotics reduce anxiety.",
        "anxiety",
        "probiotics",
    )
    assert (row.evidence_level, row.relation, row.population, row.mechanisms) == ("rct", "direct_causal", "humans", "")
    shown = capsys.readouterr().out
    assert shown.index("the row to add:") < shown.rindex("  evidence_level  rct") < shown.index("added C0011")


def test_add_claim_end_of_input_on_a_terminal_writes_nothing(workbook_dir, monkeypatch, capsys):
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: True)

    def end_of_input(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)
    before = (workbook_dir / "claims.csv").read_bytes()
    assert add_claim_cli(workbook_dir, "--quote", CURE) == 1
    assert "no answer (end of input); nothing written" in capsys.readouterr().err
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_quotes_with_commas_quotes_and_line_breaks_round_trip(workbook_dir):
    quote = 'My friend "felt better" after a week of kefir —\nshe swears by it.'
    before = (workbook_dir / "claims.csv").read_bytes()
    add_claim(
        {
            "source_id": "probiotics-news",
            "quote": quote,
            "claim": 'Kefir, she says, "helped".',
            "conditions": "mood",
            "interventions": "fermented-foods",
            "direction": "beneficial",
            "relation": "direct_causal",
            "evidence_level": "anecdote",
            "hedging": "none",
            "population": "humans",
            "advice": "no",
        },
        workbook_dir,
    )
    added = (workbook_dir / "claims.csv").read_bytes()[len(before) :].decode()
    assert added.count("\n") == 2 and added.startswith('C0011,probiotics-news,"My friend ""felt better""')
    row = validate_workbook(workbook_dir).claims.iloc[-1]
    assert (row.quote, row.claim) == (quote, 'Kefir, she says, "helped".')


def test_append_keeps_crlf_and_ends_an_unterminated_last_line(workbook_dir):
    path = workbook_dir / "claims.csv"
    data = path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n")
    path.write_bytes(data)
    add_claim_cli(workbook_dir, "--quote", CURE, *FULL, "--yes")
    after = path.read_bytes()
    assert after.startswith(data + b"\r\nC0011,") and after.endswith(b",no,\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")


def test_an_interrupted_write_leaves_the_old_file_intact(workbook_dir, monkeypatch):
    """Ctrl-C at the worst moment: the new table is written to the temporary file, not yet renamed."""
    before = (workbook_dir / "claims.csv").read_bytes()

    def interrupt(src, dst):
        assert Path(src).read_bytes().startswith(before) and len(Path(src).read_bytes()) > len(before)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        add_claim(CURE_ROW, workbook_dir)
    assert (workbook_dir / "claims.csv").read_bytes() == before
    assert [p.name for p in workbook_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_reports_an_interrupt_without_traceback(workbook_dir, monkeypatch, capsys):
    def interrupt(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    assert (
        main(
            [
                "add-claim",
                "--claims-dir",
                str(workbook_dir),
                "--source",
                "probiotics-news",
                "--quote",
                CURE,
                *FULL,
                "--yes",
            ]
        )
        == 130
    )
    assert "no file was left half-written" in capsys.readouterr().err


WORKER = textwrap.dedent("""
    import sys
    from analysis.curation.add import add_claim
    claims_dir, worker = sys.argv[1], sys.argv[2]
    for n in range(25):
        add_claim({"source_id": "probiotics-news", "quote": "Probiotics cure depression.",
                   "claim": "Probiotics cure depression.", "conditions": "depression", "interventions": "probiotics",
                   "direction": "beneficial", "relation": "direct_causal", "evidence_level": "none",
                   "hedging": "none", "population": "unspecified", "advice": "no",
                   "notes": f"worker {worker}, claim {n}"}, claims_dir)
""")


@pytest.mark.slow  # a fresh interpreter or processes: left to make test
def test_four_curators_adding_at_once_lose_no_row(workbook_dir):
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(workbook_dir), str(w)],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for worker in workers:
        assert worker.wait(timeout=180) == 0, worker.stderr.read()
    result = validate_workbook(workbook_dir)
    assert result.errors == []
    claims = result.claims
    assert len(claims) == 110 and claims["claim_id"].is_unique
    assert sorted(claims["claim_id"][10:]) == [f"C{n:04d}" for n in range(11, 111)]
    assert sorted(claims["notes"][10:]) == sorted(f"worker {w}, claim {n}" for w in range(4) for n in range(25))


def test_the_cli_options_follow_the_claims_columns_and_load_no_pandas():
    from analysis.workbook.validate import CLAIM_COLUMNS

    assert list(curate_cli.LABEL_HELP) == CLAIM_COLUMNS[3:]
    code = "import sys, analysis.cli.curate; print('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


# --- proposals --------------------------------------------------------------------------------


def test_synonyms_name_terms_on_word_boundaries_longest_first(workbook_dir):
    vocabulary = load_vocabulary(workbook_dir)
    for text in ("FMT helps", "a fecal microbiota transplant", "Faecal transplants from donors"):
        assert find_terms(text, vocabulary, "interventions") == ["fmt"]
    assert find_terms("Major depressive disorder and anxious moods", vocabulary, "conditions") == [
        "depression",
        "anxiety",
        "mood",
    ]
    assert find_terms("unmoody nutritionists", vocabulary, "conditions") == []
    assert find_terms("gut microbiota and the microbiome", vocabulary, "interventions") == ["gut-microbiome"]


def test_proposals_come_from_the_language_detector(workbook_dir):
    vocabulary = load_vocabulary(workbook_dir)
    advice = "You should eat fermented foods every day to protect your mood."
    assert propose_labels(advice, vocabulary, workbook_dir) == {
        "conditions": "mood",
        "interventions": "fermented-foods",
        "hedging": "none",
        "relation": "direct_causal",  # advice that states its effect is a claim of effect (claims/README.md)
        "advice": "yes",
        "direction": "unspecified",  # the fixture's vocabulary lists no words of direction
        "evidence_level": "none",  # nor does the quote name any evidence
        "reporting": "none",
        "population": "humans",  # it names no one: a claim about people (claims/README.md)
        "claim_type": "effect",  # advice that states its effect claims the effect
    }
    proposal = propose_labels("Kefir may help anxiety.", vocabulary, workbook_dir)
    assert (proposal["hedging"], proposal["relation"]) == ("speculative", "conditional_causal")


def shipped_proposal(quote, text=None):
    """The proposal for `quote` (in `text`, when given) from the shipped vocabulary and lexicon."""
    from analysis.common.paths import CLAIMS_DIR

    return propose_labels(quote, load_vocabulary(CLAIMS_DIR), CLAIMS_DIR, text)


@pytest.mark.parametrize(
    "quote, relation",
    [
        ("Kefir improves digestion.", "direct_causal"),
        ("Kefir is a fermented milk drink that improves digestion.", "no_relationship"),  # a definition
        ("Kefir could be an ally for people with low mood.", "conditional_causal"),  # a modal, no word of relation
        ("It might sound odd, but kefir is a drink.", "no_relationship"),  # the modal is conceded
        ("It may sound odd, but kefir improves mood.", "direct_causal"),
        ("Kefir can improve mood.", "conditional_causal"),  # "can" before an effect, as curators read it
        ("You can improve your mood with kefir.", "direct_causal"),  # the reader's ability, advice
        ("Kefir may ease anxiety, although more research is needed.", "conditional_causal"),
        ("More research is needed on kefir and anxiety.", "no_relationship"),
    ],
)
def test_relation_is_proposed_by_the_curators_rules(quote, relation):
    assert shipped_proposal(quote)["relation"] == relation


def test_you_can_and_cannot_are_not_hedges():
    assert shipped_proposal("You can improve your mood with kefir.")["hedging"] == "none"
    assert shipped_proposal("Kefir can't cure depression.")["hedging"] == "none"
    assert shipped_proposal("Kefir can improve mood.")["hedging"] == "speculative"


@pytest.mark.parametrize(
    "heading, relation",
    [
        ("Walking for a Healthier Gut", "direct_causal"),  # names a benefit: asserts it
        ("Walking and the Gut", "no_relationship"),  # names a topic
        ("Promising Findings on Walking", "no_relationship"),  # a hedge word names no benefit
        ("The Link to Mood: How Kefir May Improve It", "conditional_causal"),  # read by what follows the colon
    ],
)
def test_a_heading_is_read_like_the_sentence_it_stands_for(heading, relation):
    proposal = shipped_proposal(heading, f"{heading}\n\nA first sentence. A second one. A third.\n")
    assert (proposal["placement"], proposal["relation"]) == ("headline", relation)


def test_a_hedge_in_a_column_header_hedges_every_row_under_it():
    row = "| Kefir | Improves mood. |"
    hedged = shipped_proposal(row, f"Foods\n\n| Food | Possible benefit |\n|---|---|\n{row}\n")
    flat = shipped_proposal(row, f"Foods\n\n| Food | Benefit |\n|---|---|\n{row}\n")
    assert (hedged["hedging"], hedged["relation"]) == ("speculative", "conditional_causal")
    assert (flat["hedging"], flat["relation"]) == ("none", "direct_causal")


# --- suggest ---------------------------------------------------------------------------------------


def drop_claim(claims_dir, claim_id):
    path = claims_dir / "claims.csv"
    path.write_bytes(
        b"".join(line for line in path.read_bytes().splitlines(keepends=True) if not line.startswith(claim_id.encode()))
    )


def test_suggest_lists_untabulated_sentences_with_proposals(workbook_dir):
    drop_claim(workbook_dir, "C0010")
    result = run("suggest", "diet-blog", "--claims-dir", str(workbook_dir))
    assert result.returncode == 0, result.stderr
    assert "diet-blog: 1 sentence with a claim cue not yet tabulated" in result.stdout
    assert "line 5: 'Antibiotics may increase the risk of anxiety, one cohort study reported.'" in result.stdout
    assert (
        "proposed: conditions=anxiety, interventions=antibiotics, hedging=speculative, "
        "relation=conditional_causal, advice=no"
    ) in result.stdout


def test_suggest_write_without_terminal_refuses_and_points_to_draft(workbook_dir):
    drop_claim(workbook_dir, "C0010")
    before = (workbook_dir / "claims.csv").read_bytes()
    result = run("suggest", "diet-blog", "--write", "--claims-dir", str(workbook_dir))
    assert result.returncode == 1
    assert "--write needs a terminal" in result.stderr and "analysis draft diet-blog" in result.stderr
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_suggest_write_yes_adds_no_unreviewed_claim(workbook_dir, monkeypatch, capsys):
    """Claims written unreviewed were graded and flagged like any other: 100 flags on 124 such claims."""
    drop_claim(workbook_dir, "C0010")
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: True)  # even at a terminal
    before = (workbook_dir / "claims.csv").read_bytes()
    argv = ["suggest", "diet-blog", "--write", "--yes", "--direction", "harmful", "--claims-dir", str(workbook_dir)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "would add claims nobody reviewed" in err and "draft diet-blog" in err and len(err.splitlines()) == 1
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_suggest_write_asks_per_sentence(workbook_dir, monkeypatch):
    drop_claim(workbook_dir, "C0010")
    drop_claim(workbook_dir, "C0009")
    monkeypatch.setattr(curate_cli, "is_interactive", lambda: True)
    answers = iter(
        [
            "n",  # the fibre sentence
            "y",
            "Antibiotics may raise anxiety risk.",
            "",
            "",
            "",
            "harmful",
            "",
            "observational",
            "",
            "one cohort study",
            "humans",
            "",
            "",
            "y",
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["suggest", "diet-blog", "--write", "--claims-dir", str(workbook_dir)]) == 0
    row = validate_workbook(workbook_dir).claims.iloc[-1]
    assert (row.claim_id, row.claim, row.citation, row.notes) == (
        "C0009",
        "Antibiotics may raise anxiety risk.",
        "one cohort study",
        "",
    )


def test_titles_and_headings_are_proposed_as_headlines(workbook_dir):
    from analysis.curation.propose import propose_placement

    text = (
        "Gut bacteria lift your mood\n\nA new study of 30 adults found a link. It was small.\n\nLater on, more text.\n"
    )
    assert propose_placement("Gut bacteria lift your mood", text) == "headline"
    assert propose_placement("It was small.", text) == "summary"
    assert propose_placement("Later on, more text.", text) == "body"


def test_the_line_right_under_the_title_is_its_standfirst_a_summary():
    from analysis.curation.propose import propose_placement

    text = "Gut chemical harms brain cells\nMini-brains showed stressed neurons, but scientists urge caution\n\nBody.\n"
    assert propose_placement("Mini-brains showed stressed neurons, but scientists urge caution", text) == "summary"
    spaced = text.replace("cells\n", "cells\n\n")  # a heading of its own, after a blank line
    assert propose_placement("Mini-brains showed stressed neurons, but scientists urge caution", spaced) == "headline"


@pytest.mark.parametrize(
    "quote, expected",
    [
        (
            "A randomised controlled trial in 120 adults found that a daily probiotic reduced anxiety.",
            {"evidence_level": "rct", "population": "humans"},
        ),
        (
            "In mice, faecal transplants from depressed donors caused depressive behaviour.",
            {"evidence_level": "animal", "population": "animals"},
        ),
        (
            "Studies show that people with depression have less diverse gut bacteria.",
            {"evidence_level": "unspecified-studies", "population": "humans", "reporting": "second-hand"},
        ),
        ("Probiotics cure depression.", {}),
    ],
)
def test_evidence_and_population_are_proposed_from_the_words(quote, expected):
    from analysis.common.paths import CLAIMS_DIR
    from analysis.curation.propose import propose_evidence

    proposals = propose_evidence(quote, load_vocabulary(CLAIMS_DIR))
    assert {k: v for k, v in proposals.items() if k in expected} == expected
    assert set(proposals) >= set(expected)


def test_a_parent_s_words_are_proposed_as_an_anecdote_and_a_doctor_s_as_an_opinion():
    text = (
        "Family credits probiotic\n\nHer son's mother, Maria Lee, said it worked.\n"
        "“He is calmer now,” Maria said.\n“Kefir is good for the gut,” says Dr. Ann Ross, a dietitian.\n"
    )
    assert shipped_proposal("He is calmer now", text)["evidence_level"] == "anecdote"
    assert shipped_proposal("Kefir is good for the gut", text)["evidence_level"] == "expert-opinion"


def test_what_a_product_s_own_marketing_says_is_no_evidence():
    text = (
        "Probiotics in flu season\n\n"
        "The website for Flora Max says that it “provides seasonal immune support.”\n"
        "A brochure provided by the company said that the supplement offers “live probiotics for immune health.”\n"
        "“Kefir is good for the gut,” says Dr. Ann Ross, a dietitian.\n"
    )
    for seller in ("The website for Flora Max says", "A brochure provided by the company said"):
        assert shipped_proposal(seller, text)["evidence_level"] == "none"
    assert shipped_proposal("Kefir is good for the gut", text)["evidence_level"] == "expert-opinion"


def test_a_named_expert_s_view_is_reported_named_an_unnamed_one_described_and_a_story_described():
    text = (
        "Family credits probiotic\n\n“He is calmer now,” said his mother, Maria Lee.\n"
        "“Kefir is good for the gut,” says Dr. Ann Ross, a dietitian.\n"
        "“Fibre feeds the microbes,” a gastroenterologist we spoke to said.\n"
    )
    assert shipped_proposal("Kefir is good for the gut", text)["reporting"] == "named"
    assert shipped_proposal("“Fibre feeds the microbes,” a gastroenterologist we spoke to said.", text) == (
        shipped_proposal("“Fibre feeds the microbes,” a gastroenterologist we spoke to said.", text)
        | {"evidence_level": "expert-opinion", "reporting": "described"}
    )
    assert shipped_proposal("He is calmer now", text)["reporting"] == "described"  # one case, though she is named


def test_a_first_person_story_is_proposed_as_an_anecdote_unless_it_reports_research():
    text = (
        "My gut journey\n\nI've been taking it for eight months and I have not had a panic attack since.\n"
        "Honestly, it changed my life.\nI felt the trial results were striking.\nProbiotics calm the mind.\n"
    )
    assert shipped_proposal("I've been taking it for eight months", text)["evidence_level"] == "anecdote"
    assert shipped_proposal("Honestly, it changed my life.", text)["evidence_level"] == "anecdote"
    assert shipped_proposal("I felt the trial results were striking.", text)["evidence_level"] != "anecdote"
    assert shipped_proposal("Probiotics calm the mind.", text)["evidence_level"] == "none"


def test_a_doctor_s_unsourced_answer_in_her_column_is_proposed_as_her_opinion():
    text = (
        "Can probiotics help?\n\nASK THE DOCTOR: our GP answers\n\nQ. Is a probiotic worth a try for my son?\n\n"
        "A. Treating constipation can make a real difference.\n\nA small trial of 18 children found less pain.\n"
    )
    assert shipped_proposal("Treating constipation can make a real difference.", text)["evidence_level"] == (
        "expert-opinion"
    )
    assert shipped_proposal("A small trial of 18 children found less pain.", text)["evidence_level"] != (
        "expert-opinion"
    )
    assert (
        shipped_proposal("Treating constipation can make a real difference.", text.replace("A. ", ""))["evidence_level"]
        == "none"
    )


@pytest.mark.parametrize(
    "quote",
    [
        "Talk to your GP before starting supplements.",
        "If you are struggling, speak to your GP.",
        "Always involve a doctor or registered dietitian before cutting out whole food groups.",
        "Ask your pharmacist which probiotic suits you.",
        "Contact your GP urgently if you have thoughts of harming yourself.",
        "Call 999 if you are in danger.",
        "Go to your nearest emergency department if you cannot keep fluids down.",
        "Do not try it at home.",
        "Never attempt a faecal transplant at home.",
        "If you are not sure, check with your doctor or pharmacist first.",
        "Please speak to your care team if you are worried.",
        "Do not stop or change any prescribed medication without medical supervision.",
        "Please don't stop any medication he's on without talking to them.",
    ],
)
def test_referral_to_a_gp_a_pharmacist_or_a_dietitian_is_proposed_as_safety_advice(quote):
    assert shipped_proposal(quote)["advice"] == "safety"


def test_safety_advice_relates_nothing_and_is_advice_whatever_its_other_words():
    quote = (
        "People who are pregnant, have a weakened immune system or have a medical condition should check with a "
        "health professional before eating homemade fermented foods."
    )
    proposal = shipped_proposal(quote)  # "weakened" and "immune" would make it a mechanism stated as a cause
    assert (proposal["advice"], proposal["relation"], proposal["claim_type"]) == ("safety", "no_relationship", "advice")


def test_a_statement_about_the_research_relates_nothing_and_gives_no_direction():
    proposal = shipped_proposal("We found little information about unwanted effects.")  # "effects": a cause, alone
    assert (proposal["claim_type"], proposal["relation"], proposal["direction"]) == (
        "evidence",
        "no_relationship",
        "unspecified",
    )


def test_a_story_about_asking_a_doctor_is_no_referral():
    assert shipped_proposal("I asked my doctor about it and she laughed.")["advice"] != "safety"
    assert shipped_proposal("Patients were sent home from hospital after two days.")["advice"] != "safety"
    assert shipped_proposal("The team checked the children's stools every week.")["advice"] != "safety"
    assert (
        shipped_proposal("Patients who stop their antidepressants for supplements often relapse.")["advice"] != "safety"
    )
    assert shipped_proposal("Probiotics do not change the effect of antidepressants.")["advice"] != "safety"
    assert shipped_proposal("Participants were asked not to change their medication.")["advice"] != "safety"
    seeking = "For individuals seeking to support their mental well-being, probiotics are garnering interest."
    assert shipped_proposal(seeking)["advice"] != "safety"
    assert shipped_proposal("Seek professional support if you are struggling.")["advice"] == "safety"


@pytest.mark.parametrize(
    ("quote", "direction"),
    [
        ("People who ate the most ultra-processed food had a higher risk of depression.", "harmful"),
        ("Eating more fibre was linked to a lower risk of depression.", "beneficial"),
    ],
)
def test_a_higher_or_lower_risk_gives_the_direction(quote, direction):
    assert shipped_proposal(quote)["direction"] == direction


@pytest.mark.parametrize(
    "quote",
    [
        "But this is one trial, and it needs to be repeated in a larger group before anyone changes what they do.",
        "These results must be replicated.",
        "It was a small trial, and it needs replicating.",
    ],
)
def test_a_call_to_repeat_a_study_is_about_the_evidence_not_advice_to_the_reader(quote):
    proposal = shipped_proposal(quote)
    assert (proposal["claim_type"], proposal["advice"]) == ("evidence", "no")
    assert "needs-more-trials" in proposal["hedging"]


def test_memory_and_a_poo_transplant_are_named_by_their_terms():
    assert "cognition" in shipped_proposal("Probiotics improved memory in older adults.")["conditions"]
    assert "fmt" in shipped_proposal("A poo transplant cured her depression, she says.")["interventions"]


def test_a_sentence_on_how_a_study_was_run_is_about_the_evidence():
    assert shipped_proposal("They recruited 64 adults with IBS from three clinics.")["claim_type"] == "evidence"
    assert shipped_proposal("Six participants dropped out before the end.")["claim_type"] == "evidence"
    assert shipped_proposal("We found 14 trials involving 1,318 adults.")["claim_type"] == "evidence"  # a search
    assert shipped_proposal("We found little information about unwanted effects.")["claim_type"] == "evidence"
    assert shipped_proposal("The trial found that kefir eased stress.")["claim_type"] == "effect"  # a finding


@pytest.mark.parametrize(
    "quote",
    [
        "Ask any GP and they will tell you fibre lifts mood.",
        "The team discussed the results with psychiatrists, who agreed that probiotics ease depression.",
    ],
)
def test_a_doctor_named_in_passing_is_no_referral(quote):
    assert shipped_proposal(quote)["advice"] != "safety"


def test_bacteria_recruiting_immune_cells_is_biology_not_a_study():
    assert (
        shipped_proposal("Gut bacteria recruit immune cells that calm the brain and ease anxiety.")["claim_type"]
        == "effect"
    )


@pytest.mark.parametrize(
    "quote, column, expected",
    [
        ("Some people notice mild bloating in the first week.", "conditions", "adverse-effects"),
        ("It was well tolerated.", "conditions", "adverse-effects"),
        ("For most healthy children, a probiotic is unlikely to do harm.", "conditions", "adverse-effects"),
        ("Start small to give your gut time to adjust.", "conditions", "gut-health"),
        ("The gut and the brain are in constant conversation.", "conditions", "mental-health"),
        ("The gut is your second brain.", "conditions", "mental-health"),
        ("Your brain and your gut talk all day.", "conditions", "mental-health"),
        ("Stress in the brain can upset the gut.", "conditions", "stress"),
        ("Happy tummies make happy minds.", "conditions", "mental-health"),
        ("Please speak to your GP before you stop anything.", "interventions", "professional-care"),
        ("If you are struggling, talk to a mental health professional.", "interventions", "professional-care"),
    ],
)
def test_a_quote_naming_no_term_is_proposed_the_terms_its_topic_words_imply(quote, column, expected):
    assert shipped_proposal(quote)[column] == expected


def test_a_job_title_or_a_turn_of_phrase_implies_no_term():
    assert "interventions" not in shipped_proposal("Psychiatrist Jane Foster, who led the study, was pleased.")
    assert "conditions" not in shipped_proposal("I was gutted when the results came in.")


@pytest.mark.parametrize(
    "quote, population",
    [
        ("Probiotics ease anxiety.", "humans"),  # names no one: a claim about people (claims/README.md)
        ("In mice, the probiotic eased anxiety.", "animals"),
        ("Just like us, dogs carry trillions of gut bacteria.", "animals"),  # the animals beside "us"
    ],
)
def test_the_population_proposed_is_the_one_the_words_name_else_people(quote, population):
    assert shipped_proposal(quote)["population"] == population


def test_the_condition_a_quote_is_about_is_not_also_proposed_as_its_exposure():
    proposal = shipped_proposal("The probiotic group had less inflammation after eight weeks.")
    assert (proposal["conditions"], proposal["interventions"]) == ("inflammation", "probiotics")
    assert shipped_proposal("Inflammation can drive depression.")["interventions"] == "inflammation"


def test_topic_words_never_add_to_the_terms_a_quote_names():
    proposal = shipped_proposal("Probiotics may ease anxiety, with some bloating at first.")
    assert (proposal["conditions"], proposal["interventions"]) == ("anxiety", "probiotics")
    assert "conditions" not in shipped_proposal("The trial enrolled 120 adults.")  # no topic word: nothing proposed


def test_a_pathway_whose_condition_is_only_implied_is_still_a_mechanism():
    proposal = shipped_proposal("Gut bacteria make butyrate, which strengthens the gut lining.")
    assert proposal["conditions"] == "gut-health"  # implied by "gut", not named
    assert proposal["claim_type"] == "mechanism"  # a pathway with no condition named
