"""Tables the reports show."""

from analysis import load_workbook
from analysis.reports.summaries import (
    find_shared_claims,
    list_some,
    profile_source,
    rank_claims,
    select_source_claims,
)
from conftest import edit_claims, replace_in


def test_list_some_says_how_many_more():
    assert list_some(["a", "b", "c"], limit=2) == "a, b and 1 more"
    assert list_some(["a"]) == "a"


def test_shared_claims_name_the_other_sources(workbook_dir):
    assert find_shared_claims(load_workbook(workbook_dir), "diet-blog").empty  # its pairs are its own
    replace_in(workbook_dir / "claims.csv", "depression,diet,,beneficial,", "depression,diet;probiotics,,beneficial,")
    shared = find_shared_claims(load_workbook(workbook_dir), "diet-blog")
    assert shared.to_dict("records") == [
        {
            "condition": "depression",
            "intervention": "probiotics",
            "claims here": "C0008",
            "other sources": "probiotics-news",
            "their claims": "C0004",
        }
    ]


def test_profile_counts_claims_per_thousand_words(workbook_dir):
    workbook = load_workbook(workbook_dir)
    profile = profile_source(workbook, "diet-blog", workbook.read_source("diet-blog"))["Value"]
    assert profile["Claims"] == 3 and profile["Words"] == 40
    assert profile["Claims per 1,000 words"] == 75.0
    assert profile["Best evidence offered"] == "Systematic review or meta-analysis"


def test_compare_language_puts_a_source_beside_the_median(workbook_dir):
    from analysis.reports.summaries import compare_language, profile_language

    workbook = load_workbook(workbook_dir)
    table = compare_language(workbook, "diet-blog")
    assert list(table.index) == ["diet-blog", "median of 2 sources"]
    assert table.loc["median of 2 sources", "speculative"] == profile_language(workbook)["speculative"].median()


def test_select_source_claims_returns_that_sources_rows_in_order(workbook_dir):
    workbook = load_workbook(workbook_dir)
    claims = select_source_claims(workbook, "diet-blog")
    expected = workbook.claims[workbook.claims["source_id"] == "diet-blog"]
    assert claims["claim_id"].tolist() == expected["claim_id"].tolist() and len(claims) == 3
    assert select_source_claims(workbook, "no-such-source").empty


def test_interventions_and_exposures_are_told_apart(workbook_dir):
    from analysis import grade_pairs, load_workbook, select_kind

    workbook = load_workbook(workbook_dir)
    grades = grade_pairs(workbook)
    chosen = set(select_kind(grades, workbook.vocabulary, "intervention")["intervention"])
    exposures = set(select_kind(grades, workbook.vocabulary, ("exposure", "mechanism"))["intervention"])
    assert "probiotics" in chosen and "antibiotics" in exposures and "gut-microbiome" in exposures
    assert chosen.isdisjoint(exposures) and chosen | exposures == set(grades["intervention"])


def test_rank_language_says_where_a_source_stands_among_the_others(workbook_dir):
    from analysis.reports.summaries import profile_language, rank_language

    workbook = load_workbook(workbook_dir)
    profiles = profile_language(workbook)
    table = rank_language(workbook, "diet-blog")
    assert list(table.columns) == ["this article", "median of 2 articles", "other articles using it less"]
    assert list(table.index) == list(profiles.columns)  # one row per kind of cue, hedges then boosters
    mine, other = profiles.loc["diet-blog"], profiles.drop(index="diet-blog").iloc[0]
    for kind in profiles.columns:
        assert table.loc[kind, "this article"] == mine[kind]
        assert table.loc[kind, "other articles using it less"] == float(other[kind] < mine[kind])


def test_headings_and_what_is_not_a_claim_of_effect_are_neither_best_nor_least_supported(workbook_dir):
    """The overview once listed ten section headings as its least supported claims."""
    ranked = rank_claims(load_workbook(workbook_dir))
    best, least = ranked["claim_id"].iloc[0], ranked["claim_id"].iloc[-1]
    edit_claims(workbook_dir, {best: {"placement": "headline"}, least: {"claim_type": "description"}})
    reranked = rank_claims(load_workbook(workbook_dir))
    assert best not in set(reranked["claim_id"]) and least not in set(reranked["claim_id"])
    assert len(reranked) == len(ranked) - 2


def test_claims_rank_by_evidence_then_the_unhedged_cause_last(workbook_dir):
    workbook = load_workbook(workbook_dir)
    ranked = rank_claims(workbook).merge(workbook.claims[["claim_id", "evidence_rank"]], on="claim_id")
    assert ranked["evidence_rank"].is_monotonic_increasing and ranked["evidence_rank"].nunique() > 1
    weakest = ranked[ranked["evidence_rank"] == ranked["evidence_rank"].max()]
    assert weakest["relation"].iloc[-1] == "direct_causal"  # among the weakest, the flat cause comes last
