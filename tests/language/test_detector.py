"""Hedges, boosters, negation and claim strength, on hand-written sentences."""

import shutil
from pathlib import Path

import pytest

from analysis.common.paths import lexicon_path
from analysis.common.problems import LexiconError
from analysis.language.detector import (
    Cue,
    calls_for_research,
    classify_strength,
    find_cues,
    load_lexicon,
    read_sentence,
    read_sentences,
)

HEADER = "phrase,kind,category,weight,note\n"


def texts(cues, kind=None):
    """The matched texts of `cues` (of one kind, when given), in order."""
    return [cue.text for cue in cues if kind is None or cue.kind == kind]


@pytest.fixture
def lexicon_copy(tmp_path) -> Path:
    """A writable copy of the shipped lexicon."""
    target = tmp_path / "lexicon.csv"
    shutil.copyfile(lexicon_path(), target)
    return target


def append_row(path: Path, row: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")


# Hedges, by category


@pytest.mark.parametrize(
    "sentence, category, cue",
    [
        ("Probiotics may ease anxiety in students.", "speculative", "may"),
        ("The microbiome potentially shapes how we respond to stress.", "speculative", "potentially"),
        ("Early research hints at a link between the gut and mood.", "preliminary", "Early research"),
        ("A promising pilot study gave kefir to ten adults.", "preliminary", "promising"),
        ("The supplement brought a modest improvement in sleep.", "modest", "modest"),
        ("Benefits were seen in some people with IBS.", "modest", "some people"),
        ("The team admits the effect was small.", "modest", "effect was small"),
        ("It is still early days for this research.", "preliminary", "still early"),
        ("This early-stage research is intriguing.", "preliminary", "early-stage"),
        ("More research is needed on psychobiotics.", "needs-more-trials", "More research is needed"),
        (
            "Further studies are required before doctors prescribe them.",
            "needs-more-trials",
            "Further studies are required",
        ),
        ("The idea needs larger randomised studies.", "needs-more-trials", "needs larger randomised studies"),
        (
            "Further work will be needed to establish whether it holds in people.",
            "needs-more-trials",
            "work will be needed",
        ),
        ("What's needed is a larger trial compared against a placebo.", "needs-more-trials", "larger trial"),
        (
            "The studies in humans are very small and early.",
            "preliminary",
            "studies in humans are very small and early",
        ),
        ("But some human studies are encouraging.", "preliminary", "studies are encouraging"),
        ("Scientists are beginning to ask whether gut rhythms shape sleep.", "preliminary", "beginning to ask"),
        ("I think the food helps.", "speculative", "I think"),
        ("Scientists believe the vagus nerve carries these signals.", "speculative", "Scientists believe"),
        ("Supplements that supposedly fortify the immune system.", "speculative", "supposedly"),
        ("Some children have mild wind or bloating at first.", "modest", "Some children"),
        ("It seems the bacteria matter more than the dose.", "speculative", "It seems"),
        ("I do think we'll look back on this as a turning point.", "speculative", "I do think"),
        ("It is arguably the best-studied strain.", "modest", "arguably"),
        ("These results are hypothesis-generating at best.", "preliminary", "hypothesis-generating"),
    ],
)
def test_hedge_is_found_with_its_category(sentence, category, cue):
    reading = read_sentence(sentence)
    assert cue in texts(reading.hedges)
    assert category in reading.hedge_categories


@pytest.mark.parametrize(
    "sentence",
    [
        "A diet high in sugar provides poor fuel for good bacteria, while encouraging the growth of others.",
        "Scientists now know that gut bacteria shape how we feel and even how we think.",
        "A study found that encouraging children to eat vegetables improved their mood.",
        "Anyone who knows the gut will tell you that fibre reduces inflammation.",
    ],
)
def test_the_verb_encourage_and_how_we_think_hedge_nothing(sentence):
    assert read_sentence(sentence).hedges == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "In one of the larger studies of its kind, researchers recruited 312 amateur runners.",  # a study done
        "A larger trial followed 110 university students through exam season.",  # a study done
        "One of the more intriguing studies involved 45 healthy volunteers.",
        "Your feed is full of gut-health gurus promising that a supplement will heal your gut.",  # the verb
        "There are clinics promising a cure for autism.",
    ],
)
def test_a_large_study_done_and_the_verb_promise_hedge_nothing(sentence):
    assert read_sentence(sentence).hedges == ()


