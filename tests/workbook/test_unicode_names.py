"""Names that look alike but are not: invisible and direction-changing characters are refused in terms."""

import pytest

from analysis import validate_workbook
from conftest import replace_in


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\ufeff"], ids=["zero-width", "RLO", "LRI", "BOM"])
def test_an_invisible_character_in_a_term_is_refused(workbook_dir, char):
    replace_in(workbook_dir / "vocabulary.yaml", "    label: Anxiety\n", f"    label: Anx{char}iety\n")
    (error,) = [str(p) for p in validate_workbook(workbook_dir).errors if "invisible" in p.message]
    assert "term 'anxiety' of 'conditions' holds an invisible or direction-changing character" in error
    assert f"\\u{ord(char):04x}" in error and char not in error  # shown escaped, never raw


def test_a_synonym_with_a_zero_width_space_is_refused(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "    - anxiety symptoms", "    - anxiety\u200bsymptoms")
    assert any("invisible" in p.message for p in validate_workbook(workbook_dir).errors)
