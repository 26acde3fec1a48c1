"""The one way from an offset to a line, for text and for bytes."""

from analysis.common.lines import LineIndex, line_at


def test_offsets_map_to_their_lines():
    text = "one\ntwo\n\nfour"
    index = LineIndex(text)
    assert [index.line_of(text.index(word)) for word in ("one", "two", "four")] == [1, 2, 4]


def test_bytes_and_text_agree():
    data = b"a\nb\r\nc"
    assert line_at(data, data.index(b"\r\n")) == line_at(data.decode(), 3) == 2
