"""The line discipline: echo, one Enter for CR / LF / CRLF, editing keys (REFERENCE §5.3.3-4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vrpgen.sim.terminal import Echo, Line, LineDiscipline


def lines(events: list[Echo | Line]) -> list[str]:
    return [e.text for e in events if isinstance(e, Line)]


def echo(events: list[Echo | Line]) -> str:
    return "".join(e.text for e in events if isinstance(e, Echo))


def test_each_enter_style_is_one_line() -> None:
    tty = LineDiscipline()
    assert lines(tty.feed("a\nb\rc\r\nd\n")) == ["a", "b", "c", "d"]


def test_crlf_split_across_chunks_is_one_enter() -> None:
    tty = LineDiscipline()
    assert lines(tty.feed("display version\r")) == ["display version"]
    assert lines(tty.feed("\nsys\n")) == ["sys"]


def test_two_enters_make_an_empty_line() -> None:
    tty = LineDiscipline()
    assert lines(tty.feed("\n\n")) == ["", ""]
    assert lines(tty.feed("\r\r")) == ["", ""]


def test_echo_is_the_typed_text_then_crlf() -> None:
    tty = LineDiscipline()
    events = tty.feed("save\n")
    assert echo(events) == "save\r\n"
    assert events[-1] == Line("save")


def test_partial_line_is_echoed_and_kept() -> None:
    tty = LineDiscipline()
    assert echo(tty.feed("disp")) == "disp"
    assert tty.pending == "disp"
    assert lines(tty.feed("lay\n")) == ["display"]


def test_backspace_and_escape_sequences() -> None:
    tty = LineDiscipline()
    events = tty.feed("quix\x7ft\x1b[A\n")
    assert lines(events) == ["quit"]
    assert "\b \b" in echo(events)


def test_ctrl_z_is_return_and_drops_the_partial_line() -> None:
    tty = LineDiscipline()
    events = tty.feed("interf\x1a")
    assert events[-1] == Line("", ctrl_z=True)
    assert tty.pending == ""


def test_typed_ahead_lines_keep_their_order_with_echo() -> None:
    tty = LineDiscipline()
    events = tty.feed("a\nb\n")
    assert [type(e).__name__ for e in events] == ["Echo", "Line", "Echo", "Line"]


@given(
    st.lists(st.text(alphabet="abc -/0", max_size=8), max_size=6),
    st.sampled_from(["\r", "\n", "\r\n"]),
    st.data(),
)
def test_chunking_never_changes_the_lines(
    words: list[str], enter: str, data: st.DataObject
) -> None:
    """However the transport splits the bytes, the same lines come out (§5.3.3)."""
    stream = "".join(w + enter for w in words)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=5)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    tty = LineDiscipline()
    got = [line for chunk in chunks for line in lines(tty.feed(chunk))]
    assert got == words
    assert "".join(echo(tty.feed(""))) == ""
