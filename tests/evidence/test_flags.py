"""Flags: each rule compares a claim's words with the study it rests on, and its reason names that study.

Each test writes one small article into a copy of the fixture workbook with studies.csv (the
`studies_dir` fixture): its text (the title on the first line, then one sentence a line), the
studies it reports and the claims it makes. It then loads the workbook as a report would, so
that validation checks every quote, and reads the flags of that article.
"""

import ast
import csv
import hashlib
from pathlib import Path

import pytest

from analysis import load_vocabulary, load_workbook, read_sentence
from analysis.evidence.flags import count_flags, flag_claims
from analysis.workbook.rules import load_rules
from analysis.workbook.studies import CONTROLS
from analysis.workbook.vocabulary import TERM_KINDS
from conftest import replace_in

ARTICLE = "gut-news"
TITLE = "Gut Feelings"

STUDY = {  # a study the article reports: by default a large randomised trial of probiotics for anxiety
    "study_id": "S0101",
    "source_id": ARTICLE,
    "design": "rct",
    "participants": "1000",
    "control": "yes",
    "population": "humans",
    "population_detail": "adults",
    "interventions": "probiotics",
    "outcomes": "anxiety",
    "direction": "beneficial",
    "reporting": "described",
}
CLAIM = {  # a claim of the article: by default a flat cause of probiotics on anxiety in people, in its body
    "source_id": ARTICLE,
    "conditions": "anxiety",
    "interventions": "probiotics",
    "direction": "beneficial",
    "relation": "direct_causal",
    "hedging": "none",
    "population": "humans",
    "advice": "no",
    "claim_type": "effect",
    "placement": "body",
}


def study(quote, **columns) -> dict:
    """Return a row of studies.csv: S0101, a randomised controlled trial of 1,000 adults, unless `columns` say."""
    return {**STUDY, "quote": quote, **columns}


def claim(quote, **columns) -> dict:
    """Return a row of claims.csv resting on S0101, or on what its `evidence_level` names (anecdote, none)."""
    row = {**CLAIM, "quote": quote, "claim": quote, **columns}
    return {"studies": "" if row.get("evidence_level") else "S0101", **row}


LARGE_TRIAL = study("A randomised trial of 1,000 adults found that a daily probiotic eased anxiety.")
SMALL_TRIAL = study("A randomised trial of 40 adults found that a daily probiotic eased anxiety.", participants="40")
COHORT = study(
    "A survey of 5,000 adults linked probiotic use to less anxiety.",
    design="observational",
    participants="5000",
    control="unstated",
)
STUDIES_SHOW = study(
    "Studies show that people who take probiotics are less anxious.",
    design="unspecified-studies",
    participants="",
    control="unstated",
    population_detail="",
    reporting="second-hand",
)
OPEN_LABEL = study(
    "In an open-label study, 500 adults took a daily probiotic and their anxiety scores fell.",
    design="uncontrolled-trial",
    participants="500",
    control="no",
)
CASE_REPORT = study(
    "Two patients with depression received a faecal transplant from a healthy donor.",
    design="case-report",
    participants="2",
    control="no",
    population_detail="patients with depression",
    interventions="fmt",
    outcomes="depression",
)
MICE = study(
    "Mice fed a probiotic were less anxious in a maze.",
    design="animal",
    participants="40",
    population="animals",
    population_detail="mice",
)
CAUSE = claim("Probiotics ease anxiety.")
MAY = claim("Probiotics may ease anxiety.", relation="conditional_causal", hedging="speculative")
LINKED = claim("Probiotic use is linked to less anxiety.", relation="correlational")


def flags_of(claims_dir, *rows, title=TITLE):
    """Write an article of `rows` (studies and claims) into the workbook, load it, and return its flags."""
    flags = flag_claims(publish(claims_dir, rows, title))
    return flags[flags["source_id"] == ARTICLE].reset_index(drop=True)


def publish(claims_dir: Path, rows, title=TITLE):
    """Add the article to the workbook, its text being the title and then each quote not yet in it; load it."""
    studies = [row for row in rows if "study_id" in row]
    claims = [{"claim_id": f"C{i:04d}", **r} for i, r in enumerate([r for r in rows if "study_id" not in r], 101)]
    lines = [title]
    for row in studies + claims:
        if not any(row["quote"] in line for line in lines):
            lines.append(row["quote"])
    text = ("\n".join(lines) + "\n").encode()
    (claims_dir / "sources" / f"{ARTICLE}.txt").write_bytes(text)
    source = {"source_id": ARTICLE, "title": title, "kind": "news", "path": f"sources/{ARTICLE}.txt"}
    append_rows(claims_dir / "sources.csv", [{**source, "sha256": hashlib.sha256(text).hexdigest()}])
    append_rows(claims_dir / "studies.csv", studies)
    append_rows(claims_dir / "claims.csv", claims)
    return load_workbook(claims_dir)


def append_rows(path: Path, rows) -> None:
    """Add rows to a CSV file, adding any column its header lacks."""
    with open(path, newline="", encoding="utf-8") as file:
        old = list(csv.DictReader(file))
    columns = list(old[0]) + sorted({c for row in rows for c in row} - set(old[0]))
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(old + list(rows))


def rules_of(flags) -> list:
    return sorted(zip(flags["kind"].astype(str), flags["rule"]))


def names_of(flags) -> set:
    """The rules that fired, by name alone."""
    return set(flags["rule"])


def reason_of(flags, rule) -> str:
    (reason,) = flags.loc[flags["rule"] == rule, "reason"]
    return reason


def of_quote(flags, quote):
    return flags[flags["quote"] == quote]


# causal-on-weak-evidence: a direct cause stated on what can only show an association


def test_a_cause_stated_on_an_observational_study_is_exaggeration(studies_dir):
    flags = flags_of(studies_dir, COHORT, CAUSE)
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")]
    assert reason_of(flags, "causal-on-weak-evidence") == (
        "states a direct cause, but rests on S0101, an observational study of 5,000 adults, which cannot show one"
    )


@pytest.mark.parametrize(
    "studies, evidence, rests_on",
    [
        ([STUDIES_SHOW], {}, "S0101, unspecified studies"),
        ([OPEN_LABEL], {}, "S0101, an uncontrolled trial or case series of 500 adults"),
        ([], {"evidence_level": "anecdote"}, "an anecdote"),
    ],
    ids=["studies-show", "uncontrolled", "anecdote"],
)
def test_a_cause_stated_on_what_cannot_show_one_names_what_it_rests_on(studies_dir, studies, evidence, rests_on):
    flags = flags_of(studies_dir, *studies, claim("Probiotics ease anxiety.", **evidence))
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")]
    assert reason_of(flags, "causal-on-weak-evidence") == (
        f"states a direct cause, but rests on {rests_on}, which cannot show one"
    )


def test_an_expert_stating_a_cause_is_quoted_not_exaggerated(studies_dir):
    """An expert's view is no study: the causal rule compares words with research (rules.yaml association_kinds)."""
    assert flags_of(studies_dir, claim("Probiotics ease anxiety.", evidence_level="expert-opinion")).empty


