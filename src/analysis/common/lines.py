"""Line numbers of character or byte offsets: the one way from an offset to a line."""

import bisect


class LineIndex:
    """The start of every line of a text (str or bytes), for many offset-to-line look-ups."""

    def __init__(self, text: str | bytes):
        newline = b"\n" if isinstance(text, bytes) else "\n"
        starts, at = [0], text.find(newline)
        while at >= 0:
            starts.append(at + 1)
            at = text.find(newline, at + 1)
        self.starts = starts

    def line_of(self, offset: int) -> int:
        """Return the 1-based line that holds `offset`."""
        return bisect.bisect_right(self.starts, offset)


def line_at(text: str | bytes, offset: int) -> int:
    """Return the 1-based line of `text` that holds `offset` (one look-up; use LineIndex for many)."""
    return LineIndex(text[:offset]).line_of(offset)
