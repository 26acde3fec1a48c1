"""The workbook's YAML files are plain values only: anchors, aliases, tags, odd keys and huge numbers are refused."""

from pathlib import Path

import pytest
import yaml

from analysis.common.limits import MAX_INTEGER
from analysis.common.paths import CLAIMS_DIR
from analysis.common.problems import VocabularyError
from analysis.workbook.yaml_reader import read_yaml

ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)  # ten anchors of ten aliases each: 10**10 values once expanded


def refusal(tmp_path: Path, text: str) -> str:
    """Return the one line read_yaml refuses `text` with."""
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        read_yaml(path, "rules file", hint="check it")
    (problem,) = caught.value.problems
    assert "\n" not in str(problem)
    return str(problem)


def test_the_shipped_files_read_as_the_safe_loader_reads_them():
    for name in ("vocabulary.yaml", "rules.yaml"):
        path = CLAIMS_DIR / name
        assert read_yaml(path, name, hint="") == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_an_alias_bomb_is_refused_at_its_first_anchor_without_expanding_it(tmp_path):
    line = refusal(tmp_path, ALIAS_BOMB + "label: *a9\n")
    assert line.endswith(
        "rules.yaml:1: YAML anchors and aliases are not read (value '&a0'); "
        "write plain values: no anchors (&), aliases (*) or tags (!)"
    )


def test_an_alias_is_refused_where_it_stands(tmp_path):
    assert "rules.yaml:2: YAML anchors and aliases are not read (value '*a')" in refusal(tmp_path, "a: 1\nb: *a\n")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system [id]", "!!python/object/apply:os.system"),
        ("!!str 12", "!!str"),
        ("!custom x", "!custom"),
        ("! x", "!"),
    ],
)
def test_every_explicit_tag_is_refused(tmp_path, value, shown):
    assert f"rules.yaml:2: YAML tags are not read (value '{shown}')" in refusal(tmp_path, f"a: 1\nb: {value}\n")


def test_a_key_written_twice_is_refused_naming_both_lines(tmp_path):
    line = refusal(tmp_path, "flags:\n  unhedged: [none]\n  other: []\n  unhedged: [modest]\n")
    assert "rules.yaml:4: the key is written twice in one mapping (value 'unhedged'); it is also on line 2" in line


@pytest.mark.parametrize("key", ["1", "yes", "null", "~", "3.5", "2020-01-01", "[a, b]", "{a: b}", "<<"])
def test_a_key_that_is_not_text_is_refused(tmp_path, key):
    assert "rules.yaml:2: a key must be text" in refusal(tmp_path, f"grading:\n  {key}: x\n")


def test_a_quoted_key_is_text(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("'1': x\n\"yes\": y\n", encoding="utf-8")
    assert read_yaml(path, "rules file", hint="") == {"1": "x", "yes": "y"}


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, str(MAX_INTEGER + 1), f"-{MAX_INTEGER + 1}", "1_000_000_000_000", "0x" + "f" * 40, "1:2:3:4:5:6:7"],
)
def test_a_whole_number_past_the_bound_is_refused_in_one_short_line(tmp_path, number):
    line = refusal(tmp_path, f"grading:\n  rate_down:\n    imprecise:\n      min_participants: {number}\n")
    assert "rules.yaml:4: a whole number larger than 1,000,000,000" in line and len(line) < 400


def test_the_bound_itself_is_read(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(f"a: {MAX_INTEGER}\nb: -{MAX_INTEGER}\nc: 1.0e+400\n", encoding="utf-8")
    assert read_yaml(path, "rules file", hint="") == {"a": MAX_INTEGER, "b": -MAX_INTEGER, "c": float("inf")}


@pytest.mark.parametrize(("value", "says"), [("2001-13-45", "not a valid date"), ("=", "not a value the workbook")])
def test_a_value_the_safe_loader_would_crash_on_is_refused(tmp_path, value, says):
    assert f"rules.yaml:1: {says}" in refusal(tmp_path, f"a: {value}\n")


def test_an_empty_file_reads_as_nothing(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert read_yaml(path, "rules file", hint="") is None
