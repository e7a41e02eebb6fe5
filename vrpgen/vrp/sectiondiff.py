"""The generic diff of two sections: keyed, replace, set and nested section lines (REFERENCE §6).

`Diff` is one remediation run: it holds the command table (passed in by the orchestrator, so
the family modules that call it never import the table: no cycle), the platform, and the count
of running lines left alone. Removals use each spec's undo template; a spec without one, a line
the model does not know and a spec kept as text are never removed, only counted unmanaged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from vrpgen.vrp import vlanlist
from vrpgen.vrp.node import TRUNK_SET, Node, set_lines
from vrpgen.vrp.risk import Command, command, enter
from vrpgen.vrp.spec import Spec, render


def members(node: Node | None) -> set[int]:
    return set(node.members or ()) if node is not None else set()


def same(a: dict[str, Node], b: dict[str, Node]) -> bool:
    """Children equal in meaning (a cheap test before any diffing: most sections agree)."""
    if a.keys() != b.keys():
        return False
    for key, new in b.items():
        old = a[key]
        if old.text != new.text or old.members != new.members:
            return False
        if (old.children or new.children) and not same(old.children, new.children):
            return False
    return True


def lines_of(node: Node) -> int:
    """Lines a node left alone counts for: itself and its children."""
    return 1 + sum(lines_of(c) for c in node.children.values())


@dataclass(slots=True)
class Diff:
    specs: Mapping[str, Spec]
    platform: str = "vrp5"
    unmanaged: int = 0
    # For a line the model does not know where it stands (an address family it lacks): the
    # spec the same text has in a view the model knows, to rate its risk by.
    lookalike: Callable[[str], tuple[Spec, dict[str, str]] | None] | None = None

    def spec(self, sid: str | None) -> Spec | None:
        return self.specs.get(sid) if sid is not None else None

    def cmd(
        self,
        text: str,
        sid: str | None,
        question: str | None = None,
        *,
        removal: bool = False,
        replaced: bool = False,
        values: dict[str, str] | None = None,
    ) -> Command:
        """A command sending `text` as spec `sid`'s line (or its undo), rated by that spec."""
        spec, values = self._rated_as(sid, text, values)
        return command(text, spec, question, removal=removal, replaced=replaced, values=values)

    def line(self, node: Node, *, replaced: bool = False) -> Command:
        """Send a node's own line, with its spec's dialog."""
        spec = self.spec(node.spec)
        rated, values = self._rated_as(node.spec, node.text, node.params)
        return command(node.text, rated, spec.question if spec is not None else None,
                       replaced=replaced, values=values)

    def _rated_as(
        self, sid: str | None, text: str, values: dict[str, str] | None
    ) -> tuple[Spec | None, dict[str, str] | None]:
        spec = self.spec(sid)
        if spec is not None or self.lookalike is None:
            return spec, values
        found = self.lookalike(text)
        if found is None or found[0].remediation == "command":
            return None, values  # a typed undo form has no rating of its own: rated as an undo
        return found

    def set_cmd(self, node: Node, chunk: str, *, removal: bool = False,
                replaced: bool = False) -> Command:
        """One line of an additive set (REFERENCE §4.2, §4.4): add or undo `chunk`."""
        text = f"undo {node.key} {chunk}" if removal else f"{node.key} {chunk}"
        return self.cmd(text, node.spec, removal=removal, replaced=replaced, values={"v": chunk})

    def create(self, node: Node) -> list[Command]:
        """Lines that create `node` from nothing, children included, with `quit`s."""
        if node.members is not None:
            out = []
            for text in set_lines(node):
                removal = text.startswith("undo ")
                chunk = text[len(node.key) + (6 if removal else 1) :]
                out.append(self.set_cmd(node, chunk, removal=removal))
            return out
        spec = self.spec(node.spec)
        kids = [c for child in node.children.values() for c in self.create(child)]
        if (spec is not None and spec.kind == "section") or node.children:
            return [enter(node.text), *kids, enter("quit")]
        return [self.line(node)]

    def undo_of(self, node: Node) -> str | None:
        """The removal line of a node, or None when the model knows no safe undo or keeps the
        spec as text."""
        spec = self.spec(node.spec)
        if spec is None or spec.undo is None or spec.remediation == "text":
            return None
        return render(spec.undo, node.params, spec)

    def remove(self, node: Node) -> Command | None:
        """The undo of `node` as a command, or None (then counted unmanaged)."""
        line = self.undo_of(node)
        if line is None:
            self.unmanaged += lines_of(node)
            return None
        spec = self.specs[node.spec or ""]
        return self.cmd(line, node.spec, spec.undo_question, removal=True, values=node.params)

    def children_diff(
        self, r: Node | None, i: Node, skip: frozenset[str] = frozenset()
    ) -> tuple[list[Command], list[Command]]:
        """(removals, additions) between the children of two nodes of the same view."""
        rk = r.children if r is not None else {}
        adds: list[Command] = []
        removes: list[Command] = []
        for key, node in i.children.items():
            if key in skip:
                continue
            old = rk.get(key)
            spec = self.spec(node.spec)
            if node.members is not None:
                adds.extend(self.set_diff(old, node))
            elif old is None:
                adds.extend(self.create(node))
            elif node.children or (spec is not None and spec.kind == "section"):
                adds.extend(self.section(old, node))
            elif old.text != node.text and not (spec is not None and spec.secret):
                adds.append(self.line(node, replaced=True))
        for key, old in rk.items():
            if key in skip or key in i.children:
                continue
            cmd = self.remove(old)
            if cmd is not None:
                removes.append(cmd)
        return removes, adds

    def section(self, r: Node | None, i: Node) -> list[Command]:
        """Enter `i`, remove then add its children, quit; nothing when they already agree."""
        if r is None:
            return self.create(i)
        if same(r.children, i.children):
            return []
        removes, adds = self.children_diff(r, i)
        if not removes and not adds:
            return []
        return [enter(i.text), *removes, *adds, enter("quit")]

    def set_diff(self, old: Node | None, new: Node) -> list[Command]:
        """Additive set by set difference, 10 items a command (REFERENCE §4.2, §4.4)."""
        have = members(old) if old is not None else ({1} if new.key == TRUNK_SET else set())
        want = members(new)
        out = [self.set_cmd(new, c, removal=True, replaced=old is not None)
               for c in vlanlist.chunks(have - want)]
        out.extend(self.set_cmd(new, c) for c in vlanlist.chunks(want - have))
        return out
