"""Interface family: `interface X`, description, admin state, L2/L3 mode, link type, VLANs,
addresses, `ip binding vpn-instance` and Eth-Trunk membership (REFERENCE §4.3-§4.6), with the
link-type safe sequence.

Binding (REFERENCE §4.5 ip address row, §6.7): changing `ip binding vpn-instance` wipes the
interface's IP addresses, so a (re)binding is followed by every intended address, rated high and
naming the interface; REFERENCE gives no undo of a binding, so unbinding is refused.
Eth-Trunk membership (§4.6): `eth-trunk N` in the member, `undo eth-trunk` to leave; a member
must have default config, so a port leaves its old trunk first (before its new L2/L3 lines) and
joins after its L2/L3 lines are gone.
"""

from __future__ import annotations

from dataclasses import replace

from vrpgen.vrp import ifname, vlanlist
from vrpgen.vrp.families import vrrp
from vrpgen.vrp.node import TRUNK_SET, Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff, members, same
from vrpgen.vrp.spec import (
    HIGH,
    INTERFACE,
    MEDIUM,
    REMOVES,
    SYSTEM,
    VLAN,
    Rating,
    Risks,
    Spec,
    spec,
)

IFACE, UNDO_IFACE = "interface", "undo-interface"
DESCRIPTION, UNDO_DESCRIPTION = "if-description", "undo-description"
SHUTDOWN, UNDO_SHUTDOWN = "shutdown", "undo-shutdown"
PORTSWITCH, UNDO_PORTSWITCH = "portswitch", "undo-portswitch"
LINK_TYPE, UNDO_LINK_TYPE = "link-type", "undo-link-type"
DEFAULT_VLAN, UNDO_DEFAULT_VLAN = "default-vlan", "undo-default-vlan"
TRUNK_PVID, UNDO_TRUNK_PVID = "trunk-pvid", "undo-trunk-pvid"
ALLOW_PASS, UNDO_ALLOW_PASS = "allow-pass", "undo-allow-pass"
IP_ADDRESS, IP_ADDRESS_SUB = "ip-address", "ip-address-sub"
UNDO_IP_ADDRESS, UNDO_IP_ADDRESS_SUB = "undo-ip-address", "undo-ip-address-sub"
ETH_TRUNK, UNDO_ETH_TRUNK = "eth-trunk", "undo-eth-trunk"
BINDING = "ip-binding"

# REFERENCE §4.4 (VRP8)
Q_LINK_TYPE = "Warning: This command will delete VLANs on this port. Continue?[Y/N]:"

# Node keys of the lines the interface rules handle themselves.
LINK_TYPE_KEY, DEFAULT_VLAN_KEY, PVID_KEY = (
    "port link-type", "port default vlan", "port trunk pvid vlan",
)  # fmt: skip
SHUTDOWN_KEY, PORTSWITCH_KEY, IP_KEY = "shutdown", "portswitch", "ip address"
BIND_KEY, MEMBER_KEY = "ip binding vpn-instance", "eth-trunk"
L2_KEYS = frozenset({LINK_TYPE_KEY, DEFAULT_VLAN_KEY, PVID_KEY, TRUNK_SET})
SLOTS = frozenset({SHUTDOWN_KEY, PORTSWITCH_KEY})

RULE_INTERFACE = "interface"  # one interface block, in the order below
RULE_L2 = "interface-l2"  # §4.4: old VLANs cleared, type changed, new VLANs set
RULE_MODE = "interface-mode"  # §4.4: L2 <-> L3 with `portswitch` / `undo portswitch`
RULE_ADMIN = "interface-admin"  # §4.5: shutdown state, last; platform defaults
RULE_BINDING = "interface-binding"  # §4.5, §6.7: rebinding wipes the addresses: re-add them
RULE_MEMBER = "interface-member"  # §4.6: leave the old trunk first, join after L2/L3 cleared
RULES = frozenset({RULE_INTERFACE, RULE_L2, RULE_MODE, RULE_ADMIN, RULE_BINDING, RULE_MEMBER})