@pytest.mark.parametrize(
    "sentence, strength",
    [
        ("IBS affects around one in ten people.", "no_relationship"),  # how many it touches
        ("Colic affects up to 28% of infants.", "no_relationship"),
        ("Stress affects your gut.", "direct_causal"),
    ],
)
def test_how_many_a_condition_affects_is_no_cause(sentence, strength):
    assert read_sentence(sentence).strength == strength


def test_a_length_of_time_is_no_comparison():
    reading = read_sentence("If your mood has been low for more than a couple of weeks, talk to your doctor.")
    assert not [cue for cue in reading.cues if cue.kind == "correlational"]


def test_hedge_categories_are_sorted_unique_and_empty_without_hedges():
    reading = read_sentence("Emerging studies suggest fibre may modestly lift mood.")
    assert reading.hedge_categories == ("modest", "preliminary", "speculative")
    assert read_sentence("Fibre lifts mood.").hedge_categories == ()


def test_cue_spans_point_at_the_matched_text():
    sentence = "İn short, early   findings suggest that the gut could matter."
    for cue in find_cues(sentence):
        assert sentence[cue.start : cue.end] == cue.text
    assert "early   findings" in texts(find_cues(sentence))


def test_cues_are_sorted_and_do_not_overlap():
    cues = find_cues("It is clear that more research is needed, but the gut may not be linked to mood.")
    starts = [cue.start for cue in cues]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))


# Boosters


def test_boosters_are_found_including_multi_word_ones():
    reading = read_sentence(
        "This groundbreaking study proves that, crucially, it is clear gut microbes directly "
        "drive a profound and well-known change in mood."
    )
    assert texts(reading.boosters) == [
        "groundbreaking",
        "proves",
        "crucially",
        "it is clear",
        "directly",
        "profound",
        "well-known",
    ]


@pytest.mark.parametrize(
    "sentence, boosters",
    [
        ("Today marks a significant milestone for the field.", ["milestone for"]),
        ("Infants given the probiotic reached developmental milestones earlier.", []),
        ("Axis Restore is backed by research.", ["backed by research"]),
        ("It is backed by our 60-day money-back guarantee.", []),
        ("Those are numbers we find hard to ignore.", ["hard to ignore"]),
    ],
)
def test_research_pressed_as_settled_or_new_is_a_booster(sentence, boosters):
    assert texts(read_sentence(sentence).boosters) == boosters


def test_booster_cue_carries_kind_category_and_weight():
    (cue,) = [cue for cue in find_cues("The effect was undeniable.") if cue.kind == "booster"]
    assert cue == Cue("undeniable", 15, 25, "booster", "certainty", 1.0)


# Claim strength, one class at a time


@pytest.mark.parametrize(
    "sentence, strength",
    [
        ("The study enrolled 120 adults with depression.", "no_relationship"),
        ("Most participants were women in their forties.", "no_relationship"),
        ("Larger trials are needed to test whether probiotics help.", "no_relationship"),
        ("Depression was associated with lower microbial diversity.", "correlational"),
        ("Gut bacteria are linked to anxiety.", "correlational"),
        ("Stool serotonin correlated with mood scores.", "correlational"),
        ("Probiotics may reduce anxiety.", "conditional_causal"),
        ("A poor diet might contribute to low mood.", "conditional_causal"),
        ("Fermented foods appear to improve sleep.", "conditional_causal"),
        ("Probiotics reduce anxiety.", "direct_causal"),
        ("Eating fibre improves mood.", "direct_causal"),
        ("Chronic inflammation leads to depressive symptoms.", "direct_causal"),
    ],
)
def test_strength_class(sentence, strength):
    assert classify_strength(sentence) == strength
    assert read_sentence(sentence).strength == strength


def test_a_reporting_verb_alone_does_not_make_a_causal_claim_conditional():
    assert classify_strength("These results suggest that kefir improves mood.") == "direct_causal"
    assert classify_strength("These results suggest that kefir may improve mood.") == "conditional_causal"


def test_hedging_an_association_keeps_it_correlational():
    assert classify_strength("Low diversity may be associated with depression.") == "correlational"


def test_a_participle_used_as_an_adjective_is_not_a_causal_claim():
    assert classify_strength("Depression was associated with reduced gut diversity.") == "correlational"


def test_a_change_described_without_an_agent_is_correlational():
    assert classify_strength("Anxiety scores increased with age.") == "correlational"
    assert classify_strength("Anxiety was reduced by the probiotic.") == "direct_causal"


