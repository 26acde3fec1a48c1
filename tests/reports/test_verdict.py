"""An article's verdict is written from its data: its studies, its strongest claim, its headline, its sources."""

import re
from dataclasses import replace

from analysis import load_workbook
from analysis.reports.verdict import plural, show_verdict, write_verdict
from conftest import edit_claims


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def test_the_verdict_counts_the_studies_by_design_with_size_and_control(studies_dir):
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert text.startswith(
        "This article reports 4 studies: a randomised controlled trial (S0001), an animal study (S0003) and "
        '2 unspecified studies ("studies show"; S0002, S0004). The largest states 120 participants (S0001); '
        "one of them states a control group."
    )


def test_one_study_is_described_whole(studies_dir):
    workbook = load_workbook(studies_dir)
    workbook = replace(workbook, studies=workbook.studies.drop(workbook.studies.index[1:4]))  # S0001 alone
    text = plain(write_verdict(workbook, "probiotics-news"))
    assert text.startswith(
        "This article reports one study: a randomised controlled trial of 120 adults (S0001). It had a control group."
    )
    assert "rests on that study (S0001)" in text


def test_a_population_that_starts_with_the_study_s_size_is_not_counted_twice(studies_dir):
    workbook = load_workbook(studies_dir)
    studies = workbook.studies.drop(workbook.studies.index[1:4])
    studies.loc[studies.index[0], "population_detail"] = "120 adults with anxiety"
    text = plain(write_verdict(replace(workbook, studies=studies), "probiotics-news"))
    assert "a randomised controlled trial of 120 adults with anxiety (S0001)" in text


def test_the_strongest_claim_is_held_against_its_studies_and_flags(studies_dir):
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert (
        "Its strongest claim, “A randomised controlled trial in 120 adults found that a daily probiotic reduced "
        "anxiety scores over eight weeks.” (C0001), states a flat cause and rests on a randomised "
        "controlled trial (S0001). No flag is raised on it."
    ) in text
    assert "No headline or summary claim is recorded." in text


def add_title_claim(claims_dir, relation: str) -> None:
    """Add the title of probiotics-news as claim C0011, a claim that probiotics help anxiety, resting on S0001."""
    with open(claims_dir / "claims.csv", "a", encoding="utf-8", newline="") as file:
        file.write(
            f"C0011,probiotics-news,Probiotics and the Anxious Gut,Probiotics help anxiety.,anxiety,probiotics,,"
            f"beneficial,{relation},,none,,humans,no,S0001,\n"
        )
    edit_claims(claims_dir, {"C0011": {"placement": "headline"}})


def test_a_headline_is_held_against_its_body(studies_dir):
    add_title_claim(studies_dir, "direct_causal")
    hedged = {"relation": "conditional_causal", "hedging": "speculative", "studies": "S0002"}  # "studies show"
    edit_claims(studies_dir, {"C0001": hedged})  # on its trial the body would support a cause, however worded
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert "Its strongest claim, “Probiotics and the Anxious Gut” (C0011)" in text  # the headline first
    assert "That claim is its headline, and claims more than its body: the headline claims flat cause" in text


def test_a_hedged_headline_no_stronger_than_its_body_is_credited(studies_dir):
    add_title_claim(studies_dir, "conditional_causal")
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert "Its headline, “Probiotics and the Anxious Gut” (C0011), states a hedged cause" in text
    assert "states a hedged cause, and is no stronger than its body." in text


def test_of_two_claims_in_the_headline_the_flagged_one_speaks_for_it(studies_dir):
    add_title_claim(studies_dir, "conditional_causal")  # "Probiotics and the Anxious Gut": hedged, on the trial
    with open(studies_dir / "claims.csv", "a", encoding="utf-8", newline="") as file:
        file.write(  # the same title's "Anxious Gut", a cause in people from the mouse study S0003
            "C0012,probiotics-news,the Anxious Gut,Probiotics calm the anxious gut.,anxiety,probiotics,,"
            "beneficial,direct_causal,,none,,humans,no,S0003,\n"
        )
    edit_claims(studies_dir, {"C0012": {"placement": "headline"}})
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert "Its strongest claim, “the Anxious Gut” (C0012)" in text
    assert "It is flagged: speaks of people, but rests only on" in text
    assert "That claim is its headline" in text and "(C0011)" not in text  # not the first, unflagged one


