"""The studies a claim rests on are proposed from where it stands in its article."""

from pathlib import Path

import pandas as pd

from analysis.curation.study_links import (
    link_claim,
    named_population,
    paragraph_of,
    propose_studies,
    read_studies,
    related_conditions,
)
from analysis.workbook.vocabulary import Term, Vocabulary

TEXT = """Probiotics calm anxious adults, a trial finds

A randomised trial of 120 adults at Example University gave a daily probiotic for eight weeks.
Those given the probiotic reported less anxiety than those given a placebo.

The result was clear, said the lead author.
Studies show that people with depression have less diverse gut bacteria.

Fibre feeds the gut's bacteria.
"""
STUDIES = pd.DataFrame(
    [
        ("S0001", "A randomised trial of 120 adults at Example University", "probiotics", "named"),
        (
            "S0002",
            "Studies show that people with depression have less diverse gut bacteria.",
            "gut-microbiome",
            "second-hand",
        ),
    ],
    columns=["study_id", "quote", "interventions", "reporting"],
)


def propose(quote, interventions="probiotics", **kwargs):
    return propose_studies(quote, TEXT, read_studies(TEXT, STUDIES), interventions, **kwargs)


def test_paragraphs_are_counted_by_non_blank_lines():
    assert paragraph_of(TEXT, 0) == 0 and paragraph_of(TEXT, TEXT.index("Those given")) == 2


def test_a_result_in_the_study_s_paragraph_rests_on_it():
    assert propose("Those given the probiotic reported less anxiety than those given a placebo.") == ["S0001"]


def test_a_claim_a_few_paragraphs_on_about_the_same_intervention_rests_on_it():
    assert propose("The result was clear, said the lead author.") == ["S0001"]
    assert propose("The result was clear, said the lead author.", interventions="fibre") == []


def test_studies_show_backs_its_own_sentence_and_no_other():
    assert propose("people with depression have less diverse gut bacteria", "gut-microbiome") == ["S0002"]
    assert propose("Fibre feeds the gut's bacteria.", "fibre") == []


def test_a_headline_rests_on_every_study_its_body_describes_about_it():
    assert propose("Probiotics calm anxious adults, a trial finds", headline=True) == ["S0001"]


def test_a_quote_not_in_the_text_or_no_studies_proposes_nothing():
    assert propose("Words the article never wrote.") == []
    assert propose_studies("Fibre feeds the gut's bacteria.", TEXT, [], "fibre") == []


REPORT = """Tart cherries change gut bacteria, a small study finds

Nine adults drank tart cherry juice daily for five days.
In a parallel laboratory study, cherry polyphenols fed Bifidobacterium.

Other research has tested fibre.
Fibre is found in beans, oats and vegetables.
Most adults eat too little of it.
"The juice is worth a try," says a dietitian who was not involved.

Cherries may help the gut, the researchers say.
"""
REPORT_STUDIES = pd.DataFrame(
    [
        ("S0001", "Nine adults drank tart cherry juice daily for five days.", "tart-cherries", "named", "J Nutr 2018"),
        ("S0002", "In a parallel laboratory study", "tart-cherries", "named", "J Nutr 2018"),
        ("S0003", "Other research has tested fibre.", "fibre", "named", "Gut 2019"),
    ],
    columns=["study_id", "quote", "interventions", "reporting", "citation"],
)


def propose_in_report(quote, interventions="tart-cherries", **kwargs):
    return propose_studies(quote, REPORT, read_studies(REPORT, REPORT_STUDIES), interventions, **kwargs)


def test_a_claim_far_from_its_study_rests_on_the_one_report_about_its_intervention():
    assert propose_in_report("Cherries may help the gut, the researchers say.") == ["S0001", "S0002"]


def test_two_reports_about_the_intervention_leave_a_distant_claim_unlinked():
    two = REPORT_STUDIES.assign(citation=["J Nutr 2018", "Food Chem 2017", "Gut 2019"])
    studies = read_studies(REPORT, two)
    assert propose_studies("Cherries may help the gut, the researchers say.", REPORT, studies, "tart-cherries") == []


