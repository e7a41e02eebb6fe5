"""Managed scope: what the intended side contains decides what the remediation may touch.

DESIGN "Managed scope": vrpgen owns the sections it renders and the lines inside them. Here:
every top-level key of the intended config; all entries of an `ip ip-prefix` list and all nodes
of a `route-policy` the intended side names (REFERENCE §4.10, §4.11: the list/policy is one
object); all `vlan N` blocks once `vlan batch` is managed (§4.2: one VLAN set); every OSPF
process without a vpn-instance once intended has one. Everything else is unmanaged: kept out of
the plan and counted. `extra` widens the scope by top-level key prefixes, `only` narrows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vrpgen.vrp.families import ospf, policy
from vrpgen.vrp.node import BATCH, Node, count


@dataclass(frozen=True, slots=True)
class Scope:
    extra: tuple[str, ...] = ()  # top-level key prefixes managed even if intended lacks them
    only: tuple[str, ...] | None = None  # if given: manage only keys with these prefixes


def _families(intended: Node) -> set[str]:
    fams: set[str] = set()
    for node in intended.children.values():
        if node.spec == policy.PREFIX:
            fams.add(f"ip ip-prefix {node.params['name']} index ")
        elif node.spec == policy.ROUTE_POLICY:
            fams.add(f"route-policy {node.params['name']} node ")
        elif node.spec == ospf.PROCESS and "vpn" not in node.params:
            fams.add("ospf ")
    if BATCH in intended.children:
        fams.add("vlan ")
    return fams


def _managed(key: str, node: Node, intended: Node, fams: Iterable[str], scope: Scope) -> bool:
    if scope.only is not None and not key.startswith(scope.only):
        return False
    if key in intended.children or key.startswith(scope.extra):
        return True
    if node.spec == ospf.PROCESS and "vpn" in node.params:
        return False
    return node.spec is not None and any(key.startswith(f) for f in fams)


def split(running: Node, intended: Node, scope: Scope | None = None) -> tuple[Node, Node, int]:
    """(managed running, managed intended, unmanaged line count of running)."""
    scope = scope or Scope()
    fams = _families(intended)
    kept = Node("", "")
    unmanaged = 0
    for key, node in running.children.items():
        if _managed(key, node, intended, fams, scope):
            kept.children[key] = node
        else:
            unmanaged += count(node)
    want = Node("", "")
    want.children = {
        k: v for k, v in intended.children.items() if scope.only is None or k.startswith(scope.only)
    }
    return kept, want, unmanaged
