"""The controlled vocabulary: terms, labels, synonyms, and evidence ranks and weights."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.common import paths
from analysis.common.limits import MAX_NAME_CHARS, MAX_SLUG_CHARS
from analysis.common.problems import ParameterError, Problem, VocabularyError, quote_value
from analysis.common.suggestions import find_closest
from analysis.workbook.yaml_reader import MappingNode, construct, read_yaml

SECTIONS = (
    "conditions",
    "interventions",
    "mechanisms",
    "evidence_levels",
    "hedging",
    "relations",
    "populations",
    "directions",
    "advice",
    "source_kinds",
)
# Sections a workbook may leave out: their columns are optional too (see claims/README.md).
OPTIONAL_SECTIONS = ("claim_types", "reportings", "placements")
# Sections whose terms carry a `kind` the reports and rules read, with the kinds allowed.
TERM_KINDS = {
    "conditions": ("mind", "body"),
    "interventions": ("intervention", "exposure", "mechanism"),
    "evidence_levels": (
        "systematic",
        "trial",
        "uncontrolled",
        "observational",
        "review",
        "case",
        "preclinical",
        "unspecified",
        "opinion",
        "anecdote",
        "none",
    ),
}
SEPARATOR = ";"
REPORTED = ("conditions", "interventions")  # each term gets a report named after its slug
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


NARROWED = ("conditions", "interventions")  # the sections whose terms may list `narrower` ones


@dataclass(frozen=True)
class Term:
    """One controlled term: its slug, label, definition and synonyms."""

    slug: str
    label: str
    definition: str
    synonyms: tuple[str, ...] = ()
    rank: int | None = None
    weight: float | None = None
    line: int | None = None
    kind: str | None = None
    narrower: tuple[str, ...] = ()  # terms of the same section within this one: a study of one measures this


@dataclass(frozen=True)
class Vocabulary:
    """The terms of every section of vocabulary.yaml, in the file's order."""

    path: Path
    sections: dict[str, dict[str, Term]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "names", {s: _name_table(t) for s, t in self.sections.items()})

    def terms(self, section: str, kinds=None) -> list[str]:
        """Return the slugs of `section` in the file's order; only those of `kinds` (a kind or several) if given."""
        if kinds is None:
            return list(self.sections[section])
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        return [slug for slug, term in self.sections[section].items() if term.kind in kinds]

    def labels(self, section: str) -> dict[str, str]:
        """Return the label of each term of `section`, by slug."""
        return {slug: term.label for slug, term in self.sections[section].items()}

    def narrower(self, section: str, slug: str) -> tuple[str, ...]:
        """Return the terms within `slug` ("depression" within "mental-health"), () for an unknown term."""
        term = self.sections.get(section, {}).get(slug)
        return term.narrower if term is not None else ()

    def term(self, section: str, slug: str) -> Term:
        """Return the Term `slug` of `section`."""
        return self.sections[section][slug]

    def label(self, section: str, slug: str) -> str:
        """Return the human label of a term, or the slug itself when unknown."""
        term = self.sections.get(section, {}).get(slug)
        return term.label if term else slug

    def short_label(self, section: str, slug: str) -> str:
        """Return a term's label without the example in brackets at its end: "Hedged cause", not 'Hedged cause
        ("may reduce")'; for a sentence that quotes its own words."""
        return re.sub(r"\s*\(.*\)$", "", self.label(section, slug))

    def resolve(self, section: str, text: str) -> str | None:
        """Return the slug that `text` names in `section` (slug, label or synonym, any case)."""
        return self.names.get(section, {}).get(text.strip().casefold())

    def require(self, section: str, text: str) -> str:
        """Return the slug `text` names in `section` (slug, label or synonym, any case); raise ParameterError if none.

        The error says which term was probably meant, for a notebook parameter such as
        `condition = "anxeity"`.
        """
        slug = self.resolve(section, str(text))
        if slug is None:
            raise ParameterError(f"unknown {section} term {str(text)!r}; {self.hint_term(section, str(text))}")
        return slug

    def suggest(self, section: str, text: str) -> str | None:
        """Return the term closest to a misspelt `text`, or None when nothing is close."""
        table = self.names.get(section, {})
        close = find_closest(text, table)
        return table[close] if close is not None else None

    def hint_term(self, section: str, text: str) -> str:
        """Return the hint for a term `section` does not know: "did you mean …?", or its terms."""
        close = self.resolve(section, text) or self.suggest(section, text)
        if close:
            return f"did you mean '{close}'?"
        return f"terms of '{section}': {', '.join(self.terms(section))}; or add it to claims/vocabulary.yaml"

    def evidence_levels(self) -> list[Term]:
        """Return the evidence levels from strongest to weakest."""
        return sorted(self.sections["evidence_levels"].values(), key=lambda t: t.rank)

    def __hash__(self):
        return hash(self.path)