def test_a_view_in_somebody_s_words_rests_on_no_nearby_study():
    quote = "The juice is worth a try"
    assert propose_in_report(quote) == ["S0001", "S0002"]
    assert propose_in_report(quote, spoken=True) == []


def test_a_claim_naming_no_intervention_rests_on_the_only_study_unless_told_otherwise():
    assert propose("Fibre feeds the gut's bacteria.", "") == ["S0001"]  # the article is written around its study
    assert propose("Fibre feeds the gut's bacteria.", "", unnamed=False) == []  # a draft: background as often
    assert propose("Fibre feeds the gut's bacteria.", "probiotics", unnamed=False) == ["S0001"]


MEASURED = pd.DataFrame(
    [
        ("S0001", "A randomised trial of 120 adults at Example University", "probiotics", "named", "anxiety"),
        ("S0002", "Studies show that", "gut-microbiome", "second-hand", "depression"),
    ],
    columns=["study_id", "quote", "interventions", "reporting", "outcomes"],
)
BESIDE = TEXT.replace("Those given the probiotic", "Probiotics also help digestion. Those given the probiotic")


def propose_measured(quote, conditions, text=BESIDE, **kwargs):
    studies = read_studies(text, MEASURED)
    return propose_studies(quote, text, studies, "probiotics", frozenset(conditions), **kwargs)


def test_a_claim_about_a_condition_its_neighbouring_study_did_not_measure_rests_on_no_study():
    assert propose_measured("Probiotics also help digestion.", {"gut-health"}) == []
    assert propose_measured("Probiotics also help digestion.", set()) == ["S0001"]  # conditions not known


def test_a_claim_about_the_condition_its_study_measured_rests_on_it_near_or_far():
    assert propose_measured("Those given the probiotic reported less anxiety", {"anxiety"}) == ["S0001"]
    assert propose_measured("The result was clear, said the lead author.", {"anxiety", "mental-health"}) == ["S0001"]
    assert propose_measured("The result was clear, said the lead author.", {"gut-health"}) == []


def test_the_one_report_of_an_article_backs_a_distant_claim_only_about_what_it_measured():
    far = BESIDE + "\nMore text.\n\nEven more text.\n\nAnd more.\n\nProbiotics ease anxiety for many.\n"
    assert propose_measured("Probiotics ease anxiety for many.", {"anxiety"}, far) == ["S0001"]
    assert propose_measured("Probiotics ease anxiety for many.", {"cancer"}, far) == []


def test_related_conditions_add_the_narrower_and_broader_terms():
    vocabulary = Vocabulary(
        Path("vocabulary.yaml"),
        {
            "conditions": {
                "mental-health": Term("mental-health", "Mental health", "", narrower=("depression", "anxiety")),
                "depression": Term("depression", "Depression", ""),
                "anxiety": Term("anxiety", "Anxiety", ""),
                "cancer": Term("cancer", "Cancer", ""),
            }
        },
    )
    assert related_conditions("depression", vocabulary) == {"depression", "mental-health"}
    assert related_conditions("mental-health;cancer", vocabulary) == {
        "mental-health",
        "depression",
        "anxiety",
        "cancer",
    }
    assert related_conditions("", vocabulary) == frozenset()


def test_advice_rests_only_on_a_study_its_own_sentence_names():
    text = BESIDE.replace("Probiotics also help digestion.", "Take a probiotic daily with breakfast.")
    studies = read_studies(text, MEASURED)
    advice = "Take a probiotic daily with breakfast."
    assert propose_studies(advice, text, studies, "probiotics") == ["S0001"]  # a result beside its study
    assert propose_studies(advice, text, studies, "probiotics", advice=True) == []
    named = "A randomised trial of 120 adults at Example University gave a daily probiotic for eight weeks."
    assert propose_studies(named, text, studies, "probiotics", advice=True) == ["S0001"]


