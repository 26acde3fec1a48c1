"""Study rows proposed from the sentences that describe an article's studies: design, size, control, reporting."""

import pytest

from analysis.curation.study_rows import propose_study_rows
from analysis.language.sentences import split_sentences
from analysis.workbook.studies import STUDY_COLUMNS
from analysis.workbook.vocabulary import load_vocabulary


@pytest.fixture
def vocabulary(studies_dir):
    return load_vocabulary(studies_dir)


def propose(text, vocabulary):
    return propose_study_rows(text, split_sentences(text), vocabulary, "news")


def test_one_study_mentioned_in_several_sentences_is_one_row_with_the_strongest_design(vocabulary):
    text = (
        "A new study published in the Journal of Gut Studies found that probiotics reduced anxiety.\n"
        "For the study, researchers performed a placebo-controlled trial with 42 participants. "
        "Participants were randomly assigned to a probiotic or a placebo.\n"
        "This is the first trial of its kind.\n"
    )
    [row] = propose(text, vocabulary)
    assert list(row) == STUDY_COLUMNS
    assert (row["study_id"], row["design"], row["participants"], row["control"]) == ("new-1", "rct", "42", "yes")
    assert row["quote"] == "For the study, researchers performed a placebo-controlled trial with 42 participants."
    assert (row["reporting"], row["citation"]) == ("named", "Journal of Gut Studies")
    assert (row["interventions"], row["outcomes"], row["source_id"]) == ("probiotics", "anxiety", "news")


def test_research_invoked_in_general_is_a_second_hand_study_of_its_own(vocabulary):
    text = (
        "In a randomised controlled trial of 40 adults, a probiotic reduced anxiety.\n"
        "Studies show that people with depression have less diverse gut bacteria.\n"
    )
    trial, general = propose(text, vocabulary)
    assert (trial["design"], trial["reporting"], trial["participants"]) == ("rct", "described", "40")
    assert (general["design"], general["reporting"], general["participants"]) == (
        "unspecified-studies",
        "second-hand",
        "",
    )
    assert (general["control"], general["outcomes"], general["interventions"]) == (
        "unstated",
        "depression",
        "gut-microbiome",
    )


def test_another_study_of_the_same_design_is_a_row_of_its_own(vocabulary):
    text = "A meta-analysis of 16 trials found that diet reduces depression. Another meta-analysis in 2004 agreed.\n"
    assert [row["design"] for row in propose(text, vocabulary)] == ["meta-analysis", "meta-analysis"]


def test_animal_work_is_its_own_study_and_people_are_not_folded_into_it(vocabulary):
    text = (
        "In mice, faecal transplants from depressed donors caused depressive behaviour.\n"
        "The new study followed 49 adults with depression who took probiotics.\n"
    )
    animal, people = propose(text, vocabulary)
    assert (animal["design"], animal["population"]) == ("animal", "animals")
    assert (people["design"], people["participants"]) == ("unspecified-studies", "49")


def test_people_counted_beside_an_unnamed_study_keep_it_apart_and_a_heading_only_names_a_study(vocabulary):
    text = (
        "Exercise and the anxious gut\n\n"
        "The mouse study that caught my eye\n\n"
        "A team gave mice running wheels. Then they transplanted the runners' bacteria into germ-free mice.\n\n"
        "The human evidence is thinner, but there's a study I keep coming back to. "
        "Researchers recruited 32 inactive adults and had them exercise for six weeks.\n"
    )
    animal, people = propose(text, vocabulary)
    assert (animal["design"], animal["quote"]) == (
        "animal",
        "Then they transplanted the runners' bacteria into germ-free mice.",
    )
    assert (people["design"], people["participants"]) == ("unspecified-studies", "32")


def test_a_share_of_people_is_no_study_of_people_and_a_detailed_heading_is_still_only_a_heading(vocabulary):
    share = (
        "In mice, faecal transplants from anxious donors caused anxious behaviour.\n"
        "The new study suggests gut bacteria shape anxiety. Anxiety affects one in four adults.\n"
    )
    [animal] = propose(share, vocabulary)  # the unnamed "new study" is the mouse work
    assert animal["design"] == "animal"
    heading = (
        "Exercise and anxiety\n\nThe mouse study of 48 mice that caught my eye\n\nMice in the study ran on wheels.\n"
    )
    [mice] = propose(heading, vocabulary)
    assert mice["quote"] == "Mice in the study ran on wheels."