@pytest.mark.parametrize(
    "quote, columns, flagged",
    [
        ('"The probiotic made a huge difference to us," she says.', {}, False),
        ('"If the probiotic fixed me, it can fix anyone," she says.', {}, True),  # her story, told of everyone
        ('"It is not a cure for everyone, but it fixed me," she says.', {}, False),  # everyone denied: her story
        ('"No placebo, everyone knew the probiotic fixed them," she says.', {}, True),  # a comma: not denied
        ("Her son, she says, calmed down once he started the probiotic.", {}, False),
        ("When I started the probiotic, my anxiety eased.", {}, False),  # the writer's own account
        ("Her son calmed down within ten days of starting the probiotic.", {"reporting": "described"}, False),
        ("Probiotics calm children down.", {"reporting": "described"}, True),  # one story, told of everyone
        ("The gut's bacteria calm children down.", {"reporting": "described"}, True),  # a possessive, no person
        ("Her son calmed down within ten days of starting the probiotic.", {"placement": "summary"}, True),
        ("Many customers calm down within ten days of starting it.", {"reporting": "second-hand"}, True),
        ("Once I started the probiotic, I noticed her mood lift.", {"placement": "summary"}, True),
        ("Her son began taking a probiotic that cleared up his digestion problems.", {"reporting": "described"}, True),
        ('"I\'ve seen hundreds of clients calm down on the probiotic," she says.', {}, True),  # her clients, uncounted
        ('"Like many parents, I was sceptical, but the probiotic calmed my son," she says.', {}, False),
    ],
    ids=[
        "quoted",
        "quoted-but-of-anyone",
        "quoted-everyone-denied",
        "quoted-everyone-after-a-comma",
        "reported-speech",
        "writer-s-own-account",
        "one-case-described-in-the-body",
        "one-case-told-of-everyone",
        "one-case-told-of-everyone-by-a-possessive",
        "one-case-in-a-summary",
        "many-cases-at-second-hand",
        "writer-on-somebody-else-in-a-summary",
        "one-case-whose-story-credits-a-thing-with-a-cause",  # "a probiotic that cleared up …": the text's claim
        "quoted-of-hundreds-of-clients",
        "quoted-like-many-parents",
    ],
)
def test_an_anecdote_is_a_cause_on_weak_evidence_only_where_the_article_generalises_it(
    studies_dir, quote, columns, flagged
):
    """A parent telling what happened to her child reports it, and so does the body describing that one child; the
    article claims it when its summary tells the story, when it speaks of people in general, or of many it never
    describes."""
    story = claim(quote, evidence_level="anecdote", **columns)
    assert rules_of(flags_of(studies_dir, story)) == [("exaggeration", "causal-on-weak-evidence")] * flagged


@pytest.mark.parametrize(
    "quote, intervention, flagged",
    [("Talking therapies ease anxiety.", "professional-care", False), ("Probiotics ease anxiety.", "probiotics", True)],
    ids=["conventional-care", "a-supplement"],
)
def test_that_conventional_care_works_is_no_cause_on_weak_evidence(studies_dir, quote, intervention, flagged):
    """ "Talking therapies ease anxiety", said of studies in general, is the premise of referral advice
    (rules.yaml conventional_care), not a claim the article's evidence has to carry."""
    research = {**STUDIES_SHOW, "interventions": intervention}
    flags = flags_of(studies_dir, research, claim(quote, interventions=intervention))
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")] * flagged


@pytest.mark.parametrize(
    "quote, columns, rule",
    [
        ("Transplants cure recurrent C. difficile infection.", {}, "causal-on-weak-evidence"),
        ("It is clear that transplants cure C. difficile infection.", {}, "booster-on-weak-evidence"),
        ("Transplants cure C. difficile infection.", {"evidence_level": "none", "studies": ""}, "no-evidence"),
    ],
    ids=["cause", "certainty", "no-evidence"],
)
def test_an_established_use_of_a_treatment_is_background_to_every_rule(studies_dir, quote, columns, rule):
    """Faecal transplants for recurrent C. difficile are in the guidelines (rules.yaml established_treatments); the
    same words of depression are judged."""
    research = {**STUDIES_SHOW, "interventions": "fmt", "outcomes": "infections"}
    settled = claim(quote, conditions="infections", interventions="fmt", **columns)
    assert rule not in names_of(flags_of(studies_dir, research, settled))


def test_a_treatment_established_for_one_condition_is_judged_on_another(studies_dir):
    research = {**STUDIES_SHOW, "interventions": "fmt", "outcomes": "depression"}
    lifts = claim("Transplants lift depression.", conditions="depression", interventions="fmt")
    assert rules_of(flags_of(studies_dir, research, lifts)) == [("exaggeration", "causal-on-weak-evidence")]


def test_a_title_telling_a_story_in_the_first_person_is_read_alone(studies_dir):
    title = "A STRANGER'S POO CURED MY DEPRESSION"
    story = claim(title, evidence_level="anecdote", placement="headline")
    assert ("exaggeration", "causal-on-weak-evidence") in rules_of(flags_of(studies_dir, story, title=title))


def test_a_cause_stated_on_a_randomised_trial_is_not_flagged(studies_dir):
    assert flags_of(studies_dir, LARGE_TRIAL, CAUSE).empty


def test_an_association_stated_on_an_observational_study_is_not_flagged(studies_dir):
    assert flags_of(studies_dir, COHORT, LINKED).empty


@pytest.mark.parametrize("design", ["case-report", "uncontrolled-trial"])
def test_a_past_tense_report_of_what_its_study_saw_is_not_a_cause_on_weak_evidence(studies_dir, design):
    recovered = claim("Both patients recovered after the transplant.", conditions="depression", interventions="fmt")
    assert flags_of(studies_dir, {**CASE_REPORT, "design": design}, recovered).empty


@pytest.mark.parametrize(
    "quote",
    ["The transplant helped both patients recover.", "Researchers found that the transplant eased their depression."],
)
def test_a_past_tense_report_that_has_the_exposure_act_is_a_cause_on_weak_evidence(studies_dir, quote):
    """ "Both patients recovered after it" reports what was seen; "it helped both patients recover" credits a cause
    that a case report cannot show."""
    row = claim(quote, conditions="depression", interventions="fmt")
    assert rules_of(flags_of(studies_dir, CASE_REPORT, row)) == [("exaggeration", "causal-on-weak-evidence")]


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("The resolution of depression in these patients can be confirmed after the transplant.", False),
        ("In these participants, the transplant eases depression.", False),
        ("The transplant eases depression in patients.", True),  # patients in general
        ("The transplant eases depression in the patients who need it most.", True),
    ],
)
def test_a_claim_about_those_its_study_enrolled_reports_the_study(studies_dir, quote, flagged):
    """As a claim about the animals studied is not generalised, one about "these patients" reports what was seen."""
    row = claim(quote, conditions="depression", interventions="fmt")
    assert rules_of(flags_of(studies_dir, CASE_REPORT, row)) == [("exaggeration", "causal-on-weak-evidence")] * flagged


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("Six in ten said the transplant eased their depression.", False),  # a survey's answer
        ("Doctors said the transplant eased their depression.", True),  # the article's report of a cause
    ],
)
def test_what_the_people_studied_said_is_their_answer_not_a_credited_cause(studies_dir, quote, flagged):
    said = claim(quote, conditions="depression", interventions="fmt")
    assert rules_of(flags_of(studies_dir, CASE_REPORT, said)) == [("exaggeration", "causal-on-weak-evidence")] * flagged


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("A handful of small studies have reported that probiotics ease anxiety.", False),  # the evidence described
        ("Studies show that probiotics ease anxiety.", True),
    ],
)
def test_what_studies_have_reported_is_a_description_of_the_evidence(studies_dir, quote, flagged):
    flags = flags_of(studies_dir, STUDIES_SHOW, claim(quote))
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")] * flagged


def test_the_same_study_behind_a_cause_in_the_present_tense_is_flagged(studies_dir):
    lifts = claim("Faecal transplants lift depression.", conditions="depression", interventions="fmt")
    flags = flags_of(studies_dir, CASE_REPORT, lifts)
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")]
    assert reason_of(flags, "causal-on-weak-evidence") == (
        "states a direct cause, but rests on S0101, a case report of 2 patients with depression, which cannot show one"
    )


# people-from-animals


@pytest.mark.parametrize("population", ["humans", "unspecified"])
def test_a_claim_about_people_resting_only_on_mice_is_exaggeration(studies_dir, population):
    flags = flags_of(studies_dir, MICE, claim("Probiotics calm anxiety.", population=population))
    assert rules_of(flags) == [("exaggeration", "people-from-animals")]
    assert (
        reason_of(flags, "people-from-animals")
        == "speaks of people, but rests only on S0101, an animal study of 40 mice"
    )


