"""The one "did you mean": a close name is offered, a far one lists what is known."""

from analysis.common.suggestions import did_you_mean, find_closest


def test_a_misspelt_name_gets_the_one_meant():
    assert did_you_mean("anxeity", ["depression", "anxiety"], "conditions") == "did you mean 'anxiety'?"


def test_case_and_spaces_do_not_hide_a_name():
    assert find_closest(" Advice ", ["advice", "notes"]) == "advice"


def test_a_far_name_lists_the_known_ones_and_says_how_many_more():
    hint = did_you_mean("zzz", [f"term{i}" for i in range(15)], "terms")
    assert hint.startswith("known terms: term0, term1") and hint.endswith("and 3 more")


def test_nothing_known_says_so():
    assert did_you_mean("x", [], "sources") == "there are no sources yet"