def test_a_study_that_counts_people_the_vocabulary_does_not_name_is_in_humans(vocabulary):
    text = "In a randomised trial, researchers gave 118 undergraduates a prebiotic or a placebo for four weeks.\n"
    [row] = propose(text, vocabulary)
    assert (row["participants"], row["population"]) == ("118", "humans")


def test_a_study_of_schoolchildren_is_not_folded_into_the_mouse_work_beside_it(vocabulary):
    text = (
        "Children with more ADHD symptoms have different gut bacteria, according to a study of 300 schoolchildren.\n\n"
        "Studies in mice raised without any gut bacteria have shown changes in behaviour.\n"
    )
    rows = propose(text, vocabulary)
    children = [row for row in rows if "schoolchildren" in row["quote"]]
    assert [(row["participants"], row["population"]) for row in children] == [("300", "humans")]


def test_a_review_told_by_the_trials_it_covered_is_a_review_and_each_sized_trial_a_row(vocabulary):
    text = (
        "One of the more intriguing studies involved 45 healthy volunteers who took a prebiotic or a dummy powder.\n\n"
        "A larger trial followed 110 university students, giving them a prebiotic or a placebo for eight weeks.\n\n"
        "A review published last year looked at 17 trials of prebiotics and probiotics for anxiety.\n"
    )
    rows = propose(text, vocabulary)
    assert [(row["design"], row["participants"]) for row in rows] == [
        ("controlled-trial", "45"),
        ("controlled-trial", "110"),
        ("narrative-review", ""),
    ]


@pytest.mark.parametrize(
    "sentence, reporting",
    [
        ("A trial followed 110 university students, giving them a prebiotic or a placebo.", "described"),
        ("A trial at Harwick University gave 110 students a prebiotic or a placebo.", "named"),
    ],
)
def test_a_study_is_named_by_an_institution_s_proper_name_not_by_the_word(vocabulary, sentence, reporting):
    [row] = propose(sentence + "\n", vocabulary)
    assert row["reporting"] == reporting


def test_a_trial_beside_a_review_it_is_compared_with_stays_a_trial(vocabulary):
    text = "Unlike a 2020 review that looked at 12 small studies, this new randomised trial of 300 adults found a benefit.\n"
    assert [(row["design"], row["participants"]) for row in propose(text, vocabulary)] == [("rct", "300")]


def test_a_study_done_beside_one_its_team_seeks_funding_for_is_a_row(vocabulary):
    text = "The pilot study of 20 adults is promising, and the team has applied for funding for a larger trial.\n"
    assert [row["participants"] for row in propose(text, vocabulary)] == ["20"]


def test_the_trial_s_own_headcount_later_is_the_same_trial_and_staff_are_no_participants(vocabulary):
    text = (
        "A randomised trial of 120 adults found the probiotic eased anxiety.\n\n"
        "The trial enrolled 150 adults, but 30 dropped out.\n\n"
        "A company with 500 employees funded it.\n"
    )
    assert [(row["design"], row["participants"]) for row in propose(text, vocabulary)] == [("rct", "120")]


def test_mendelian_randomisation_is_observational_and_nature_s_trial_no_trial(vocabulary):
    text = (
        "A genetic study used Mendelian randomisation in 14,306 volunteers to test whether the bacteria affect mood.\n"
        "It is sometimes described as nature's randomised trial.\n"
    )
    assert [(row["design"], row["participants"]) for row in propose(text, vocabulary)] == [("observational", "14306")]


def test_organoids_are_work_in_cells(vocabulary):
    text = 'The research used "mini-guts", tiny balls of human intestinal tissue known as organoids, from 11 donors.\n'
    [row] = propose(text, vocabulary)
    assert (row["design"], row["population"]) == ("in-vitro", "cells")


def test_a_text_that_describes_no_study_proposes_none(vocabulary):
    assert propose("Probiotics may reduce anxiety. Talk to your doctor first.\n", vocabulary) == []


def test_a_drafted_study_carries_its_peer_review_and_funding(vocabulary):
    text = (
        "Brightleaf said the company's own trial of 64 adults, posted as a preprint, found the capsule eased anxiety.\n"
        "Participants were randomly assigned to the capsule or a placebo.\n"
    )
    [row] = propose(text, vocabulary)
    assert (row["peer_reviewed"], row["funding"], row["participants"]) == ("no", "maker", "64")