_SWITCH = Rating(HIGH, "switches port {ifn} between layer 2 and layer 3")
_LINK = Rating(HIGH, "changes the link type of port {ifn}: its traffic is interrupted")
_UNTAGGED = Rating(MEDIUM, "changes the untagged VLAN of port {ifn}")
_ADDRESS = Rating(MEDIUM, "adds IP address {a} {m} to interface {ifn}")
_READDRESS = Rating(HIGH, "changes the IP address of interface {ifn} to {a} {m}: routes and "
                          "sessions over the old address drop")
_UNADDRESS = Rating(HIGH, "removes IP address {a} {m} from interface {ifn}: routes and sessions "
                          "over it drop")
_BIND = Rating(HIGH, "binds interface {ifn} to vpn-instance {v}: the device deletes the "
                     "interface's IP addresses (REFERENCE §4.5, §6.7)")
_REBIND = Rating(HIGH, "rebinds interface {ifn} to vpn-instance {v}: the device deletes the "
                       "interface's IP addresses (REFERENCE §4.5, §6.7)")
_JOIN = Rating(HIGH, "adds interface {ifn} to Eth-Trunk {n}: the port stops forwarding on its "
                     "own and renegotiates as a member")
_LEAVE = Rating(HIGH, "takes interface {ifn} out of Eth-Trunk {n}: the trunk loses this link")
V = "<v:vlans>"

