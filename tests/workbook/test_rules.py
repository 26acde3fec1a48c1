"""The rules file is checked like the rest of the workbook: each unknown term or kind is one line with a hint."""

import shutil

from analysis import validate_workbook
from analysis.common.paths import CLAIMS_DIR
from conftest import replace_in


def rules_errors(workbook_dir):
    return [str(p) for p in validate_workbook(workbook_dir).errors if "rules.yaml" in str(p.path)]


def test_the_shipped_rules_fit_the_shipped_vocabulary():
    assert [p for p in validate_workbook(CLAIMS_DIR).errors if "rules.yaml" in str(p.path)] == []


def test_an_unknown_term_in_the_rules_names_its_line_and_the_terms_known(workbook_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")
    replace_in(workbook_dir / "rules.yaml", "safety_advice: [safety]", "safety_advice: [safty]")
    line = (workbook_dir / "rules.yaml").read_text().splitlines().index("  safety_advice: [safty]") + 1
    (error,) = rules_errors(workbook_dir)
    assert f"rules.yaml:{line}: flags.safety_advice names an unknown term (value 'safty')" in error
    assert "'advice' terms: no, safety, yes" in error


def test_a_workbook_reading_the_shipped_rules_leaves_out_the_terms_its_vocabulary_lacks(workbook_dir):
    from analysis.workbook.rules import load_rules
    from analysis.workbook.vocabulary import load_vocabulary

    vocabulary = workbook_dir / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    start = text.index("  ultra-processed-foods:\n")
    end = text.index("  antibiotics:\n", start)
    vocabulary.write_text(text[:start] + text[end:], encoding="utf-8")  # a smaller vocabulary than the shipped one
    assert rules_errors(workbook_dir) == []
    rules = load_rules(load_vocabulary(workbook_dir), workbook_dir)
    assert rules.terms("dietary_guidance") == {"fibre", "mediterranean-diet"}
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")  # its own rules must name only its terms
    assert any("names an unknown term (value 'ultra-processed-foods')" in e for e in rules_errors(workbook_dir))


def test_an_unknown_step_or_kind_is_refused(workbook_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")
    replace_in(workbook_dir / "rules.yaml", "    trial: strong\n", "    trials: strong\n")
    replace_in(workbook_dir / "rules.yaml", "    imprecise:\n", "    imprecisee:\n")
    errors = rules_errors(workbook_dir)
    assert any("grading.start: trials: strong" in e for e in errors)
    assert any("unknown step" in e and "imprecisee" in e for e in errors)
    assert any("gives no grade for trial" in e for e in errors)


def test_an_unknown_peer_review_or_funding_value_in_a_step_is_refused(workbook_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")
    replace_in(workbook_dir / "rules.yaml", "fundings: [maker]", "fundings: [company]")
    (error,) = rules_errors(workbook_dir)
    assert "grading.rate_down.risk_of_bias.fundings names an unknown term (value 'company')" in error
    assert "independent, maker" in error


def test_a_step_of_two_and_the_designs_not_randomised_are_checked(workbook_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")
    replace_in(
        workbook_dir / "rules.yaml", "unrandomised: [controlled-trial, clinical-trial]", "unrandomised: [cohort]"
    )
    replace_in(workbook_dir / "rules.yaml", "      steps: 2\n", "      steps: two\n")
    errors = rules_errors(workbook_dir)
    assert any(
        "grading.rate_down.risk_of_bias.unrandomised names an unknown term (value 'cohort')" in e for e in errors
    )
    assert any(
        "grading.rate_down.indirect_intervention.steps must be a whole number (value 'two')" in e for e in errors
    )