@pytest.mark.parametrize(
    "words, flagged",
    [
        ("could one day lead to treatments for anxiety", False),  # where the research may lead
        ("could open a whole new avenue for treating anxiety", False),
        ("may calm anxiety in people", True),  # a guess that names people is about people
        ("could help you bounce back from everyday stress", True),
        ("could mean that children given them are less anxious", True),
        ("could one day tell us how to treat anxiety", False),  # the speaker, not whom it is about
        ("could, if you ask the US team, ease anxiety", False),
        ("can calm anxiety", True),  # "can" says what they are able to do: a claim, coded as a hedge or not
        ("can calm anxiety, and could one day treat it", False),  # a guess in its own words
    ],
)
def test_a_guess_from_mice_is_about_people_only_when_it_names_them(studies_dir, words, flagged):
    guess = claim(f"Probiotics {words}.", relation="conditional_causal", hedging="speculative")
    assert (("exaggeration", "people-from-animals") in rules_of(flags_of(studies_dir, MICE, guess))) is flagged


def test_a_hedged_headline_about_people_from_mice_is_still_flagged(studies_dir):
    title = "Probiotics May Ease Anxiety"
    head = claim(title, placement="headline", relation="conditional_causal", hedging="speculative")
    assert ("exaggeration", "people-from-animals") in rules_of(flags_of(studies_dir, MICE, head, title=title))


def test_a_claim_about_the_mice_themselves_is_not_flagged(studies_dir):
    assert flags_of(studies_dir, MICE, claim(MICE["quote"], population="animals")).empty


def test_a_claim_about_people_on_mice_and_a_trial_in_people_is_not_flagged(studies_dir):
    trial = {**LARGE_TRIAL, "study_id": "S0102"}
    assert flags_of(studies_dir, MICE, trial, claim("Probiotics calm anxiety.", studies="S0101;S0102")).empty


def test_a_claim_about_people_on_mice_and_weaker_research_in_people_is_not_from_animals(studies_dir):
    """Studies in people stated second-hand rank below a mouse study, but the claim does not rest only on mice."""
    people = {**STUDIES_SHOW, "study_id": "S0102"}
    linked = claim("Probiotic use is linked to less anxiety.", relation="correlational", studies="S0101;S0102")
    assert "people-from-animals" not in names_of(flags_of(studies_dir, MICE, people, linked))


def test_a_claim_about_people_on_mice_and_a_trial_in_people_of_another_outcome_is_exaggeration(studies_dir):
    inflammation = {**LARGE_TRIAL, "study_id": "S0102", "outcomes": "inflammation"}  # measured no anxiety
    flags = flags_of(studies_dir, MICE, inflammation, claim("Probiotics calm anxiety.", studies="S0101;S0102"))
    assert "people-from-animals" in names_of(flags)


# stories-generalised: an effect told from stories as holding for many, in words short of a cause


@pytest.mark.parametrize(
    "quote, evidence, relation, flagged",
    [
        ("Most customers tell us they feel calmer within a month.", "anecdote", "correlational", True),
        ("Parents regularly tell us about calmer mornings on the probiotic.", "anecdote", "correlational", True),
        ("One customer told us she feels calmer within a month.", "anecdote", "correlational", False),  # one story
        ("Most customers tell us they feel calmer within a month.", "", "correlational", False),  # a trial behind it
        ("Most customers tell us they ask about probiotics for anxiety.", "anecdote", "no_relationship", False),
    ],
    ids=["most-customers", "regularly-tell-us", "one-customer", "on-a-trial", "no-effect-told"],
)
def test_an_effect_told_from_stories_of_many_is_exaggeration(studies_dir, quote, evidence, relation, flagged):
    """Uncounted cases with nothing to compare them with are no measure of how often a thing helps; one story is a
    story, and a trial counts its cases."""
    told = claim(quote, relation=relation, **({"evidence_level": evidence} if evidence else {}))
    flags = flags_of(studies_dir, LARGE_TRIAL, told)
    assert rules_of(flags) == [("exaggeration", "stories-generalised")] * flagged
    if flagged:
        reason = reason_of(flags, "stories-generalised")
        assert reason.startswith("tells of many ('")
        assert reason.endswith("') on an anecdote alone: stories nobody counted or compared")


# small-study-generalised


def test_millions_from_one_small_trial_is_exaggeration(studies_dir):
    millions = claim(
        "Probiotics could help millions of people with anxiety.", relation="conditional_causal", hedging="speculative"
    )
    flags = flags_of(studies_dir, SMALL_TRIAL, millions)
    assert rules_of(flags) == [("exaggeration", "small-study-generalised")]
    assert reason_of(flags, "small-study-generalised") == (
        "speaks of 'millions' from one small study (S0101, a randomised controlled trial of 40 adults)"
    )


def test_a_safe_way_to_treat_from_one_uncontrolled_study_of_500_is_exaggeration(studies_dir):
    flags = flags_of(studies_dir, OPEN_LABEL, claim("Probiotics are a safe way to treat anxiety."))
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence"), ("exaggeration", "small-study-generalised")]
    assert reason_of(flags, "small-study-generalised") == (
        "speaks of 'a safe way' from one small study (S0101, an uncontrolled trial or case series of 500 adults)"
    )


def test_a_safe_way_to_treat_from_a_trial_of_1000_is_not_flagged(studies_dir):
    assert flags_of(studies_dir, LARGE_TRIAL, claim("Probiotics are a safe way to treat anxiety.")).empty


def test_a_small_trial_stated_without_words_of_scope_is_not_flagged(studies_dir):
    assert flags_of(studies_dir, SMALL_TRIAL, CAUSE).empty


@pytest.mark.parametrize("title", ["Probiotics Ease Anxiety", "Probiotics May Ease Anxiety"])
def test_a_headline_stating_an_effect_from_one_small_trial_is_exaggeration_hedged_or_not(studies_dir, title):
    hedged = "May" in title
    head = claim(
        title,
        placement="headline",
        relation="conditional_causal" if hedged else "direct_causal",
        hedging="speculative" if hedged else "none",
    )
    flags = flags_of(studies_dir, SMALL_TRIAL, CAUSE, head, title=title)
    assert ("exaggeration", "small-study-generalised") in rules_of(flags)
    assert reason_of(flags, "small-study-generalised") == (
        "the headline states a general effect from one small study (S0101, a randomised controlled trial of 40 adults)"
    )


def test_a_summary_stating_an_effect_from_one_small_trial_is_exaggeration_only_unhedged(studies_dir):
    flat = claim("Probiotics ease anxiety, a new trial finds.", placement="summary")
    hedged = claim(
        "Probiotics may ease anxiety, according to a new trial.",
        placement="summary",
        relation="conditional_causal",
        hedging="speculative",
    )
    flags = flags_of(studies_dir, SMALL_TRIAL, CAUSE, flat, hedged)
    assert ("exaggeration", "small-study-generalised") in rules_of(of_quote(flags, flat["quote"]))
    assert ("exaggeration", "small-study-generalised") not in rules_of(of_quote(flags, hedged["quote"]))


@pytest.mark.parametrize(
    "quote",
    [
        "Probiotics eased anxiety in adults, according to a small trial published on Tuesday.",
        "A small trial has found that a probiotic led to a modest improvement in anxiety.",
        "Probiotics eased anxiety in a pilot study of 40 adults.",
    ],
)
def test_a_summary_that_says_its_study_is_small_is_a_fair_report(studies_dir, quote):
    flat = claim("Probiotics ease anxiety, a new trial finds.", placement="summary")  # says nothing of its size
    flags = flags_of(studies_dir, SMALL_TRIAL, claim(quote, placement="summary"), flat)
    assert "small-study-generalised" not in names_of(of_quote(flags, quote))
    assert "small-study-generalised" in names_of(of_quote(flags, flat["quote"]))


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("Mean anxiety scores fell from 8.6 at baseline to 5.1 at week eight.", False),  # what its study saw
        ("18 of 40 participants achieved a reduction of at least three points.", False),
        ("The probiotic eased anxiety in adults, a new trial found.", True),  # the probiotic acts: a general effect
    ],
)
def test_a_summary_reporting_its_small_study_s_figures_in_the_past_is_not_generalised(studies_dir, quote, flagged):
    row = claim(quote, placement="summary")
    assert ("small-study-generalised" in names_of(flags_of(studies_dir, SMALL_TRIAL, row))) is flagged


