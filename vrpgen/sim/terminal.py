"""Line discipline of the simulated VTY: echo, Enter, backspace, control keys (REFERENCE §5.3.3-4).

Pure and synchronous: `feed()` turns received text into an ordered list of events; the server
writes the echo events and runs the line events one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass

CTRL_Z = "\x1a"  # §2.1: Ctrl+Z is `return`
CTRL_C = "\x03"
BACKSPACES = ("\x7f", "\x08")
ESC = "\x1b"


@dataclass(frozen=True, slots=True)
class Echo:
    """Text to write back at once, as a terminal in echo mode would."""

    text: str


@dataclass(frozen=True, slots=True)
class Line:
    """A complete input line (Enter pressed); `ctrl_z` marks a Ctrl+Z instead of Enter."""

    text: str
    ctrl_z: bool = False


@dataclass(frozen=True, slots=True)
class Overflow:
    """The line being typed passed the length limit: the session disconnects its client.
    Nothing after it in the same chunk is consumed."""

    limit: int


Event = Echo | Line | Overflow

UNLIMITED = 0


class LineDiscipline:
    """Collects typed characters into lines.

    CR, LF and CRLF are each one Enter (§5.3.3): an LF right after a CR is swallowed, even when
    the CR ended the previous chunk. ANSI escape sequences (arrow keys) are dropped; tab is typed
    as a space (VRP completion is not simulated). A line longer than `max_line` characters
    (0: no limit) ends the feed with an `Overflow` (REFERENCE is silent on VRP's own limit).
    """

    def __init__(self, max_line: int = UNLIMITED) -> None:
        self._buf: list[str] = []
        self._after_cr = False
        self._in_escape = False
        self._max_line = max_line

    @property
    def pending(self) -> str:
        return "".join(self._buf)

    @property
    def pending_length(self) -> int:
        return len(self._buf)

    def feed(self, data: str) -> list[Event]:
        events: list[Event] = []
        echo: list[str] = []
        for ch in data:
            line = self._char(ch, echo)
            if line is not None:
                events.append(Echo("".join(echo)))
                echo.clear()
                events.append(line)
            elif self._max_line and len(self._buf) > self._max_line:
                self._buf.clear()
                return [*events, Overflow(self._max_line)]
        if echo:
            events.append(Echo("".join(echo)))
        return events

    def _char(self, ch: str, echo: list[str]) -> Line | None:
        """Consume one character; returns a Line on Enter or Ctrl+Z."""
        if self._in_escape:
            # CSI sequences end with a letter or '~'; a bare ESC + letter ends at once.
            self._in_escape = not (ch.isalpha() or ch == "~")
            return None
        after_cr, self._after_cr = self._after_cr, False
        if ch == "\n" and after_cr:
            return None
        if ch in ("\r", "\n", CTRL_Z):
            self._after_cr = ch == "\r"
            echo.append("\r\n")
            text = self._take()
            return Line("", ctrl_z=True) if ch == CTRL_Z else Line(text)
        if ch in BACKSPACES:
            if self._buf:
                self._buf.pop()
                echo.append("\b \b")
        elif ch == ESC:
            self._in_escape = True
        elif ch == CTRL_C:
            self._buf.clear()
            echo.append("^C")
        elif ch >= " " or ch == "\t":
            ch = " " if ch == "\t" else ch
            self._buf.append(ch)
            echo.append(ch)
        return None

    def _take(self) -> str:
        text = "".join(self._buf)
        self._buf.clear()
        return text
