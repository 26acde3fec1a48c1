"""Loading: the validated wide table and its long form."""

from dataclasses import replace

import pytest

from analysis import ValidationError, explode_claims, load_workbook
from conftest import replace_in


def test_load_workbook_returns_typed_claims(workbook_dir):
    claims = load_workbook(workbook_dir).claims
    assert len(claims) == 10
    assert claims["advice"].dtype == bool and claims["advice"].sum() == 1
    assert list(claims["evidence_level"].cat.categories[:3]) == ["meta-analysis", "rct", "controlled-trial"]
    assert claims.set_index("claim_id").loc["C0006", "hedged"]
    assert not claims.set_index("claim_id").loc["C0004", "hedged"]


def test_long_form_has_one_row_per_claim_condition_intervention(workbook_dir):
    workbook = load_workbook(workbook_dir)
    claims = workbook.claims.copy()
    claims.loc[0, "conditions"] = "anxiety;depression"
    claims.loc[0, "interventions"] = "probiotics;diet"
    long = explode_claims(claims)
    assert len(long) == 10 - 1 + 4
    first = long[long["claim_id"] == "C0001"]
    assert set(zip(first["condition"], first["intervention"])) == {
        ("anxiety", "probiotics"),
        ("anxiety", "diet"),
        ("depression", "probiotics"),
        ("depression", "diet"),
    }


def test_load_refuses_invalid_workbook(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",rct,", ",rtc,")
    with pytest.raises(ValidationError, match="did you mean 'rct'"):
        load_workbook(workbook_dir)


def test_load_is_cached_until_a_file_changes_and_returns_copies(workbook_dir):
    first = load_workbook(workbook_dir)
    first.claims.loc[0, "claim"] = "changed by a report"
    first.claims["evidence_weight"] *= 0
    first.sources.loc[0, "title"] = "changed too"
    second = load_workbook(workbook_dir)
    assert second.claims.loc[0, "claim"] == "A daily probiotic reduced anxiety in adults."
    assert second.claims["evidence_weight"].gt(0).any()
    assert second.sources.loc[0, "title"] != "changed too"
    assert second.vocabulary is first.vocabulary  # cached, not read again
    replace_in(
        workbook_dir / "claims.csv", "A daily probiotic reduced anxiety in adults.", "A probiotic reduced anxiety."
    )
    assert load_workbook(workbook_dir).claims.loc[0, "claim"] == "A probiotic reduced anxiety."


def test_a_filtered_workbook_is_not_served_from_the_cache(workbook_dir):
    from dataclasses import replace as replace_fields

    from analysis.evidence.grading import grade_pairs

    workbook = load_workbook(workbook_dir)
    assert workbook.pristine
    full = grade_pairs(workbook)
    humans = replace_fields(workbook, claims=workbook.claims[workbook.claims["population"] == "humans"])
    assert not humans.pristine
    assert len(grade_pairs(humans)) < len(full)


@pytest.mark.parametrize(
    "change",
    [
        lambda claims: claims.drop(claims.index[:4], inplace=True),
        lambda claims: claims.__setitem__("conditions", "mood"),
        lambda claims: claims.loc.__setitem__((0, "evidence_level"), "none"),
    ],
)
def test_results_follow_a_table_changed_in_place(workbook_dir, change):
    """A notebook that changes workbook.claims in place gets results for the rows it now holds, not stale ones."""
    import warnings

    from analysis.evidence.grading import grade_pairs

    workbook = load_workbook(workbook_dir)
    grade_pairs(workbook)  # remembered for the loaded table
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecates inplace=True
        change(workbook.claims)
    fresh = replace(load_workbook(workbook_dir), claims=workbook.claims.copy())
    assert not workbook.pristine
    assert grade_pairs(workbook).equals(grade_pairs(fresh))


def test_read_source_follows_the_sources_table_as_it_is_now(workbook_dir):
    workbook = load_workbook(workbook_dir)
    [first, second] = workbook.sources["source_id"].tolist()[:2]
    assert workbook.read_source(first).startswith((workbook_dir / workbook.sources["path"][0]).read_text()[:40])
    other = workbook.sources["path"][1]
    workbook.sources.loc[0, "path"] = other  # a table changed in place: the remembered paths must not be used
    assert workbook.read_source(first) == workbook.read_source(second) == (workbook_dir / other).read_text()
    with pytest.raises(KeyError):
        workbook.read_source("no-such-source")
