"""Tell which cells a spreadsheet would run as a formula, and neutralise them with a leading quote (').

OWASP's CSV injection list: a cell that starts with a tab or a carriage return, or whose first
character after any white space (space, NBSP, line break) is =, +, -, @ or their fullwidth
forms. The one home of the rule, for the exported tables and for a curator's draft.

Tested in tests/site/test_exports.py (the exports) and tests/curation/test_draft.py (drafts).
"""

FORMULA_STARTS = ("\t", "\r")
FORMULA_CHARS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet may run `text` as a formula: see FORMULA_STARTS and FORMULA_CHARS."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_CHARS)


def neutralise_text(value):
    """Return `value` prefixed by a quote (') when a spreadsheet would run it as a formula, else as it is."""
    return "'" + value if isinstance(value, str) and starts_formula(value) else value


def restore_text(value: str) -> str:
    """Undo neutralise_text: drop the quote (') written before a cell a spreadsheet would run as a formula."""
    return value[1:] if value.startswith("'") and starts_formula(value[1:]) else value