def test_a_headline_about_the_mice_of_one_small_study_is_not_generalised(studies_dir):
    head = claim("Probiotic Calms Anxious Mice", placement="headline", population="animals")
    flags = flags_of(studies_dir, MICE, head, title="Probiotic Calms Anxious Mice")
    assert ("exaggeration", "small-study-generalised") not in rules_of(flags)


def test_a_headline_stating_an_effect_from_a_trial_of_1000_is_not_flagged(studies_dir):
    head = claim("Probiotics Ease Anxiety", placement="headline")
    assert flags_of(studies_dir, LARGE_TRIAL, CAUSE, head, title="Probiotics Ease Anxiety").empty


def test_a_headline_describing_an_association_from_a_small_study_is_not_generalised(studies_dir):
    head = claim("Probiotic Use Linked To Less Anxiety", placement="headline", relation="correlational")
    flags = flags_of(studies_dir, SMALL_TRIAL, LINKED, head, title="Probiotic Use Linked To Less Anxiety")
    assert ("exaggeration", "small-study-generalised") not in rules_of(flags)


# outcome-not-measured


def test_a_claim_about_mood_on_a_trial_that_measured_anxiety_is_exaggeration(studies_dir):
    flags = flags_of(studies_dir, LARGE_TRIAL, claim("Probiotics lift mood.", conditions="mood"))
    assert rules_of(flags) == [("exaggeration", "outcome-not-measured")]
    assert reason_of(flags, "outcome-not-measured") == (
        "claims an effect on mood and emotional well-being, "
        "which S0101, a randomised controlled trial of 1,000 adults, did not measure"
    )


def test_a_claim_on_two_outcomes_of_the_mind_names_the_one_its_trial_did_not_measure(studies_dir):
    flags = flags_of(
        studies_dir, LARGE_TRIAL, claim("Probiotics ease anxiety and lift mood.", conditions="anxiety;mood")
    )
    assert rules_of(flags) == [("exaggeration", "outcome-not-measured")]
    assert reason_of(flags, "outcome-not-measured") == (
        "claims an effect on mood and emotional well-being, "
        "which S0101, a randomised controlled trial of 1,000 adults, did not measure"
    )


def test_a_bodily_outcome_beside_a_measured_one_of_the_mind_is_not_flagged(studies_dir):
    """Only outcomes of the kinds rules.yaml `each_outcome_measured` names (the mind) must each be measured."""
    row = claim("Probiotics ease anxiety and settle the gut.", conditions="anxiety;gut-health")
    assert flags_of(studies_dir, LARGE_TRIAL, row).empty


def test_a_claim_about_an_outcome_its_trial_measured_is_not_flagged(studies_dir):
    both = {**LARGE_TRIAL, "outcomes": "anxiety;mood"}
    assert flags_of(studies_dir, both, claim("Probiotics lift mood.", conditions="mood")).empty


MOOD_TRIAL = study("A trial of 1,000 adults found a probiotic lifted mood.", outcomes="mood")


@pytest.mark.parametrize(
    "trial, conditions, flagged",
    [(LARGE_TRIAL, "mood", False), (MOOD_TRIAL, "anxiety", True)],
    ids=["mood-on-an-anxiety-trial", "anxiety-on-a-mood-trial"],
)
def test_a_study_of_a_condition_within_the_claim_s_measured_it(studies_dir, trial, conditions, flagged):
    """The vocabulary lists anxiety as narrower than mood: a study of anxiety measured mood; not the reverse."""
    vocabulary = studies_dir / "vocabulary.yaml"
    replace_in(vocabulary, "  mood:\n    kind: mind\n", "  mood:\n    kind: mind\n    narrower: [anxiety]\n")
    flags = flags_of(studies_dir, trial, claim("Probiotics help.", conditions=conditions))
    assert rules_of(flags) == [("exaggeration", "outcome-not-measured")] * flagged


@pytest.mark.parametrize(
    "quote, direction, flagged",
    [
        ("Probiotics might influence mood.", "unspecified", False),  # the open question, not an effect
        ("Probiotics might lift mood.", "beneficial", True),
        ("Probiotics influence mood.", "unspecified", True),  # stated, not guessed
    ],
    ids=["guess-with-no-direction", "guess-of-a-benefit", "flat-influence"],
)
def test_a_guess_that_names_no_direction_claims_no_effect_on_an_outcome_not_measured(
    studies_dir, quote, direction, flagged
):
    hedged = {"relation": "conditional_causal", "hedging": "speculative"} if "might" in quote else {}
    row = claim(quote, conditions="mood", direction=direction, **hedged)
    assert ("outcome-not-measured" in names_of(flags_of(studies_dir, LARGE_TRIAL, row))) is flagged


def test_may_about_an_outcome_its_trial_did_not_measure_is_not_understatement(studies_dir):
    may_mood = claim(
        "Probiotics may lift mood.", conditions="mood", relation="conditional_causal", hedging="speculative"
    )
    flags = flags_of(studies_dir, LARGE_TRIAL, may_mood)
    assert rules_of(flags) == [("exaggeration", "outcome-not-measured")]


# effect-not-found: an effect claimed on an outcome its studies measured and found unchanged

PILOT = study(
    "In a pilot of 64 adults, the capsule eased anxiety but did not change mood.",
    outcomes="anxiety;mood",
    outcome_directions="mood:no-effect",
    participants="64",
)


def test_a_benefit_claimed_on_an_outcome_its_study_found_unchanged_is_exaggeration(studies_dir):
    lifts = claim("The capsule lifts mood.", conditions="mood")
    flags = flags_of(studies_dir, PILOT, lifts)
    assert rules_of(flags) == [("exaggeration", "effect-not-found")]
    assert reason_of(flags, "effect-not-found") == (
        "claims an effect on mood and emotional well-being, "
        "but S0101, a randomised controlled trial of 64 adults, found none"
    )


@pytest.mark.parametrize(
    "quote, columns",
    [
        ("The capsule eased anxiety.", {"conditions": "anxiety"}),
        ("It did not change mood.", {"conditions": "mood", "direction": "no-effect"}),
        ("Mood improved slightly more in the capsule group.", {"conditions": "mood"}),
        ("Those on the capsule reported lower mood scores than those on placebo.", {"conditions": "mood"}),
        ("Mood scores rose by 6.1 points in the capsule group and 2.8 in the placebo group.", {"conditions": "mood"}),
        (
            "The capsule may lift mood slightly, though the benefit was modest.",
            {"conditions": "mood", "relation": "conditional_causal", "hedging": "speculative;modest"},
        ),
    ],
    ids=[
        "the-outcome-it-changed",
        "reporting-no-effect",
        "the-study-s-own-result",
        "lower-than-placebo",
        "each-group-s-figure",
        "conceded-small",
    ],
)
def test_a_claim_true_to_what_its_study_found_is_not_effect_not_found(studies_dir, quote, columns):
    assert "effect-not-found" not in names_of(flags_of(studies_dir, PILOT, claim(quote, **columns)))


def test_an_effect_claimed_on_two_outcomes_when_one_was_found_unchanged_is_flagged_for_that_one(studies_dir):
    both = claim("The capsule eases anxiety and lifts mood.", conditions="anxiety;mood")
    flags = flags_of(studies_dir, PILOT, both)
    assert rules_of(flags) == [("exaggeration", "effect-not-found")]
    assert reason_of(flags, "effect-not-found").endswith("found none on mood and emotional well-being")


def test_a_study_that_found_an_effect_it_did_not_find_is_still_flagged(studies_dir):
    """ "A trial found" reports a finding, not what happened: the capsule lifting mood is still the claim."""
    found = claim("A trial found the capsule lifts mood more than placebo.", conditions="mood")
    assert "effect-not-found" in names_of(flags_of(studies_dir, PILOT, found))


def test_a_past_tense_claim_of_the_effect_its_study_did_not_find_is_still_flagged(studies_dir):
    lifted = claim("In the pilot, the capsule lifted mood.", conditions="mood")
    assert rules_of(flags_of(studies_dir, PILOT, lifted)) == [("exaggeration", "effect-not-found")]


