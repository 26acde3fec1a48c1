"""Hints for a mistyped name: the one home of "did you mean …?"."""

import difflib
import functools

CUTOFF = 0.6  # difflib's ratio below which a name is not offered as the one meant
MAX_LISTED = 12  # names listed when none is close
MAX_REMEMBERED_CHOICES = 2_000  # answers are remembered for lists up to this long: a vocabulary section, not ids


def find_closest(value: str, choices, *, cutoff: float = CUTOFF) -> str | None:
    """Return the choice closest to `value` (ignoring case and outer spaces), or None when none is close.

    Answers are remembered: a table of thousands of rows with the same wrong value asks the
    same question thousands of times (63,000 problems took 9 s in difflib).
    """
    choices = tuple(choices)
    if len(choices) > MAX_REMEMBERED_CHOICES:  # ids by the thousand: asked once or twice, too large to keep
        return _find_closest_once.__wrapped__(str(value), choices, cutoff)
    try:
        return _find_closest_once(str(value), choices, cutoff)
    except TypeError:  # a choice that cannot be remembered (unhashable)
        return _find_closest_once.__wrapped__(str(value), choices, cutoff)


@functools.lru_cache(maxsize=4096)
def _find_closest_once(value: str, choices: tuple, cutoff: float):
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