def test_a_sentence_about_the_study_s_conduct_rests_on_the_nearest_study_described_before_it():
    far = TEXT + (
        "\nMore text.\n\nEven more text.\n\nAnd more.\n\nFive volunteers dropped out, disliking the taste.\n\n"
        "Researchers recruited 142 students. Half the students were given a capsule, the others a dummy one.\n"
    )
    vocabulary = Vocabulary(Path("vocabulary.yaml"), {"evidence_levels": {}, "conditions": {}})
    studies = read_studies(far, STUDIES)
    labels = {"interventions": "fibre", "advice": "no"}  # the rules alone link none: another intervention, far away
    assert propose_studies("Five volunteers dropped out", far, studies, "fibre") == []
    assert link_claim("Five volunteers dropped out, disliking the taste.", far, studies, labels, vocabulary) == [
        "S0001"
    ]
    assert link_claim("And more.", far, studies, labels, vocabulary) == []
    for conduct in ("Researchers recruited 142 students.", "Half the students were given a capsule"):
        assert link_claim(conduct, far, studies, labels, vocabulary) == ["S0001"]
    assert link_claim("Five volunteers dropped out", far, studies, {**labels, "advice": "safety"}, vocabulary) == []
    new = "Yoghurt may soothe the gut, according to a new study."  # the news story's own study, named as such
    authors = "Authors of the review note that probiotics can work in several ways."
    text = far + "\n" + new + "\n\n" + authors + "\n"
    assert link_claim(new, text, read_studies(text, STUDIES), labels, vocabulary) == ["S0001"]
    assert link_claim(authors, text, read_studies(text, STUDIES), labels, vocabulary) == ["S0001"]


SPOKEN = {"interventions": "", "advice": "no", "evidence_level": "expert-opinion"}  # somebody's words, a view


def levels(slug: str, kind: str) -> Vocabulary:
    """A vocabulary of one evidence level, `slug`, of `kind` (opinion, anecdote)."""
    term = Term(slug, slug.replace("-", " ").capitalize(), "", kind=kind)
    return Vocabulary(Path("vocabulary.yaml"), {"evidence_levels": {slug: term}, "conditions": {}})


def test_a_study_s_own_author_speaking_of_it_rests_on_it_another_s_view_on_none():
    text = TEXT + (
        "\nMore text.\n\nEven more text.\n\nAnd more.\n\n"
        '"We were surprised by the size of the change," said first author Dr Ana Lind.\n\n'
        '"Fermented foods are a joy," says Dr Bea Holt, a chef.\n'
    )
    studies = read_studies(text, STUDIES)
    opinion = levels("expert-opinion", "opinion")
    assert link_claim("We were surprised by the size of the change", text, studies, SPOKEN, opinion) == ["S0001"]
    assert link_claim("Fermented foods are a joy", text, studies, SPOKEN, opinion) == []
    unsaid = {**SPOKEN, "evidence_level": "none"}  # "we saw" read as a result, not as somebody's view
    author = 'We were surprised by the size of the change," said first author Dr Ana Lind.'
    assert link_claim(author, text, studies, unsaid, levels("none", "none"), unnamed=False) == ["S0001"]
    parent = {**SPOKEN, "evidence_level": "anecdote"}  # a parent's "we saw a huge change" is no author's result
    told = levels("anecdote", "anecdote")
    assert link_claim("We were surprised by the size of the change", text, studies, parent, told) == []