def test_making_a_difference_is_an_effect_a_difference_between_groups_a_comparison():
    assert classify_strength("Being taken seriously made a huge difference to us.") == "direct_causal"
    assert classify_strength("Anxiety scores showed a difference between the two groups.") == "correlational"
    assert classify_strength("They made comparisons and found differences between the groups.") == "correlational"


def test_a_relation_asked_about_with_whether_is_not_claimed():
    assert classify_strength("Whether probiotics reduce anxiety is unknown.") == "no_relationship"


def test_a_relation_that_names_what_was_studied_is_not_claimed():
    assert classify_strength("We examined the association between sleep and mood.") == "no_relationship"
    assert classify_strength("Research has focused on the connection between sleep and mood.") == "no_relationship"
    assert classify_strength("Poor sleep is associated with low mood.") == "correlational"


def test_a_causal_verb_in_the_progressive_is_a_claim_not_a_described_change():
    assert classify_strength("These bacteria might be shaping how you feel.") == "conditional_causal"
    assert classify_strength("Cortisol was elevated in the morning.") == "correlational"


def test_support_for_an_idea_is_not_a_causal_claim():
    assert classify_strength("These results support the view that kefir matters.") == "no_relationship"
    assert classify_strength("A balanced microbiome supports mental well-being.") == "direct_causal"


# A sentence a curator has tabulated as a claim (claims/README.md)


@pytest.mark.parametrize(
    "sentence, benchmark, claimed",
    [
        ("You should eat kefir to protect your mood.", "no_relationship", "direct_causal"),
        ("A daily walk for improved mood.", "no_relationship", "direct_causal"),
        ("Kefir may ease anxiety, although more research is needed.", "no_relationship", "conditional_causal"),
        ("More research is needed before kefir can be recommended.", "no_relationship", "no_relationship"),
        ("Probiotics may reduce anxiety.", "conditional_causal", "conditional_causal"),
    ],
)
def test_a_claimed_sentence_keeps_the_effect_that_advice_or_a_passing_mention_states(sentence, benchmark, claimed):
    assert read_sentence(sentence).strength == benchmark
    assert read_sentence(sentence, claimed=True).strength == claimed


def test_a_call_for_research_counts_only_in_the_main_clause():
    main = "Larger trials are needed to test whether probiotics help."
    conceded = "Probiotics may help, although larger trials are needed."
    assert calls_for_research(main, read_sentence(main).cues)
    assert not calls_for_research(conceded, read_sentence(conceded).cues)


# Negation and its scope


@pytest.mark.parametrize(
    "sentence, cue, strength",
    [
        ("Probiotics did not reduce anxiety.", "did not", "direct_causal"),
        ("Diversity was not associated with mood.", "was not", "correlational"),
        ("There is no evidence that probiotics reduce anxiety.", "no evidence", "direct_causal"),
    ],
)
def test_negation_scopes_over_the_relation_without_changing_its_kind(sentence, cue, strength):
    reading = read_sentence(sentence)
    assert texts(reading.negations) == [cue]
    assert reading.negated
    assert reading.strength == strength


def test_negation_outside_the_relation_does_not_deny_it():
    reading = read_sentence("Probiotics reduce anxiety but not depression.")
    assert texts(reading.negations) == ["not"]
    assert not reading.negated


def test_not_only_but_also_is_not_a_negation():
    reading = read_sentence("Not only do probiotics reduce anxiety, but they also improve mood.")
    assert reading.negations == ()
    assert not reading.negated
    assert reading.strength == "direct_causal"


def test_affirmed_claim_is_not_negated():
    assert not read_sentence("Probiotics reduce anxiety.").negated


def test_not_just_adds_a_claim_rather_than_denying_one():
    reading = read_sentence("Kefir isn't just a drink; it improves digestion.")
    assert reading.negations == ()
    assert reading.strength == "direct_causal"


# "can": ability, not a hedge


def test_can_of_ability_is_a_direct_claim():
    reading = read_sentence("Gut bacteria can produce serotonin.")
    assert reading.hedges == ()
    assert texts(reading.cues, "ability") == ["can"]
    assert reading.strength == "direct_causal"


def test_can_of_possibility_is_read_the_same_way_but_could_hedges():
    assert read_sentence("Chronic stress can lead to anxiety.").hedges == ()
    assert classify_strength("Chronic stress can lead to anxiety.") == "direct_causal"
    assert classify_strength("Chronic stress could lead to anxiety.") == "conditional_causal"


# "May" the month


