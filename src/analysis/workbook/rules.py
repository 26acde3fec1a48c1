"""The rules of the workbook's judgements (`claims/rules.yaml`): grading steps and flag term lists, checked.

Tested in tests/evidence/test_grading.py and tests/evidence/test_flags.py.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.common import paths
from analysis.common.lines import line_at
from analysis.common.problems import Problem, VocabularyError
from analysis.workbook.studies import CONTROLS, FUNDINGS, PEER_REVIEWED
from analysis.workbook.vocabulary import TERM_KINDS, Vocabulary
from analysis.workbook.yaml_reader import read_text, read_yaml

RULES_FILE = paths.RULES_FILE
rules_path = paths.rules_path
# Each list the rules read, and the vocabulary section (or evidence kinds) its entries come from.
FLAG_LISTS = {
    "claims_of_effect": "claim_types",
    "claims_about_research": "claim_types",
    "safety_advice": "advice",
    "safety_conditions": "conditions",
    "warning_directions": "directions",
    "advice_to_act": "advice",
    "about_people": "populations",
    "studied_in_people": "populations",
    "studied_in_animals_or_cells": "populations",
    "headline_placements": "placements",
    "body_placements": "placements",
    "causal_relations": "relations",
    "effect_relations": "relations",
    "effect_directions": "directions",
    "no_effect_directions": "directions",
    "unhedged": "hedging",
    "possibility_hedges": "hedging",
    "warranted_hedges": "hedging",
    "conceding_hedges": "hedging",
    "trial_kinds": "kind",
    "association_kinds": "kind",
    "preclinical_kinds": "kind",
    "uncontrolled_kinds": "kind",
    "unsupported_about": "intervention_kind",
    "everyday_advice": "interventions",
    "dietary_guidance": "interventions",
    "conventional_care": "interventions",
    "textbook_conditions": "conditions",
    "textbook_exposures": "interventions",
    "established_conditions": "conditions",
    "established_treatments": "interventions",
    "unsupported_on": "condition_kind",
    "each_outcome_measured": "condition_kind",
    "no_evidence_kinds": "kind",
    "told_from_experience": "kind",
    "one_case_reportings": "reportings",
    "pooled_kinds": "kind",
}
# The rating-down steps grading knows, in GRADE's domains (see analysis.evidence.grading).
STEPS = (
    "risk_of_bias",
    "imprecise",
    "indirect_population",
    "indirect_outcome",
    "indirect_intervention",
    "inconsistent",
    "second_hand",
)
STEP_LISTS = {
    "reportings": "reportings",
    "evidence_kinds": "kind",
    "populations": "populations",
    "no_effect_directions": "directions",
    "effect_directions": "directions",
    "controls": "controls",
    "peer_reviewed": "peer_reviewed",
    "fundings": "fundings",
    "unrandomised": "evidence_levels",
}
FIXED_VALUES = {"controls": CONTROLS, "peer_reviewed": PEER_REVIEWED, "fundings": FUNDINGS}  # studies.csv choices
STEP_NUMBERS = ("max_studies", "min_participants", "very_few_participants", "steps")  # whole numbers a step may set
GRADED_BY = {"claim_types": "claim_types", "not_advice": "advice", "not_placements": "placements"}


@dataclass(frozen=True)
class Rules:
    """The grading and flag rules of one workbook."""

    path: Path
    grades: tuple[str, ...]
    start: dict
    steps: dict
    flags: dict
    graded_by: dict

    @property
    def min_participants(self) -> int:
        """The fewest participants a study may have and not count as small (imprecision, and the flags)."""
        return int(self.steps.get("imprecise", {}).get("min_participants", 0))

    def terms(self, name: str) -> frozenset:
        """Return the slugs (or evidence kinds) the flag list `name` holds."""
        return frozenset(self.flags.get(name, ()))


def load_rules(vocabulary: Vocabulary, claims_dir=None) -> Rules:
    """Read and check the rules against `vocabulary`; raise VocabularyError naming each bad entry.

    A workbook without a rules.yaml of its own reads the shipped one, leaving out of its flag lists the conditions
    and interventions its vocabulary lacks (no claim of it can name them); its own rules.yaml must name only terms
    it has."""
    path = rules_path(claims_dir)
    shipped = path != Path(claims_dir or paths.CLAIMS_DIR) / RULES_FILE
    return _load_rules(path, path.stat().st_mtime_ns if path.is_file() else 0, vocabulary, shipped)


@lru_cache(maxsize=8)
def _load_rules(path: Path, mtime: int, vocabulary: Vocabulary, shipped: bool = False) -> Rules:
    data = read_yaml(path, "rules file", hint="check the indentation and colons near that line") or {}
    text = read_text(path)
    if problems := _check_shape(path, data):
        raise VocabularyError(problems)
    grading, flags = data.get("grading") or {}, data.get("flags") or {}
    rules = Rules(
        path,
        tuple(grading.get("grades") or ()),
        dict(grading.get("start") or {}),
        dict(grading.get("rate_down") or {}),
        {k: _terms_known(k, v, vocabulary) if shipped else tuple(v or ()) for k, v in flags.items()},
        {k: tuple(v or ()) for k, v in (grading.get("graded_by") or {}).items()},
    )
    problems = _check(rules, vocabulary, text)
    if problems:
        raise VocabularyError(problems)
    return rules


def _terms_known(name: str, terms, vocabulary: Vocabulary) -> tuple:
    """The flag list `name` without the conditions or interventions `vocabulary` lacks: the shipped rules, read by a
    workbook whose vocabulary is smaller ("ultra-processed-foods" in dietary_guidance, which none of its claims
    names)."""
    section = FLAG_LISTS.get(name)
    if section not in ("conditions", "interventions") or not isinstance(terms, list):
        return tuple(terms or ())
    return tuple(term for term in terms if str(term) in vocabulary.sections.get(section, {}))


SHAPES = {  # where in rules.yaml: what it must be
    "grading": (dict, "a mapping with grades, start and rate_down"),
    "flags": (dict, "a mapping of list names to lists of terms"),
    "grading.grades": (list, "a list of grades, strongest first"),
    "grading.start": (dict, "a mapping of evidence kinds to grades"),
    "grading.rate_down": (dict, "a mapping of steps to their settings"),
    "grading.graded_by": (dict, "a mapping of claim_types, not_advice and not_placements to lists of terms"),
}


def _check_shape(path: Path, data) -> list[Problem]:
    """Return a problem for each part of the rules that is not the kind of YAML value the rules need."""
    if not isinstance(data, dict):
        return [Problem(path, "the top level must be a mapping with grading and flags", line=1)]
    problems = []
    for where, (kind, what) in SHAPES.items():
        value = data
        for key in where.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, kind):
            problems.append(Problem(path, f"{where} must be {what}", value=_show(value)))
    for name, terms in (data.get("flags") or {}).items() if isinstance(data.get("flags"), dict) else ():
        if terms is not None and not (isinstance(terms, list) and all(isinstance(t, str | int) for t in terms)):
            problems.append(Problem(path, f"flags.{name} must be a list of terms", value=_show(terms)))
    return problems


def _show(value) -> str:
    return f"{type(value).__name__} {str(value)[:60]}"


def _check(rules: Rules, vocabulary: Vocabulary, text: str) -> list[Problem]:
    problems = []
    if len(rules.grades) < 2:
        problems.append(Problem(rules.path, "grading.grades must list the grades, strongest first", line=1))
    kinds = set(TERM_KINDS["evidence_levels"])
    for kind, grade in rules.start.items():
        if kind not in kinds or grade not in rules.grades:
            problems.append(
                _bad(
                    rules.path,
                    text,
                    f"grading.start: {kind}: {grade}",
                    str(kind),
                    f"kinds: {', '.join(sorted(kinds))}; grades: {', '.join(rules.grades)}",
                )
            )
    missing = kinds - set(rules.start)
    if missing:
        problems.append(Problem(rules.path, f"grading.start gives no grade for {', '.join(sorted(missing))}", line=1))
    for name, step in rules.steps.items():
        if name not in STEPS or not isinstance(step, dict) or not step.get("reason"):
            problems.append(
                _bad(
                    rules.path,
                    text,
                    "grading.rate_down: unknown step, or a step without a reason",
                    str(name),
                    f"steps: {', '.join(STEPS)}, each with a reason",
                )
            )
            continue
        for key, section in STEP_LISTS.items():
            problems += _unknown(
                rules.path, text, f"grading.rate_down.{name}.{key}", step.get(key) or (), section, vocabulary
            )
        for key in STEP_NUMBERS:
            value = step.get(key, 0)
            if type(value) is not int or not 0 <= value <= 1_000_000:
                problems.append(
                    _bad(
                        rules.path,
                        text,
                        f"grading.rate_down.{name}.{key} must be a whole number",
                        str(value),
                        "0 to 1000000",
                    )
                )
    for key, section in GRADED_BY.items():
        problems += _unknown(
            rules.path, text, f"grading.graded_by.{key}", rules.graded_by.get(key, ()), section, vocabulary
        )
    missing = [name for name in FLAG_LISTS if name not in rules.flags] + ["body_placements"] * (
        "body_placements" in rules.flags and not rules.flags["body_placements"]
    )
    if missing:
        problems.append(
            Problem(
                rules.path,
                f"flags must list {', '.join(f'{name}' for name in missing)}",
                line=1,
                hint="the shipped claims/rules.yaml lists every one, with what it means; body_placements needs a term",
            )
        )
    for name, section in FLAG_LISTS.items():
        problems += _unknown(rules.path, text, f"flags.{name}", rules.flags.get(name, ()), section, vocabulary)
    return problems


def _unknown(path, text, where, values, section, vocabulary) -> list[Problem]:
    kinds = {"kind": "evidence_levels", "intervention_kind": "interventions", "condition_kind": "conditions"}
    if section in kinds:
        known = set(TERM_KINDS[kinds[section]])
    else:
        known = set(FIXED_VALUES[section]) if section in FIXED_VALUES else set(vocabulary.sections.get(section, {}))
    what = {"kind": "evidence kinds", "intervention_kind": "interventions kinds", "condition_kind": "conditions kinds"}
    what = what.get(section, f"'{section}' terms")
    return [
        _bad(path, text, f"{where} names an unknown term", str(value), f"{what}: {', '.join(sorted(known))}")
        for value in values
        if str(value) not in known
    ]


def _bad(path, text, message, value, hint) -> Problem:
    at = text.find(value)
    return Problem(path, message, line=line_at(text, at) if at >= 0 else None, value=value, hint=hint)