def test_a_named_expert_s_words_in_the_paragraph_that_describes_a_study_rest_on_it():
    text = TEXT + (
        "\nMore text.\n\nEven more text.\n\n"
        'A pilot of 30 adults tried kefir. "Nobody had a placebo, so we cannot tell," says Dr Bea Holt.\n\n'
        '"Kefir is a joy," says Dr Bea Holt.\n'
    )
    pilot = pd.DataFrame(
        [("S0003", "A pilot of 30 adults tried kefir.", "fermented-foods", "named")], columns=STUDIES.columns
    )
    studies, opinion = read_studies(text, pd.concat([STUDIES, pilot])), levels("expert-opinion", "opinion")
    assert link_claim("Nobody had a placebo, so we cannot tell", text, studies, SPOKEN, opinion) == ["S0003"]
    assert link_claim("Kefir is a joy", text, studies, SPOKEN, opinion) == []  # a paragraph of its own


def test_the_study_s_author_quoted_again_later_still_speaks_of_it():
    text = TEXT + (
        "\nMore text.\n\n"
        '"It worked," said Professor Imelda Varga-Stroud, chief investigator of the trial.\n\n'
        "Even more text.\n\nAnd more.\n\nAnd more again.\n\n"
        '"Now we know it helps the anxious mind," said Professor Varga-Stroud.\n\n'
        '"Now we know it helps the anxious mind," said Professor Holt.\n'
    )
    studies, opinion = read_studies(text, STUDIES), levels("expert-opinion", "opinion")
    later = text.rindex("Now we know it helps")  # the last paragraph: a speaker never introduced as its author
    assert link_claim("Now we know it helps the anxious mind", text, studies, SPOKEN, opinion) == ["S0001"]
    assert link_claim(text[later:].splitlines()[0], text, studies, SPOKEN, opinion) == []


def test_an_author_quoted_after_another_study_still_speaks_of_the_study_she_led():
    text = TEXT + (
        "\nMore text.\n\n"
        "Stephen Allen, a paediatrician who lead the review, said it was clear.\n\n"
        "A later trial of 60 adults tested kefir.\n\n"
        '"The conclusions are much stronger now," Allen says.\n'
    )
    later = pd.DataFrame([("S0003", "A later trial of 60 adults tested kefir.", "", "named")], columns=STUDIES.columns)
    studies, opinion = read_studies(text, pd.concat([STUDIES, later])), levels("expert-opinion", "opinion")
    assert link_claim("The conclusions are much stronger now", text, studies, SPOKEN, opinion) == ["S0001"]


def test_a_speaker_is_the_study_s_author_only_where_the_text_says_so():
    opinion = levels("expert-opinion", "opinion")
    lines = (  # paragraphs on single lines, as many saved pages have them
        TEXT.replace("\n\n", "\n")
        + "More text.\nEven more text.\nAnd more.\n"
        + '"It worked," said Professor Imelda Varga-Stroud, chief investigator of the trial.\n'
        + "Even more text.\nAnd more.\nAnd more again.\n"
        + '"Now we know it helps the anxious mind," said Professor Varga-Stroud.\n'
    )
    assert link_claim(
        "Now we know it helps the anxious mind", lines, read_studies(lines, STUDIES), SPOKEN, opinion
    ) == ["S0001"]
    other = TEXT + (  # "Li" is not "Lind"; a speaker "not involved" in the research is no author of it
        "\nDr Ana Lind, lead author of the trial, was pleased.\n\n"
        "Dr Bea Holt, who was not involved in the research, said the lead author had been careful.\n\n"
        "Even more text.\n\nAnd more.\n\nAnd more again.\n\n"
        '"Kefir is a joy," said Dr Mei Li.\n\n'
        '"Fermented foods are a joy," says Holt.\n'
    )
    studies = read_studies(other, STUDIES)
    assert link_claim("Kefir is a joy", other, studies, SPOKEN, opinion) == []
    assert link_claim("Fermented foods are a joy", other, studies, SPOKEN, opinion) == []


