"""Why each grade: the reason, the studies and the claims behind each graded pair, each linked to its row."""

from analysis import grade_for, grade_pairs, load_workbook
from analysis.reports.readable import make_readable
from analysis.reports.reasons import list_grades, show_grade_reasons


def test_the_grades_table_reads_in_words(studies_dir):
    workbook = load_workbook(studies_dir)
    grades = grade_for(grade_pairs(workbook), "condition", "anxiety")
    table = make_readable(list_grades(grades, leave_out=["condition", "reason"]), workbook.vocabulary)
    assert list(table.columns) == [
        "Intervention or exposure",
        "Reported evidence",
        "Studies",
        "Articles reporting evidence",
        "Claims",
        "Best evidence reported",
        "Hedged",
    ]
    assert not any("_" in column for column in table.columns)


def test_each_pair_lists_its_studies_and_claims_linked_to_their_article(studies_dir):
    workbook = load_workbook(studies_dir)
    grades = grade_for(grade_pairs(workbook), "condition", "anxiety")
    text = show_grade_reasons(workbook, grades, name="intervention").data
    probiotics = text[text.index("Probiotics") : text.index("Antibiotics")]
    assert "<em>moderate</em>" in probiotics and "1 study, 1 article reporting evidence" in probiotics
    assert "Randomised controlled trial" in probiotics and "<td>120</td>" in probiotics and "<td>Yes</td>" in probiotics
    assert probiotics.count('href="../source/probiotics-news.html#S0001"') == 2  # in the reason and the table
    assert '<a href="../source/probiotics-news.html#C0001">C0001</a>' in probiotics
    assert "Humans: adults" in probiotics and "<td>Anxiety</td>" in probiotics


def test_a_pair_without_studies_says_why_without_a_table(studies_dir):
    workbook = load_workbook(studies_dir)
    grades = grade_for(grade_pairs(workbook), "intervention", "fermented-foods")
    text = show_grade_reasons(workbook, grades, name="condition").data
    assert "Mood" in text and "<table" not in text and "0 studies" in text


def test_by_default_a_pair_is_named_by_both_terms(studies_dir):
    workbook = load_workbook(studies_dir)
    text = show_grade_reasons(workbook, grade_pairs(workbook)).data
    assert "Probiotics for Anxiety" in text
    assert show_grade_reasons(workbook, grade_pairs(workbook).iloc[:0]).data == "<p><em>No graded pairs.</em></p>"


def test_implied_studies_link_to_their_claims(workbook_dir):
    workbook = load_workbook(workbook_dir)
    text = show_grade_reasons(workbook, grade_for(grade_pairs(workbook), "condition", "depression")).data
    assert "~C" not in text and '<a href="../source/diet-blog.html#C0008">' in text
