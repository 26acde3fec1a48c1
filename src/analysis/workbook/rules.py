"""The rules of the workbook's judgements (`claims/rules.yaml`): grading steps and flag term lists, checked.

Tested in tests/evidence/test_grading.py and tests/evidence/test_flags.py.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.common import paths
from analysis.common.limits import MAX_RULES_BYTES, refuse_large
from analysis.common.lines import line_at
from analysis.common.problems import Problem, VocabularyError
from analysis.workbook.vocabulary import TERM_KINDS, Vocabulary

RULES_FILE = "rules.yaml"
# Each list the rules read, and the vocabulary section (or evidence kinds) its entries come from.
FLAG_LISTS = {
    "claims_of_effect": "claim_types",
    "safety_advice": "advice",
    "advice_to_act": "advice",
    "about_people": "populations",
    "headline_placements": "placements",
    "body_placements": "placements",
    "causal_relations": "relations",
    "firsthand_reportings": "reportings",
    "possibility_hedges": "hedging",
    "warranted_hedges": "hedging",
    "trial_kinds": "kind",
    "association_kinds": "kind",
    "preclinical_kinds": "kind",
    "no_evidence_kinds": "kind",
}
STEPS = ("second_hand", "imprecise", "hedged", "indirect", "inconsistent")  # the rating-down steps grading knows
STEP_LISTS = {
    "reportings": "reportings",
    "hedging": "hedging",
    "evidence_kinds": "kind",
    "populations": "populations",
    "no_effect_directions": "directions",
    "effect_directions": "directions",
}


@dataclass(frozen=True)
class Rules:
    """The grading and flag rules of one workbook."""

    path: Path
    grades: tuple[str, ...]
    start: dict
    steps: dict
    flags: dict

    def terms(self, name: str) -> frozenset:
        """Return the slugs (or evidence kinds) the flag list `name` holds."""
        return frozenset(self.flags.get(name, ()))


def rules_path(claims_dir=None) -> Path:
    """Return the rules file of `claims_dir`, falling back to the shipped one."""
    path = Path(claims_dir or paths.CLAIMS_DIR) / RULES_FILE
    return path if path.exists() else paths.CLAIMS_DIR / RULES_FILE


def load_rules(vocabulary: Vocabulary, claims_dir=None) -> Rules:
    """Read and check the rules against `vocabulary`; raise VocabularyError naming each bad entry."""
    path = rules_path(claims_dir)
    if not path.is_file():
        raise VocabularyError(Problem(path, "file not found", hint="every workbook needs claims/rules.yaml"))
    if too_large := refuse_large(path, MAX_RULES_BYTES, "rules file"):
        raise VocabularyError(too_large)
    return _load_rules(path, path.stat().st_mtime_ns, vocabulary)


@lru_cache(maxsize=8)
def _load_rules(path: Path, mtime: int, vocabulary: Vocabulary) -> Rules:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise VocabularyError(
            Problem(path, f"not valid YAML: {getattr(exc, 'problem', exc)}", line=mark.line + 1 if mark else None)
        ) from None
    if not isinstance(data, dict):
        raise VocabularyError(Problem(path, "the top level must be a mapping with grading and flags", line=1))
    grading, flags = data.get("grading") or {}, data.get("flags") or {}
    rules = Rules(
        path,
        tuple(grading.get("grades") or ()),
        dict(grading.get("start") or {}),
        dict(grading.get("rate_down") or {}),
        {k: tuple(v or ()) for k, v in flags.items()},
    )
    problems = _check(rules, vocabulary, text)
    if problems:
        raise VocabularyError(problems)
    return rules


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
    for name, section in FLAG_LISTS.items():
        problems += _unknown(rules.path, text, f"flags.{name}", rules.flags.get(name, ()), section, vocabulary)
    return problems


def _unknown(path, text, where, values, section, vocabulary) -> list[Problem]:
    known = set(TERM_KINDS["evidence_levels"]) if section == "kind" else set(vocabulary.sections.get(section, {}))
    what = "evidence kinds" if section == "kind" else f"'{section}' terms"
    return [
        _bad(path, text, f"{where} names an unknown term", str(value), f"{what}: {', '.join(sorted(known))}")
        for value in values
        if str(value) not in known
    ]


def _bad(path, text, message, value, hint) -> Problem:
    at = text.find(value)
    return Problem(path, message, line=line_at(text, at) if at >= 0 else None, value=value, hint=hint)
