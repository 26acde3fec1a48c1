"""Studies, claims and flags as tables a reader can trace: each study and claim row has its id, each id links there."""

import re

import pandas as pd

from analysis import flag_claims, load_workbook, select_source_claims
from analysis.evidence.rule_checks import read_rule_checks
from analysis.reports.studies import (
    list_studies,
    named_studies,
    rule_words,
    show_claims,
    show_flag_counts,
    show_flags,
    show_rule_checks,
    show_studies,
)
from conftest import DATA, replace_in


def test_the_studies_table_reads_in_words(studies_dir):
    table = list_studies(load_workbook(studies_dir), source_id="probiotics-news")
    assert list(table.columns) == [
        "Study",
        "Design",
        "Participants",
        "Control group",
        "In whom",
        "Outcomes measured",
        "Direction",
        "How the evidence is reported",
        "Peer review and funding",
        "Citation",
        "Quote",
    ]
    rct = table.iloc[0]
    assert (rct["Study"], rct["Design"], rct["Participants"], rct["Control group"]) == (
        "S0001",
        "Randomised controlled trial",
        "120",
        "Yes",
    )
    assert rct["In whom"] == "Humans: adults" and rct["Outcomes measured"] == "Anxiety"
    assert table.iloc[1]["Participants"] == "not stated" and table.iloc[1]["Control group"] == "Not stated"
    assert rct["Peer review and funding"] == "Not stated"


def test_a_study_shows_each_outcome_s_own_finding_its_peer_review_and_its_funding(studies_dir):
    replace_in(
        studies_dir / "studies.csv",
        ",anxiety,beneficial,,described,,,",
        ",anxiety;mood,beneficial,mood:no-effect,described,,no,maker",
    )
    rct = list_studies(load_workbook(studies_dir), source_id="probiotics-news").iloc[0]
    assert rct["Outcomes measured"] == "Anxiety; Mood and emotional well-being: no effect"
    assert rct["Peer review and funding"] == "Not peer reviewed; run or paid for by the product's maker"


def test_funding_alone_is_said_without_a_not_stated_peer_review(studies_dir):
    replace_in(
        studies_dir / "studies.csv", ",anxiety,beneficial,,described,,,", ",anxiety,beneficial,,described,,,independent"
    )
    rct = list_studies(load_workbook(studies_dir), source_id="probiotics-news").iloc[0]
    assert rct["Peer review and funding"] == "Independent of any maker"


def test_each_study_row_has_its_id_for_links_to_land_on(studies_dir):
    text = show_studies(load_workbook(studies_dir), "probiotics-news").data
    assert re.findall(r'<tr id="(S\d+)">', text) == ["S0001", "S0002", "S0003", "S0004"]


def test_a_folder_without_studies_says_so(workbook_dir):
    assert "records no studies" in show_studies(load_workbook(workbook_dir), "probiotics-news").data


def test_claims_show_their_studies_linked_and_on_their_page_carry_their_ids(studies_dir):
    workbook = load_workbook(studies_dir)
    claims = select_source_claims(workbook, "probiotics-news")
    here = show_claims(workbook, claims, here="probiotics-news").data
    assert '<tr id="C0001">' in here and '<a href="#S0001">S0001</a>' in here
    assert "Studies it rests on" in here
    elsewhere = show_claims(workbook, claims).data
    assert '<tr id="C0001">' not in elsewhere
    assert '<a href="../source/probiotics-news.html#C0001">C0001</a>' in elsewhere
    assert '<a href="../source/probiotics-news.html#S0001">S0001</a>' in elsewhere


def test_implied_study_ids_are_not_shown(workbook_dir):
    workbook = load_workbook(workbook_dir)
    assert "~C" not in show_claims(workbook, workbook.claims).data
    assert named_studies("~C0001;S0002") == "S0002"


def test_flags_link_their_claims_and_name_their_rule_in_words(studies_dir):
    workbook = load_workbook(studies_dir)
    text = show_flags(workbook, flag_claims(workbook), base="source/").data
    assert '<a href="source/probiotics-news.html#C0004">C0004</a>' in text
    assert '<td><a href="source/probiotics-news.html">Probiotics and the Anxious Gut</a></td>' in text
    assert "no-evidence" not in text and "No evidence" in text
    assert rule_words("causal-on-weak-evidence") == "Causal on weak evidence"
    assert show_flags(workbook, flag_claims(workbook).iloc[:0]).data == "<p><em>No flags.</em></p>"


def test_each_rule_that_flags_is_shown_with_how_often_fact_checkers_marked_its_flags():
    checks = read_rule_checks(DATA / "rule_checks.csv")
    flags = pd.DataFrame(
        [
            ("C1", "causal-on-weak-evidence", "exaggeration"),
            ("C2", "hedge-beyond-evidence", "understatement"),
            ("C3", "booster-on-weak-evidence", "exaggeration"),  # a rule the checks do not hold yet
        ],
        columns=["claim_id", "rule", "kind"],
    )
    text = show_rule_checks(flags, checks).data
    assert "Its flags on 3 benchmark sets" in text and "<td>Causal on weak evidence</td>" in text
    assert "<td>60% (6 of 10)</td>" in text and "<td>10</td>" in text  # whole numbers, though one rule is unmeasured
    assert "<td>no flags there</td>" in text  # measured, silent
    assert "<td>not yet measured</td>" in text and "nan" not in text
    assert "No evidence" not in text  # a rule that flags nothing here is not listed
    assert show_rule_checks(flags.iloc[:0], checks).data == ""  # the flag table below says "No flags." once


def test_quotes_and_ids_are_escaped(studies_dir):
    workbook = load_workbook(studies_dir)
    claims = workbook.claims.assign(quote="<script>x</script>")
    text = show_claims(workbook, claims, here="probiotics-news").data
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert pd.notna(text)


def test_tables_across_articles_name_each_article_by_its_title_linked_to_its_page(studies_dir):
    workbook = load_workbook(studies_dir)
    counts = show_flag_counts(workbook, flag_claims(workbook)).data
    assert '<a href="source/diet-blog.html">Eat Well, Feel Well</a>' in counts
    assert ">diet-blog<" not in counts and "Exaggerated" in counts
    claims = show_claims(workbook, workbook.claims).data
    assert '<a href="../source/probiotics-news.html">Probiotics and the Anxious Gut</a>' in claims
    assert "Probiotics and the Anxious Gut" not in show_claims(workbook, workbook.claims, here="probiotics-news").data
