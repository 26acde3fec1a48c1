"""Read a YAML file of the workbook (vocabulary, rules) safely: bounded, UTF-8, no tags, no deep nesting.

Tested in tests/workbook/test_vocabulary.py and tests/evidence/test_grading.py.
"""

from pathlib import Path

import yaml

from analysis.common.limits import MAX_RULES_BYTES, refuse_large
from analysis.common.problems import Problem, VocabularyError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: the same rules, ten times faster
MAX_DEPTH = 50  # the vocabulary and the rules nest four levels deep; a YAML parser recurses once per level


def read_yaml(path: Path, what: str, hint: str, compose: bool = False):
    """Return the data of the YAML file at `path` (its node graph with `compose`); raise VocabularyError in one line.

    `what` names the file in messages ("vocabulary"); `hint` says how to fix a syntax error.
    """
    if not path.is_file():
        raise VocabularyError(Problem(path, "file not found", hint=f"every workbook needs claims/{path.name}"))
    if too_large := refuse_large(path, MAX_RULES_BYTES, what):
        raise VocabularyError(too_large)
    text = read_text(path)
    check_depth(path, text)
    try:
        return yaml.compose(text, Loader=LOADER) if compose else yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise VocabularyError(
            Problem(path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None, hint=hint)
        ) from None


def construct(node):
    """Return the Python data of a composed YAML `node`, by the safe loader's rules (an unsafe tag raises)."""
    loader = LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    """Return the text of `path`, refusing anything that is not UTF-8 in one line."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VocabularyError(
            Problem(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})", hint="save the file as UTF-8")
        ) from None


def check_depth(path: Path, text: str) -> None:
    """Refuse text whose brackets or indentation nest deeper than MAX_DEPTH, before a parser recurses into it."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    indents = sorted({len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()})
    if max(deepest, len(indents)) > MAX_DEPTH:
        raise VocabularyError(
            Problem(
                path,
                f"nested more than {MAX_DEPTH} levels deep",
                hint="the workbook's YAML files nest a few levels; check the brackets and indentation",
            )
        )
