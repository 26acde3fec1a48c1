"""Readers see words: plain column headers and vocabulary labels, never column names or slugs."""

from analysis import count_evidence_levels, list_claims, load_workbook, make_readable


def test_claim_tables_read_in_words(workbook_dir):
    workbook = load_workbook(workbook_dir)
    table = make_readable(list_claims(workbook.claims), workbook.vocabulary)
    assert list(table.columns) == ["Claim", "Source", "Quote", "Evidence offered", "Hedging", "Claim strength", "Cites"]
    assert "Randomised controlled trial" in set(table["Evidence offered"])
    assert not any("_" in str(value) for value in table["Claim strength"])


def test_crosstabs_label_their_rows_and_columns(workbook_dir):
    workbook = load_workbook(workbook_dir)
    table = make_readable(count_evidence_levels(workbook.claims, by="relation"), workbook.vocabulary)
    assert table.index.name == "Claim strength" and 'Flat cause ("reduces")' in table.index
    assert "Systematic review or meta-analysis" in table.columns


def test_multi_valued_cells_list_each_label(workbook_dir):
    workbook = load_workbook(workbook_dir)
    claims = workbook.claims.assign(hedging="speculative;modest")
    assert make_readable(claims[["hedging"]], workbook.vocabulary)["Hedging"].iloc[0] == "Speculative; Modest"


def test_quotes_from_a_table_row_show_their_cells_cleanly():
    from analysis.reports.readable import tidy_quote

    row = "| Lactobacillus rhamnosus | May reduce anxiety | Yogurt, kefir |"
    assert tidy_quote(row) == "Lactobacillus rhamnosus · May reduce anxiety · Yogurt, kefir"
    assert tidy_quote("A plain | quote") == "A plain | quote"
