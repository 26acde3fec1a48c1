"""Problems read as one line a person can act on: file, line, column, value and hint, safe for a terminal."""

from pathlib import Path

from analysis.common.problems import Problem, shorten


def test_a_problem_names_file_line_column_value_and_hint():
    problem = Problem(
        Path("claims.csv"), "unknown term", line=4, column="evidence_level", value="rtc", hint="did you mean 'rct'?"
    )
    assert str(problem) == "claims.csv:4: column 'evidence_level': unknown term (value 'rtc'); did you mean 'rct'?"


def test_control_and_invisible_characters_are_escaped():
    shown = str(Problem(Path("x.csv"), "bad", value="a\x1b[31mb\u202ec"))
    assert "\x1b" not in shown and "\u202e" not in shown and "\\x1b" in shown and "\\u202e" in shown


def test_long_text_is_cut_at_a_word_and_says_so():
    text = "In a randomised controlled trial of 40 adults, a faecal microbiota transplant reduced symptoms"
    cut = shorten(text, 60)
    assert len(cut) <= 60 and cut.endswith("…") and text.startswith(cut[:-1]) and cut[-2] != " "
    assert text[len(cut) - 1] == " "  # the cut falls between words, not inside one
    assert shorten("short", 60) == "short"
