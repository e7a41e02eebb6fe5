"""Managed scope: what the intended side contains decides what the remediation may touch.

DESIGN "Managed scope": vrpgen owns the sections it renders and the lines inside them. Here:
every top-level key of the intended config; all entries of an `ip ip-prefix` list, a community
or AS-path filter and all nodes of a `route-policy` the intended side names (REFERENCE §4.10,
§4.11: the list/policy is one object); all `vlan N` blocks once `vlan batch` is managed (§4.2:
one VLAN set); every OSPF process without a vpn-instance once intended has one. Everything
else is unmanaged: kept out of the plan and counted. `extra` widens the scope by top-level key
prefixes, `only` narrows it.

Ownership (`owns`, issue 10): a family vrpgen owns on a device beyond the lines it renders, so
that what leaves the inventory is removed from the device too:
- `loopbacks`: every `interface LoopBack*` (REFERENCE §4.3);
- `static-routes`: every `ip route-static …`, public or in a vpn-instance (§4.7);
- `vlans`: the `vlan batch` set and every `vlan N` block (§4.2), even when nothing is rendered;
- `bgp-peers`: every `peer` line of the bgp process (§4.9): when the intended side has no bgp
  process the running one stays, without its peers;
- `route-policies`: every `route-policy` node, `ip ip-prefix` entry (§4.10, §4.11) and community
  or AS-path filter entry (vrp/families/policy.py), removed after the BGP and OSPF lines that
  used them.
The removal commands (and the refusal of a line without a safe undo) are the remediation's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vrpgen.vrp.families import bgp, management, ospf, policy
from vrpgen.vrp.node import BATCH, Node, count

# The families a device may own beyond what is rendered, and the top-level key prefixes each
# one manages (bgp-peers: the bgp process, whose non-peer lines stay, see `_owned_bgp`).
OWNABLE: dict[str, tuple[str, ...]] = {
    "loopbacks": ("interface LoopBack",),
    "static-routes": ("ip route-static ",),
    "vlans": (BATCH, "vlan "),
    "bgp-peers": (bgp.KEY,),
    # every route-policy node and ip-prefix entry (§4.10, §4.11); the remediation removes them
    # after the sessions that used them (policy.deletions runs after bgp)
    "route-policies": ("route-policy ", "ip ip-prefix ", "ip community-filter ",
                       "ip as-path-filter "),
    # NTP servers and syslog hosts are owned as soon as one is rendered (_families); owning
    # them also removes those of a device that renders none
    "ntp": ("ntp-service unicast-server ",),
    "syslog": ("info-center loghost ",),
    # SNMP trap hosts are owned once one is rendered; `snmp` also owns every SNMPv3 group and
    # user (a user's lines have no documented undo: their removal is refused)
    "snmp": management.SNMP_PREFIXES,
}


@dataclass(frozen=True, slots=True)
class Scope:
    extra: tuple[str, ...] = ()  # top-level key prefixes managed even if intended lacks them
    only: tuple[str, ...] | None = None  # if given: manage only keys with these prefixes
    owns: tuple[str, ...] = ()  # families of OWNABLE: managed beyond what intended renders

    def __post_init__(self) -> None:
        unknown = [f for f in self.owns if f not in OWNABLE]
        if unknown:
            raise ValueError(f"cannot own {', '.join(unknown)}: the families are "
                             + ", ".join(OWNABLE))

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Top-level key prefixes managed even when intended lacks them."""
        return self.extra + tuple(p for f in self.owns for p in OWNABLE[f])


def _families(intended: Node) -> set[str]:
    fams: set[str] = set()
    for node in intended.children.values():
        if node.spec == policy.PREFIX:
            fams.add(f"ip ip-prefix {node.params['name']} index ")
        elif node.spec == policy.ROUTE_POLICY:
            fams.add(f"route-policy {node.params['name']} node ")
        elif node.spec == policy.COMMUNITY_FILTER:  # every entry of a filter intended names
            fams.add(f"ip community-filter basic {node.params['name']} ")
        elif node.spec == policy.AS_PATH_FILTER:
            fams.add(f"ip as-path-filter {node.params['name']} ")
        elif node.spec == ospf.PROCESS and "vpn" not in node.params:
            fams.add("ospf ")
        elif node.key.startswith(management.OWNED_PREFIXES):
            fams.add(next(p for p in management.OWNED_PREFIXES if node.key.startswith(p)))
    if BATCH in intended.children:
        fams.add("vlan ")
    return fams


def _managed(key: str, node: Node, intended: Node, fams: Iterable[str], scope: Scope,
             prefixes: tuple[str, ...]) -> bool:
    if scope.only is not None and not key.startswith(scope.only):
        return False
    if key in intended.children or key.startswith(prefixes):
        return True
    if node.spec == ospf.PROCESS and "vpn" in node.params:
        return False
    return node.spec is not None and any(key.startswith(f) for f in fams)


def split(running: Node, intended: Node, scope: Scope | None = None) -> tuple[Node, Node, int]:
    """(managed running, managed intended, unmanaged line count of running)."""
    scope = scope or Scope()
    fams = _families(intended)
    prefixes = scope.prefixes
    kept = Node("", "")
    unmanaged = 0
    for key, node in running.children.items():
        if _managed(key, node, intended, fams, scope, prefixes):
            kept.children[key] = node
        else:
            unmanaged += count(node)
    want = Node("", "")
    want.children = {
        k: v for k, v in intended.children.items() if scope.only is None or k.startswith(scope.only)
    }
    old = kept.children.get(bgp.KEY)
    if "bgp-peers" in scope.owns and old is not None and bgp.KEY not in want.children:
        want.children[bgp.KEY] = _owned_bgp(old)
        unmanaged += count(want.children[bgp.KEY])  # its lines that stay, left alone
    return kept, want, unmanaged


def _owned_bgp(process: Node) -> Node:
    """A running bgp process as it is once its peers are gone (REFERENCE §4.9: `undo peer X`
    removes the peer's lines in every address family): what intended asks for when it renders
    no bgp process but vrpgen owns the peers."""
    kids = {k: _owned_bgp(c) if c.children else c for k, c in process.children.items()
            if bgp.peer_of(c) is None}
    return process.shallow(kids)
