"""What the flags read from a claim's words: its words of scope and its certainty words."""

import pytest

from analysis.evidence.facts import CASES, find_boosters, find_scope


@pytest.mark.parametrize(
    "quote, scope",
    [
        ("I'm not saying it's a miracle cure for everyone, but for me it was.", ()),
        ("Talking therapies and medicines help many people, but not everyone.", ()),
        ("We're not asking anyone to take it on faith.", ()),
        ("No placebo, everyone knew what they were taking.", ("everyone",)),  # a comma: another clause
        ("The probiotic is not cheap. Everyone with anxiety should take it.", ("Everyone",)),
        ("This isn't hype \u2014 the probiotic can help millions with anxiety.", ("millions",)),
        ("There is no doubt the probiotic will help millions with anxiety.", ("millions",)),
        ("It's not expensive and it helps everyone.", ("everyone",)),
        ("It doesn't only help a few people but everyone.", ("everyone",)),
    ],
)
def test_words_of_scope_a_negation_denies_speak_of_no_one(quote, scope):
    assert find_scope(quote) == scope


@pytest.mark.parametrize(
    "quote, scope",
    [
        ("I've seen hundreds of children transformed once we heal their gut.", ("hundreds of children",)),
        ("Within a week, most of my clients tell me they're sleeping better.", ("most of my clients",)),
        ("Parents in our community regularly tell us about calmer mornings.", ("regularly tell us",)),
        ('"We see it all the time," she said.', ("see it all the time",)),
        ("I was bloated all the time and nobody connected the dots.", ()),  # how often, not how many
        ("Hundreds of species of bacteria live in the gut.", ()),  # many bacteria, not many people
        ('"Like many parents, I was sceptical, but the probiotic calmed my son," she says.', ()),  # a comparison
        ("You hear it all the time that probiotics calm you, but one story is no proof.", ()),  # a claim going round
        ("The probiotic eased anxiety in most of the patients.", ()),  # patients a trial counted
    ],
)
def test_uncounted_cases_a_teller_knows_of_are_their_own_words_of_scope(quote, scope):
    assert find_scope(quote, CASES) == scope
    assert find_scope(quote) == ()  # not people in general: "most of the patients" of a small trial generalises nothing


@pytest.mark.parametrize(
    "quote, boosters",
    [
        ("So the gut is clearly not the whole story.", ()),  # sure of a denial: a caveat
        ("And it certainly won't have done him any harm.", ()),
        ("It is clearly the cause.", ("clearly",)),
        ("It is clear that probiotics do not help.", ("It is clear",)),
    ],
)
def test_certainty_about_a_denial_is_a_caveat(quote, boosters):
    assert find_boosters(quote) == boosters


@pytest.mark.parametrize(
    "quote, boosters",
    [
        ("The results are clear.", ("clear",)),
        ("There is a clear benefit for mood.", ("clear",)),
        ("You already know that a good run can clear your head.", ()),  # the verb: a cause, not certainty
        ("By the end of the three weeks, the dirty window had cleared.", ()),
        ("A probiotic cleared up his digestion problems.", ()),
    ],
)
def test_clear_is_certainty_as_an_adjective_not_as_a_verb(quote, boosters):
    assert find_boosters(quote) == boosters


@pytest.mark.parametrize(
    "quote, boosters",
    [
        ("I do think we'll look back on this as a turning point.", ("turning point",)),
        ("We may be looking at a completely new way of treating depression.", ("completely new way",)),
        ("This is the missing link the field has been searching for.", ("missing link",)),
        ("Since the discovery of the vagus nerve's role, researchers have linked gut bacteria to mood.", ()),
        ("Her impressive collection of cookbooks.", ()),  # praise, not novelty
        ("It's a new study of 40 adults.", ()),  # "new" alone is news, not novelty claimed
    ],
)
def test_words_that_call_a_result_a_turning_point_are_novelty(quote, boosters):
    assert find_boosters(quote, ("novelty",)) == boosters