@pytest.mark.parametrize(
    "sentence",
    [
        "In May 2021, researchers reported that probiotics reduce anxiety.",
        "The trial, which ended on 3 May, showed that probiotics reduce anxiety.",
        "May 2021 brought news that probiotics reduce anxiety.",
    ],
)
def test_may_the_month_is_not_a_hedge(sentence):
    reading = read_sentence(sentence)
    assert reading.hedges == ()
    assert reading.strength == "direct_causal"


def test_may_in_a_headline_is_still_a_hedge():
    assert texts(read_sentence("Probiotics May Reduce Anxiety").hedges) == ["May"]
    assert classify_strength("May help reduce anxiety, say scientists.") == "conditional_causal"


# Quoted titles


def test_may_inside_a_quoted_title_is_not_the_sentences_hedge():
    sentence = 'The paper "Probiotics may help anxious adults" reported that probiotics reduced anxiety.'
    reading = read_sentence(sentence)
    assert reading.hedges == ()
    assert reading.strength == "direct_causal"


def test_title_case_quote_is_a_title_too():
    reading = read_sentence('In "Could Kefir Calm Your Mind", the author argues that kefir lowers stress.')
    assert "Could" not in texts(reading.cues)


def test_quoted_speech_keeps_its_hedge():
    reading = read_sentence('Dr Lee said: "probiotics may reduce anxiety."')
    assert texts(reading.hedges) == ["may"]
    assert reading.strength == "conditional_causal"


# Advice


@pytest.mark.parametrize(
    "sentence, advice",
    [
        ("Consider adding fermented foods to your diet.", True),
        ("Try a fibre-rich breakfast for two weeks.", True),
        ("You should talk to your doctor before taking supplements.", True),
        ("So, consult a dietitian first.", True),
        ("Doctors consider probiotics safe for most people.", False),
        ("Researchers try to explain the gut–brain link.", False),
        ("Fibre feeds gut bacteria.", False),
        ("Eating yogurt cuts the risk of low mood.", False),
    ],
)
def test_advice_flag(sentence, advice):
    assert read_sentence(sentence).advice is advice


@pytest.mark.parametrize(
    "sentence, advice, hedged",
    [
        ("What I'd suggest is small, realistic swaps.", True, False),  # the speaker recommends
        ("I would suggest cutting energy drinks down slowly.", True, False),
        ("Research suggests fibre may ease low mood.", False, True),  # the reporting verb hedges
        ("The studies we ran suggest that kefir eases stress.", False, True),
        ("We suggest that gut bacteria may shape mood.", False, True),  # the authors' hedge
    ],
)
def test_suggest_in_the_first_person_recommends_and_of_research_hedges(sentence, advice, hedged):
    reading = read_sentence(sentence)
    assert (reading.advice, bool(reading.hedges)) == (advice, hedged)


# Inflections


@pytest.mark.parametrize("verb", ["reduce", "reduces", "reduced", "reducing"])
def test_one_lexicon_row_matches_every_inflection(verb):
    assert texts(find_cues(f"Kefir {verb} stress."), "causal") == [verb]


def test_phrases_match_whole_words_only():
    assert find_cues("The mayor reproduced the data.") == []


# The lexicon file


def test_shipped_lexicon_loads_and_is_cached():
    lexicon = load_lexicon()
    assert len(lexicon) > 100
    assert load_lexicon() is lexicon


def test_user_added_rows_take_effect(lexicon_copy):
    assert classify_strength("Kefir ostensibly reduces anxiety.") == "direct_causal"
    append_row(lexicon_copy, "ostensibly,hedge,speculative,1.0,added by a user")
    append_row(lexicon_copy, "miracle,booster,emphasis,1.0,added by a user")
    lexicon = load_lexicon(lexicon_copy)
    reading = read_sentence("This miracle food ostensibly reduces anxiety.", lexicon)
    assert texts(reading.hedges) == ["ostensibly"]
    assert texts(reading.boosters) == ["miracle"]
    assert reading.strength == "conditional_causal"


