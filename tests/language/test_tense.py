"""A past-tense report of what a study saw is told apart from a general claim."""

import pytest

from analysis.language.tense import reports_findings, reports_past_result


@pytest.mark.parametrize(
    "sentence",
    [
        "Both patients in the study had a complete resolution of their colitis following treatment with FMT.",
        "The first patient’s colitis resolved within two weeks following a single FMT treatment.",
        "Infants given the probiotic cried less than those given a placebo.",
        "Both groups of people lost the same amount of weight.",
        "At six months, six still met that threshold.",  # an irregular past
        "After six weeks, the bacteria that make butyrate went up.",
    ],
)
def test_what_the_study_saw_is_a_report(sentence):
    assert reports_past_result(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Prebiotics reduce body fat in children who are overweight.",  # present: a general claim
        "Studies have shown that probiotics reduce anxiety.",  # present perfect generalises
        "Probiotics may reduce crying from colic.",  # a modal
        "Probiotics can shorten acute diarrhoea.",
        "Fecal transplant effective against immunotherapy-induced colitis",  # no verb of either kind
        '"Our findings show that gut bacteria play a real role," said Dr Ashdale.',  # "said" reports the speaking
        "",
    ],
)
def test_a_general_or_hedged_claim_is_not_a_report(sentence):
    assert not reports_past_result(sentence)


@pytest.mark.parametrize(
    "sentence, reported",
    [
        ("A handful of small studies have reported improvements in mood.", True),
        ("Other studies have shown similar results, especially with children.", True),
        ("Research has also found lower anxiety in people who eat fermented foods.", True),
        ("Studies show that probiotics reduce anxiety.", False),  # the finding stated as the article's own
        ("Probiotics have shown promise.", False),  # not research as the subject
        ("Omega-3 fats from oily fish have slightly better evidence.", True),  # what evidence there is
        ("Certain strains have reasonable evidence for reducing diarrhoea.", True),
        ("The evidence shows omega-3 fats lift mood.", False),  # the finding stated as the article's own
        ("There is reasonable evidence that some probiotics reduce diarrhoea after antibiotics.", True),
        ("It adds to a growing body of evidence that what we eat matters for the brain.", True),
        ("A growing body of evidence reveals that gut microbes shape your mood.", False),  # the article's own claim
        ("Probiotics have strong evidence that they reduce anxiety.", False),
        ("These strains have evidence-based benefits for anxiety.", False),
        ("Patients who have evidence of gut inflammation benefit from probiotics.", False),
    ],
)
def test_what_research_has_found_is_a_report_of_the_evidence(sentence, reported):
    assert reports_findings(sentence) is reported