def _name_table(terms: dict[str, Term]) -> dict[str, str]:
    table = {}
    for slug, term in terms.items():
        for name in (slug, term.label, *term.synonyms):
            table.setdefault(name.casefold(), slug)
    return table


def split_terms(value: str) -> list[str]:
    """Split a multi-valued cell ("a; b") into its terms, dropping empty pieces."""
    return [t.strip() for t in str(value).split(SEPARATOR) if t.strip()]


def load_vocabulary(claims_dir=None) -> Vocabulary:
    """Read and check vocabulary.yaml in `claims_dir`; raise VocabularyError when malformed."""
    path = paths.vocabulary_path(claims_dir)
    stat = path.stat() if path.exists() else None
    return _load_vocabulary(path, stat.st_mtime_ns if stat else None)


@lru_cache(maxsize=8)
def _load_vocabulary(path: Path, mtime) -> Vocabulary:
    node = _compose(path)
    problems, sections = [], {}
    for section in SECTIONS + OPTIONAL_SECTIONS:
        entries = _mapping_child(node, section)
        if entries is None and section in OPTIONAL_SECTIONS:
            sections[section] = {}
            continue
        if entries is None:
            problems.append(
                Problem(
                    path,
                    f"section '{section}' is missing",
                    line=1,
                    hint="see claims/README.md for the sections every vocabulary has",
                )
            )
            continue
        sections[section] = _read_section(path, section, entries, problems)
    if problems:
        raise VocabularyError(problems)
    return Vocabulary(path=path, sections=sections)


def _compose(path: Path):
    node = read_yaml(path, "vocabulary", hint="check the indentation and colons near that line", compose=True)
    if not isinstance(node, MappingNode):
        raise VocabularyError(Problem(path, "the top level must be a mapping of sections", line=1))
    return node


def _mapping_child(node, key):
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _read_section(path, section, node, problems) -> dict[str, Term]:
    if not isinstance(node, MappingNode):
        problems.append(
            Problem(path, f"section '{section}' must map term slugs to entries", line=node.start_mark.line + 1)
        )
        return {}
    terms = {}
    for key_node, value_node in node.value:
        term = _read_term(path, section, key_node, value_node, problems)
        if term is not None:
            terms[term.slug] = term
    problems += [
        Problem(
            path,
            f"'narrower' of '{term.slug}' names '{other}', which is not a term of '{section}'",
            line=term.line,
            value=other,
            hint=f"name terms of '{section}' only, each within '{term.slug}'",
        )
        for term in terms.values()
        for other in term.narrower
        if other not in terms or other == term.slug
    ]
    return terms


def has_invisible(text: str) -> bool:
    """True when `text` holds a format character: zero-width spaces and joiners, bidirectional overrides."""
    return any(unicodedata.category(char) == "Cf" for char in text)


def is_slug(text: str) -> bool:
    """True when `text` is lower-case ASCII letters and digits joined by hyphens, at most MAX_SLUG_CHARS long."""
    return len(text) <= MAX_SLUG_CHARS and SLUG.fullmatch(text) is not None


