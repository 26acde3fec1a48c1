"""A cell a spreadsheet would run is neutralised with a quote, and a draft's quote is taken off again."""

import pytest

from analysis.common.formulas import neutralise_text, restore_text, starts_formula


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "\u00a0=1", "\n@x", "＝1"])
def test_a_formula_behind_white_space_or_in_fullwidth_is_neutralised_and_restored(cell):
    assert starts_formula(cell) and neutralise_text(cell) == "'" + cell
    assert restore_text(neutralise_text(cell)) == cell


@pytest.mark.parametrize("cell", ["Probiotics - a review", "'quoted", "e-mail", "", "3 - 4 weeks"])
def test_plain_text_is_left_as_it_is(cell):
    assert neutralise_text(cell) == cell and restore_text(cell) == cell


def test_only_text_is_touched():
    assert neutralise_text(-3) == -3 and neutralise_text(None) is None
