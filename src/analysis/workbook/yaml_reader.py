"""Read a YAML file of the workbook (vocabulary, rules) safely: bounded, UTF-8, plain values only, no deep nesting.

Plain values only: the file is read as the parser's events first, and refused in one line at
the first anchor or alias (ten anchors of ten aliases each make 10**10 values), explicit tag,
key that is not text, key written twice (YAML would keep the last silently), or whole number
past MAX_INTEGER. Only then are nodes built, and no alias is ever expanded.

Tested in tests/workbook/test_yaml_reader.py.
"""

from pathlib import Path

import yaml
from yaml import MappingNode  # what vocabulary.py reads section by section

from analysis.common.limits import MAX_INTEGER, MAX_RULES_BYTES, refuse_large
from analysis.common.problems import Problem, VocabularyError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: the same rules, ten times faster
MAX_DEPTH = 50  # the vocabulary and the rules nest four levels deep; a YAML parser recurses once per level
TEXT = "tag:yaml.org,2002:str"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")  # resolved from plain text; may not construct
SCALAR_TAGS = {TEXT, *NUMBER_TAGS, *(f"tag:yaml.org,2002:{kind}" for kind in ("float", "bool", "null"))}
PLAIN = "write plain values: no anchors (&), aliases (*) or tags (!)"


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
        check_events(path, text)
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise VocabularyError(
            Problem(path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None, hint=hint)
        ) from None
    if node is not None:
        check_nodes(path, node)
    return node if compose else construct(node)


def construct(node):
    """Return the Python data of a composed YAML `node` that `check_nodes` passed, by the safe loader's rules."""
    if node is None:
        return None
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


def check_events(path: Path, text: str) -> None:
    """Refuse the first anchor, alias or explicit tag of `text`, from the parser's events (nothing is built)."""
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
            _refuse(path, event, "YAML anchors and aliases are not read", f"{mark}{event.anchor}", PLAIN)
        if getattr(event, "tag", None):
            _refuse(path, event, "YAML tags are not read", event.tag.replace("tag:yaml.org,2002:", "!!"), PLAIN)


def check_nodes(path: Path, root) -> None:
    """Refuse the first key that is not text or is written twice, and the first number a constructor would reject."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            _check_keys(path, node)
            stack += [value for _key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif node.tag not in SCALAR_TAGS:  # '=' or '<<' alone, which the resolver takes for YAML's own values
            _refuse(path, node, "not a value the workbook reads", node.value, "quote it to keep it as text")
        elif node.tag in NUMBER_TAGS:
            _check_number(path, node)


def _check_keys(path: Path, node) -> None:
    seen = {}
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag != TEXT:
            if not isinstance(key, yaml.ScalarNode):
                _refuse(path, key, "a key must be text", f"a {key.id}", "write a word before the colon")
            _refuse(path, key, "a key must be text", key.value, "quote it: YAML reads 1, yes or null as no text")
        if key.value in seen:
            _refuse(
                path,
                key,
                "the key is written twice in one mapping",
                key.value,
                f"it is also on line {seen[key.value]}; YAML would keep only the last, silently",
            )
        seen[key.value] = key.start_mark.line + 1


def _check_number(path: Path, node) -> None:
    """Refuse a whole number past MAX_INTEGER (read only when short enough to be read fast) or an impossible date."""
    digits = node.value.lstrip("+-").replace("_", "")
    too_long = node.tag.endswith("int") and len(digits) > len(str(MAX_INTEGER)) + 2
    try:
        value = None if too_long else construct(node)
    except ValueError:  # a date such as 2001-13-45, which the resolver takes for one
        _refuse(path, node, "not a valid date", node.value, "quote it to keep it as text")
    if too_long or (isinstance(value, int) and abs(value) > MAX_INTEGER):
        _refuse(
            path, node, f"a whole number larger than {MAX_INTEGER:,}", node.value, "ranks and counts are far smaller"
        )


def _refuse(path: Path, where, message: str, value: str, hint: str):
    """Raise the one-line VocabularyError for `where` (an event or a node: its line is taken from its start mark)."""
    raise VocabularyError(Problem(path, message, line=where.start_mark.line + 1, value=value, hint=hint))