def test_people_who_lead_busy_lives_are_no_study_s_authors():
    vocabulary = Vocabulary(Path("vocabulary.yaml"), {"evidence_levels": {}, "conditions": {}})
    far = TEXT + "\nMore text.\n\nEven more text.\n\nAnd more.\n\n"
    labels = {"interventions": "fibre", "advice": "no"}
    for sentence, linked in (
        ("Adults who lead sedentary lives have less diverse gut bacteria.", []),
        ("A new trial will test whether kefir eases depression.", []),  # only planned
        ("The PhD researcher who led the sequencing analysis was surprised.", ["S0001"]),
    ):
        text = far + sentence + "\n"
        assert link_claim(sentence, text, read_studies(text, STUDIES), labels, vocabulary) == linked


def test_an_author_s_we_have_shown_speaks_of_the_study():
    text = TEXT + "\nMore text.\n\nEven more text.\n\nAnd more.\n\n" + '"We have shown that it lasts," she said.\n'
    studies, opinion = read_studies(text, STUDIES), levels("expert-opinion", "opinion")
    assert link_claim("We have shown that it lasts", text, studies, SPOKEN, opinion) == ["S0001"]


def test_an_author_s_words_about_what_the_study_did_not_measure_rest_on_no_study():
    text = TEXT + "\nMore text.\n\n" + '"We found it is good for the heart too," said the lead author.\n'
    measured = STUDIES.assign(outcomes=["anxiety", ""])
    studies, opinion = read_studies(text, measured), levels("expert-opinion", "opinion")
    heart = {**SPOKEN, "conditions": "cardiovascular-health"}
    assert link_claim("We found it is good for the heart too", text, studies, heart, opinion) == []
    calm = {**SPOKEN, "conditions": "anxiety"}
    assert link_claim("We found it is good for the heart too", text, studies, calm, opinion) == ["S0001"]


TWO_ARMS = """Cherries change the gut, a study finds

Researchers ran a human trial and laboratory experiments. In the human trial, nine adults drank cherry juice daily.

The laboratory experiments mimicked the colon in glass vessels.

In the human trial, the participants' good bacteria rose. In the vessels, polyphenols were broken down slowly.

The laboratory experiments found that the juice's sugars fed other bacteria. The juice was fermented for two days.

Sonnenburg says that when researchers feed mice no fibre, their microbes turn on the gut. In mice on a low-fibre diet, \
the mucus lining thins. He thinks people may fare the same.
"""
TWO_ARMS_STUDIES = pd.DataFrame(
    [
        ("S0001", "nine adults drank cherry juice daily", "humans", "named"),
        ("S0002", "The laboratory experiments mimicked the colon in glass vessels.", "cells", "named"),
        ("S0003", "when researchers feed mice no fibre, their microbes turn on the gut", "animals", "second-hand"),
    ],
    columns=["study_id", "quote", "population", "reporting"],
).assign(interventions="tart-cherries")


def propose_in_two_arms(quote):
    return propose_studies(quote, TWO_ARMS, read_studies(TWO_ARMS, TWO_ARMS_STUDIES), "tart-cherries")


def test_a_claim_that_names_whom_its_study_was_done_in_rests_on_the_study_done_in_them():
    assert propose_in_two_arms("In the human trial, the participants' good bacteria rose.") == ["S0001"]
    assert propose_in_two_arms("The laboratory experiments found that the juice's sugars fed other bacteria.") == [
        "S0002"
    ]


def test_whom_a_paragraph_names_chooses_for_a_sentence_that_names_nobody():
    assert propose_in_two_arms("The juice was fermented for two days.") == ["S0002"]


def test_a_sentence_about_mice_rests_on_the_animal_work_beside_it_however_it_is_reported():
    assert propose_in_two_arms("In mice on a low-fibre diet, the mucus lining thins.") == ["S0003"]
    assert "S0003" not in propose_in_two_arms("He thinks people may fare the same.")  # about people, not the mice


def test_a_sentence_naming_people_and_mice_names_no_population():
    assert named_population("In people and in mice, the lining thins.") == ""
    assert named_population("A pilot in 64 people found little.") == "humans"
    assert named_population("Nine men slept four hours under laboratory conditions.") == ""