SPECS: tuple[Spec, ...] = (
    spec(IFACE, "interface <name:ifname> [mode l2]", SYSTEM, "section", "interface {name}",
         "undo interface {name}", opens=INTERFACE, remediation="family", rule=RULE_INTERFACE,
         ref="§4.3", risk=Risks(remove=Rating(HIGH, "deletes logical interface {name} and all "
                                                    "its configuration"))),
    spec(UNDO_IFACE, "undo interface <name:ifname>", SYSTEM, "undo", "interface {name}",
         action="interface-remove", remediation="command", ref="§4.3, §4.5"),
)
# Typed in the interface view (the description also in the vlan view).
VIEW_SPECS: tuple[Spec, ...] = (
    spec(DESCRIPTION, "description <text:text>", (INTERFACE, VLAN), "replace", "description",
         "undo description", remediation="generic", ref="§4.5, §4.2"),
    spec(UNDO_DESCRIPTION, "undo description", (INTERFACE, VLAN), "undo", "description",
         action="remove", remediation="command", ref="§4.5"),
)
# After the vlan family's `name` (the table's order decides ties between forms).
PORT_SPECS: tuple[Spec, ...] = (
    spec(SHUTDOWN, "shutdown", INTERFACE, "replace", "shutdown", "undo shutdown",
         remediation="family", rule=RULE_ADMIN, ref="§4.5",
         risk=Risks(Rating(HIGH, "shuts interface {ifn} down: its traffic stops"))),
    spec(UNDO_SHUTDOWN, "undo shutdown", INTERFACE, "replace", "shutdown", None,
         remediation="family", rule=RULE_ADMIN, ref="§4.5", risk=Risks(REMOVES)),
    spec(PORTSWITCH, "portswitch", INTERFACE, "replace", "portswitch", None,
         remediation="family", rule=RULE_MODE, ref="§4.4", risk=Risks(_SWITCH)),
    spec(UNDO_PORTSWITCH, "undo portswitch", INTERFACE, "replace", "portswitch", "portswitch",
         remediation="family", rule=RULE_MODE, ref="§4.4", risk=Risks(_SWITCH, _SWITCH)),
    spec(LINK_TYPE, "port link-type <t:enum:access|trunk|hybrid|dot1q-tunnel>", INTERFACE,
         "replace", LINK_TYPE_KEY, "undo port link-type", question=Q_LINK_TYPE,
         remediation="family", rule=RULE_L2, ref="§4.4",
         risk=Risks(Rating(MEDIUM, "sets the link type of a port that had the model default"),
                    _LINK, add_replacing=_LINK)),
    spec(UNDO_LINK_TYPE, "undo port link-type", INTERFACE, "undo", LINK_TYPE_KEY,
         action="link-type-remove", remediation="command", ref="§4.4"),
    spec(DEFAULT_VLAN, "port default vlan <v:int:1-4094>", INTERFACE, "replace",
         DEFAULT_VLAN_KEY, "undo port default vlan", remediation="family", rule=RULE_L2,
         ref="§4.4", risk=Risks(_UNTAGGED, _UNTAGGED)),
    spec(UNDO_DEFAULT_VLAN, "undo port default vlan [<v:int:1-4094>]", INTERFACE, "undo",
         DEFAULT_VLAN_KEY, action="remove", remediation="command", ref="§4.4"),
    spec(TRUNK_PVID, "port trunk pvid vlan <v:int:1-4094>", INTERFACE, "replace", PVID_KEY,
         "undo port trunk pvid vlan", remediation="family", rule=RULE_L2, ref="§4.4",
         risk=Risks(_UNTAGGED, _UNTAGGED)),
    spec(UNDO_TRUNK_PVID, "undo port trunk pvid vlan [<v:int:1-4094>]", INTERFACE, "undo",
         PVID_KEY, action="remove", remediation="command", ref="§4.4"),
    spec(ALLOW_PASS, f"port trunk allow-pass vlan {V}", INTERFACE, "set", TRUNK_SET,
         "undo port trunk allow-pass vlan", remediation="family", rule=RULE_L2, ref="§4.4",
         risk=Risks(Rating(MEDIUM, "allows VLAN {v} on trunk port {ifn}"),
                    Rating(MEDIUM, "keeps the default VLAN 1 off port {ifn}, which becomes "
                                   "a trunk"),
                    remove_replacing=Rating(HIGH, "pulls VLAN {v} from trunk port {ifn}: its "
                                                  "traffic on this port stops"))),
    spec(UNDO_ALLOW_PASS, f"undo port trunk allow-pass vlan {V}", INTERFACE, "undo", TRUNK_SET,
         action="set-remove", remediation="command", ref="§4.4"),
    spec(IP_ADDRESS, "ip address <a:ip> <m:mask>", INTERFACE, "replace", IP_KEY,
         "undo ip address {a} {m}", remediation="generic", ref="§4.5",
         risk=Risks(_ADDRESS, _UNADDRESS, add_replacing=_READDRESS)),
    spec(IP_ADDRESS_SUB, "ip address <a:ip> <m:mask> sub", INTERFACE, "keyed",
         "ip address {a} {m} sub", "undo ip address {a} {m} sub", remediation="generic",
         ref="§4.5", risk=Risks(_ADDRESS, _UNADDRESS)),
    # REFERENCE §4.5 (ip address row), §6.7: changing the binding wipes the IP; no undo given.
    spec(BINDING, "ip binding vpn-instance <v:word>", INTERFACE, "replace", BIND_KEY, None,
         remediation="family", rule=RULE_BINDING, ref="§4.5, §6.7",
         risk=Risks(_BIND, add_replacing=_REBIND)),
    spec(UNDO_IP_ADDRESS, ("undo ip address", "undo ip address <a:ip> <m:mask>"), INTERFACE,
         "undo", IP_KEY, action="address-remove", remediation="command", ref="§4.5"),
    spec(UNDO_IP_ADDRESS_SUB, "undo ip address <a:ip> <m:mask> sub", INTERFACE, "undo",
         "ip address {a} {m} sub", action="remove", remediation="command", ref="§4.5"),
)
# After the ospf family's `ospf cost`, which is typed in the interface view too.
MEMBER_SPECS: tuple[Spec, ...] = (
    spec(ETH_TRUNK, "eth-trunk <n:int:0-1024>", INTERFACE, "replace", MEMBER_KEY,
         "undo eth-trunk", remediation="family", rule=RULE_MEMBER, ref="§4.6",
         risk=Risks(_JOIN, _LEAVE)),
    spec(UNDO_ETH_TRUNK, "undo eth-trunk", INTERFACE, "undo", "eth-trunk", action="remove",
         remediation="command", ref="§4.6"),
)


def _text(node: Node | None, key: str) -> str | None:
    child = node.children.get(key) if node is not None else None
    return child.text if child is not None else None


