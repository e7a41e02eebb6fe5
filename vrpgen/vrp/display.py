"""Pieces of a config tree as `display` prints them: one interface, sections, the current view.

Used by the simulator's `display current-configuration interface X | configuration KEY` and
`display this` (REFERENCE §2.1, §3); every fragment is serialised by `tree.serialize`, so it is
byte-for-byte the matching part of the full display.
"""

from __future__ import annotations

from collections.abc import Sequence

from vrpgen.vrp import commands as cm
from vrpgen.vrp import ifname
from vrpgen.vrp.apply import top_view_name
from vrpgen.vrp.families import interface as interface_family
from vrpgen.vrp.families import system
from vrpgen.vrp.tree import Config, Node, serialize


def sysname(config: Config) -> str | None:
    """The configured `sysname` (REFERENCE §4.1), None when the config has none."""
    for node in config.root.children.values():
        if node.spec == system.SYSNAME:
            return node.params["name"]
    return None


def interface(config: Config, typed: str) -> Node | None:
    """The block of the interface `typed` names (`g0/0/1`, `LoopBack 0`; §2.1, §4.3), if any."""
    name = ifname.canonical(typed)
    if name is None:
        return None
    for node in config.root.children.values():
        if node.spec == interface_family.IFACE and node.params["name"] == name:
            return node
    return None


def sections(config: Config, keyword: str) -> list[Node]:
    """`display current-configuration configuration KEY`: top-level sections whose first word
    starts with KEY, any case (§2.1 abbreviations)."""
    low = keyword.lower()
    return [n for n in config.root.children.values() if n.text.split()[0].lower().startswith(low)]


def view_section(config: Config, view_name: str) -> Node | None:
    """The top-level section enclosing the view the prompt names `view_name` (§2.1 table):
    `GigabitEthernet0/0/1`, `vlan10`, `ospf-1-area-0.0.0.0` → `ospf 1`, `bgp-af-ipv4` → `bgp N`.
    None for `route-policy` views: the prompt does not say which policy (several share it)."""
    for node in config.root.children.values():
        name = top_view_name(node)
        if name is not None and name != cm.POLICY and (
            view_name == name or view_name.startswith(name + "-")
        ):
            return node
    return None


def fragment(nodes: Sequence[Node], platform: str = "vrp5") -> str:
    """`#`, the sections, `#`, `return` (§3.3, §3.7), as `serialize` prints them."""
    part = Config()
    for node in nodes:
        part.root.children[node.key] = node
    if not nodes:
        return "#\n#\nreturn\n"  # an empty fragment keeps its frame
    return serialize(part, platform)