def test_a_null_result_called_promising_is_spin_not_a_concession(studies_dir):
    promising = claim(
        "The pilot showed a promising signal for mood.",
        conditions="mood",
        relation="conditional_causal",
        hedging="preliminary",
        placement="summary",
    )
    assert rules_of(flags_of(studies_dir, PILOT, promising)) == [("exaggeration", "effect-not-found")]


def test_a_headline_that_concedes_a_small_effect_its_study_did_not_find_is_still_flagged(studies_dir):
    may = claim("Capsule may lift mood slightly", conditions="mood", relation="conditional_causal", hedging="modest")
    title = {**may, "placement": "headline"}  # the text's first line: a headline is read alone
    assert ("exaggeration", "effect-not-found") in rules_of(flags_of(studies_dir, PILOT, title, title=may["quote"]))


def test_a_second_study_that_found_the_effect_answers_for_it(studies_dir):
    other = study("A trial of 300 adults found the capsule lifted mood.", study_id="S0102", outcomes="mood")
    lifts = claim("The capsule lifts mood.", conditions="mood", studies="S0101;S0102")
    assert "effect-not-found" not in names_of(flags_of(studies_dir, PILOT, other, lifts))


# advice-without-trials


def test_advice_on_an_observational_study_is_exaggeration(studies_dir):
    advice = claim("Take a probiotic every day to keep anxiety at bay.", advice="yes", relation="conditional_causal")
    flags = flags_of(studies_dir, COHORT, advice)
    assert rules_of(flags) == [("exaggeration", "advice-without-trials")]
    assert reason_of(flags, "advice-without-trials") == (
        "tells readers to act with no trial behind it: it rests on S0101, an observational study of 5,000 adults"
    )


def test_advice_with_no_evidence_is_exaggeration_and_not_also_unsupported(studies_dir):
    advice = claim("Take a probiotic every day to keep anxiety at bay.", advice="yes", evidence_level="none")
    flags = flags_of(studies_dir, advice)
    assert rules_of(flags) == [("exaggeration", "advice-without-trials")]
    assert reason_of(flags, "advice-without-trials") == (
        "tells readers to act with no trial behind it: it rests on no evidence at all"
    )


def test_advice_to_do_what_public_health_guidance_already_recommends_is_not_flagged(studies_dir):
    move = claim("Move every day: it helps with stress and sleep.", advice="yes", evidence_level="none")
    fibre = {**move, "quote": "Move every day and eat more fibre.", "claim": "Move and eat fibre."}
    flags = flags_of(
        studies_dir, {**move, "interventions": "exercise;sleep"}, {**fibre, "interventions": "exercise;fibre"}
    )
    assert list(zip(flags["quote"], flags["rule"])) == [(fibre["quote"], "advice-without-trials")]  # fibre is judged


def test_advice_to_cut_down_alcohol_or_caffeine_is_public_health_guidance(studies_dir):
    advice = claim("Limit alcohol and coffee: both disrupt sleep and mood.", advice="yes", evidence_level="none")
    kefir = {**advice, "quote": "Swap your coffee for kefir.", "claim": "Swap coffee for kefir."}
    flags = flags_of(
        studies_dir,
        {**advice, "conditions": "mood", "interventions": "alcohol;caffeine", "direction": "harmful"},
        {**kefir, "conditions": "mood", "interventions": "caffeine;fermented-foods"},
    )
    assert list(zip(flags["quote"], flags["rule"])) == [(kefir["quote"], "advice-without-trials")]  # kefir is judged


@pytest.mark.parametrize(
    "quote, columns, flagged",
    [
        ("Feed your gut bacteria: plenty of fibre, beans and oats.", {}, False),
        ("Eat a varied diet, with plenty of vegetables, for your gut.", {"interventions": "diet;fibre"}, False),
        ("Eat plenty of fibre for a calmer mood.", {"conditions": "mood"}, True),  # promised for the mind
        ("Take a probiotic for your gut.", {"interventions": "probiotics"}, True),  # no dietary guideline asks it
        ("You can raise these bacteria by eating fibre, the survey suggests.", {"studies": "S0101"}, True),  # a study
        ("Cut out gluten and dairy to heal your gut.", {"interventions": "diet"}, True),  # no guideline asks that
        ("Cut back on sugar and processed foods for your gut.", {"interventions": "ultra-processed-foods"}, False),
        (
            "Cut back on processed foods for a calmer mood.",
            {"interventions": "ultra-processed-foods", "conditions": "mood"},
            True,
        ),
    ],
    ids=[
        "fibre-for-the-gut",
        "a-varied-diet",
        "fibre-for-mood",
        "a-probiotic",
        "resting-on-a-study",
        "a-diet-alone",
        "less-processed-food-for-the-gut",
        "less-processed-food-for-mood",
    ],
)
def test_advice_is_judged_unless_it_asks_for_the_body_only_what_dietary_guidelines_advise(
    studies_dir, quote, columns, flagged
):
    advice = claim(quote, advice="yes", evidence_level="none", conditions="gut-health", interventions="fibre")
    advice.update(columns)
    advice["evidence_level"] = "" if advice["studies"] else "none"
    flags = flags_of(studies_dir, COHORT, advice)
    assert (("exaggeration", "advice-without-trials") in rules_of(flags)) is flagged


@pytest.mark.parametrize(
    "quote, columns, flagged",
    [
        ("Loading up on fortified snacks isn't likely a good way to feed your gut.", {"direction": "no-effect"}, False),
        ("Kefir is safe, so there's no harm in trying it for your nerves.", {"direction": "no-effect"}, True),
        ("Kefir is a good way to feed your gut.", {"direction": "beneficial"}, True),
        ("Kefir won't fix your gut overnight; keep taking it for eight weeks.", {"direction": "no-effect"}, True),
    ],
    ids=["it-will-not-help", "it-is-safe-to-try", "it-helps", "it-will-not-help-yet-so-keep-taking-it"],
)
def test_advice_that_something_will_not_help_promises_nothing_and_is_not_flagged(studies_dir, quote, columns, flagged):
    about = "adverse-effects" if "safe" in quote else "gut-health"
    advice = claim(quote, advice="yes", evidence_level="none", interventions="fermented-foods", conditions=about)
    advice.update(columns)
    flags = flags_of(studies_dir, advice)
    assert (("exaggeration", "advice-without-trials") in rules_of(flags)) is flagged


@pytest.mark.parametrize(
    "quote, columns, flagged",
    [
        ("Start small, because too much too soon can leave you bloated.", {"advice": "yes"}, False),
        ("Some people notice a little extra bloating in the first few days.", {}, False),
        (
            "Eat a big breakfast before the dose to ease its loss of appetite.",
            {"direction": "beneficial", "advice": "yes"},
            False,
        ),
        ("Our probiotic prevents the side effects of antibiotics.", {"direction": "beneficial"}, True),  # a promise
        ("Antibiotics cause autism and other side effects.", {"conditions": "autism;adverse-effects"}, True),  # mind
        ("Some bloating is common at first.", {"placement": "summary"}, True),  # a summary is read alone
        ("A daily probiotic calms anxiety and is perfectly safe.", {"direction": "no-effect"}, True),  # "it is safe"
        ("Probiotics Cause Bloating", {"placement": "headline"}, True),  # a headline is read alone
        (
            "A daily probiotic eases anxiety with no bloating.",
            {"conditions": "anxiety;adverse-effects", "direction": "beneficial"},
            True,
        ),
    ],
    ids=[
        "start-small",
        "a-side-effect",
        "ease-a-side-effect",
        "a-product-that-prevents-side-effects",
        "a-harm-to-the-mind",
        "a-summary",
        "it-is-safe",
        "a-headline",
        "a-benefit-beside-it",
    ],
)
def test_a_warning_of_harm_is_caution_and_no_rule_judges_it(studies_dir, quote, columns, flagged):
    warning = claim(quote, **{"conditions": "adverse-effects", "direction": "harmful", **columns})  # on a survey
    flags = flags_of(studies_dir, COHORT, warning, title=quote if "headline" in columns.values() else TITLE)
    assert (not flags.empty) is flagged


def test_advice_on_a_randomised_trial_is_not_flagged(studies_dir):
    advice = claim("Take a probiotic every day to keep anxiety at bay.", advice="yes")
    assert flags_of(studies_dir, LARGE_TRIAL, advice).empty