def test_a_planned_trial_is_no_study_and_no_control_group_makes_a_trial_uncontrolled(vocabulary):
    text = (
        "A pilot study enrolled 24 adults with mild depression in a 12-week exercise programme.\n"
        '"There was no control group, so we cannot separate the exercise from the routine," he says. '
        '"We\'re planning a proper randomised trial."\n'
    )
    [row] = propose(text, vocabulary)
    assert (row["design"], row["control"], row["participants"]) == ("uncontrolled-trial", "no", "24")
    assert (
        propose("For that we need trials where people are randomly assigned to change their diet.\n", vocabulary) == []
    )
    hopes = "Dr Hart said the team now hopes to run a bigger trial involving around 400 students.\n"
    assert propose(hopes, vocabulary) == []
    assert propose("That study would also measure cortisol in a placebo group.\n", vocabulary) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "About 120 children with ADHD will take either a daily synbiotic or a placebo for 12 weeks.",
        "Building on these results, the team will start a randomised, placebo-controlled trial this autumn.",
        "Next steps: a clinical trial",
        "The trial is funded by a grant from the Kestrel Foundation and is expected to report in 2028.",
        '"If the trial is positive, we could have a simple treatment," she said.',
        "It is not an approved treatment and should only be done as part of a properly run clinical trial.",
        "The team is seeking funding for a trial of around 300 students, which it hopes to begin next year.",
        "The team is now seeking funding for a larger trial in 300 students.",
        "The team has applied for funding for a trial involving around 300 women.",
        "No human trials have been done on it.",  # a study said not to exist
        "There are no large, randomised trials of the diet.",
        "The finished product has not been tested in clinical trials.",
        "I'm not waiting for a study to tell me that.",
    ],
)
def test_a_trial_to_come_or_said_not_to_exist_is_no_study(vocabulary, sentence):
    assert propose(sentence + "\n", vocabulary) == []


def test_a_customer_s_review_is_no_review_of_research(vocabulary):
    assert propose("Guys, leave us a review and send us your gut-healing story.\n", vocabulary) == []
    assert propose("Read our customer reviews of the probiotic.\n", vocabulary) == []
    [review] = propose("A systematic review of 14 trials found probiotics eased anxiety.\n", vocabulary)
    assert review["design"] == "meta-analysis"


@pytest.mark.parametrize(
    "text, design",
    [
        (
            "Researchers pooled the results of 34 randomised controlled trials involving 3,112 people.\n",
            "meta-analysis",
        ),
        ("In a laboratory study, mice given the bacterium were less anxious.\n", "animal"),
        ("A laboratory study of gut cells found the strain made butyrate.\n", "in-vitro"),
        ("A trial of 62 students tested kefir. The students were randomly split into two groups.\n", "rct"),
        ("In a laboratory study using cells taken from rats, the probiotic reduced inflammation.\n", "in-vitro"),
        ("Researchers pooled the results of 12 mouse studies of probiotics.\n", "animal"),
        (
            "In an open-label trial, 30 patients chosen at random from a clinic took the probiotic.\n",
            "uncontrolled-trial",
        ),
        ("A randomised trial is the best way to show cause and effect, and this one enrolled 300 adults.\n", "rct"),
    ],
    ids=[
        "pooled-trials",
        "mice-in-a-laboratory-study",
        "cells-in-a-laboratory-study",
        "randomly-split",
        "cells-taken-from-rats",
        "pooled-mouse-studies",
        "chosen-at-random-is-no-randomisation",
        "the-way-to-show-cause-in-general",
    ],
)
def test_a_design_is_read_from_what_the_study_did(vocabulary, text, design):
    [study] = propose(text, vocabulary)
    assert study["design"] == design


def test_the_trial_that_would_show_it_is_no_study(vocabulary):
    text = "If a company believes its product works, the way to show that is a large, independent trial.\n"
    assert propose(text, vocabulary) == []


def test_an_animal_study_counts_animals_not_the_people_of_a_trial_beside_it(vocabulary):
    text = (
        "A randomised trial of 42 sedentary adults found exercise raised butyrate. "
        "Animal studies suggest why: in mice, bacteria from exercised animals transfer some of the benefits.\n"
    )
    trial, mice = propose(text, vocabulary)
    assert (trial["participants"], mice["participants"]) == ("42", "")
    [rats] = propose("In a study of 64 rats, a high-fat diet changed gut bacteria.\n", vocabulary)
    assert rats["participants"] == "64"


