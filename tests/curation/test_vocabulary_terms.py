"""Adding a vocabulary term: written as plain YAML after its section's last term, the rest of the file untouched."""

import difflib
from pathlib import Path

import pytest
import yaml

from analysis import validate_workbook
from analysis.common.problems import WorkbookError
from analysis.curation.vocabulary_terms import add_narrower, add_term, insert_term
from analysis.workbook.vocabulary import load_vocabulary

SHIPPED = """# The vocabulary.
conditions:
  # Outcomes a claim is about.
  depression:
    kind: mind
    label: Depression
    definition: Depressive disorders.
    synonyms: [MDD]

# Interventions come next.
interventions:
  probiotics:
    kind: intervention
    label: Probiotics
    definition: Live microbes.
"""


def added_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    assert not any(line.startswith("- ") for line in diff)
    return [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]


def test_a_term_is_added_after_the_last_term_of_its_section_and_nothing_else_changes(studies_dir):
    path = studies_dir / "vocabulary.yaml"
    before = path.read_text(encoding="utf-8")
    slug = add_term(
        "conditions",
        None,
        label="Bipolar disorder",
        definition="Bipolar disorder and its episodes: manic, depressive.",
        kind="mind",
        synonyms=["bipolar", "manic depression"],
        claims_dir=studies_dir,
    )
    after = path.read_text(encoding="utf-8")
    assert slug == "bipolar-disorder"
    assert added_lines(before, after) == [
        "  bipolar-disorder:",
        "    kind: mind",
        "    label: Bipolar disorder",
        '    definition: "Bipolar disorder and its episodes: manic, depressive."',
        "    synonyms: [bipolar, manic depression]",
    ]
    assert after.index("bipolar-disorder:") < after.index("\ninterventions:")
    term = load_vocabulary(studies_dir).term("conditions", "bipolar-disorder")
    assert (term.kind, term.label, term.synonyms) == ("mind", "Bipolar disorder", ("bipolar", "manic depression"))
    assert not validate_workbook(studies_dir).errors


def test_comments_and_blank_lines_before_the_next_section_stay_with_it(tmp_path):
    text = insert_term(
        tmp_path / "vocabulary.yaml",
        SHIPPED,
        "conditions",
        "ibs",
        {"kind": "body", "label": "IBS", "definition": "Irritable bowel."},
    )
    assert text == SHIPPED.replace(
        "    synonyms: [MDD]\n",
        "    synonyms: [MDD]\n  ibs:\n    kind: body\n    label: IBS\n    definition: Irritable bowel.\n",
    )
    assert yaml.safe_load(text)["conditions"]["ibs"]["label"] == "IBS"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Appetite", "Appetite"),
        ("yes", '"yes"'),
        ("Gut: the brain", '"Gut: the brain"'),
        ("a # b", '"a # b"'),
        ("'quoted'", "\"'quoted'\""),
        ("Ärger", '"Ärger"'),
    ],
)
def test_values_are_written_plain_only_when_yaml_reads_them_back_the_same(studies_dir, value, written):
    add_term("mechanisms", "new-term", label=value, definition="A definition.", claims_dir=studies_dir)
    text = (studies_dir / "vocabulary.yaml").read_text(encoding="utf-8")
    assert f"    label: {written}\n" in text
    assert load_vocabulary(studies_dir).term("mechanisms", "new-term").label == value


@pytest.mark.parametrize(
    ("section", "slug", "options", "match"),
    [
        ("condition", None, {"kind": "mind"}, "unknown section .*did you mean 'conditions'"),
        ("evidence_levels", None, {}, "added by hand.*rank and a weight"),
        ("conditions", None, {"kind": "mnd"}, "needs a kind .*did you mean 'mind'"),
        ("conditions", None, {}, "needs a kind .*give --kind, one of: mind, body"),
        ("mechanisms", None, {"kind": "mind"}, "have no kind"),
        ("conditions", "depression", {"kind": "mind"}, "has this term already"),
        ("conditions", "Bad Slug", {"kind": "mind"}, "not a slug"),
        ("conditions", None, {"kind": "mind", "synonyms": ["anxious"]}, "this name is taken .*it names 'anxiety'"),
        ("conditions", None, {"kind": "mind", "synonyms": ["bi\u200bpolar"]}, "control or invisible character"),
        ("conditions", None, {"kind": "mind", "definition": " "}, "column 'definition': is empty"),
        ("conditions", None, {"kind": "mind", "within": ["mod"]}, "unknown conditions term .*did you mean 'mood'"),
        ("mechanisms", None, {"within": ["x"]}, "have no broader ones"),
    ],
)
def test_mistakes_are_refused_and_the_file_is_untouched(studies_dir, section, slug, options, match):
    path = studies_dir / "vocabulary.yaml"
    before = path.read_bytes()
    arguments = {"label": "Bipolar disorder", "definition": "Bipolar disorder.", **options}
    with pytest.raises(WorkbookError, match=match):
        add_term(section, slug, claims_dir=studies_dir, **arguments)
    assert path.read_bytes() == before


def test_a_term_added_within_broader_ones_joins_their_narrower_lists_and_nothing_else_changes(studies_dir):
    path = studies_dir / "vocabulary.yaml"
    before = path.read_text(encoding="utf-8")
    options = {"label": "Bipolar disorder", "definition": "Bipolar disorder.", "kind": "mind"}
    add_term("conditions", None, within=["Mood", "anxiety"], claims_dir=studies_dir, **options)
    after = path.read_text(encoding="utf-8")
    assert added_lines(before, after) == [
        "    narrower: [bipolar-disorder]",  # anxiety had none: a list of one after its last field
        "    narrower: [bipolar-disorder]",
        "  bipolar-disorder:",
        "    kind: mind",
        "    label: Bipolar disorder",
        "    definition: Bipolar disorder.",
    ]
    vocabulary = load_vocabulary(studies_dir)
    assert vocabulary.narrower("conditions", "mood") == ("bipolar-disorder",)
    assert vocabulary.narrower("conditions", "anxiety") == ("bipolar-disorder",)
    assert not validate_workbook(studies_dir).errors


def test_a_term_added_within_one_with_narrower_terms_goes_at_the_end_of_its_list():
    text = SHIPPED.replace("    synonyms: [MDD]\n", "    synonyms: [MDD]\n    narrower: [dysthymia]  # kept\n")
    updated = add_narrower(Path("vocabulary.yaml"), text, "conditions", "depression", "bipolar-disorder")
    assert "    narrower: [dysthymia, bipolar-disorder]  # kept\n" in updated
    assert updated.replace(", bipolar-disorder", "") == text
