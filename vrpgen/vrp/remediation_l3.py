"""Remediation of the routing sections: OSPF (REFERENCE §4.8) and BGP (REFERENCE §4.9).

BGP: a removed peer is `undo peer X` alone (its AF lines go with it); a peer whose AS changes is
`undo peer X` then re-created with all its options; `peer X as-number` implies `peer X enable`
under `ipv4-family unicast`, so that line is not sent for a new peer; a different AS number is
`undo bgp` then the whole process. OSPF: `undo network A W` inside its area; a router-id change
re-enters `ospf P router-id X` (effective after `reset ospf P process`, §4.8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vrpgen.vrp import commands as cm
from vrpgen.vrp.risk import Command, command, enter
from vrpgen.vrp.tree import Node

if TYPE_CHECKING:
    from vrpgen.vrp.remediation import Result

AF = "ipv4-family unicast"


def ospf_commands(running: Node, intended: Node, res: Result) -> list[Command]:
    from vrpgen.vrp.remediation import children_diff, create

    out: list[Command] = []
    rk = running.children
    for key, node in intended.children.items():
        if node.spec != "ospf":
            continue
        old = rk.get(key)
        if old is None:
            out.extend(create(node))
            continue
        header = enter(f"ospf {node.params['p']}")
        rid_new, rid_old = node.params.get("rid"), old.params.get("rid")
        if rid_new and rid_new != rid_old:
            header = command(node.text, replaced=rid_old is not None)
        elif rid_old and not rid_new:
            res.unmanaged += 1  # REFERENCE §4.8 gives no undo for the router-id: left alone
        removes, adds = children_diff(old, node, res)
        if removes or adds or header.level is not None:
            out.extend([header, *removes, *adds, enter("quit")])
    for key, old in rk.items():
        if old.spec == "ospf" and key not in intended.children:
            out.append(command(f"undo ospf {old.params['p']}", cm.Q_UNDO_OSPF))
    return out


def _peers(bgp: Node) -> dict[str, str]:
    """peer -> AS number, from `peer X as-number N` lines."""
    return {n.params["p"]: n.params["asn"] for n in bgp.children.values() if n.spec == "peer-as"}


def _peer_of(node: Node) -> str | None:
    """The peer a line belongs to, known command or not (`undo peer X` deletes them all)."""
    words = node.text.split(" ", 3)
    if words[0] == "undo":
        words = words[1:]
    if len(words) > 1 and words[0] == "peer":
        return words[1]
    return None


def _create_bgp(new: Node) -> list[Command]:
    from vrpgen.vrp.remediation import create

    out = [enter(new.text)]
    af = new.children.get(AF)
    for child in new.children.values():
        if child.key != AF:
            out.extend(create(child))
    if af is not None:
        body = _af_body(Node(AF, AF, "af"), af, set(_peers(new)), None)
        if body:
            out.extend([enter(AF), *body, enter("quit")])
    out.append(enter("quit"))
    return out


def _af_body(
    have: Node, want: Node, created: set[str], res: Result | None
) -> list[Command]:
    """AF lines: `peer X enable` is implied for peers created by as-number (REFERENCE §4.9)."""
    from vrpgen.vrp.remediation import Result, children_diff

    current = Node(AF, AF, "af", {}, dict(have.children))
    for peer in created:
        key = f"peer {peer} enable"
        if peer.count(".") == 3:
            current.children[key] = Node(key, key, "peer-enable", {"p": peer})
    removes, adds = children_diff(current, want, res if res is not None else Result())
    return [*removes, *adds]


def bgp_commands(old: Node | None, new: Node | None, res: Result) -> list[Command]:
    """BGP: see the module docstring (REFERENCE §4.9, §2.5)."""
    from vrpgen.vrp.remediation import children_diff, section

    if new is None:
        return []
    if old is None:
        return _create_bgp(new)
    if old.params["asn"] != new.params["asn"]:
        return [command("undo bgp", cm.Q_UNDO_BGP), *_create_bgp(new)]
    r_peers, i_peers = _peers(old), _peers(new)
    dropped = {p for p in r_peers if p not in i_peers or r_peers[p] != i_peers[p]}
    created = {p for p in i_peers if p not in r_peers or p in dropped}
    body = [command(f"undo peer {p}", cm.Q_UNDO_PEER) for p in r_peers if p in dropped]
    # what remains of the running bgp view once the dropped peers are gone
    kept = Node(old.key, old.text, old.spec, old.params)
    kept.children = {k: v for k, v in old.children.items() if _peer_of(v) not in dropped}
    want = Node(new.key, new.text, new.spec, new.params)
    want.children = dict(new.children)
    subviews = {k for k, v in [*old.children.items(), *new.children.items()] if v.children}
    skip = frozenset({AF} | subviews)
    removes, adds = children_diff(kept, want, res, skip=skip)
    body.extend(_order_adds(adds))
    body.extend(removes)
    for key in sorted(subviews - {AF}):
        if key in new.children:
            family = old.children.get(key)
            if family is not None and dropped:  # `undo peer X` emptied it of X (§4.9)
                family = Node(family.key, family.text, family.spec, family.params,
                              {k: v for k, v in family.children.items()
                               if _peer_of(v) not in dropped})
            body.extend(section(family, new.children[key], res))
        else:
            res.unmanaged += 1  # a family intended does not show: left alone
    af_old = old.children.get(AF)
    af_new = new.children.get(AF)
    if af_new is not None:
        have = Node(AF, AF, "af")
        if af_old is not None:
            have.children = {k: v for k, v in af_old.children.items()
                             if _peer_of(v) not in dropped}
        af_body = _af_body(have, af_new, created, res)
        if af_body:
            body.extend([enter(AF), *af_body, enter("quit")])
    elif af_old is not None:
        res.unmanaged += sum(1 for v in af_old.children.values() if _peer_of(v) not in dropped)
    if not body:
        return []
    return [enter(new.text), *body, enter("quit")]


def _order_adds(adds: list[Command]) -> list[Command]:
    """`group` lines, then per peer `peer X as-number` before its other options (§4.9)."""
    order: dict[str, int] = {}
    for c in adds:
        words = c.text.split()
        if words[0] == "peer":
            order.setdefault(words[1], len(order))

    def rank(c: Command) -> tuple[int, int, int]:
        words = c.text.split()
        if words[0] == "group":
            return (0, 0, 0)
        if words[0] != "peer":
            return (1, 0, 0)
        return (2, order[words[1]], 0 if words[2] == "as-number" else 1)

    return sorted(adds, key=rank)