def test_a_trial_in_pets_counts_the_animals_and_was_done_in_animals(vocabulary):
    text = "In a crossover trial, 32 dogs with noise anxiety were given a probiotic or a placebo for six weeks each.\n"
    [dogs] = propose(text, vocabulary)
    assert (dogs["participants"], dogs["population"], dogs["control"]) == ("32", "animals", "yes")


def test_research_led_by_a_named_scientist_is_a_study(vocabulary):
    [study] = propose(
        "New research led by Dr Jane Smith found that probiotics eased anxiety in 40 adults.\n", vocabulary
    )
    assert study["participants"] == "40"


def test_a_research_university_or_institute_is_no_study(vocabulary):
    assert propose("Castlemere is a research-intensive university with more than 24,000 students.\n", vocabulary) == []
    assert propose("She leads a research institute with 300 staff.\n", vocabulary) == []
    [study] = propose("The research found that 40 rats fed the diet were more anxious.\n", vocabulary)
    assert study["participants"] == "40"


def test_a_free_trial_or_a_trial_period_is_no_study(vocabulary):
    assert propose("Start your free trial of our probiotic today.\n", vocabulary) == []
    assert propose("We gave it a trial period of six weeks and his sleep improved.\n", vocabulary) == []
    [trial] = propose("A trial of 60 adults found the probiotic eased anxiety.\n", vocabulary)
    assert trial["participants"] == "60"


@pytest.mark.parametrize(
    ("text", "design"),
    [
        ("In humans, the maker ran an eight-week, placebo-controlled pilot study in 64 adults.\n", "controlled-trial"),
        (
            "Thirty adults took part in a trial. Half received the capsules; half received placebo capsules.\n",
            "controlled-trial",
        ),
        ("Thirty adults took part in a trial. They were randomly assigned to capsules or placebo.\n", "rct"),
        ("Thirty adults took part in a trial of the capsules.\n", "clinical-trial"),
    ],
)
def test_a_trial_s_design_is_what_its_sentences_say_of_its_control_group(vocabulary, text, design):
    [row] = propose(text, vocabulary)
    assert row["design"] == design


def test_a_study_of_another_size_is_another_study(vocabulary):
    text = (
        "Mara was one of 30 participants in a pilot trial; half received placebo capsules.\n"
        "An open-label study of 12 patients reported that two-thirds improved.\n"
    )
    first, second = propose(text, vocabulary)
    assert (first["design"], first["participants"]) == ("controlled-trial", "30")
    assert (second["design"], second["participants"], second["control"]) == ("uncontrolled-trial", "12", "no")


def test_a_study_s_finding_is_read_from_the_sentences_that_mention_it():
    from analysis.common.paths import CLAIMS_DIR

    text = (
        "For the study, researchers performed a placebo-controlled trial with 42 participants.\n"
        "The trial found that the probiotic reduced anxiety.\n"
    )
    [row] = propose(text, load_vocabulary(CLAIMS_DIR))  # the shipped vocabulary's words of direction
    assert row["direction"] == "beneficial"


def test_a_study_said_to_have_no_placebo_group_is_uncontrolled_unless_another_has_one(vocabulary):
    company = (
        "The company's own study followed 24 adults who took the supplement for 30 days.\n"
        "There was no placebo group, and participants knew what they were taking.\n"
    )
    [row] = propose(company, vocabulary)
    assert (row["design"], row["control"]) == ("uncontrolled-trial", "no")
    beside = (
        "An earlier study of the capsules had no comparison group, so everyone knew they were treated.\n"
        "The hospital is now running a trial in which half receive the capsules and half receive placebo capsules.\n"
    )
    assert [(r["design"], r["control"]) for r in propose(beside, vocabulary)][-1] == ("controlled-trial", "yes")


def test_a_cohort_is_a_study_that_followed_people_for_years(vocabulary):
    text = "One large study that followed more than 20,000 adults for several years found less depression.\n"
    [row] = propose(text, vocabulary)
    assert (row["design"], row["participants"]) == ("observational", "20000")


def test_a_crossover_taken_in_a_random_order_is_randomised(vocabulary):
    text = "In the crossover trial, 64 adults took the probiotic and a placebo for six weeks each, in a random order.\n"
    [row] = propose(text, vocabulary)
    assert row["design"] == "rct"


