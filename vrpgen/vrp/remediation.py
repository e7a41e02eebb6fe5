"""Remediation: the ordered commands that take the running tree to the intended one.

Minimal and non-disruptive (REFERENCE §6): additive sets by set difference (§4.2, §4.4),
replace commands without an undo (§4.5, §4.9), object deletes (`undo peer X`, §4.9), the
link-type safe sequence (§4.4), VLANs created before ports use them and deleted after ports let
them go (§4.2). Only managed nodes are given here (see scope.py). Phases, in order:
VLAN creation, ip-prefix, route-policy, interfaces, OSPF, BGP, then deletions of policies,
prefixes and VLANs, and `sysname` last (REFERENCE §5.3: a new sysname breaks the session).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vrpgen.vrp import commands as cm
from vrpgen.vrp import vlanlist
from vrpgen.vrp.remediation_l3 import bgp_commands, ospf_commands
from vrpgen.vrp.risk import Command, command, enter
from vrpgen.vrp.tree import BATCH, TRUNK_SET, Node, set_lines


@dataclass(slots=True)
class Result:
    commands: list[Command] = field(default_factory=list)
    unmanaged: int = 0


def remediate(running: Node, intended: Node, platform: str = "vrp5") -> Result:
    """Commands taking `running` (already cut to the managed scope) to `intended`."""
    res = Result()
    rk, ik = running.children, intended.children
    r_batch, i_batch = _members(rk.get(BATCH)), _members(ik.get(BATCH))
    out = res.commands
    out.extend(command(f"vlan batch {c}") for c in vlanlist.chunks(i_batch - r_batch))
    for key, node in ik.items():
        if node.spec == "vlan":
            out.extend(section(rk.get(key), node, res))
        elif node.spec == "ip-prefix" and (key not in rk or rk[key].text != node.text):
            out.append(command(node.text))  # REFERENCE §4.10: same index replaces the entry
    for key, node in ik.items():
        if node.spec == "route-policy":
            out.extend(_policy(rk.get(key), node, res))
    for key, node in ik.items():
        if node.spec == "interface":
            out.extend(interface(rk.get(key), node, platform, res))
    out.extend(ospf_commands(running, intended, res))
    out.extend(bgp_commands(rk.get("bgp"), ik.get("bgp"), res))
    out.extend(_deletions(rk, ik, r_batch - i_batch, res))
    if "sysname" in ik and (rk.get("sysname") is None or rk["sysname"].text != ik["sysname"].text):
        out.append(command(ik["sysname"].text))
    for key, node in ik.items():
        if node.spec is None and key not in rk:
            out.extend(create(node))  # unknown top-level lines: sent as written
    return res


def _deletions(
    rk: dict[str, Node], ik: dict[str, Node], gone: set[int], res: Result
) -> list[Command]:
    """Policies, then prefixes, then VLANs: after everything that used them (§4.2, §4.10)."""
    out: list[Command] = []
    for key, node in rk.items():
        if node.spec in ("route-policy", "ip-prefix") and key not in ik:
            out.append(command(undo_of(node) or ""))
    out.sort(key=lambda c: c.text.startswith("undo ip ip-prefix"))
    out.extend(command(f"undo vlan batch {c}") for c in vlanlist.chunks(gone))
    for key, node in rk.items():  # vlan blocks of surviving VLANs that intended drops
        if node.spec == "vlan" and key not in ik and int(node.params["id"]) not in gone:
            out.extend(section(node, Node(key, node.text, "vlan", dict(node.params)), res))
    return out


def _members(node: Node | None) -> set[int]:
    return set(node.members or ()) if node is not None else set()


# -- generic section diff --------------------------------------------------------------------


def create(node: Node) -> list[Command]:
    """Lines that create `node` from nothing, children included, with `quit`s."""
    if node.members is not None:
        return [command(line) for line in set_lines(node)]
    spec = cm.BY_ID.get(node.spec or "")
    kids = [c for child in node.children.values() for c in create(child)]
    if (spec is not None and spec.kind == "section") or node.children:
        return [enter(node.text), *kids, enter("quit")]
    return [command(node.text, spec.question if spec is not None else None)]


def undo_of(node: Node) -> str | None:
    """The removal line of a node, or None when the model knows no safe undo."""
    spec = cm.BY_ID.get(node.spec or "")
    if spec is None or spec.undo is None:
        return None
    return cm.render(spec.undo, node.params, spec)


def children_diff(
    r: Node | None, i: Node, res: Result, skip: frozenset[str] = frozenset()
) -> tuple[list[Command], list[Command]]:
    """(removals, additions) between the children of two nodes of the same view."""
    rk = r.children if r is not None else {}
    adds: list[Command] = []
    removes: list[Command] = []
    for key, node in i.children.items():
        if key in skip:
            continue
        old = rk.get(key)
        if node.members is not None:
            adds.extend(_set_diff(old, node))
        elif old is None:
            adds.extend(create(node))
        elif node.children or (cm.BY_ID.get(node.spec or "", None) and \
                cm.BY_ID[node.spec or ""].kind == "section"):
            adds.extend(section(old, node, res))
        elif old.text != node.text and node.spec != "peer-password":
            # REFERENCE §6.3: the device shows secrets encrypted: never diff their values
            spec = cm.BY_ID.get(node.spec or "")
            adds.append(command(node.text, spec.question if spec else None, replaced=True))
    for key, old in rk.items():
        if key in skip or key in i.children:
            continue
        line = undo_of(old)
        if line is None:
            res.unmanaged += _count(old)
            continue
        spec = cm.BY_ID[old.spec or ""]
        removes.append(command(line, spec.undo_question))
    return removes, adds


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


def section(r: Node | None, i: Node, res: Result) -> list[Command]:
    """Enter `i`, remove then add its children, quit; nothing when they already agree."""
    if r is None:
        return create(i)
    if same(r.children, i.children):
        return []
    removes, adds = children_diff(r, i, res)
    if not removes and not adds:
        return []
    return [enter(i.text), *removes, *adds, enter("quit")]


def _set_diff(old: Node | None, new: Node) -> list[Command]:
    """Additive set by set difference, 10 items a command (REFERENCE §4.2, §4.4)."""
    have = _members(old) if old is not None else ({1} if new.key == TRUNK_SET else set())
    want = _members(new)
    out = [command(f"undo {new.key} {c}", replaced=old is not None)
           for c in vlanlist.chunks(have - want)]
    out.extend(command(f"{new.key} {c}") for c in vlanlist.chunks(want - have))
    return out


def _count(node: Node) -> int:
    return 1 + sum(_count(c) for c in node.children.values())


def _policy(r: Node | None, i: Node, res: Result) -> list[Command]:
    """route-policy node; a permit/deny change re-creates the node (REFERENCE §4.11 [INFERRED])."""
    if r is not None and r.params["action"] != i.params["action"]:
        spec = cm.BY_ID["route-policy"]
        return [command(cm.render(spec.undo or "", r.params, spec)), *create(i)]
    if r is None:
        return create(i)
    removes, adds = children_diff(r, i, res)
    if not removes and not adds:
        return []
    return [enter(i.text), *adds, *removes, enter("quit")]  # adds first: never an empty node


# -- interfaces --------------------------------------------------------------------------------

L2_KEYS = frozenset({"port link-type", "port default vlan", "port trunk pvid vlan", TRUNK_SET})
SLOTS = frozenset({"shutdown", "portswitch"})


def _text(node: Node | None, key: str) -> str | None:
    child = node.children.get(key) if node is not None else None
    return child.text if child is not None else None


def interface(r: Node | None, i: Node, platform: str, res: Result) -> list[Command]:
    """One interface: L3/L2 transitions and the link-type safe sequence (REFERENCE §4.4)."""
    if r is not None and same(r.children, i.children):
        return []
    body: list[Command] = []
    r_ps, i_ps = _text(r, "portswitch"), _text(i, "portswitch")
    # REFERENCE §4.4: VRP5 ports are switched by default (`portswitch` never shown); on VRP8
    # the default differs (CE L2, NE L3), so only a state intended states is acted on.
    to_l3 = i_ps == "undo portswitch" and r_ps != "undo portswitch"
    if platform == "vrp5":
        to_l2 = r_ps == "undo portswitch" and i_ps is None
    else:
        to_l2 = i_ps == "portswitch" and r_ps != "portswitch"
    if to_l2 and r is not None and any(k.startswith("ip address") for k in r.children):
        body.append(command("undo ip address"))  # REFERENCE §4.4, §4.5: L3 config off first
        r = Node(r.key, r.text, r.spec, r.params,
                 {k: v for k, v in r.children.items() if not k.startswith("ip address")})
    if to_l2:
        body.append(command("portswitch"))
    body.extend(_l2(r, i))
    if to_l3:
        body.append(command("undo portswitch"))
    removes, adds = children_diff(r, i, res, skip=L2_KEYS | SLOTS)
    body.extend(removes)
    body.extend(adds)
    body.extend(_admin(r, i, platform, res))
    if not body:
        return []
    return [enter(i.text), *body, enter("quit")]


def _l2(r: Node | None, i: Node) -> list[Command]:
    """REFERENCE §4.4: clear the old type's VLANs, change the type, then set the new ones."""
    out: list[Command] = []
    r_type = r.children["port link-type"].params["t"] if r and "port link-type" in r.children \
        else None
    i_type = i.children["port link-type"].params["t"] if "port link-type" in i.children else None
    r_set = _members(r.children.get(TRUNK_SET)) if r is not None else set()
    i_set_node = i.children.get(TRUNK_SET)
    i_set = _members(i_set_node)
    r_pvid, i_pvid = _text(r, "port trunk pvid vlan"), _text(i, "port trunk pvid vlan")
    r_dflt, i_dflt = _text(r, "port default vlan"), _text(i, "port default vlan")
    changing = r_type != i_type
    if r_type == "trunk" and changing:
        out.extend(command(f"undo {TRUNK_SET} {c}", replaced=True)
                   for c in vlanlist.chunks(r_set - {1}))
        if 1 not in r_set:
            out.append(command(f"{TRUNK_SET} 1"))  # REFERENCE §4.4: restore the default
        if r_pvid:
            out.append(command("undo port trunk pvid vlan"))
    if r_dflt and (changing or i_dflt is None):
        out.append(command("undo port default vlan"))
    if changing and i_type is not None:  # VLANs cleared first: no dialog
        out.append(command(f"port link-type {i_type}", replaced=r_type is not None))
    elif changing and (r_type is not None):
        out.append(command("undo port link-type"))
    if i_type == "trunk":
        have = r_set if r_type == "trunk" else {1}
        out.extend(command(f"undo {TRUNK_SET} {c}", replaced=r_type == "trunk")
                   for c in vlanlist.chunks(have - i_set))
        out.extend(command(f"{TRUNK_SET} {c}") for c in vlanlist.chunks(i_set - have))
        if i_pvid and (i_pvid != r_pvid or changing):
            out.append(command(i_pvid))
        elif r_pvid and not i_pvid and not changing:
            out.append(command("undo port trunk pvid vlan"))
    if i_dflt and (i_dflt != r_dflt or changing):
        out.append(command(i_dflt))
    return out


def _admin(r: Node | None, i: Node, platform: str, res: Result) -> list[Command]:
    """shutdown / undo shutdown (REFERENCE §4.5): VRP5 hides `undo shutdown` (up by default);
    on VRP8 the default differs per model, so a state intended does not state is left alone."""
    r_s, i_s = _text(r, "shutdown"), _text(i, "shutdown")
    if i_s == r_s:
        return []
    if i_s is not None:
        return [command(i_s)]
    if platform == "vrp5" and r_s == "shutdown":
        return [command("undo shutdown")]
    res.unmanaged += 1
    return []
