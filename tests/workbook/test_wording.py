"""Curated labels against the words: warnings that name the cue, and a way to silence them."""

from analysis import validate_workbook
from conftest import replace_in


def warnings(claims_dir):
    return [
        str(p).replace(f"{claims_dir}/", "")
        for p in validate_workbook(claims_dir).warnings
        if "claims.csv" in str(p.path)
    ]


def test_fixture_labels_agree_with_their_words(workbook_dir):
    assert warnings(workbook_dir) == []


def test_unlabelled_hedge_is_named(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "conditional_causal,observational,speculative,",
        "conditional_causal,observational,none,",
    )
    assert warnings(workbook_dir) == [
        "claims.csv:11: warning: column 'hedging': the quote hedges with 'may' (speculative) (claim C0010) (value 'none'); "
        "add the hedge, or write 'language-ok' in notes if the label is right"
    ]


def test_hedge_label_without_hedge_words(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "direct_causal,rct,none,", "direct_causal,rct,modest,")
    assert (
        "column 'hedging': no hedge word found in the quote (claim C0001) (value 'modest')" in warnings(workbook_dir)[0]
    )


def test_can_of_possibility_is_not_flagged():
    from analysis.workbook.wording import _CAN

    assert _CAN.search("Dysbiosis can lead to anxiety.")


def test_correlational_label_on_causal_words(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "beneficial,direct_causal,meta-analysis,",
        "beneficial,correlational,meta-analysis,",
    )
    assert (
        "column 'relation': the quote uses causal wording ('improvement') (claim C0008) (value 'correlational')"
        in warnings(workbook_dir)[0]
    )


def test_causal_label_on_associative_words(workbook_dir):
    text = workbook_dir / "sources/probiotics-news.txt"
    replace_in(
        text,
        "people with depression have less diverse gut bacteria.",
        "depression is linked to less diverse gut bacteria.",
    )
    replace_in(
        workbook_dir / "claims.csv",
        "people with depression have less diverse gut bacteria.,Depression",
        "depression is linked to less diverse gut bacteria.,Depression",
    )
    replace_in(
        workbook_dir / "claims.csv",
        "harmful,correlational,unspecified-studies,",
        "harmful,direct_causal,unspecified-studies,",
    )
    found = [w for w in warnings(workbook_dir) if "relation" in w]
    assert found and "the quote uses associative wording only ('linked" in found[0]


def test_language_ok_in_notes_silences_the_row(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "conditional_causal,observational,speculative,one cohort study,humans,no,",
        "conditional_causal,observational,none,one cohort study,humans,no,language-ok: checked",
    )
    assert warnings(workbook_dir) == []


def test_language_check_can_be_switched_off(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "conditional_causal,observational,speculative,",
        "conditional_causal,observational,none,",
    )
    assert not any("claims.csv" in str(w.path) for w in validate_workbook(workbook_dir, check_language=False).warnings)


def test_hedges_curators_read_in_hearsay_rarity_and_calls_for_a_trial_need_no_silencing():
    import pandas as pd

    from analysis.workbook.wording import check_wording

    rows = [
        ("Bifidobacterium is said to improve digestion.", "speculative"),
        ("Probiotics are widely considered safe.", "speculative"),
        ("There have been rare but serious infections.", "modest"),
        ("That's exactly why we need a proper trial.", "needs-more-trials"),
        ("There are tantalising hints.", "preliminary"),
    ]
    claims = pd.DataFrame(
        [
            {"claim_id": f"C{i:04d}", "quote": q, "hedging": h, "relation": "no_relationship", "notes": "", "line": i}
            for i, (q, h) in enumerate(rows, 2)
        ]
    )
    assert check_wording("claims.csv", claims) == []
    claims["hedging"] = "none"
    assert len(check_wording("claims.csv", claims)) == len(rows)  # and each is named when left uncoded
