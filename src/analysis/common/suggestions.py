"""Hints for a mistyped name: the one home of "did you mean …?"."""

import difflib

CUTOFF = 0.6  # difflib's ratio below which a name is not offered as the one meant
MAX_LISTED = 12  # names listed when none is close


def find_closest(value: str, choices, *, cutoff: float = CUTOFF) -> str | None:
    """Return the choice closest to `value` (ignoring case and outer spaces), or None when none is close."""
    folded = {str(choice).strip().casefold(): choice for choice in choices}
    wanted = str(value).strip().casefold()
    if wanted in folded:
        return folded[wanted]
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def did_you_mean(value: str, choices, what: str) -> str:
    """Return "did you mean 'x'?" for the closest of `choices`, or a list of the known `what`."""
    choices = list(choices)
    close = find_closest(value, choices)
    if close is not None:
        return f"did you mean '{close}'?"
    if not choices:
        return f"there are no {what} yet"
    listed = ", ".join(map(str, choices[:MAX_LISTED]))
    more = f" and {len(choices) - MAX_LISTED} more" if len(choices) > MAX_LISTED else ""
    return f"known {what}: {listed}{more}"