# booster-on-weak-evidence


@pytest.mark.parametrize(
    "quote, words",
    [
        ("It is clear that probiotic use is linked to less anxiety.", "It is clear"),
        ("A groundbreaking survey links probiotic use to less anxiety.", "groundbreaking"),
    ],
)
def test_certainty_words_on_an_observational_study_are_exaggeration(studies_dir, quote, words):
    flags = flags_of(studies_dir, COHORT, claim(quote, relation="correlational"))
    assert rules_of(flags) == [("exaggeration", "booster-on-weak-evidence")]
    assert reason_of(flags, "booster-on-weak-evidence") == (
        f"sounds certain ('{words}') on S0101, an observational study of 5,000 adults"
    )


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("Probiotic use is always linked to less anxiety.", True),
        ("Probiotic use is not always linked to less anxiety.", False),
        ("Probiotic use is not proven to lower anxiety.", False),
        ("Probiotic use is clearly not the whole story behind less anxiety.", False),  # sure of a denial: a caveat
        ("Probiotic use certainly won't be linked to more anxiety.", False),
    ],
    ids=["always", "not-always", "not-proven", "clearly-not", "certainly-won-t"],
)
def test_certainty_words_denied_claim_no_certainty(studies_dir, quote, flagged):
    flags = flags_of(studies_dir, COHORT, claim(quote, relation="correlational"))
    assert rules_of(flags) == [("exaggeration", "booster-on-weak-evidence")] * flagged


@pytest.mark.parametrize(
    "quote, flagged",
    [
        ("Clear improvements were evident in these patients after the transplant.", False),  # what the study saw
        ("In a landmark study, both patients recovered after the transplant.", True),  # novelty: the study boosted
        ("It is clear that the transplant eases depression.", True),  # no report of what it saw: a claim, boosted
    ],
    ids=["certainty-in-a-report", "novelty-in-a-report", "certainty-in-a-claim"],
)
def test_certainty_words_in_a_report_of_what_its_study_saw_describe_the_observation(studies_dir, quote, flagged):
    report = claim(quote, conditions="depression", interventions="fmt")
    flags = flags_of(studies_dir, CASE_REPORT, report)
    assert (("exaggeration", "booster-on-weak-evidence") in rules_of(flags)) is flagged


def test_certainty_words_on_a_randomised_trial_are_not_flagged(studies_dir):
    assert flags_of(studies_dir, LARGE_TRIAL, claim("It is clear that probiotics ease anxiety.")).empty


@pytest.mark.parametrize("design, flagged", [("rct", True), ("meta-analysis", False)])
def test_one_trial_called_a_landmark_is_a_booster_pooled_trials_are_not(studies_dir, design, flagged):
    landmark = claim("This trial is a landmark: probiotics ease anxiety.")
    flags = flags_of(studies_dir, {**LARGE_TRIAL, "design": design}, landmark)
    assert rules_of(flags) == [("exaggeration", "booster-on-weak-evidence")] * flagged
    if flagged:
        assert "('landmark')" in reason_of(flags, "booster-on-weak-evidence")


@pytest.mark.parametrize(
    "quote", ["Probiotic use is directly linked to less anxiety.", "A vital link ties probiotic use to less anxiety."]
)
def test_words_of_emphasis_on_an_observational_study_are_not_flagged(studies_dir, quote):
    assert read_sentence(quote).boosters  # the detector reads a booster: the rule has to leave it be
    assert flags_of(studies_dir, COHORT, claim(quote, relation="correlational")).empty


# headline-beyond-body; a section heading is judged by that rule alone, the title like any claim

HEADLINE = "Probiotics calm anxiety"
ADVISING_HEADLINE = "Why you should take probiotics"


def test_a_title_stronger_than_its_body_is_exaggeration_and_is_judged_like_any_claim(studies_dir):
    flags = flags_of(studies_dir, COHORT, claim(HEADLINE, placement="headline"), LINKED, title=HEADLINE)
    assert rules_of(of_quote(flags, HEADLINE)) == [
        ("exaggeration", "causal-on-weak-evidence"),
        ("exaggeration", "headline-beyond-body"),
    ]
    assert reason_of(flags, "headline-beyond-body") == (
        'the headline claims flat cause ("reduces"); '
        'the evidence its body reports (S0101) supports at most association ("linked to")'
    )


def test_a_headline_stronger_than_its_body_names_the_study_its_body_rests_on(studies_dir):
    flags = flags_of(studies_dir, COHORT, claim(HEADLINE, placement="headline"), LINKED)
    assert "the evidence its body reports (S0101)" in reason_of(flags, "headline-beyond-body")


def test_a_title_no_stronger_than_its_body_is_not_flagged(studies_dir):
    title = "Probiotic use linked to calmer minds"
    headline = claim(title, placement="headline", relation="correlational")
    assert flags_of(studies_dir, COHORT, headline, LINKED, title=title).empty


@pytest.mark.parametrize(
    "direction, flagged", [("unspecified", False), ("beneficial", True)], ids=["no-direction", "a-benefit"]
)
def test_a_summary_guessing_at_an_influence_it_does_not_name_is_not_beyond_its_body(studies_dir, direction, flagged):
    """ "Mood may depend on your gut" asks the article's question; "probiotics may ease anxiety" claims an effect."""
    guess = claim(
        "Anxiety may depend on the probiotics we take.",
        placement="summary",
        relation="conditional_causal",
        hedging="speculative",
        direction=direction,
    )
    flags = flags_of(studies_dir, COHORT, guess, LINKED)
    assert ("headline-beyond-body" in names_of(flags)) is flagged


@pytest.mark.parametrize(
    "placement, hedging, flagged",
    [("summary", "modest", False), ("headline", "modest", True), ("summary", "preliminary", True)],
    ids=["a-summary-calling-it-small", "a-headline-is-read-alone", "emerging-is-no-concession"],
)
def test_a_summary_that_calls_its_effect_small_is_not_beyond_its_body(studies_dir, placement, hedging, flagged):
    """ "Some may have small benefits for mood" says no more than its body; "emerging science reveals" still does."""
    conceding = claim(
        "Probiotics ease anxiety a little.", placement=placement, relation="direct_causal", hedging=hedging
    )
    flags = flags_of(studies_dir, COHORT, conceding, LINKED)
    assert ("headline-beyond-body" in names_of(flags)) is flagged


def test_a_headline_that_something_changes_nothing_is_not_beyond_its_body(studies_dir):
    title = "Probiotics will not fix your anxiety"
    headline = claim(title, placement="headline", direction="no-effect")
    assert "headline-beyond-body" not in names_of(flags_of(studies_dir, COHORT, headline, LINKED, title=title))


def test_a_body_resting_on_a_controlled_trial_supports_a_cause_however_it_is_worded(studies_dir):
    """The body's sentence says "linked to"; the trial it describes can show a cause, so the headline keeps to it."""
    described = claim("Anxiety fell less in the placebo group.", relation="correlational")
    flags = flags_of(studies_dir, LARGE_TRIAL, claim(HEADLINE, placement="headline"), described, title=HEADLINE)
    assert "headline-beyond-body" not in names_of(flags)


def test_a_body_reporting_that_a_trial_found_nothing_supports_no_cause(studies_dir):
    null = claim("The trial found the probiotic did not ease anxiety.", relation="correlational", direction="no-effect")
    flags = flags_of(studies_dir, LARGE_TRIAL, claim(HEADLINE, placement="headline"), null, title=HEADLINE)
    assert ("exaggeration", "headline-beyond-body") in rules_of(flags)


def test_a_section_heading_stronger_than_its_body_gets_only_the_headline_flag(studies_dir):
    flags = flags_of(studies_dir, COHORT, claim(HEADLINE, placement="headline"), LINKED)
    assert rules_of(flags) == [("exaggeration", "headline-beyond-body")]


def test_a_section_heading_that_sounds_certain_on_mice_is_a_booster(studies_dir):
    heading = claim("Proven calming effects", placement="headline")
    flags = flags_of(studies_dir, MICE, heading, claim("Mice given it were calmer.", population="animals"))
    assert rules_of(of_quote(flags, "Proven calming effects")) == [("exaggeration", "booster-on-weak-evidence")]


