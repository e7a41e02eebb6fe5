"""A tiny stand-in for vrpgen.vrp.Applier, so the session/SSH layer is tested on its own.

It knows `sysname`, `interface NAME` (exact canonical names), `description` and `undo
description` in interface view, `quit`, and `undo interface NAME` (asks a [Y/N] question). Like
the real Applier it edits its own copy of a `vrpgen.vrp.Config` and answers with
`vrpgen.vrp.Outcome`; the nodes it adds come from `vrpgen.vrp.parse`, so display is the model's.
"""

from __future__ import annotations

from vrpgen.vrp import CommandError, Config, Node, Outcome, parse

QUESTION = "Warning: This will delete the interface. Continue? [Y/N]:"
UNRECOGNIZED = "Error: Unrecognized command found at '^' position."


def _node(text: str) -> Node:
    """The model's node for a top-level block given as display text."""
    return next(iter(parse(text).root.children.values()))


class FakeApplier:
    def __init__(self, config: Config, platform: str) -> None:
        self.config = config.copy()
        self.platform = platform
        self.view_name = ""
        self._pending: str | None = None

    def _interface(self, name: str) -> Node | None:
        return self.config.root.children.get(_node(f"interface {name}").key)

    def execute(self, line: str) -> Outcome:
        words = line.split()
        root = self.config.root.children
        if words == ["quit"]:
            if self.view_name:
                self.view_name = ""
                return Outcome()
            return Outcome(left_system_view=True)
        if not self.view_name:
            if len(words) == 2 and words[0] in ("sysname", "interface"):
                node = _node(line.strip())
                existing = root.setdefault(node.key, node)
                # an existing interface keeps its lines; a sysname takes the new name
                existing.text, existing.params = node.text, node.params
                if words[0] == "interface":
                    self.view_name = words[1]
                return Outcome()
            if len(words) == 3 and words[:2] == ["undo", "interface"]:
                self._pending = words[2]
                return Outcome(question=QUESTION)
        elif words and words[0] == "description" and len(words) > 1:
            iface = self._interface(self.view_name)
            assert iface is not None
            iface.children = _node(f"interface {self.view_name}\n {line.strip()}").children
            return Outcome()
        elif words == ["undo", "description"]:
            iface = self._interface(self.view_name)
            assert iface is not None
            iface.children = {}
            return Outcome()
        column = line.index(words[-1]) if len(words) > 1 else line.index(words[0])
        return Outcome(CommandError("unrecognized", column, UNRECOGNIZED))

    def answer(self, yes: bool) -> Outcome:
        if yes and self._pending is not None:
            iface = self._interface(self._pending)
            if iface is not None:
                del self.config.root.children[iface.key]
        self._pending = None
        return Outcome()
