"""Where each value of the inventory was written (file:line:col by path), so that every later
stage can locate its errors. Pure: load fills it, validate and derive read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from vrpgen.errors import SourceRef

Path_ = tuple[str | int, ...]


@dataclass
class LineIndex:
    """Maps a value's path (`("devices", "R1", "bgp", "as")`) to where it was written."""

    refs: dict[Path_, SourceRef] = field(default_factory=dict)

    def lookup(self, path: Path_) -> SourceRef | None:
        """The ref of `path`, or of its nearest written parent (a missing field's mapping)."""
        probe = tuple(path)
        while probe:
            ref = self.refs.get(probe)
            if ref is not None:
                return ref
            probe = probe[:-1]
        return self.refs.get(())


def dotted(path: Path_) -> str:
    """`devices.R1.interfaces.GigabitEthernet0/0/0.ip`: the path as the user reads it."""
    return ".".join(str(p) for p in path)