def _read_term(path, section, key_node, value_node, problems) -> Term | None:
    line = key_node.start_mark.line + 1
    slug = str(key_node.value)
    if problem := _check_slug(path, section, slug, line):
        problems.append(problem)
        return None
    entry = construct(value_node) if isinstance(value_node, MappingNode) else None
    if not isinstance(entry, dict) or not entry.get("label") or not entry.get("definition"):
        problems.append(
            Problem(
                path,
                f"term '{slug}' of '{section}' needs a label and a definition",
                line=line,
                hint="write it as  slug: {label: ..., definition: ...}",
            )
        )
        return None
    synonyms = entry.get("synonyms") or []
    if not isinstance(synonyms, list):
        problems.append(
            Problem(path, f"synonyms of '{slug}' must be a list", line=line, hint="write them as  synonyms: [a, b]")
        )
        synonyms = []
    if problem := _check_names(path, section, slug, (str(entry["label"]), *map(str, synonyms)), line):
        problems.append(problem)
        return None
    rank, weight = entry.get("rank"), entry.get("weight")
    if section == "evidence_levels" and not _is_rank_and_weight(rank, weight):
        problems.append(
            Problem(
                path,
                f"evidence level '{slug}' needs a whole-number rank and a weight from 0 to 1",
                line=line,
                value=f"rank={rank}, weight={weight}",
            )
        )
        return None
    kind = entry.get("kind")
    if section in TERM_KINDS and kind not in TERM_KINDS[section]:
        problems.append(
            Problem(
                path,
                f"term '{slug}' of '{section}' needs a kind",
                line=line,
                value=str(kind),
                hint=f"write  kind: one of {', '.join(TERM_KINDS[section])}",
            )
        )
        return None
    narrower = entry.get("narrower") or []
    if not isinstance(narrower, list) or (narrower and section not in NARROWED):
        message = (
            f"narrower of '{slug}' must be a list"
            if not isinstance(narrower, list)
            else (f"'{section}' terms cannot list narrower ones")
        )
        hint = (
            "write them as  narrower: [a, b]"
            if not isinstance(narrower, list)
            else (f"only {' and '.join(NARROWED)} terms do")
        )
        problems.append(Problem(path, message, line=line, value=str(narrower), hint=hint))
        narrower = []
    return Term(
        slug,
        str(entry["label"]),
        str(entry["definition"]),
        tuple(str(s) for s in synonyms),
        rank,
        weight,
        line,
        kind,
        tuple(str(n) for n in narrower),
    )


def _check_slug(path, section, slug, line) -> Problem | None:
    """Return the problem of a slug too long, or not a slug where it names a report file."""
    if (section in REPORTED and not is_slug(slug)) or len(slug) > MAX_SLUG_CHARS:
        return Problem(
            path,
            f"term {quote_value(slug)} of '{section}' must be "
            + ("a slug: lower-case letters and digits joined by hyphens, " if section in REPORTED else "")
            + f"at most {MAX_SLUG_CHARS} characters",
            line=line,
            hint="the slug names the term's report file, for example 'gut-microbiome'",
        )
    return None


def _check_names(path, section, slug, names, line) -> Problem | None:
    """Return the problem of a term whose slug, label or a synonym is too long or holds an invisible character."""
    if any(len(name) > MAX_NAME_CHARS for name in names):
        return Problem(
            path,
            f"term '{slug}' of '{section}' has a label or synonym longer than {MAX_NAME_CHARS} characters",
            line=line,
            value=max(names, key=len),
            hint="a name is a few words; say more in the definition",
        )
    hidden = [name for name in (slug, *names) if has_invisible(name)]
    if hidden:
        return Problem(
            path,
            f"term {quote_value(slug)} of '{section}' holds an invisible or direction-changing character",
            line=line,
            value=hidden[0],
            hint="retype the name: zero-width and bidirectional characters make two names look alike",
        )
    return None


def _is_rank_and_weight(rank, weight) -> bool:
    return (
        isinstance(rank, int) and not isinstance(rank, bool) and isinstance(weight, (int, float)) and 0 <= weight <= 1
    )
