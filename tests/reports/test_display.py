"""Tables and headings as a reader sees them: escaped, whole, and capped in length."""

import pandas as pd
import pytest

from analysis.reports.display import show_heading, show_table, show_term


def test_cells_are_escaped_and_shown_whole():
    quote = "<script>alert(1)</script> " + "long words " * 40
    html = show_table(pd.DataFrame({"quote": [quote]})).data
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert ("long words " * 40).strip() in html


def test_long_tables_are_capped_with_a_note():
    html = show_table(pd.DataFrame({"n": range(1000)}), max_rows=10).data
    assert "Showing the first 10 of 1,000 rows" in html
    assert html.count("<tr") == 11


def test_empty_table_says_so():
    assert show_table(pd.DataFrame({"a": []}), empty="No claims.").data == "<p><em>No claims.</em></p>"


def test_heading_is_escaped():
    assert show_heading("<b>x</b>", "a & b").data == "<h1>&lt;b&gt;x&lt;/b&gt;</h1><p>a &amp; b</p>"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("depresion", "unknown conditions term 'depresion'; did you mean 'depression'?"),
        ("zzz", "unknown conditions term 'zzz'; terms of 'conditions': depression, anxiety"),
    ],
)
def test_an_unknown_term_says_which_was_meant(workbook_dir, typed, message):
    from analysis import load_vocabulary

    with pytest.raises(ValueError, match=message.replace("?", r"\?")):
        show_term(load_vocabulary(workbook_dir), "conditions", typed)


@pytest.mark.parametrize("typed", ["Anxiety", "anxiety symptoms", "ANXIETY"])
def test_a_parameter_may_name_a_term_by_label_or_synonym(workbook_dir, typed):
    from analysis import load_vocabulary

    assert load_vocabulary(workbook_dir).require("conditions", typed) == "anxiety"


def test_an_unknown_source_says_which_was_meant(workbook_dir):
    from analysis import load_workbook
    from analysis.reports.display import show_source

    with pytest.raises(ValueError, match="unknown source_id 'diet-blgo'; did you mean 'diet-blog'"):
        show_source(load_workbook(workbook_dir), "diet-blgo")


def test_percent_and_decimal_columns_are_formatted():
    html = show_table(pd.DataFrame({"share": [0.256, None], "score": [0.12345, 1.0]}), percent=["share"]).data
    assert "<td>26%</td>" in html and "<td>0.12</td>" in html and "<td>1.00</td>" in html
    assert "nan" not in html.lower()


def test_a_named_index_becomes_the_first_column():
    html = show_table(pd.DataFrame({"claims": [3]}, index=pd.Index(["diet-blog"], name="source_id"))).data
    assert html.index("source_id") < html.index("claims") and "<td>diet-blog</td>" in html


def test_a_crosstab_shows_one_header_row():
    table = pd.crosstab(pd.Series(["a", "b"], name="relation"), pd.Series(["x", "y"], name="evidence_level"))
    html = show_table(table).data
    assert html.count("<tr") == 3 and "evidence_level" not in html


def test_rows_can_carry_ids_and_cells_links():
    table = pd.DataFrame({"Claim": ["C0001", "C<2>"], "Studies": ["S0001;S0002", ""], "Note": ["<b>", None]})
    html = show_table(
        table, anchors="Claim", links={"Studies": lambda s: f"../source/a.html#{s}" if s == "S0001" else None}
    ).data
    assert '<tr id="C0001">' in html and '<tr id="C&lt;2&gt;">' in html
    assert '<a href="../source/a.html#S0001">S0001</a>; S0002' in html  # an id with no row stays text
    assert "<td>&lt;b&gt;</td>" in html and "<b>" not in html and "None" not in html


def test_missing_whole_numbers_are_blank_not_na():
    html = show_table(pd.DataFrame({"n": pd.array([3, None], dtype="Int64")})).data
    assert "<td>3</td>" in html and "NA" not in html


def test_a_table_can_stay_unfolded():
    assert "<details" not in show_table(pd.DataFrame({"n": range(40)}), fold=False).data