def test_a_section_heading_that_advises_on_weak_evidence_is_not_flagged(studies_dir):
    heading = claim(ADVISING_HEADLINE, placement="headline", advice="yes", relation="correlational")
    assert flags_of(studies_dir, COHORT, heading, LINKED).empty


def test_a_title_that_advises_on_weak_evidence_is_flagged_as_advice(studies_dir):
    title = claim(ADVISING_HEADLINE, placement="headline", advice="yes", relation="correlational")
    flags = flags_of(studies_dir, COHORT, title, LINKED, title=ADVISING_HEADLINE)
    assert rules_of(flags) == [("exaggeration", "advice-without-trials")]


# no-evidence (unsupported)


def test_an_unhedged_effect_with_no_evidence_and_no_citation_is_unsupported(studies_dir):
    flags = flags_of(studies_dir, claim("Probiotics ease anxiety.", evidence_level="none"))
    assert rules_of(flags) == [("unsupported", "no-evidence")]
    assert (
        reason_of(flags, "no-evidence") == "states a health effect as a settled cause, with no evidence and no citation"
    )


def test_how_the_body_works_stated_without_a_source_is_background_not_unsupported(studies_dir):
    """An exposure or mechanism (the gut microbiome) is no choice a reader makes (rules.yaml unsupported_about): what
    it does to the body, or a mere link, stated without a source is background."""
    body = claim(
        "Gut bacteria feed on fibre and calm inflammation.", evidence_level="none", interventions="gut-microbiome"
    )
    linked = claim("Probiotics are linked to less anxiety.", evidence_level="none")  # a mere link claims less
    rows = ({**body, "conditions": "inflammation"}, {**linked, "relation": "correlational"})
    assert flags_of(studies_dir, *rows).empty


@pytest.mark.parametrize(
    ("speaker", "flagged"),
    [
        ("Fern Wilde, a nutritional therapist", True),
        ("Sasha Quill, a colonic hydrotherapist", True),
        ("Dr Ann Ross, a psychiatrist", False),
    ],
)
def test_a_wellness_practitioner_s_flat_cause_with_no_source_is_unsupported_an_expert_s_is_her_view(
    studies_dir, speaker, flagged
):
    quote = f'"Probiotics ease anxiety," says {speaker}.'
    flags = flags_of(studies_dir, claim(quote, evidence_level="expert-opinion", reporting="named"))
    assert ("no-evidence" in names_of(flags)) is flagged
    if flagged:
        assert reason_of(flags, "no-evidence") == (
            "states a health effect as a settled cause on a wellness practitioner's view alone, with no study and no "
            "citation"
        )


def test_a_flat_cause_on_the_mind_with_no_source_is_unsupported_whatever_moves_it(studies_dir):
    """Whether the gut moves the mind in people is the open question: rules.yaml unsupported_on [mind]."""
    mind = claim("Your gut bacteria are making your mood.", evidence_level="none", interventions="gut-microbiome")
    assert rules_of(flags_of(studies_dir, {**mind, "conditions": "mood"})) == [("unsupported", "no-evidence")]


@pytest.mark.parametrize(
    "quote, columns",
    [
        ("Probiotics may ease anxiety.", {"hedging": "speculative", "relation": "conditional_causal"}),
        ("Probiotics ease anxiety [1].", {"citation": "[1]"}),
        ("Probiotics are live bacteria that ease anxiety.", {"claim_type": "description"}),
        ("The post says probiotics cure anxiety in 30 days.", {"claim_type": "refuted"}),
        ("Probiotic bacteria make butyrate, which calms the nerves.", {"claim_type": "mechanism"}),
        ("Few trials have tested whether probiotics ease anxiety.", {"claim_type": "evidence"}),
        ("See your doctor if anxiety lasts more than two weeks.", {"advice": "safety"}),
        ("In short, probiotics ease anxiety.", {"placement": "summary"}),
        ("Effective treatments for anxiety are available.", {"interventions": "professional-care"}),
        ("Probiotics influence anxiety.", {"direction": "unspecified"}),
        ("Fibre feeds the good bacteria in your gut.", {"conditions": "gut-health", "interventions": "fibre"}),
        ("Kefir and kimchi bring in live microbes.", {"conditions": "gut-health", "interventions": "fermented-foods"}),
        (
            "Fibre feeds bacteria that make butyrate, which calms inflammation.",
            {"conditions": "inflammation", "interventions": "fibre", "mechanisms": "scfa"},
        ),
        ("Oily fish contain omega-3 fats, which your brain needs.", {"conditions": "mood", "interventions": "diet"}),
        ("Folate contributes to normal psychological function.", {"conditions": "mood", "interventions": "diet"}),
    ],
    ids=[
        "hedged",
        "cited",
        "description",
        "refuted",
        "mechanism",
        "evidence",
        "safety-advice",
        "summary",
        "conventional-care-works",
        "no-direction",
        "textbook-nutrition",
        "textbook-fermented-foods",
        "how-the-body-works",
        "what-the-brain-needs",
        "normal-function",
    ],
)
def test_a_claim_with_no_evidence_is_not_unsupported_when(studies_dir, quote, columns):
    assert flags_of(studies_dir, claim(quote, evidence_level="none", **columns)).empty


def test_a_gut_effect_of_what_is_not_textbook_nutrition_is_still_unsupported(studies_dir):
    """Fibre feeding gut bacteria is background (rules.yaml textbook_exposures); a probiotic sealing the gut is not."""
    seals = claim("Probiotics seal a leaky gut.", evidence_level="none", conditions="gut-health")
    assert rules_of(flags_of(studies_dir, seals)) == [("unsupported", "no-evidence")]


def test_how_the_gut_moves_the_mind_stated_flatly_is_still_unsupported(studies_dir):
    """A mechanism on the body is background; on the mind it is the open question (rules.yaml unsupported_on)."""
    lifts = claim("Gut bacteria make butyrate, which lifts your mood.", evidence_level="none", conditions="mood")
    lifts.update(interventions="gut-microbiome", mechanisms="scfa")
    assert rules_of(flags_of(studies_dir, lifts)) == [("unsupported", "no-evidence")]


@pytest.mark.parametrize(
    "quote",
    ["More omega-3 from oily fish lifts your mood.", "Probiotics give you the bacteria your gut needs to lift mood."],
)
def test_what_more_of_a_nutrient_does_is_no_statement_of_what_the_body_needs(studies_dir, quote):
    more = claim(quote, evidence_level="none", conditions="mood")
    assert rules_of(flags_of(studies_dir, {**more, "interventions": "diet"})) == [("unsupported", "no-evidence")]


def test_a_product_s_mechanism_on_the_body_is_still_unsupported(studies_dir):
    capsule = claim("Our capsule calms inflammation by boosting butyrate.", evidence_level="none")
    capsule.update(conditions="inflammation", interventions="probiotics", mechanisms="scfa")
    assert rules_of(flags_of(studies_dir, capsule)) == [("unsupported", "no-evidence")]


def test_a_title_with_no_evidence_is_not_unsupported(studies_dir):
    title = claim(HEADLINE, placement="headline", evidence_level="none")
    assert flags_of(studies_dir, title, title=HEADLINE).empty


@pytest.mark.parametrize(
    "quote, columns, rule",
    [
        ("Take a probiotic to ease anxiety.", {"advice": "yes"}, "advice-without-trials"),
        ("It is clear that probiotics ease anxiety.", {}, "booster-on-weak-evidence"),
    ],
    ids=["advice", "certainty-words"],
)
def test_a_claim_with_no_evidence_another_rule_answers_for_is_flagged_by_that_rule_alone(
    studies_dir, quote, columns, rule
):
    flags = flags_of(studies_dir, claim(quote, evidence_level="none", **columns))
    assert rules_of(flags) == [("exaggeration", rule)]
    assert reason_of(flags, rule).endswith("no evidence at all")


# hedge-beyond-evidence (understatement)


SECOND_TRIAL = study(
    "A second randomised trial of 1,000 adults found that the probiotic eased anxiety too.", study_id="S0102"
)
MAY_ON_BOTH = {**MAY, "studies": "S0101;S0102"}


