"""What each command does to the config tree (the model's semantics, REFERENCE §4).

`act()` checks a matched command against the current view stack and returns an `Action`: its
[Y/N] question (REFERENCE §2.5), if it raises one, and `run()`, which changes the tree. Semantic
refusals raise `RejectedError` with the device's text; texts not in REFERENCE are marked [INFERRED].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vrpgen.vrp import commands as cm
from vrpgen.vrp import ifname
from vrpgen.vrp.families import bgp, interface, ospf, policy, stp, vlan
from vrpgen.vrp.families.interface import DEFAULT_VLAN_KEY, LINK_TYPE_KEY, PVID_KEY
from vrpgen.vrp.models import Family
from vrpgen.vrp.tree import (
    BATCH,
    TRUNK_SET,
    Node,
    af_of,
    batch_add,
    make_node,
    next_index,
    prefix_text,
    trunk_default,
)

RENEW = "Error: Please renew the default configurations."  # REFERENCE §4.4 (VRP5)
NO_PEER = "Error: The peer does not exist."  # [INFERRED] text
OTHER_AS = "Error: The BGP instance already runs another AS number."  # [INFERRED] text
PEER_AS = "Error: Delete the peer before changing its AS number."  # [INFERRED] text
NOT_TRUNK = "Error: The port is not a trunk port."  # [INFERRED] text
PHYSICAL = "Error: A physical interface cannot be deleted."  # REFERENCE §4.3; text [INFERRED]
# REFERENCE §4.6: a member must have default config (no link-type/VLAN/IP); text [INFERRED]
# A root's bridge priority cannot be set (families/stp.py); text [INFERRED]
STP_ROOT = "Error: The bridge priority cannot be set on a root bridge; undo the root first."
MEMBER_BUSY = "Error: The interface has configurations; delete them before adding it to a trunk."
# REFERENCE §4.4: `ip address` is accepted only after `undo portswitch`; the device has no such
# command on an L2 port, so it answers with §2.4's text for an unknown command [INFERRED: the
# same for L2 lines on an L3 port].
NOT_IN_MODE = "Error: Unrecognized command found at '^' position."
_L3_SPECS = frozenset({interface.IP_ADDRESS, interface.IP_ADDRESS_SUB})
_L2_SPECS = frozenset({interface.LINK_TYPE, interface.DEFAULT_VLAN, interface.TRUNK_PVID,
                       interface.ALLOW_PASS})


class RejectedError(Exception):
    """The device refuses the command: the message is the error line it prints."""


@dataclass(slots=True)
class Action:
    run: Callable[[], None]
    question: str | None = None


def act(
    stack: list[Node], spec: cm.Spec, params: dict[str, str], canon: str, platform: str,
    family: Family | None = None,
) -> Action:
    node = stack[-1]
    if family is not None and family.polices_port_mode:
        _check_mode(node, spec.id, family)
    if spec.id == policy.PREFIX and "idx" not in params:
        params = dict(params, idx=next_index(node, params["name"]))
        canon = prefix_text(params)
    new = make_node(spec, params, canon, 0)
    if spec.kind == "section":
        return Action(lambda: _enter(stack, new, platform), None) if _can_enter(node, new) else \
            _reject(OTHER_AS)
    if spec.placed == cm.AF and node.view() == cm.BGP:
        node = af_of(node)
    if family is not None and spec.id in (interface.UNDO_SHUTDOWN, interface.UNDO_PORTSWITCH):
        modelled = _family_default(node, new, family)
        if modelled is not None:
            return modelled
    if spec.kind in ("replace", "keyed"):
        return _set(stack, node, new, platform)
    if spec.kind == "set":
        if spec.id == interface.ALLOW_PASS:
            lt = node.children.get(LINK_TYPE_KEY)
            if lt is None or lt.params.get("t") != "trunk":
                raise RejectedError(NOT_TRUNK)
        return Action(lambda: _add_set(node, new))
    return _undo(stack, node, spec, params)


def _mode_port(node: Node) -> bool:
    """An Ethernet port or Eth-Trunk, whose L2/L3 mode `portswitch` switches (REFERENCE §4.4);
    not a sub-interface, Vlanif, LoopBack or MEth."""
    name = node.params.get("name", "") if node.view() == cm.INTERFACE else ""
    if not name or "." in name or name.startswith("MEth"):
        return False
    return name.startswith("Eth-Trunk") or ifname.is_physical(name)


def _switched(node: Node, family: Family) -> bool:
    line = node.children.get(interface.PORTSWITCH_KEY)
    if line is None:
        return family.ports_switched
    return line.text == "portswitch"


def _check_mode(node: Node, spec_id: str, family: Family) -> None:
    """REFERENCE §4.4: an L2 port takes no `ip address`, an L3 port no L2 lines."""
    if not _mode_port(node):
        return
    if spec_id in _L3_SPECS and _switched(node, family):
        raise RejectedError(NOT_IN_MODE)
    if spec_id in _L2_SPECS and not _switched(node, family):
        raise RejectedError(NOT_IN_MODE)


def _family_default(node: Node, new: Node, family: Family) -> Action | None:
    """A line that states the family's default is not displayed (REFERENCE §4.4, §4.5):
    `undo shutdown` where up ports show nothing (S, AR, CE6800), `undo portswitch` on an NE
    port (L3 by default; its L2 lines must be gone first, as on S/CE)."""
    if new.spec == interface.UNDO_SHUTDOWN and not family.shows_undo_shutdown:
        return Action(lambda: _pop(node, new.key))
    if new.spec == interface.UNDO_PORTSWITCH and not family.ports_switched \
            and _mode_port(node):
        if _has_l2(node):
            raise RejectedError(RENEW)
        return Action(lambda: _pop(node, new.key))
    return None


def _reject(message: str) -> Action:
    raise RejectedError(message)


def _can_enter(node: Node, new: Node) -> bool:
    if new.spec == bgp.PROCESS:  # REFERENCE §4.9: one BGP process per device
        old = node.children.get(bgp.KEY)
        return old is None or old.params["asn"] == new.params["asn"]
    return True


def _enter(stack: list[Node], new: Node, platform: str) -> None:
    node = stack[-1]
    if new.spec == bgp.FAMILY:
        stack.append(af_of(node))
        return
    old = node.children.get(new.key)
    if old is None:
        node.children[new.key] = new
        old = new
        if new.spec == vlan.VLAN_BLOCK:
            batch_add(node, {int(new.params["id"])})  # REFERENCE §4.2
    elif (new.spec == ospf.PROCESS and "rid" in new.params) or new.spec == policy.ROUTE_POLICY:
        old.text, old.params = new.text, new.params  # REFERENCE §4.8: router-id change
    stack.append(old)


def _set(stack: list[Node], node: Node, new: Node, platform: str) -> Action:
    sid = new.spec
    if sid in (interface.UNDO_SHUTDOWN, interface.PORTSWITCH) and platform == "vrp5":
        # REFERENCE §4.5 / §4.4: VRP5 ports are up and switched by default: nothing displayed
        return Action(lambda: _pop(node, new.key))
    if sid == interface.UNDO_PORTSWITCH and _has_l2(node):
        raise RejectedError(RENEW)  # REFERENCE §4.4: L2 config must be removed first
    if sid == interface.LINK_TYPE:
        return _link_type(node, new, platform)
    if sid == bgp.PEER_AS:
        old = node.children.get(new.key)
        if old is not None and old.params["asn"] != new.params["asn"]:
            raise RejectedError(PEER_AS)  # REFERENCE §4.9: undo peer, then re-create
        return Action(lambda: _new_peer(node, new))
    if sid == interface.BINDING:
        return Action(lambda: _bind(node, new))
    if sid == stp.PRIORITY and getattr(node.children.get(new.key), "spec", None) == stp.ROOT:
        raise RejectedError(STP_ROOT)
    if sid == interface.ETH_TRUNK and _member_busy(node):
        raise RejectedError(MEMBER_BUSY)
    if sid in bgp.PEER_OPTIONS:
        _require_peer(stack, new.params["p"])
    question = None
    if sid == bgp.PEER_ENABLE and new.key not in node.children:
        question = bgp.Q_PEER_RESET  # REFERENCE §2.5
    if sid == bgp.PEER_GROUP and platform == "vrp8":
        question = bgp.Q_PEER_RESET  # REFERENCE §4.9: joining resets the session (VRP8)
    return Action(lambda: _put(node, new), question)


def _put(node: Node, new: Node) -> None:
    old = node.children.get(new.key)
    if old is not None:
        old.text, old.params, old.spec = new.text, new.params, new.spec
    else:
        node.children[new.key] = new


def _pop(node: Node, key: str) -> None:
    node.children.pop(key, None)


def _has_l2(node: Node) -> bool:
    trunk = node.children.get(TRUNK_SET)
    return (
        LINK_TYPE_KEY in node.children
        or DEFAULT_VLAN_KEY in node.children
        or (trunk is not None and trunk.members != {1})
    )


def _link_type(node: Node, new: Node, platform: str) -> Action:
    """REFERENCE §4.4: a type change is refused (VRP5) or asked (VRP8) while VLANs remain."""
    old = node.children.get(LINK_TYPE_KEY)
    old_type = old.params["t"] if old is not None else None
    if old_type == new.params["t"]:
        return Action(lambda: None)
    busy = _vlan_config(node, old_type)
    if busy and platform == "vrp5":
        raise RejectedError(RENEW)

    def run() -> None:
        for key in (DEFAULT_VLAN_KEY, PVID_KEY, TRUNK_SET):
            node.children.pop(key, None)
        _put(node, new)
        if new.params["t"] == "trunk":
            node.children[TRUNK_SET] = trunk_default()

    return Action(run, interface.Q_LINK_TYPE if busy else None)


def _vlan_config(node: Node, old_type: str | None) -> bool:
    trunk = node.children.get(TRUNK_SET)
    if old_type == "trunk":
        return PVID_KEY in node.children or (
            trunk is not None and trunk.members != {1}
        )
    return DEFAULT_VLAN_KEY in node.children


def _bind(node: Node, new: Node) -> None:
    """REFERENCE §4.5 (ip address row), §6.7: changing the binding wipes the IP addresses."""
    old = node.children.get(new.key)
    if old is not None and old.text == new.text:
        return
    for k in [k for k in node.children if k.startswith(interface.IP_KEY)]:
        del node.children[k]
    _put(node, new)


def _member_busy(node: Node) -> bool:
    """REFERENCE §4.6: a member must have default config (no link-type/VLAN/IP)."""
    return LINK_TYPE_KEY in node.children or DEFAULT_VLAN_KEY in node.children or any(
        k.startswith(interface.IP_KEY) for k in node.children)


def _new_peer(process: Node, new: Node) -> None:
    """REFERENCE §4.9: `peer X as-number` also creates `peer X enable` in ipv4-family unicast
    (in the bgp view; a vpn-instance family is the peer's only family)."""
    if new.key in process.children:
        return
    process.children[new.key] = new
    peer = new.params["p"]
    if peer.count(".") == 3 and process.view() == cm.BGP:
        bgp.implied_enable(af_of(process), [peer])


def _sessions(stack: list[Node]) -> Node | None:
    """The node holding the current view's peers: an `ipv4-family vpn-instance A` for its
    own peers, else the bgp process (REFERENCE §4.9)."""
    return next((n for n in reversed(stack) if n.view() in bgp.SESSION_VIEWS), None)


def _require_peer(stack: list[Node], peer: str) -> None:
    process = _sessions(stack)
    if process is None:
        return
    if f"peer {peer} as-number" in process.children or f"group {peer}" in process.children:
        return
    raise RejectedError(NO_PEER)


def _add_set(node: Node, new: Node) -> None:
    members = new.members or set()
    if new.key == BATCH:
        batch_add(node, members)
        return
    target = node.children.get(new.key)
    if target is None:
        node.children[new.key] = new
        new.members = members | {1}  # REFERENCE §4.4: VLAN 1 allowed by default
    else:
        target.members = (target.members or set()) | members


def _undo(  # noqa: C901
    stack: list[Node], node: Node, spec: cm.Spec, params: dict[str, str]
) -> Action:
    key = cm.key_of(spec, params)
    action = spec.action
    if spec.id == bgp.UNDO_PEER_ENABLE and node.view() == cm.AF:
        # shown as `undo peer X enable` (§4.9: enable implied in ipv4-family unicast)
        line = f"undo peer {params['p']} enable"
        return Action(lambda: _put(node, Node(key, line, spec.id, dict(params))))
    if spec.id == bgp.UNDO_PEER_ENABLE:  # other families: nothing implied, the line goes
        return Action(lambda: _pop(node, key))
    if action == "remove" and spec.id in policy.UNDO_IF_MATCH:
        others = [k for k in node.children if k.startswith("if-match") and k != key]
        return Action(lambda: _pop(node, key), None if others else spec.question)
    if action == "remove":
        return Action(lambda: _pop(node, key), spec.question)
    if action == "vlan-remove":
        members = {int(v) for v in params.get("v", params.get("id", "")).split()}
        return Action(lambda: _vlan_remove(node, members), spec.question)
    if action == "set-remove":
        members = {int(v) for v in params["v"].split()}
        return Action(lambda: _set_remove(node, members))
    if action == "interface-remove":
        if ifname.is_physical(params["name"]):
            raise RejectedError(PHYSICAL)
        return Action(lambda: _pop(node, key))
    if action == "policy-remove":
        return Action(lambda: _prefix_remove(node, f"route-policy {params['name']} node ",
                                             params.get("node")))
    if action == "prefix-remove":
        return Action(lambda: _prefix_remove(node, f"ip ip-prefix {params['name']} index ",
                                             params.get("idx")))
    if action == "filter-remove":  # one entry (its whole text), or every entry of the filter
        head = " ".join(key.split(" ", 4)[:4]) if spec.id == policy.UNDO_COMMUNITY_FILTER \
            else " ".join(key.split(" ", 3)[:3])
        one = key if "action" in params else None
        return Action(lambda: _pop(node, one) if one is not None
                      else _prefix_remove(node, head + " ", None))
    if action == "user-remove":  # `undo local-user U`: all of the user's lines (AAA view)
        return Action(lambda: _prefix_remove(node, f"local-user {params['u']} ", None))
    if action == "address-remove":
        return Action(lambda: _address_remove(node, params))
    if action == "vrrp-address-remove":
        return Action(lambda: _vrrp_address_remove(node, key, params["id"]))
    if action == "peer-remove":
        return Action(lambda: _peer_remove(stack, params["p"]), spec.question)
    if action == "peer-opt-remove":
        process = _sessions(stack)
        assert process is not None

        def run() -> None:
            if node.view() in (cm.BGP, cm.AF) and process.view() == cm.BGP:
                _pop(process, key)  # §4.9: typed in the bgp view or ipv4-family unicast
                _pop(af_of(process), key)
            else:
                _pop(node, key)  # another family: its own line only

        return Action(run)
    if action == "link-type-remove":

        def drop() -> None:
            node.children.pop(LINK_TYPE_KEY, None)
            node.children.pop(TRUNK_SET, None)

        return Action(drop)
    raise RejectedError("Error: Unrecognized command found at '^' position.")


def _vlan_remove(root: Node, members: set[int]) -> None:
    """REFERENCE §4.2: undo vlan / undo vlan batch remove the VLAN and its `vlan N` block."""
    batch = root.children.get(BATCH)
    if batch is not None:
        batch.members = (batch.members or set()) - members
        if not batch.members:
            del root.children[BATCH]
    for v in members:
        root.children.pop(f"vlan {v}", None)


def _set_remove(node: Node, members: set[int]) -> None:
    target = node.children.get(TRUNK_SET)
    if target is not None:
        target.members = (target.members or set()) - members


def _prefix_remove(root: Node, prefix: str, one: str | None) -> None:
    for k in [k for k in root.children if k.startswith(prefix)]:
        if one is None or k == prefix + one:
            del root.children[k]


def _address_remove(node: Node, params: dict[str, str]) -> None:
    """REFERENCE §4.5: `undo ip address` removes all addresses; with A M only that one."""
    if "a" not in params:
        for k in [k for k in node.children if k.startswith(interface.IP_KEY)]:
            del node.children[k]
        return
    old = node.children.get(interface.IP_KEY)
    if old is not None and old.params["a"] == params["a"]:
        del node.children[interface.IP_KEY]


def _vrrp_address_remove(node: Node, key: str, vrid: str) -> None:
    """The last virtual address of a VRRP group leaving deletes the group (all its
    `vrrp vrid N` lines) [INFERRED: REFERENCE has no VRRP section; families/vrrp.py]."""
    node.children.pop(key, None)
    group = f"vrrp vrid {vrid} "
    if not any(k.startswith(group + "virtual-ip ") for k in node.children):
        for k in [k for k in node.children if k.startswith(group)]:
            del node.children[k]


def _peer_remove(stack: list[Node], peer: str) -> None:
    """REFERENCE §4.9: `undo peer X` deletes all of the peer's configuration (in a vpn-instance
    family: that instance's peer)."""
    process = _sessions(stack)
    assert process is not None
    prefix = f"peer {peer} "
    holders = [process]
    if process.view() == cm.BGP:
        holders += [c for c in process.children.values()
                    if (c.children or c.spec == bgp.FAMILY) and not bgp.is_vrf_family(c)]
    for holder in holders:  # every address family, known to the model or not
        for k in [k for k, n in holder.children.items()
                  if k.startswith(prefix) or n.text.startswith((prefix, "undo " + prefix))]:
            del holder.children[k]