def test_other_headline_and_summary_claims_beyond_the_body_are_counted(studies_dir):
    add_title_claim(studies_dir, "conditional_causal")  # a hedged headline, no stronger than its body
    summary = {"placement": "summary", "studies": "S0002"}  # a flat cause from "studies show"
    body = {"studies": "S0002", "evidence_level": "", "conditions": "anxiety", "interventions": "probiotics"}
    edit_claims(studies_dir, {"C0001": summary, "C0006": body})  # the body: "may modestly improve"
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert "1 of its other 1 headline and summary claims goes beyond its body." in text


def test_the_verdict_says_what_the_article_cites(studies_dir):
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert text.endswith(
        'It describes 2 studies without naming them and invokes research second-hand ("studies show") two times.'
    )


def test_a_folder_without_studies_reads_them_from_the_claims(workbook_dir):
    text = plain(write_verdict(load_workbook(workbook_dir), "diet-blog"))
    assert text.startswith("This claims folder records no studies one by one")
    assert "~C" not in text and "It names no study, but cites a meta-analysis of 16 trials" in text


def test_ids_link_to_the_rows_below_and_words_are_escaped(studies_dir):
    edit_claims(studies_dir, {"C0001": {"citation": "<b>x</b>"}})
    workbook = load_workbook(studies_dir)
    html = show_verdict(workbook, "probiotics-news").data
    assert html.startswith('<p class="wb-verdict"><strong>Verdict.</strong> ')
    assert '<a href="#S0001">S0001</a>' in html and '<a href="#C0001">C0001</a>' in html
    assert "<b>" not in html


def test_design_labels_are_made_plural():
    assert plural("observational study") == "observational studies"
    assert plural("systematic review or meta-analysis") == "systematic reviews or meta-analyses"
    assert plural("in-vitro or mechanistic study") == "in-vitro or mechanistic studies"
    assert plural("clinical trial (design not stated)") == "clinical trials (design not stated)"
    assert plural('unspecified studies ("studies show")') == 'unspecified studies ("studies show")'


def test_a_study_is_described_once_in_the_flags_of_the_strongest_claim(studies_dir):
    on_cohort = {"studies": "S0006", "evidence_level": "", "advice": "yes", "citation": ""}
    edit_claims(studies_dir, {"C0008": on_cohort})  # a flat cause on a cohort of anxiety, said of depression
    text = plain(write_verdict(load_workbook(studies_dir), "diet-blog"))
    assert "It is flagged: claims an effect on depression, which S0006, an observational study, did not measure" in text
    assert "tells readers to act with no trial behind it: it rests on S0006." in text  # not the description again


def test_a_study_is_described_once_in_the_whole_verdict(studies_dir):
    add_title_claim(studies_dir, "conditional_causal")  # a hedged headline: read alone, it speaks of people
    on_mice = {"studies": "S0003", "conditions": "depression", "interventions": "fmt"}
    edit_claims(studies_dir, {"C0001": on_mice, "C0011": {**on_mice, "hedging": "speculative"}})
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert text.count("S0003, an animal study") == 1  # described where the strongest claim's flags first name it
    assert "speaks of people, but rests only on S0003." in text  # the headline's flag names it by its id


def test_the_same_reason_twice_keeps_its_ending(studies_dir):
    add_title_claim(studies_dir, "conditional_causal")
    on_mice = {"studies": "S0003", "conditions": "anxiety", "interventions": "fmt", "population": "animals"}
    hedged = {**on_mice, "relation": "conditional_causal", "hedging": "speculative", "placement": "summary"}
    edit_claims(studies_dir, {"C0001": on_mice, "C0011": hedged})  # the study measured depression, not anxiety
    text = plain(write_verdict(load_workbook(studies_dir), "probiotics-news"))
    assert text.count("S0003, an animal study") == 1
    assert "claims an effect on anxiety, which S0003 did not measure" in text  # not cut short at the id