def interface(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """One interface: L3/L2 transitions and the link-type safe sequence (REFERENCE §4.4),
    Eth-Trunk membership (§4.6), the binding and its addresses (§4.5, §6.7)."""
    if r is not None and same(r.children, i.children):
        return []
    with d.inside(i.text, ifn=i.params["name"]):
        body = _body(r, i, d)
    if not body:
        return []
    return [enter(i.text), *body, enter("quit")]


def _body(r: Node | None, i: Node, d: Diff) -> list[Command]:
    body: list[Command] = []
    r_ps, i_ps = _text(r, PORTSWITCH_KEY), _text(i, PORTSWITCH_KEY)
    # REFERENCE §4.4: VRP5 ports are switched by default (`portswitch` never shown); on VRP8
    # the default differs (CE L2, NE L3), so only a state intended states is acted on.
    to_l3 = i_ps == "undo portswitch" and r_ps != "undo portswitch"
    if d.platform == "vrp5":
        to_l2 = r_ps == "undo portswitch" and i_ps is None
    else:
        to_l2 = i_ps == "portswitch" and r_ps != "portswitch"
    leave, join = _membership(r, i, d)
    body.extend(leave)  # §4.6: out of the old trunk before the port gets its own config
    if to_l2 and r is not None and any(k.startswith(IP_KEY) for k in r.children):
        body.append(d.cmd("undo ip address", IP_ADDRESS, removal=True,
                          values={"a": "(every address)"}))  # §4.4, §4.5: L3 off
        r = r.shallow({k: v for k, v in r.children.items() if not k.startswith(IP_KEY)})
    if to_l2:
        body.append(d.cmd("portswitch", PORTSWITCH))
    body.extend(_l2(r, i, d))
    if to_l3:
        body.append(d.cmd("undo portswitch", UNDO_PORTSWITCH))
    bind, r = _binding(r, i, d)
    skip = L2_KEYS | SLOTS | {BIND_KEY, MEMBER_KEY}
    if bind:
        skip |= {k for k in i.children if k.startswith(IP_KEY)}
    removes, adds = d.children_diff(r, i, skip=skip)
    removes, late = vrrp.late_removals(removes)  # a VRRP group is never emptied on the way
    body.extend(removes)
    body.extend(bind)  # after the removals: the binding wipes the addresses, then re-added
    body.extend(join)  # §4.6: a member has default config: join once the old lines are gone
    body.extend(adds)
    body.extend(late)
    body.extend(_admin(r, i, d))
    return body


def _membership(r: Node | None, i: Node, d: Diff) -> tuple[list[Command], list[Command]]:
    """REFERENCE §4.6: `undo eth-trunk` to leave a trunk, `eth-trunk N` to join one."""
    old, new = _child(r, MEMBER_KEY), _child(i, MEMBER_KEY)
    if (old.text if old else None) == (new.text if new else None):
        return [], []
    leave = [] if old is None else [d.cmd("undo eth-trunk", ETH_TRUNK, removal=True,
                                          values=old.params)]
    join = [] if new is None else [d.cmd(new.text, ETH_TRUNK, values=new.params)]
    return leave, join


def _binding(r: Node | None, i: Node, d: Diff) -> tuple[list[Command], Node | None]:
    """REFERENCE §4.5, §6.7: a (re)binding wipes the interface's addresses: send it, then every
    intended address (primary first); the running side is left without addresses. REFERENCE
    gives no undo of a binding: unbinding is refused."""
    old, new = _child(r, BIND_KEY), _child(i, BIND_KEY)
    if (old.text if old else None) == (new.text if new else None):
        return [], r
    if new is None:
        assert old is not None
        d.refuse(old.text, "REFERENCE gives no undo of `ip binding vpn-instance` (§4.5)")
        return [], r
    r_addrs = [v for k, v in (r.children.items() if r is not None else ()) if k.startswith(IP_KEY)]
    i_addrs = sorted((v for k, v in i.children.items() if k.startswith(IP_KEY)),
                     key=lambda n: n.key != IP_KEY)
    bind = d.cmd(new.text, BINDING, replaced=old is not None, values=new.params)
    kept = {n.text for n in i_addrs}
    lost = [n.text for n in r_addrs if n.text not in kept]
    if r_addrs:
        note = "; re-added after it: " + ", ".join(n.text for n in r_addrs if n.text in kept) \
            if kept & {n.text for n in r_addrs} else ""
        if lost:
            note += "; lost (intended does not state them): " + ", ".join(lost)
        bind = replace(bind, reason=bind.reason + note)
    out = [bind]
    for node in i_addrs:
        cmd = d.line(node)
        if node.text in {n.text for n in r_addrs}:
            cmd = replace(cmd, level=HIGH, reason=f"re-adds {node.text} on interface "
                          f"{i.params['name']}: the binding to vpn-instance "
                          f"{new.params['v']} deleted it (REFERENCE §4.5, §6.7)")
        out.append(cmd)
    if r is not None:
        r = r.shallow({k: v for k, v in r.children.items() if not k.startswith(IP_KEY)})
    return out, r


def deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Managed logical interfaces intended drops (an owned family, scope.py): `undo interface
    X` (REFERENCE §4.3, §4.5), after the routing processes that may use them. A physical port
    cannot be deleted (§4.3): left alone, counted unmanaged."""
    out: list[Command] = []
    for key, node in rk.items():
        if node.spec != IFACE or key in ik:
            continue
        if ifname.is_physical(node.params["name"]):
            d.unmanaged += 1 + len(node.children)
            continue
        out.append(d.cmd(f"undo interface {node.params['name']}", IFACE, removal=True,
                         values=node.params))
    return out


def _child(node: Node | None, key: str) -> Node | None:
    return node.children.get(key) if node is not None else None


def _l2(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """REFERENCE §4.4: clear the old type's VLANs, change the type, then set the new ones."""
    out: list[Command] = []
    r_type = r.children[LINK_TYPE_KEY].params["t"] if r and LINK_TYPE_KEY in r.children \
        else None
    i_type = i.children[LINK_TYPE_KEY].params["t"] if LINK_TYPE_KEY in i.children else None
    r_set = members(r.children.get(TRUNK_SET)) if r is not None else set()
    i_set = members(i.children.get(TRUNK_SET))
    r_pvid, i_pvid = _text(r, PVID_KEY), _text(i, PVID_KEY)
    r_dflt, i_dflt = _text(r, DEFAULT_VLAN_KEY), _text(i, DEFAULT_VLAN_KEY)
    changing = r_type != i_type

    def trunk(chunk: str, removal: bool = False, replaced: bool = False) -> Command:
        text = f"undo {TRUNK_SET} {chunk}" if removal else f"{TRUNK_SET} {chunk}"
        return d.cmd(text, ALLOW_PASS, removal=removal, replaced=replaced, values={"v": chunk})

    if r_type == "trunk" and changing:
        out.extend(trunk(c, removal=True, replaced=True) for c in vlanlist.chunks(r_set - {1}))
        if 1 not in r_set:
            out.append(trunk("1"))  # REFERENCE §4.4: restore the default
        if r_pvid:
            out.append(d.cmd("undo port trunk pvid vlan", TRUNK_PVID, removal=True))
    if r_dflt and (changing or i_dflt is None):
        out.append(d.cmd("undo port default vlan", DEFAULT_VLAN, removal=True))
    if changing and i_type is not None:  # VLANs cleared first: no dialog
        out.append(d.cmd(f"port link-type {i_type}", LINK_TYPE, replaced=r_type is not None))
    elif changing and (r_type is not None):
        out.append(d.cmd("undo port link-type", LINK_TYPE, removal=True))
    if i_type == "trunk":
        have = r_set if r_type == "trunk" else {1}
        out.extend(trunk(c, removal=True, replaced=r_type == "trunk")
                   for c in vlanlist.chunks(have - i_set))
        out.extend(trunk(c) for c in vlanlist.chunks(i_set - have))
        if i_pvid and (i_pvid != r_pvid or changing):
            out.append(d.cmd(i_pvid, TRUNK_PVID))
        elif r_pvid and not i_pvid and not changing:
            out.append(d.cmd("undo port trunk pvid vlan", TRUNK_PVID, removal=True))
    if i_dflt and (i_dflt != r_dflt or changing):
        out.append(d.cmd(i_dflt, DEFAULT_VLAN))
    return out


def _admin(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """shutdown / undo shutdown (REFERENCE §4.5): VRP5 hides `undo shutdown` (up by default);
    on VRP8 the default differs per model, so a state intended does not state is left alone."""
    r_s = r.children.get(SHUTDOWN_KEY) if r is not None else None
    i_s = i.children.get(SHUTDOWN_KEY)
    if (i_s.text if i_s else None) == (r_s.text if r_s else None):
        return []
    if i_s is not None:
        return [d.cmd(i_s.text, i_s.spec)]
    if d.platform == "vrp5" and r_s is not None and r_s.text == "shutdown":
        return [d.cmd("undo shutdown", SHUTDOWN, removal=True)]
    d.unmanaged += 1
    return []
