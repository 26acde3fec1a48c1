"""Add a term to vocabulary.yaml: checked against its terms, written as plain YAML lines at the end of its section.

from analysis.curation.vocabulary_terms import add_term
add_term("conditions", "bipolar-disorder", label="Bipolar disorder", kind="mind",
         definition="Bipolar disorder and its manic and depressive episodes.", synonyms=["bipolar", "manic depression"],
         within=["mental-health"])   # listed in mental-health's `narrower`: a study of it measures mental health

The file is edited as text, not loaded and dumped again: the new term's lines go after
the section's last term, in the file's own indentation, and every other byte stays as it
was, comments and order included, so the diff is the added lines (and, for a term added
`within` broader ones, its slug at the end of each one's `narrower` list). (A round-trip YAML
library such as ruamel.yaml keeps comments too, but may still re-wrap long lines and
re-indent lists, and would be one more dependency for a few lines of text.) Values are
written plain where YAML reads them back as the same text, else double-quoted; no anchor,
alias or tag is ever written. The file as it would be is read back and the whole
workbook validated with it before it replaces the old one.

Tested in tests/curation/test_vocabulary_terms.py.
"""

import json
import re
import unicodedata
from pathlib import Path

import yaml

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import Problem, WorkbookError
from analysis.common.suggestions import did_you_mean
from analysis.curation.candidate import refuse_errors, validate_candidate
from analysis.curation.sources import slugify
from analysis.workbook.storage import lock_workbook
from analysis.workbook.vocabulary import NARROWED, SLUG, TERM_KINDS, load_vocabulary

ADDABLE = ("conditions", "interventions", "mechanisms", "populations", "hedging", "source_kinds")
BY_HAND = {  # sections whose terms the rules read by more than a name: added by hand, with care
    "evidence_levels": "an evidence level needs a rank and a weight, and ranks order the others",
    "relations": "the relations are the fixed scale of claim strength the rules read",
    "directions": "the directions are a fixed scale the rules read",
    "advice": "the advice terms are read by the flag rules",
    "claim_types": "the claim types are read by the flag rules",
    "reportings": "the reportings are read by the grading rules",
    "placements": "the placements are read by the flag rules",
}
_PLAIN = re.compile(r"^[A-Za-z][\w .,/()'’&+-]*$")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "y", "n", "null", "none", "~"}


