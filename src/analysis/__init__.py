"""The gut–brain claims workbook: load, validate, grade and report claims about the gut and the mind.

The package is layered; each layer imports only from those before it:

    common     paths, problems and hints, safe files, line numbers, speed tricks
    language   the cue lexicon, the claim-strength detector, sentences
    workbook   vocabulary, strict CSV, quotes, validation, loading, appending rows
    evidence   grades of condition × intervention pairs, flags on claims
    reports    tables, figures and display helpers for the notebooks
    curation   add-source, add-claim, proposals, coverage, agreement between two coders
    build      planning, freshness, warm kernels, rendering and publishing the HTML
    cli        the command line

The names below are the public surface the notebooks use: `from analysis import load_workbook`.
They are imported on first use, so that `python -m analysis` starts without pandas.
"""

from importlib import import_module

_EXPORTS = {
    # workbook
    "Workbook": "workbook.load",
    "load_workbook": "workbook.load",
    "load_claims": "workbook.load",
    "explode_claims": "workbook.load",
    "load_vocabulary": "workbook.vocabulary",
    "validate_workbook": "workbook.validate",
    # problems
    "Problem": "common.problems",
    "WorkbookError": "common.problems",
    "ValidationError": "common.problems",
    "VocabularyError": "common.problems",
    "BuildError": "common.problems",
    # language
    "read_sentence": "language.detector",
    "classify_strength": "language.detector",
    # evidence
    "grade_pairs": "evidence.grading",
    "grade_for": "evidence.grading",
    "flag_claims": "evidence.flags",
    "count_flags": "evidence.flags",
    "find_flags": "evidence.flags",
    "make_readable": "reports.readable",
    "show_key_findings": "reports.findings",
    "show_measure": "reports.findings",
    "plot_wording_against_evidence": "reports.plots",
    "select_kind": "reports.summaries",
    "check_parameters": "reports.parameters",
    # reports
    "show_table": "reports.display",
    "show_term": "reports.display",
    "show_terms": "reports.display",
    "show_source": "reports.display",
    "show_heading": "reports.display",
    "plot_evidence_map": "reports.plots",
    "plot_evidence_maps": "reports.plots",
    "plot_evidence_levels": "reports.plots",
    "plot_hedging": "reports.plots",
    "plot_language": "reports.plots",
    "plot_grades": "reports.plots",
    "select_claims": "reports.summaries",
    "select_source_claims": "reports.summaries",
    "list_claims": "reports.summaries",
    "rank_claims": "reports.summaries",
    "find_missing_evidence": "reports.summaries",
    "profile_source": "reports.summaries",
    "profile_language": "reports.summaries",
    "compare_language": "reports.summaries",
    "rank_language": "reports.summaries",
    "count_cue_phrases": "reports.summaries",
    "count_evidence_levels": "reports.summaries",
    "count_hedging": "reports.summaries",
    "find_shared_claims": "reports.summaries",
    "show_verdict": "reports.verdict",
    "list_studies": "reports.studies",
    "show_studies": "reports.studies",
    "show_claims": "reports.studies",
    "show_flags": "reports.studies",
    "show_flag_counts": "reports.studies",
    "show_rule_checks": "reports.studies",
    "list_grades": "reports.reasons",
    "show_grade_reasons": "reports.reasons",
    "list_term_pages": "reports.links",
    "show_pages": "reports.links",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    """Import the public API on first use."""
    if name in _EXPORTS:
        return getattr(import_module(f"analysis.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