def test_may_on_two_large_controlled_trials_in_people_is_understatement(studies_dir):
    flags = flags_of(studies_dir, LARGE_TRIAL, SECOND_TRIAL, MAY_ON_BOTH)
    assert rules_of(flags) == [("understatement", "hedge-beyond-evidence")]
    assert reason_of(flags, "hedge-beyond-evidence") == (
        "hedges as a mere possibility what S0101, a randomised controlled trial of 1,000 adults and 1 other study, "
        "tested, with no reason given"
    )


def test_one_trial_named_twice_is_still_one_trial(studies_dir):
    assert flags_of(studies_dir, LARGE_TRIAL, {**MAY, "studies": "S0101;S0101"}).empty


@pytest.mark.parametrize(
    "second, may",
    [
        ({"direction": "no-effect"}, MAY_ON_BOTH),
        ({}, {**MAY_ON_BOTH, "quote": "Kefir may ease anxiety.", "interventions": "fermented-foods"}),
    ],
    ids=["trials-that-disagree", "trials-of-another-intervention"],
)
def test_may_on_evidence_that_is_not_consistent_or_not_of_its_intervention_is_not_understatement(
    studies_dir, second, may
):
    assert "hedge-beyond-evidence" not in names_of(flags_of(studies_dir, LARGE_TRIAL, {**SECOND_TRIAL, **second}, may))


def test_may_on_one_large_trial_is_not_understatement(studies_dir):
    """One trial, however large, is not strong and consistent evidence: "may" is fair."""
    assert flags_of(studies_dir, LARGE_TRIAL, MAY).empty


@pytest.mark.parametrize("certainty, flagged", [("low", False), ("very low", False), ("moderate", True), ("", True)])
def test_may_on_a_large_review_is_understatement_unless_its_authors_rate_the_evidence_low(
    studies_dir, certainty, flagged
):
    review = study(
        "A meta-analysis of 30 randomised trials with 3,000 adults found probiotics eased anxiety.",
        design="meta-analysis",
        participants="3000",
        certainty=certainty,
    )
    assert rules_of(flags_of(studies_dir, review, MAY)) == [("understatement", "hedge-beyond-evidence")] * flagged


@pytest.mark.parametrize("fields", [{"peer_reviewed": "no"}, {"funding": "maker"}], ids=["preprint", "maker"])
def test_may_on_large_trials_not_peer_reviewed_or_run_by_their_maker_is_not_understatement(studies_dir, fields):
    assert flags_of(studies_dir, {**LARGE_TRIAL, **fields}, {**SECOND_TRIAL, **fields}, MAY_ON_BOTH).empty


@pytest.mark.parametrize("fewer, flagged", [(1, False), (0, True)], ids=["one-fewer", "exactly"])
def test_a_trial_is_large_enough_for_understatement_from_the_rules_threshold(studies_dir, fewer, flagged):
    participants = str(load_rules(load_vocabulary(studies_dir), studies_dir).min_participants - fewer)
    trials = [{**trial, "participants": participants} for trial in (LARGE_TRIAL, SECOND_TRIAL)]
    assert (
        rules_of(flags_of(studies_dir, *trials, MAY_ON_BOTH)) == [("understatement", "hedge-beyond-evidence")] * flagged
    )


@pytest.mark.parametrize(
    "quote, hedging",
    [
        ("Early results suggest probiotics may ease anxiety.", "speculative;preliminary"),
        ("Probiotics may modestly ease anxiety.", "speculative;modest"),
        ("Probiotics may ease anxiety, but more trials are needed.", "speculative;needs-more-trials"),
    ],
    ids=["preliminary", "modest", "needs-more-trials"],
)
def test_may_with_a_reason_given_is_not_understatement(studies_dir, quote, hedging):
    hedged = claim(quote, relation="conditional_causal", hedging=hedging, studies="S0101;S0102")
    assert flags_of(studies_dir, LARGE_TRIAL, SECOND_TRIAL, hedged).empty


@pytest.mark.parametrize(
    "quote",
    [
        "A pilot randomised trial of 1,000 adults found that a daily probiotic eased anxiety.",
        "Early results from a randomised trial of 1,000 adults show that a daily probiotic eased anxiety.",
        "A randomised trial of 1,000 adults found a small improvement in anxiety with a daily probiotic.",
    ],
    ids=["pilot", "early", "small-effect"],
)
def test_may_on_a_trial_its_article_calls_early_or_small_is_not_understatement(studies_dir, quote):
    assert flags_of(studies_dir, study(quote), SECOND_TRIAL, MAY_ON_BOTH).empty


@pytest.mark.parametrize(
    "trial",
    [SMALL_TRIAL, OPEN_LABEL, {**LARGE_TRIAL, "design": "clinical-trial", "control": "unstated"}],
    ids=["40-participants", "uncontrolled", "no-control-stated"],
)
def test_may_on_a_small_or_uncontrolled_trial_is_not_understatement(studies_dir, trial):
    assert flags_of(studies_dir, trial, SECOND_TRIAL, MAY_ON_BOTH).empty


# safety advice, counts, and the rules code


@pytest.mark.parametrize(
    "advice, rules",
    [
        (
            "yes",
            {"people-from-animals", "small-study-generalised", "advice-without-trials", "booster-on-weak-evidence"},
        ),
        ("safety", set()),
    ],
)
def test_safety_advice_is_never_flagged_by_any_rule(studies_dir, advice, rules):
    """The same words on the same mouse study: flagged four times as advice to act, never as referral advice."""
    quote = "It is clear that everyone with anxiety should see a doctor."
    assert set(flags_of(studies_dir, MICE, claim(quote, advice=advice))["rule"]) == rules


def test_counts_give_each_source_its_flags_of_each_kind_and_its_share_of_claims_exaggerated(studies_dir):
    workbook = publish(
        studies_dir,
        [
            COHORT,
            {**LARGE_TRIAL, "study_id": "S0102"},
            {**SECOND_TRIAL, "study_id": "S0103"},
            CAUSE,  # causal-on-weak-evidence
            claim("It is clear that probiotics ease anxiety."),  # causal-on-weak-evidence and booster: one claim
            claim("Probiotics cure anxiety.", evidence_level="none"),  # no-evidence
            {**MAY, "studies": "S0102;S0103"},  # hedge-beyond-evidence
            LINKED,  # no flag
        ],
    )
    counts = count_flags(flag_claims(workbook), workbook.claims).set_index("source_id")
    assert set(counts.index) == set(workbook.sources["source_id"])
    row = counts.loc[ARTICLE]
    assert (row["claims"], row["exaggeration"], row["unsupported"], row["understatement"]) == (5, 3, 1, 1)
    assert row["share exaggerated"] == 0.4  # 2 of 5 claims, however many flags each has


# Evidence kinds and a study's control values are fixed in code, not vocabulary terms, though some share a slug's
# spelling ("anecdote", "yes"): the rules may name them.
PLAIN_VALUES = {kind for kinds in TERM_KINDS.values() for kind in kinds} | set(CONTROLS)


@pytest.mark.parametrize(
    "module",
    [
        "flags.py",
        "facts.py",
        "grading.py",
    ],
)
def test_no_vocabulary_term_is_named_in_the_rules_code(module):
    slugs = {slug for section in load_vocabulary().sections.values() for slug in section} - PLAIN_VALUES
    source = Path(__file__).parents[2] / "src" / "analysis" / "evidence" / module
    strings = {
        node.value
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert strings & slugs == set()


def test_novelty_said_of_the_research_itself_is_a_booster_but_certainty_about_a_method_is_not(studies_dir):
    landmark = claim("These results are a landmark moment for the whole field.", evidence_level="none")
    method = claim("It is a well-established laboratory model of stress.", evidence_level="none")
    rows = ({**landmark, "claim_type": "evidence"}, {**method, "claim_type": "evidence", "relation": "no_relationship"})
    flags = flags_of(studies_dir, *rows)
    assert list(zip(flags["claim_id"], flags["rule"])) == [("C0101", "booster-on-weak-evidence")]
