"""Where each value of the inventory was written (file:line:col by path), so that every later
stage can locate its errors. Pure: load fills it, validate and derive read it."""

from __future__ import annotations

from collections.abc import Callable

from vrpgen.errors import SourceRef

Path_ = tuple[str | int, ...]


class LineIndex:
    """Maps a value's path (`("devices", "R1", "bgp", "as")`) to where it was written.

    Built on first use when `locate` is given: load reads valid input without recording
    positions (a ref per key is most of a large inventory's memory) and passes a function
    that reads the files again with positions, which only runs when an issue is located."""

    def __init__(self, refs: dict[Path_, SourceRef] | None = None,
                 locate: Callable[[], dict[Path_, SourceRef]] | None = None) -> None:
        self._refs = refs if refs is not None or locate is not None else {}
        self._locate = locate

    @property
    def refs(self) -> dict[Path_, SourceRef]:
        if self._refs is None:
            assert self._locate is not None
            self._refs, self._locate = self._locate(), None
        return self._refs

    def lookup(self, path: Path_) -> SourceRef | None:
        """The ref of `path`, or of its nearest written parent (a missing field's mapping)."""
        refs = self.refs
        probe = tuple(path)
        while probe:
            ref = refs.get(probe)
            if ref is not None:
                return ref
            probe = probe[:-1]
        return refs.get(())


def dotted(path: Path_) -> str:
    """`devices.R1.interfaces.GigabitEthernet0/0/0.ip`: the path as the user reads it."""
    return ".".join(str(p) for p in path)