def test_editing_the_lexicon_file_is_seen_on_the_next_load(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text(HEADER + "may,hedge,speculative,1.0,\n", encoding="utf-8")
    assert texts(find_cues("Kefir may calm you, perhaps.", load_lexicon(path))) == ["may"]
    append_row(path, "perhaps,hedge,speculative,1.0,")
    assert texts(find_cues("Kefir may calm you, perhaps.", load_lexicon(path))) == ["may", "perhaps"]


@pytest.mark.parametrize(
    "row, column, value",
    [
        ("perhaps,hedge,speculative,lots,", "weight", "lots"),
        ("perhaps,hedge,guesswork,1.0,", "category", "guesswork"),
        ("perhaps,hegde,speculative,1.0,", "kind", "hegde"),
        ("reduce,direction,downwards,1.0,", "category", "downwards"),
        ("... maybe,hedge,speculative,1.0,", "phrase", "... maybe"),
    ],
)
def test_bad_row_names_file_line_column_and_value(tmp_path, row, column, value):
    path = tmp_path / "lexicon.csv"
    path.write_text(HEADER + "may,hedge,speculative,1.0,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    assert "lexicon.csv:3" in message
    assert f"column '{column}'" in message
    assert f"'{value}'" in message


def test_an_empty_lexicon_finds_nothing(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text(HEADER, encoding="utf-8")
    assert find_cues("Probiotics may reduce anxiety.", load_lexicon(path)) == []
    assert classify_strength("Probiotics may reduce anxiety.", load_lexicon(path)) == "no_relationship"


def test_missing_column_and_missing_file_are_clear_errors(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text("phrase,kind,weight\nmay,hedge,1.0\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="missing column.*category.*note"):
        load_lexicon(path)
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "absent.csv")


# Many sentences


def test_read_sentences_matches_read_sentence_one_by_one():
    sentences = ["Probiotics may reduce anxiety.", "Diversity is linked to mood.", "We enrolled 40 adults."]
    readings = read_sentences(iter(sentences))
    assert not isinstance(readings, list)
    assert list(readings) == [read_sentence(sentence) for sentence in sentences]


def test_fragments_claim_nothing_and_a_lone_hedge_or_verb_is_read_for_what_it_is():
    empty = ["", "   ", "Probiotics!", '"', "No. Not. Never."]
    assert {classify_strength(sentence) for sentence in empty} == {"no_relationship"}
    assert [reading.negated for reading in read_sentences(empty)] == [False] * len(empty)  # no relation to deny
    (lone_hedge,) = read_sentences(["may"])
    assert lone_hedge.strength == "no_relationship" and [c.category for c in lone_hedge.cues] == ["speculative"]
    assert classify_strength("Reduce.") == "correlational"  # a change named without an agent


# Words of direction: read apart, for add-claim


def test_words_of_direction_are_found_only_when_asked_for_and_hide_no_cue():
    sentence = "Fibre may reduce inflammation."
    assert [(cue.text, cue.kind) for cue in find_cues(sentence) if cue.text == "reduce"] == [("reduce", "causal")]
    assert all(cue.kind != "direction" for cue in find_cues(sentence))
    marks = find_cues(sentence, kinds=("direction",))
    assert [(cue.text, cue.category) for cue in marks] == [("reduce", "decrease")]
    assert classify_strength(sentence) == "conditional_causal"


@pytest.mark.parametrize(
    "phrase",
    ["x" * 500, "may " + "x" * 51, "reduce|" + "y" * 60, " ".join(["word"] * 250)],
    ids=["495+", "51", "alt", "long"],
)
def test_a_word_or_phrase_past_the_bound_is_refused_in_one_line(tmp_path, phrase):
    """A first word of 495 characters once nested the matcher's pattern past Python's recursion limit."""
    path = tmp_path / "lexicon.csv"
    path.write_text(HEADER + f"{phrase},hedge,speculative,1.0,\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    (problem,) = caught.value.problems
    assert "lexicon.csv:2: column 'phrase': too long: a word may have 50 characters, a phrase 1000" in str(problem)


def test_words_and_phrases_of_the_bound_are_found(tmp_path):
    word = "a" * 49 + "e"
    path = tmp_path / "lexicon.csv"
    path.write_text(HEADER + f"{word},hedge,speculative,1.0,\n", encoding="utf-8")
    assert texts(find_cues(f"Kefir {word}s anxiety.", load_lexicon(path))) == [word + "s"]


def test_long_sentences_of_many_negations_and_questions_read_as_short_ones():
    """Each relation once looked at every question and negation before it: quadratic in a long sentence."""
    negated = "No one doubted it; " * 2_000 + "kefir did not reduce anxiety."
    assert read_sentence(negated).negated
    too_far = "Kefir did not, as the long report of the trial said, reduce anxiety."
    assert not read_sentence(too_far).negated
    supposed = "If it helps, " * 2_000 + "kefir reduces anxiety."
    assert classify_strength(supposed) == "direct_causal"
    assert classify_strength("Ask whether kefir reduces anxiety " * 2_000) == "no_relationship"