@pytest.mark.parametrize(
    ("text", "design"),
    [
        (  # scores compared with before the programme: no control arm
            "In a pilot study, 20 adults took kefir for a month; their anxiety fell compared with before they started.\n",
            "uncontrolled-trial",
        ),
        ("The placebo-controlled trial of 40 adults was not randomised.\n", "controlled-trial"),
    ],
)
def test_comparing_with_before_is_no_control_arm_and_not_randomised_is_not_randomised(vocabulary, text, design):
    [row] = propose(text, vocabulary)
    assert row["design"] == design


@pytest.mark.parametrize(
    "second",
    [
        "Another team's trial found no effect on anxiety.",
        "A second, much smaller trial in 30 adults found no effect.",
        "Other researchers, in Sweden, ran a placebo-controlled trial and saw no change.",
    ],
)
def test_another_team_s_or_a_second_trial_is_a_study_of_its_own(vocabulary, second):
    text = f"In a randomised controlled trial of 120 adults, a probiotic reduced anxiety.\n{second}\n"
    assert len(propose(text, vocabulary)) == 2


def test_one_study_s_size_in_digits_or_words_is_one_study_and_mice_are_no_people(vocabulary):
    same = "A clinical trial of 60 adults tested the capsule.\nThe trial of sixty adults found less anxiety.\n"
    assert len(propose(same, vocabulary)) == 1
    mice = (
        "In a mouse study, germ-free animals were more anxious.\nThe new study, which used 48 mice, found the same.\n"
    )
    assert [row["design"] for row in propose(mice, vocabulary)] == ["animal"]


def test_a_finished_pilot_that_asks_for_bigger_trials_is_still_a_study(vocabulary):
    text = "In a small pilot trial of 20 people, mood improved on the probiotic; we need bigger trials.\n"
    assert len(propose(text, vocabulary)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Several studies have found that children with ADHD have a different mix of gut bacteria.",
        "A growing body of research suggests that gut microbes talk to the brain.",
        "Studies comparing the gut bacteria of people with and without depression do find differences.",
        "Other small studies have reported differences too.",
        "Researchers have also noticed that the mix of gut bacteria can look different in autistic children.",
    ],
)
def test_research_invoked_in_other_words_is_a_second_hand_study_too(vocabulary, sentence):
    text = f"In a randomised controlled trial of 40 adults, a probiotic reduced anxiety.\n{sentence}\n"
    trial, general = propose(text, vocabulary)
    assert trial["design"] == "rct"
    assert (general["design"], general["reporting"], general["quote"]) == (
        "unspecified-studies",
        "second-hand",
        sentence,
    )


def test_one_study_among_the_first_of_its_kind_is_that_study_not_research_in_general(vocabulary):
    text = "A randomised trial of 40 adults found less anxiety.\nIt is one of the first studies of its kind.\n"
    [row] = propose(text, vocabulary)
    assert row["design"] == "rct"


def test_mice_raised_without_bacteria_are_animal_work(vocabulary):
    [row] = propose("Mice raised without any gut bacteria at all behave oddly under stress.\n", vocabulary)
    assert (row["design"], row["population"]) == ("animal", "animals")


def test_a_review_s_own_trials_are_the_review_and_a_trial_introduced_after_it_is_another(vocabulary):
    text = (
        "A meta-analysis published in Gut Reviews pooled randomised trials of probiotics for depression.\n"
        "They found 34 trials, with 2,960 adults in total, and a small benefit over placebo.\n"
        "There were signs that small studies with disappointing results may not have been published.\n"
        "Separately, a placebo-controlled trial of 120 adults in Leeds found no benefit.\n"
    )
    review, trial = propose(text, vocabulary)
    assert (review["design"], review["participants"], review["notes"][-22:]) == (
        "meta-analysis",
        "2960",
        "3 sentences mention it",
    )
    assert (trial["design"], trial["participants"]) == ("controlled-trial", "120")


def test_a_review_s_own_summary_speaks_of_its_trials_as_the_review(vocabulary):
    text = (
        "Plain language summary\n"
        "Probiotics may slightly reduce anxiety compared with placebo (17 studies, 1,602 participants).\n"
        "We searched for studies in which adults were randomly assigned to a probiotic or a placebo.\n"
        "Many studies were small and short.\n"
        "Studies in mice suggest that gut bacteria change anxiety-like behaviour.\n"
        "Smith A, Jones B. Probiotics for anxiety: a systematic review and meta-analysis. Rev J. 2025;1:1-9.\n"
    )
    review, mice = sorted(propose(text, vocabulary), key=lambda row: row["design"] != "meta-analysis")
    assert (review["design"], review["participants"]) == ("meta-analysis", "1602")
    assert review["quote"].startswith("Probiotics may slightly reduce anxiety")  # its first description
    assert mice["design"] == "animal"
    news = text.replace("Plain language summary", "Probiotic news").replace("We searched for", "Researchers sought")
    assert len(propose(news, vocabulary)) > 2  # a news story's other studies stay its own


