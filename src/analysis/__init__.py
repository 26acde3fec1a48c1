"""The gut–brain claims workbook: load, validate, grade and report claims about the gut and the mind."""

from .errors import BuildError, Problem, ValidationError, VocabularyError, WorkbookError
from .load import Workbook, explode_claims, load_claims, load_workbook
from .validate import validate_workbook
from .vocabulary import load_vocabulary

__all__ = [
    "BuildError", "Problem", "ValidationError", "VocabularyError", "WorkbookError", "Workbook",
    "explode_claims", "load_claims", "load_workbook", "load_vocabulary", "validate_workbook",
]
