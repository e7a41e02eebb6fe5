"""How much a client may make the simulator hold, per session and for the whole process.

A client that types without reading, or one endless line, must not grow the process without
bound (issue 9: 64 MB sent unread took it from 135 MB to 2.27 GB). Each session counts what it
holds for its client: input received and not yet run, the line being typed, and output written
and not yet read (the SSH channel's buffer and the TCP connection's). Over a limit the session's
client is disconnected (the TCP connection dropped, so its buffers go at once); the other
sessions carry on.

REFERENCE is silent on VRP's own limits (longest typed line, VTY output buffering), so these
are the simulator's: far above anything netmiko or a person sends (a VRP description is at most
242 characters, §4.5; the largest answer is `display current-configuration`), far below what
would hurt the machine. docs/simulator.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Limits:
    max_line: int = 64 * KIB  # characters of one typed line; longer: disconnected
    window: int = 256 * KIB  # SSH receive window: input asyncssh holds while reading is paused
    input_high: int = 256 * KIB  # received, not yet run: stop reading from the client above...
    input_low: int = 64 * KIB  # ... and read again once at or below this
    output_high: int = 1 * MIB  # unread output: run no further command above...
    output_low: int = 256 * KIB  # ... until the client has read down to this
    output_max: int = 8 * MIB  # unread output: disconnected above
    stall: float = 30.0  # seconds a client may leave output_high unread while its input waits
    total: int = 128 * MIB  # everything all sessions hold: over it, the largest is disconnected

    def __post_init__(self) -> None:
        if not (0 < self.input_low <= self.input_high and 0 < self.output_low
                <= self.output_high <= self.output_max and self.max_line > 0
                and self.window > 0 and self.stall > 0 and self.total > 0):
            raise ValueError(f"inconsistent simulator limits: {self}")


DEFAULT_LIMITS = Limits()


class Holder(Protocol):
    """A session: how many bytes it holds for its client right now."""

    def footprint(self) -> int: ...


class Budget:
    """The process-wide total of what sessions hold. Each session reports its size when it
    grows; output shrinks unseen (the client reads), so reported sizes can be high, and the
    total is recounted from every session before anyone is disconnected."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self._sizes: dict[Holder, int] = {}

    def update(self, holder: Holder, size: int) -> Holder | None:
        """Record `holder`'s size; the session to disconnect when the total is over the limit
        (the one holding most), else None."""
        self.total += size - self._sizes.get(holder, 0)
        self._sizes[holder] = size
        if self.total <= self.limit:
            return None
        self._sizes = {h: h.footprint() for h in self._sizes}
        self.total = sum(self._sizes.values())
        if self.total <= self.limit:
            return None
        return max(self._sizes, key=self._sizes.__getitem__)

    def remove(self, holder: Holder) -> None:
        self.total -= self._sizes.pop(holder, 0)

    def __len__(self) -> int:
        return len(self._sizes)
