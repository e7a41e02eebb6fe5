"""OSPF family: processes, areas, networks, silent interfaces, imported routes and the interface
cost (REFERENCE §4.8); a router-id change re-enters `ospf P router-id X`."""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import (
    AREA,
    HIGH,
    INTERFACE,
    MEDIUM,
    OSPF,
    SYSTEM,
    Rating,
    Risks,
    Spec,
    spec,
)

PROCESS, UNDO_PROCESS = "ospf", "undo-ospf"
AREA_BLOCK, UNDO_AREA = "area", "undo-area"
SILENT, SILENT_ALL, UNDO_SILENT = "silent-interface", "silent-all", "undo-silent-interface"
IMPORT_ROUTE, UNDO_IMPORT_ROUTE = "ospf-import-route", "undo-ospf-import-route"
NETWORK, UNDO_NETWORK = "network", "undo-network"
COST, UNDO_COST = "ospf-cost", "undo-ospf-cost"

# REFERENCE §2.5
Q_UNDO_OSPF = "Warning: The OSPF process will be deleted. Continue? [Y/N]:"

RULE_PROCESS = "ospf-process"  # router-id re-entry, `undo ospf P` for a removed process
RULES = frozenset({RULE_PROCESS})

_BEHAVIOUR = Rating(MEDIUM, "changes routing behaviour")
_ANNOUNCE = Rating(MEDIUM, "changes which networks the routing process announces")
_COST = Rating(MEDIUM, "changes OSPF path selection")

SPECS: tuple[Spec, ...] = (
    spec(PROCESS, ("ospf [<p:int:1-65535>] [router-id <rid:ip>]",
                   "ospf <p:int:1-65535> router-id <rid:ip> vpn-instance <vpn:word>",
                   "ospf <p:int:1-65535> vpn-instance <vpn:word>"),
         SYSTEM, "section", "ospf {p}", "undo ospf {p}", opens=OSPF, undo_question=Q_UNDO_OSPF,
         remediation="family", rule=RULE_PROCESS, ref="§4.8", defaults=(("p", "1"),),
         # REFERENCE §4.8: the new router-id takes effect after `reset ospf P process`.
         risk=Risks(remove=Rating(HIGH, "deletes the OSPF process and every adjacency"),
                    add_replacing=Rating(HIGH, "changes the OSPF router-id: effective after "
                                               "`reset ospf process`, which restarts every "
                                               "adjacency"))),
    spec(UNDO_PROCESS, "undo ospf [<p:int:1-65535>]", SYSTEM, "undo", "ospf {p}",
         action="remove", question=Q_UNDO_OSPF, remediation="command", ref="§4.8, §2.5",
         defaults=(("p", "1"),)),
)
# Typed in the interface view.
INTERFACE_SPECS: tuple[Spec, ...] = (
    spec(COST, "ospf cost <c:int:1-65535>", INTERFACE, "replace", "ospf cost",
         "undo ospf cost", remediation="generic", ref="§4.5, §4.8", risk=Risks(_COST, _COST)),
    spec(UNDO_COST, "undo ospf cost", INTERFACE, "undo", "ospf cost", action="remove",
         remediation="command", ref="§4.8"),
)
# Typed in the ospf and area views.
VIEW_SPECS: tuple[Spec, ...] = (
    spec(AREA_BLOCK, "area <a:area>", OSPF, "section", "area {a}", "undo area {a}", opens=AREA,
         remediation="generic", ref="§4.8",
         risk=Risks(remove=Rating(MEDIUM, "removes an OSPF area and its adjacencies"))),
    spec(UNDO_AREA, "undo area <a:area>", OSPF, "undo", "area {a}", action="remove",
         remediation="command", ref="§4.8"),
    spec(SILENT, "silent-interface <i:ifname>", OSPF, "keyed", "silent-interface {i}",
         "undo silent-interface {i}", remediation="generic", ref="§4.8",
         risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
    spec(SILENT_ALL, "silent-interface all", OSPF, "keyed", "silent-interface all", None,
         remediation="generic", ref="§4.8", risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
    spec(UNDO_SILENT, "undo silent-interface <i:ifname>", OSPF, "undo",
         "silent-interface {i}", action="remove", remediation="command", ref="§4.8"),
    spec(IMPORT_ROUTE, ("import-route <proto:enum:direct|static|bgp|unr>",
                        "import-route <proto:enum:direct|static|bgp|unr> <rest:text>"),
         OSPF, "keyed", "import-route {proto}", "undo import-route {proto}",
         remediation="generic", ref="§4.8", risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
    spec(UNDO_IMPORT_ROUTE, "undo import-route <proto:enum:direct|static|bgp|unr>", OSPF,
         "undo", "import-route {proto}", action="remove", remediation="command", ref="§4.8"),
    spec(NETWORK, ("network <a:ip> <w:wild>", "network <a:ip> <w:wild> description <d:text>"),
         AREA, "keyed", "network {a} {w}", "undo network {a} {w}", remediation="generic",
         ref="§4.8", risk=Risks(_ANNOUNCE, _ANNOUNCE)),
    spec(UNDO_NETWORK, "undo network <a:ip> <w:wild>", AREA, "undo", "network {a} {w}",
         action="remove", remediation="command", ref="§4.8"),
)


def processes(running: Node, intended: Node, d: Diff) -> list[Command]:
    """Every OSPF process: router-id by re-entering the header, children by the generic
    diff, removed processes `undo ospf P` (REFERENCE §4.8, §2.5)."""
    out: list[Command] = []
    rk = running.children
    for key, node in intended.children.items():
        if node.spec != PROCESS:
            continue
        old = rk.get(key)
        if old is None:
            out.extend(d.create(node))
            continue
        header = enter(f"ospf {node.params['p']}")
        rid_new, rid_old = node.params.get("rid"), old.params.get("rid")
        if rid_new and rid_new != rid_old:
            header = d.line(node, replaced=rid_old is not None)
        elif rid_old and not rid_new:
            d.unmanaged += 1  # REFERENCE §4.8 gives no undo for the router-id: left alone
        with d.inside(node.text):
            removes, adds = d.children_diff(old, node)
        if removes or adds or header.level is not None:
            out.extend([header, *removes, *adds, enter("quit")])
    for key, old in rk.items():
        if old.spec == PROCESS and key not in intended.children:
            out.append(d.cmd(f"undo ospf {old.params['p']}", PROCESS, Q_UNDO_OSPF, removal=True))
    return out
