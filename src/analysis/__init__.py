"""The gut–brain claims workbook: load, validate, grade and report claims about the gut and the mind."""

from importlib import import_module

_EXPORTS = {
    "BuildError": "errors", "Problem": "errors", "ValidationError": "errors", "VocabularyError": "errors",
    "WorkbookError": "errors", "Workbook": "load", "explode_claims": "load", "load_claims": "load",
    "load_workbook": "load", "load_vocabulary": "vocabulary", "validate_workbook": "validate",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    """Import the public API on first use, so that `python -m analysis` starts without pandas."""
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
