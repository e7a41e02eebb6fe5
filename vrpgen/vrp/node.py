"""One line of a config tree (`Node`) and the display of additive VLAN sets.

Below the command table on purpose: the family modules build and compare nodes, and the table is
assembled from the family modules, so the node must not need the table (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vrpgen.vrp import vlanlist
from vrpgen.vrp.spec import SYSTEM

TRUNK_SET = "port trunk allow-pass vlan"
BATCH = "vlan batch"


@dataclass(slots=True)
class Node:
    """One line of the config; `children` keyed by the model's key (dict: O(1) lookup)."""

    key: str
    text: str
    spec: str | None = None  # command-table id; None for a line the model does not know
    params: dict[str, str] = field(default_factory=dict)
    children: dict[str, Node] = field(default_factory=dict)
    members: set[int] | None = None  # additive VLAN sets
    line: int = 0
    opens: str | None = None  # the view a section opens (its spec's `opens`)

    def view(self) -> str | None:
        """The view this node opens (None: opaque or leaf)."""
        if self.key == "":
            return SYSTEM
        if self.spec is None:
            return None
        return self.opens

    def copy(self) -> Node:
        return Node(
            self.key,
            self.text,
            self.spec,
            dict(self.params),
            {k: c.copy() for k, c in self.children.items()},
            None if self.members is None else set(self.members),
            self.line,
            self.opens,
        )

    def shallow(self, children: dict[str, Node] | None = None) -> Node:
        """The same line with other children (the remediation's views of a section)."""
        return Node(self.key, self.text, self.spec, self.params,
                    {} if children is None else children, self.members, self.line, self.opens)

    def signature(self) -> object:
        """Order-insensitive meaning of the node (REFERENCE §3.9, §6.5)."""
        kids = frozenset((k, c.signature()) for k, c in self.children.items())
        mem = None if self.members is None else frozenset(self.members)
        return (self.key, self.text if self.members is None else "", mem, kids)


def set_lines(node: Node) -> list[str]:
    """Display lines of an additive set: 10 items a line (REFERENCE §4.2, §4.4)."""
    members = node.members or set()
    lines: list[str] = []
    if node.key == TRUNK_SET:
        if 1 not in members:
            lines.append("undo port trunk allow-pass vlan 1")  # REFERENCE §4.4
        members = members - {1}
    lines.extend(f"{node.key} {chunk}" for chunk in vlanlist.chunks(members))
    return lines


def count(node: Node) -> int:
    """Display lines of a node, children included."""
    own = 1
    if node.members is not None:
        own = max(1, (len(node.members) + 9) // 10)
    return own + sum(count(c) for c in node.children.values())
