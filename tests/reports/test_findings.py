"""The key findings are written from the data, and every page says what a grade measures."""

from dataclasses import replace

from analysis import flag_claims, grade_pairs, load_workbook, show_key_findings, show_measure


def test_the_measure_is_named_truthfully():
    text = show_measure().data
    assert "strength of the evidence the articles report" in text and "not a verdict on the science" in text


def test_findings_name_the_best_reported_pairs_and_the_exaggeration(workbook_dir):
    workbook = load_workbook(workbook_dir)
    text = show_key_findings(workbook, grade_pairs(workbook), flag_claims(workbook)).data
    assert "Best-reported interventions a reader can choose:</strong> Diet (general changes) for Depression" in text
    assert "claims are worded beyond the evidence their article offers" in text
    assert "claims of effect" in text and "offer no evidence" in text


def test_findings_escape_what_the_data_holds(workbook_dir):
    workbook = load_workbook(workbook_dir)
    term = workbook.vocabulary.term("conditions", "depression")
    hostile = replace(term, label="Depression <script>alert(1)</script>")
    workbook.vocabulary.sections["conditions"]["depression"] = hostile
    text = show_key_findings(workbook, grade_pairs(workbook), flag_claims(workbook)).data
    assert "Depression &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text