def add_term(
    section: str,
    slug: str | None,
    *,
    label: str,
    definition: str,
    kind=None,
    synonyms=(),
    within=(),
    claims_dir=None,
):
    """Add a term to `section` of vocabulary.yaml and return its slug (made from the label when not given).

    `within` names broader terms of the section whose `narrower` lists the new term joins
    (conditions and interventions only): a study of the new term then measures them too.
    Raises WorkbookError, with nothing written, for a section terms are not added to by
    command ("did you mean" for a misspelt one), a slug that is taken or malformed, a
    kind the section does not know, a label or synonym another term already has, an
    unknown broader term, an empty label or definition, a control character, or a
    workbook that would not validate.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    file = paths.vocabulary_path(base)
    vocabulary = load_vocabulary(claims_dir)
    _check_section(file, section)
    slug = (slug or slugify(label)).strip()
    synonyms = [s.strip() for s in synonyms if s.strip()]
    _check_term(file, vocabulary, section, slug, label, definition, kind, synonyms)
    within = _check_within(file, vocabulary, section, [w.strip() for w in within if w.strip()])
    entry = {"kind": kind, "label": label.strip(), "definition": definition.strip(), "synonyms": synonyms}
    with lock_workbook(base):
        text = file.read_bytes().decode("utf-8")
        updated = insert_term(file, text, section, slug, {k: v for k, v in entry.items() if v})
        for broader in within:
            updated = add_narrower(file, updated, section, broader, slug)
        _check_reads_back(file, updated, section, slug, entry)
        refuse_errors(validate_candidate(base, {paths.VOCABULARY_FILE: updated.encode("utf-8")}), "term")
        write_atomically(file, updated.encode("utf-8"))
    return slug


def _check_section(file: Path, section: str) -> None:
    if section in ADDABLE:
        return
    if section in BY_HAND:
        raise WorkbookError(
            Problem(
                file, "terms of this section are added by hand", column=section, value=section, hint=BY_HAND[section]
            )
        )
    hint = did_you_mean(section, ADDABLE, "sections a term can be added to")
    raise WorkbookError(Problem(file, "unknown section", column="section", value=section, hint=hint))


def _check_term(file, vocabulary, section, slug, label, definition, kind, synonyms) -> None:
    problems = []
    if not SLUG.fullmatch(slug):
        problems.append(
            Problem(file, "not a slug: lower-case letters and digits joined by hyphens", column="slug", value=slug)
        )
    if slug in vocabulary.sections[section]:
        problems.append(Problem(file, f"'{section}' has this term already", column="slug", value=slug))
    for name, value in (("label", label), ("definition", definition)):
        if not value.strip():
            problems.append(Problem(file, "is empty", column=name, hint=f"give --{name}"))
    kinds = TERM_KINDS.get(section)
    if kinds and kind not in kinds:
        hint = did_you_mean(str(kind or ""), kinds, "kinds") if kind else f"give --kind, one of: {', '.join(kinds)}"
        problems.append(
            Problem(file, f"a term of '{section}' needs a kind", column="kind", value=kind or "", hint=hint)
        )
    elif not kinds and kind:
        problems.append(
            Problem(file, f"terms of '{section}' have no kind", column="kind", value=kind, hint="leave out --kind")
        )
    for name in (slug, label, *synonyms):
        taken = vocabulary.resolve(section, name)
        if taken is not None and name.strip():
            hint = f"it names '{taken}' of '{section}'; use that term, or choose another name"
            problems.append(Problem(file, "this name is taken", column="synonyms", value=name, hint=hint))
    for name, value in (("label", label), ("definition", definition), *(("synonyms", s) for s in synonyms)):
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
            problems.append(Problem(file, "holds a control or invisible character", column=name, value=value))
    if problems:
        raise WorkbookError(problems)


def _check_within(file: Path, vocabulary, section: str, within: list[str]) -> list[str]:
    """Return the broader terms `within` as slugs (labels and synonyms read); refuse unknown ones or a section whose
    terms list no narrower ones."""
    if within and section not in NARROWED:
        hint = f"only {' and '.join(NARROWED)} terms list narrower ones"
        raise WorkbookError(Problem(file, f"'{section}' terms have no broader ones", column="within", hint=hint))
    slugs, problems = [], []
    for name in within:
        found = vocabulary.resolve(section, name)
        if found is None:
            hint = did_you_mean(name, vocabulary.terms(section), f"{section} terms")
            problems.append(Problem(file, f"unknown {section} term", column="within", value=name, hint=hint))
        slugs.append(found)
    if problems:
        raise WorkbookError(problems)
    return list(dict.fromkeys(slugs))


def add_narrower(file: Path, text: str, section: str, broader: str, slug: str) -> str:
    """Return `text` with `slug` added at the end of the `narrower` list of term `broader` of `section` (a flow list
    on one line, made when the term has none), every other byte as it was."""
    lines = text.splitlines(keepends=True)
    key, end = _term_lines(file, lines, section, broader)
    listed = next((i for i in range(key + 1, end) if re.match(r"^\s+narrower:", lines[i])), None)
    if listed is None:  # a new field after the term's last one, indented as its others
        field = next((line[: len(line) - len(line.lstrip())] for line in lines[key + 1 : end] if line.strip()), "")
        newline = "\r\n" if lines[key].endswith("\r\n") else "\n"
        last = max(i for i in range(key, end) if _depth(lines[i]) is not None)
        return "".join([*lines[: last + 1], f"{field}narrower: [{slug}]{newline}", *lines[last + 1 :]])
    flow = re.match(r"^(\s+narrower:\s*\[)([^\]]*)(\].*)$", lines[listed], re.DOTALL)
    if flow is None:
        hint = f"write the narrower terms of '{broader}' as a list on one line: narrower: [a, b]"
        raise WorkbookError(
            Problem(file, "cannot add to this narrower list", column="within", value=broader, hint=hint)
        )
    items = flow.group(2).strip()
    lines[listed] = f"{flow.group(1)}{items + ', ' if items else ''}{slug}{flow.group(3)}"
    return "".join(lines)


def _term_lines(file: Path, lines: list[str], section: str, slug: str) -> tuple[int, int]:
    """Return the index of term `slug`'s key line in `section`, and of the first line after its fields."""
    head = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(section)}:\s*(?:#.*)?$", line)), 0)
    key = next(
        (i for i in range(head + 1, len(lines)) if re.match(rf"^\s+{re.escape(slug)}:\s*(?:#.*)?$", lines[i])), None
    )
    if key is None:  # written some other way ("mental-health: {kind: mind, …}")
        hint = f"write '{slug}' as a block, one field a line, or add to its narrower list by hand"
        raise WorkbookError(Problem(file, "cannot find the term's lines", column="within", value=slug, hint=hint))
    indent = _depth(lines[key])
    after = (i for i in range(key + 1, len(lines)) if _depth(lines[i]) is not None and _depth(lines[i]) <= indent)
    return key, next(after, len(lines))


def _depth(line: str) -> int | None:
    """The indentation of a line that holds a key or value, None for a blank line or a comment."""
    return None if not line.strip() or line.lstrip().startswith("#") else len(line) - len(line.lstrip())


def insert_term(file: Path, text: str, section: str, slug: str, entry: dict) -> str:
    """Return `text` with the term `slug` (its fields `entry`) written after the last term of `section`."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.endswith("\r\n") or "\r\n" in text[:200] else "\n"
    head = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(section)}:\s*(?:#.*)?$", line)), None)
    if head is None:
        raise WorkbookError(
            Problem(
                file, f"no block '{section}:' to add the term to", hint="write the section as a block, one term a line"
            )
        )
    end = next((i for i in range(head + 1, len(lines)) if re.match(r"^[^\s#]", lines[i])), len(lines))
    while end > head + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and column-0 comments before the next section stay with it
    indent, field = _indents(lines[head + 1 : end])
    block = [f"{indent}{_scalar(slug)}:{newline}"]
    for name, value in entry.items():
        written = (
            "[" + ", ".join(_scalar(v, in_list=True) for v in value) + "]"
            if isinstance(value, list)
            else _scalar(value)
        )
        block.append(f"{indent}{field}{name}: {written}{newline}")
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += newline
    return "".join([*lines[:end], *block, *lines[end:]])


def _indents(body: list[str]) -> tuple[str, str]:
    """The indentation of the section's term keys, and of a term's fields beneath them (two spaces by default)."""
    keys = [line for line in body if line.strip() and not line.lstrip().startswith("#")]
    indent = re.match(r"^(\s*)", keys[0]).group(1) if keys else "  "
    deeper = [re.match(r"^(\s*)", line).group(1) for line in keys[1:] if len(line) - len(line.lstrip()) > len(indent)]
    return indent, (deeper[0][len(indent) :] if deeper else "  ")


def _scalar(value: str, in_list: bool = False) -> str:
    """Write `value` plain when YAML reads it back as the same text, else double-quoted (JSON's quoting is YAML's)."""
    plain = (
        _PLAIN.match(value)
        and value.lower() not in _YAML_WORDS
        and ": " not in value
        and " #" not in value
        and not (in_list and any(c in value for c in ",[]{}"))
        and yaml.safe_load(f"k: {value}") == {"k": value}
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _check_reads_back(file: Path, text: str, section: str, slug: str, entry: dict) -> None:
    """Refuse a text in which the new term does not read back as written (an internal safeguard)."""
    try:
        read = yaml.safe_load(text)[section][slug]
    except (yaml.YAMLError, KeyError, TypeError):
        read = None
    wanted = {k: v for k, v in entry.items() if v}
    if read != wanted:
        raise WorkbookError(Problem(file, f"the term '{slug}' would not read back as written", value=str(read)))
