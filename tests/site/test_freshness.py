"""Content keys: a change re-runs the reports that show it, and only those."""

from analysis import load_workbook
from analysis.site.freshness import hash_inputs, is_up_to_date, key_reports
from analysis.site.plan import plan_reports
from conftest import replace_in


def keys(claims_dir):
    workbook = load_workbook(claims_dir)
    return key_reports(plan_reports(workbook, claims_dir), workbook)


def changed(before, after):
    return {href for href in before if before[href] != after.get(href)}


def test_keys_are_stable(workbook_dir):
    assert keys(workbook_dir) == keys(workbook_dir)


def test_one_claim_changes_only_the_reports_that_show_it(workbook_dir):
    before = keys(workbook_dir)
    replace_in(
        workbook_dir / "claims.csv",
        "Antibiotics may increase the risk of anxiety.,anxiety",
        "Antibiotics may raise the risk of anxiety.,anxiety",
    )
    assert changed(before, keys(workbook_dir)) == {
        "overview.html",
        "condition/anxiety.html",
        "intervention/antibiotics.html",
        "source/diet-blog.html",
    }


def test_a_source_report_follows_the_pairs_it_shares(workbook_dir):
    before = keys(workbook_dir)
    replace_in(workbook_dir / "claims.csv", "depression,diet,,beneficial,", "depression,diet;probiotics,,beneficial,")
    after = keys(workbook_dir)
    assert "source/probiotics-news.html" in changed(before, after)  # now shares depression x probiotics


def test_rewording_a_shared_claim_leaves_the_other_sources_alone(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "depression,diet,,beneficial,", "depression,diet;probiotics,,beneficial,")
    before = keys(workbook_dir)
    replace_in(
        workbook_dir / "claims.csv",
        "Probiotics cure depression.,Probiotics cure depression.",
        "Probiotics cure depression.,Probiotics are said to cure depression.",
    )
    assert changed(before, keys(workbook_dir)) == {
        "overview.html",
        "condition/depression.html",
        "intervention/probiotics.html",
        "source/probiotics-news.html",
    }


def test_vocabulary_changes_every_report(workbook_dir):
    before = keys(workbook_dir)
    replace_in(workbook_dir / "vocabulary.yaml", "label: Depression", "label: Depressive disorders")
    assert changed(before, keys(workbook_dir)) == set(before)


def test_inputs_key_and_up_to_date(workbook_dir, tmp_path):
    key = hash_inputs(workbook_dir)
    assert is_up_to_date(tmp_path, workbook_dir) is None
    (workbook_dir / ".claims.lock").write_text("")
    assert hash_inputs(workbook_dir) == key  # lock and temporary files do not count
    replace_in(
        workbook_dir / "claims.csv",
        "Probiotics cure depression.,Probiotics cure depression.",
        "Probiotics cure depression.,Probiotics are said to cure depression.",
    )
    assert hash_inputs(workbook_dir) != key