def test_a_summary_that_says_how_it_searched_is_the_review_though_it_never_calls_itself_one(vocabulary):
    text = (
        "Key messages\n"
        "Probiotics may slightly reduce depressive symptoms (14 trials, 1,318 people; low-certainty evidence).\n"
        "We searched for randomised controlled trials in adults with depression.\n"
        "Research in mice suggests that gut bacteria change behaviour.\n"
    )
    review, mice = sorted(propose(text, vocabulary), key=lambda row: row["design"] != "meta-analysis")
    assert (review["design"], review["participants"], review["certainty"]) == ("meta-analysis", "1318", "low")
    assert mice["design"] == "animal"
    trial = "In a trial of 40 adults, a probiotic eased anxiety (low-certainty evidence).\n"
    assert [(row["design"], row["certainty"]) for row in propose(trial, vocabulary)] == [("clinical-trial", "")]


def test_a_news_story_quoting_a_search_keeps_its_trials_apart(vocabulary):
    text = (
        "A trial of 40 adults found kefir eased anxiety.\n"
        "In a separate randomised trial of 120 people, probiotics lowered stress.\n"
        '"We searched for trials of probiotics in depression and found 14," said Dr Lee.\n'
    )
    assert [row["participants"] for row in propose(text, vocabulary)] == ["40", "120"]


def test_a_study_named_by_its_title_is_a_study_of_its_own(vocabulary):
    text = (
        "In a randomised controlled trial of 96 adults, a Mediterranean diet eased depression.\n"
        "The Solway Health Study, with 26,500 participants, found that people eating the most ultra-processed "
        "food were more likely to report depression.\n"
    )
    trial, named = propose(text, vocabulary)
    assert (trial["design"], trial["participants"]) == ("rct", "96")
    assert named["quote"].startswith("The Solway Health Study")


def test_a_titled_study_and_the_study_its_next_paragraph_describes_are_one(vocabulary):
    text = (
        "The Solway Health Study found that people eating the most ultra-processed food reported more depression.\n"
        "The study followed 26,500 participants for ten years.\n"
    )
    [study] = propose(text, vocabulary)
    assert (study["design"], study["participants"]) == ("observational", "26500")
    assert study["notes"].endswith("2 sentences mention it")


def test_participants_randomly_given_a_probiotic_or_a_placebo_were_in_a_randomised_trial(vocabulary):
    text = "In a pilot study, 46 adults were randomly given either a probiotic or a placebo for eight weeks.\n"
    [pilot] = propose(text, vocabulary)
    assert (pilot["design"], pilot["participants"], pilot["control"]) == ("rct", "46", "yes")


def test_a_phase_1_study_is_a_trial_and_the_phase_2_its_funding_lets_them_run_is_no_study(vocabulary):
    text = (
        "Our open-label phase 1 study in 24 adults with depression showed the bacterium was safe.\n"
        "This funding lets us run a randomised, placebo-controlled phase 2 study of 180 patients starting in 2027.\n"
    )
    [phase_1] = propose(text, vocabulary)
    assert (phase_1["design"], phase_1["participants"], phase_1["control"]) == ("uncontrolled-trial", "24", "no")


def test_a_cohort_of_mice_is_animal_work(vocabulary):
    [mice] = propose("We replicated the main result in a second cohort of mice.\n", vocabulary)
    assert (mice["design"], mice["population"]) == ("animal", "animals")


def test_hot_dogs_are_food_and_a_cohort_of_people_beside_mice_is_still_people(vocabulary):
    [study] = propose("Eating two hot dogs a day was linked to depression in a study of 10,000 adults.\n", vocabulary)
    assert (study["participants"], study["population"]) == ("10000", "humans")
    [cohort] = propose("Researchers followed a cohort of 2,000 adults and a group of mice for ten years.\n", vocabulary)
    assert (cohort["design"], cohort["participants"]) == ("observational", "2000")


def test_a_trial_a_grant_let_them_run_was_run(vocabulary):
    [trial] = propose(
        "Last year, a grant from the charity let us run a small trial in 40 patients with IBS.\n", vocabulary
    )
    assert trial["participants"] == "40"
