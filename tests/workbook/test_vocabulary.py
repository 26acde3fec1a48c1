"""The vocabulary: terms, synonyms, evidence order, and clear errors for a malformed file."""

import pytest

from analysis import VocabularyError, load_vocabulary, validate_workbook
from conftest import replace_in


def test_terms_labels_and_evidence_order(workbook_dir):
    vocabulary = load_vocabulary(workbook_dir)
    assert vocabulary.terms("populations") == ["humans", "animals", "cells", "unspecified"]
    assert [t.slug for t in vocabulary.evidence_levels()][:2] == ["meta-analysis", "rct"]
    assert vocabulary.evidence_levels()[-1].weight == 0


def test_synonyms_and_suggestions(workbook_dir):
    vocabulary = load_vocabulary(workbook_dir)
    assert vocabulary.resolve("interventions", "Faecal transplant") == "fmt"
    assert vocabulary.resolve("interventions", "FMT") == "fmt"
    assert vocabulary.suggest("conditions", "depresion") == "depression"
    assert vocabulary.suggest("conditions", "zzzz") is None


def test_a_new_term_needs_no_code_change(workbook_dir):
    replace_in(
        workbook_dir / "vocabulary.yaml",
        "interventions:\n",
        "interventions:\n  sauna:\n    kind: intervention\n    label: Sauna\n    definition: Heat bathing.\n",
    )
    replace_in(workbook_dir / "claims.csv", "mood,exercise,", "mood,exercise;sauna,")
    assert validate_workbook(workbook_dir).errors == []


def test_missing_section(workbook_dir):
    path = workbook_dir / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relations:", "relashuns:"), encoding="utf-8")
    with pytest.raises(VocabularyError, match="section 'relations' is missing"):
        load_vocabulary(workbook_dir)


def test_term_without_definition_names_its_line(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "interventions:\n", "interventions:\n  sauna:\n    label: Sauna\n")
    with pytest.raises(VocabularyError) as info:
        load_vocabulary(workbook_dir)
    problem = info.value.problems[0]
    assert "term 'sauna' of 'interventions' needs a label and a definition" in str(problem)
    assert problem.line == (workbook_dir / "vocabulary.yaml").read_text().splitlines().index("  sauna:") + 1


def test_narrower_terms_are_read_and_must_be_terms_of_the_section(workbook_dir):
    path = workbook_dir / "vocabulary.yaml"
    replace_in(path, "  mood:\n    kind: mind\n", "  mood:\n    kind: mind\n    narrower: [anxiety, depression]\n")
    assert load_vocabulary(workbook_dir).narrower("conditions", "mood") == ("anxiety", "depression")
    assert load_vocabulary(workbook_dir).narrower("conditions", "anxiety") == ()
    replace_in(path, "narrower: [anxiety, depression]", "narrower: [anxiety, sadness]")
    with pytest.raises(VocabularyError) as info:
        load_vocabulary(workbook_dir)
    (problem,) = info.value.problems
    assert "'narrower' of 'mood' names 'sadness', which is not a term of 'conditions'" in str(problem)
    assert problem.line == path.read_text().splitlines().index("  mood:") + 1


def test_only_conditions_and_interventions_list_narrower_terms(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "  beneficial:\n", "  beneficial:\n    narrower: [harmful]\n")
    with pytest.raises(VocabularyError, match="'directions' terms cannot list narrower ones"):
        load_vocabulary(workbook_dir)


def test_invalid_yaml_names_the_line(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "interventions:\n", "interventions:\n  - [broken\n")
    with pytest.raises(VocabularyError, match=r"vocabulary.yaml:\d+: not valid YAML"):
        load_vocabulary(workbook_dir)


def only_error(workbook_dir) -> str:
    """Return the one problem load_vocabulary raises for the workbook, as the curator sees it."""
    with pytest.raises(VocabularyError) as info:
        load_vocabulary(workbook_dir)
    (problem,) = info.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    label: Anxiety\n", "    label: " + "Anxiety " * 30 + "\n"),
        ("    - anxious\n", "    - " + "a" * 5000 + "\n"),
    ],
    ids=["label", "synonym"],
)
def test_a_label_or_synonym_past_the_bound_is_refused_shortened(workbook_dir, old, new):
    replace_in(workbook_dir / "vocabulary.yaml", old, new)
    error = only_error(workbook_dir)
    assert "term 'anxiety' of 'conditions' has a label or synonym longer than 200 characters" in error
    assert len(error) < 500


def test_a_label_of_the_bound_is_read(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "    label: Anxiety\n", "    label: " + "a" * 200 + "\n")
    assert load_vocabulary(workbook_dir).label("conditions", "anxiety") == "a" * 200


@pytest.mark.parametrize(("section", "old"), [("conditions", "  anxiety:\n"), ("hedging", "  speculative:\n")])
def test_a_slug_past_the_bound_is_refused_in_any_section(workbook_dir, section, old):
    replace_in(workbook_dir / "vocabulary.yaml", old, "  " + "x" * 61 + ":\n")
    assert f"of '{section}' must be " in only_error(workbook_dir)
    assert "at most 60 characters" in only_error(workbook_dir)


def test_a_tag_in_a_term_is_refused_before_any_term_is_read(workbook_dir):
    replace_in(workbook_dir / "vocabulary.yaml", "    label: Anxiety\n", "    label: !!python/name:os.system\n")
    assert "YAML tags are not read (value '!!python/name:os.system')" in only_error(workbook_dir)
