"""BGP family: the process, peers and their options, groups, `ipv4-family unicast` and its
networks and policies, `ipv4-family vpnv4` and `ipv4-family vpn-instance A` with their peers
(REFERENCE §4.9, views §2.1), with the peer and AS-change rules.

A removed peer is `undo peer X` alone (its AF lines go with it); a peer whose AS changes is
`undo peer X` then re-created (§4.9: the AS of a peer is changed by deleting it). The
re-creation keeps what `undo peer X` destroys: every line the running config had for the peer
(in the bgp view and in every address family, password and route-policies included) is
re-applied unless intended changes it, and says so in its reason; a password is re-sent as the
cipher text the device showed (§3.10, §6.3: shown encrypted), rated high: REFERENCE does not
say the device takes its cipher text back. `peer X as-number` implies `peer X enable` under
`ipv4-family unicast`, so that line is not sent for a new peer; a different AS number is
`undo bgp` then the whole process (rated high, naming the lines intended does not restate).
Inside `ipv4-family vpn-instance A` the same peer rules apply to that instance's peers; in
`ipv4-family vpnv4`, `peer X enable` asks the §2.5 reset question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import (
    AF,
    BGP,
    BGP_VRF,
    HIGH,
    LOW,
    MEDIUM,
    REMOVES,
    SYSTEM,
    VPNV4,
    Rating,
    Risks,
    Spec,
    spec,
)

PROCESS, UNDO_PROCESS = "bgp", "undo-bgp"
ROUTER_ID = "bgp-router-id"
PEER_AS, UNDO_PEER = "peer-as", "undo-peer"
PEER_CONNECT, PEER_HOP = "peer-connect", "peer-hop"
PEER_DESCRIPTION, PEER_PASSWORD = "peer-description", "peer-password"
PEER_GROUP, GROUP = "peer-group", "group"
UNDO_PEER_OPT, UNDO_PEER_GROUP = "undo-peer-opt", "undo-peer-group"
FAMILY = "af"
FAMILY_VPNV4, FAMILY_VRF = "af-vpnv4", "af-vpn-instance"
PEER_ENABLE, UNDO_PEER_ENABLE = "peer-enable", "undo-peer-enable"
UNDO_SYNC = "undo-sync"
PEER_RR, PEER_NHL, PEER_COMMUNITY = "peer-rr", "peer-nhl", "peer-community"
PEER_POLICY, UNDO_PEER_POLICY = "peer-policy", "undo-peer-policy"
NETWORK, UNDO_NETWORK = "bgp-network", "undo-bgp-network"
CLUSTER_ID, NO_REFLECT = "cluster-id", "no-reflect"
IMPORT_ROUTE, UNDO_IMPORT_ROUTE = "bgp-import-route", "undo-bgp-import-route"
PEER_LIMIT, PEER_ALLOW_AS = "peer-route-limit", "peer-allow-as-loop"
PEER_BFD, UNDO_PEER_BFD = "peer-bfd", "undo-peer-bfd"
BFD, BFD_VIEW = "bfd", "bfd"  # the global `bfd` section, its (empty) view

# Peer options: the device refuses them for a peer that does not exist (apply_actions).
PEER_OPTIONS = frozenset({PEER_CONNECT, PEER_HOP, PEER_DESCRIPTION, PEER_PASSWORD, PEER_GROUP,
                          PEER_ENABLE, PEER_RR, PEER_NHL, PEER_COMMUNITY, PEER_POLICY,
                          PEER_LIMIT, PEER_ALLOW_AS, PEER_BFD})

KEY, AF_KEY = "bgp", "ipv4-family unicast"  # node keys: one process, one IPv4 family
VPNV4_KEY, VRF_PREFIX = "ipv4-family vpnv4", "ipv4-family vpn-instance "

# REFERENCE §2.5
Q_UNDO_BGP = "Warning: The BGP process will be deleted. Continue? [Y/N]:"
Q_UNDO_PEER = (
    "Warning: All the configurations related to the BGP peer will be deleted. Continue? [Y/N]:"
)
Q_PEER_RESET = "Warning: This operation will reset the peer session. Continue? [Y/N]:"

RULE_PROCESS = "bgp-process"  # AS change: `undo bgp`, then the whole process
RULE_PEER = "bgp-peer"  # removed or AS-changed peer: `undo peer X` (and re-create)
RULE_FAMILY = "bgp-family"  # `ipv4-family unicast` after the session lines
RULE_ENABLE = "bgp-implied-enable"  # `peer X enable` implied by `peer X as-number`
RULE_VRF = "bgp-vpn-instance"  # `ipv4-family vpn-instance A`: its peers like the bgp view's
RULE_BFD = "bfd"  # the global `bfd` section: created before the peers that use it
RULES = frozenset({RULE_PROCESS, RULE_PEER, RULE_FAMILY, RULE_ENABLE, RULE_VRF, RULE_BFD})

# Views holding peer session lines (`peer X as-number`): the bgp view and a vpn-instance family.
SESSION_VIEWS = (BGP, BGP_VRF)
# Views holding per-family peer lines.
FAMILY_VIEWS = (AF, VPNV4, BGP_VRF)

_OPTION = Rating(MEDIUM, "changes an option of BGP peer {p}")
_RESET = Rating(HIGH, "changes the connect-interface of BGP peer {p}: the session resets")
_BEHAVIOUR = Rating(MEDIUM, "changes routing behaviour")
_ANNOUNCE = Rating(MEDIUM, "changes which networks the routing process announces")
# TCP MD5 (RFC 2385): the session drops until both ends agree on the password.
_PASSWORD = Rating(HIGH, "changes the password of BGP peer {p}: the session drops until both "
                         "ends match")
_DISABLE = Rating(HIGH, "disables BGP peer {p}: the session goes down")
_ENABLE = Rating(HIGH, "enables BGP peer {p} in this address family: the session is reset")
_HOP = Rating(HIGH, "changes the ebgp-max-hop of BGP peer {p}: the session may reset")

SPECS: tuple[Spec, ...] = (
    spec(PROCESS, "bgp <asn:asn>", SYSTEM, "section", "bgp", "undo bgp", opens=BGP,
         undo_question=Q_UNDO_BGP, remediation="family", rule=RULE_PROCESS, ref="§4.9",
         risk=Risks(remove=Rating(HIGH, "deletes the BGP process and tears down every BGP "
                                        "session"))),
    spec(UNDO_PROCESS, ("undo bgp", "undo bgp <asn:asn>"), SYSTEM, "undo", "bgp",
         action="remove", question=Q_UNDO_BGP, remediation="command", ref="§4.9, §2.5"),
    # REFERENCE §4.9: `peer X bfd enable` "requires global bfd". REFERENCE gives no undo for
    # the global section (other protocols may use it): never removed, only added.
    spec(BFD, "bfd", SYSTEM, "section", "bfd", None, opens=BFD_VIEW, remediation="family",
         rule=RULE_BFD, ref="§4.9", risk=Risks(Rating(LOW, "enables BFD globally"))),
)
VIEW_SPECS: tuple[Spec, ...] = (
    spec(ROUTER_ID, "router-id <rid:ip>", SESSION_VIEWS, "replace", "router-id", None,
         remediation="generic", ref="§4.9",
         risk=Risks(add_replacing=Rating(HIGH, "changes the BGP router-id: peers see a new "
                                               "identifier; sessions may reset"))),
    spec(PEER_AS, "peer <p:word> as-number <asn:asn>", SESSION_VIEWS, "keyed",
         "peer {p} as-number",
         "undo peer {p}", undo_question=Q_UNDO_PEER, remediation="family", rule=RULE_PEER,
         ref="§4.9", risk=Risks(Rating(MEDIUM, "adds BGP peer {p} in AS {asn}: a new session "
                                               "comes up"),
                                Rating(HIGH, "removes BGP peer {p}: the session goes down"))),
    spec(UNDO_PEER, "undo peer <p:word>", (*SESSION_VIEWS, AF), "undo", "peer {p}",
         action="peer-remove",
         question=Q_UNDO_PEER, remediation="command", ref="§4.9, §2.5"),
    spec(PEER_CONNECT, "peer <p:word> connect-interface <i:ifname>", SESSION_VIEWS, "replace",
         "peer {p} connect-interface", "undo peer {p} connect-interface",
         remediation="generic", ref="§4.9",
         risk=Risks(Rating(HIGH, "sets the connect-interface of BGP peer {p} to {i}: the "
                                 "session resets"),
                    Rating(HIGH, "removes the connect-interface of BGP peer {p}: the session "
                                 "resets"),
                    add_replacing=Rating(HIGH, "changes the connect-interface of BGP peer {p} "
                                               "to {i}: the session resets"))),
    spec(PEER_HOP, ("peer <p:word> ebgp-max-hop", "peer <p:word> ebgp-max-hop <h:int:1-255>"),
         SESSION_VIEWS, "replace", "peer {p} ebgp-max-hop", "undo peer {p} ebgp-max-hop",
         remediation="generic", ref="§4.9", risk=Risks(_OPTION, _HOP, add_replacing=_HOP)),
    spec(PEER_DESCRIPTION, "peer <p:word> description <d:text>", SESSION_VIEWS, "replace",
         "peer {p} description", "undo peer {p} description", remediation="generic",
         ref="§4.9", risk=Risks(Rating(LOW, "sets the description of BGP peer {p}"),
                                Rating(LOW, "removes the description of BGP peer {p}"))),
    # REFERENCE §6.3: the device shows secrets encrypted: never diff their values.
    spec(PEER_PASSWORD, "peer <p:word> password <m:enum:cipher|simple> <s:text>",
         SESSION_VIEWS, "replace", "peer {p} password", "undo peer {p} password",
         remediation="generic", secret=True, ref="§4.9", risk=Risks(_PASSWORD, _PASSWORD)),
    spec(PEER_GROUP, "peer <p:word> group <g:word>", (*SESSION_VIEWS, AF), "keyed",
         "peer {p} group",
         "undo peer {p} group {g}", question=Q_PEER_RESET, undo_question=Q_PEER_RESET,
         remediation="generic", ref="§4.9, §2.5",
         risk=Risks(_OPTION, Rating(HIGH, "moves BGP peer {p} out of its group: reset"))),
    spec(GROUP, ("group <g:word>", "group <g:word> <t:enum:internal|external>"), BGP, "keyed",
         "group {g}", None, remediation="generic", ref="§4.9"),
    spec(UNDO_PEER_OPT, "undo peer <p:word> <opt:enum:connect-interface|ebgp-max-hop|description"
         "|password|reflect-client|next-hop-local|advertise-community|route-limit"
         "|allow-as-loop>",
         (*SESSION_VIEWS, *FAMILY_VIEWS), "undo",
         "peer {p} {opt}", action="peer-opt-remove", remediation="command", ref="§4.9"),
    spec(UNDO_PEER_GROUP, "undo peer <p:word> group <g:word>", (BGP, AF), "undo",
         "peer {p} group", action="remove", question=Q_PEER_RESET, remediation="command",
         ref="§4.9, §2.5"),
    spec(FAMILY, "ipv4-family unicast", BGP, "section", AF_KEY, None, opens=AF,
         remediation="family", rule=RULE_FAMILY, ref="§4.9"),
    # REFERENCE §2.1, §4.9 (other AFs): no undo given for either family.
    spec(FAMILY_VPNV4, "ipv4-family vpnv4", BGP, "section", VPNV4_KEY, None, opens=VPNV4,
         remediation="family", rule=RULE_FAMILY, ref="§2.1, §4.9"),
    spec(FAMILY_VRF, "ipv4-family vpn-instance <vrf:word>", BGP, "section",
         VRF_PREFIX + "{vrf}", None, opens=BGP_VRF, remediation="family", rule=RULE_VRF,
         ref="§2.1, §4.9"),
    # AF options: accepted in the bgp view, displayed under ipv4-family unicast (§4.9, §6.4).
    spec(PEER_ENABLE, "peer <p:word> enable", (AF, VPNV4), "keyed", "peer {p} enable",
         "undo peer {p} enable", question=Q_PEER_RESET, remediation="family", rule=RULE_ENABLE,
         ref="§4.9, §2.5", risk=Risks(_ENABLE, _DISABLE)),
    # displayed: the peer's disabled state (§4.9)
    spec(UNDO_PEER_ENABLE, "undo peer <p:word> enable", (AF, VPNV4), "undo", "peer {p} enable",
         action="remove", remediation="generic", ref="§4.9", risk=Risks(_DISABLE)),
    spec(UNDO_SYNC, "undo synchronization", AF, "keyed", "undo synchronization", None,
         remediation="generic", ref="§4.9", risk=Risks(REMOVES)),
    spec(PEER_RR, "peer <p:word> reflect-client", (BGP, *FAMILY_VIEWS), "keyed",
         "peer {p} reflect-client",
         "undo peer {p} reflect-client", placed=AF, remediation="generic", ref="§4.9",
         risk=Risks(_OPTION, _OPTION)),
    spec(PEER_NHL, "peer <p:word> next-hop-local", (BGP, *FAMILY_VIEWS), "keyed",
         "peer {p} next-hop-local", "undo peer {p} next-hop-local", placed=AF,
         remediation="generic", ref="§4.9", risk=Risks(_OPTION, _OPTION)),
    spec(PEER_COMMUNITY, "peer <p:word> advertise-community", (BGP, *FAMILY_VIEWS), "keyed",
         "peer {p} advertise-community", "undo peer {p} advertise-community", placed=AF,
         remediation="generic", ref="§4.9"),
    spec(PEER_POLICY, "peer <p:word> route-policy <rp:word> <dir:enum:import|export>",
         (BGP, *FAMILY_VIEWS), "keyed", "peer {p} route-policy {dir}",
         "undo peer {p} route-policy {rp} {dir}", placed=AF, remediation="generic", ref="§4.9",
         risk=Risks(_OPTION, _OPTION)),
    spec(UNDO_PEER_POLICY, "undo peer <p:word> route-policy <rp:word> "
         "<dir:enum:import|export>", (BGP, *FAMILY_VIEWS), "undo",
         "peer {p} route-policy {dir}",
         action="remove", placed=AF, remediation="command", ref="§4.9"),
    spec(NETWORK, ("network <a:ip>", "network <a:ip> <m:mask>",
                   "network <a:ip> <m:mask> route-policy <rp:word>"), (BGP, AF, BGP_VRF), "keyed",
         "network {a} {m}", "undo network {a} {m}", placed=AF, remediation="generic",
         ref="§4.9", defaults=(("m", ""),), risk=Risks(_ANNOUNCE, _ANNOUNCE)),
    spec(UNDO_NETWORK, ("undo network <a:ip>", "undo network <a:ip> <m:mask>"),
         (BGP, AF, BGP_VRF),
         "undo", "network {a} {m}", action="remove", placed=AF, remediation="command",
         ref="§4.9", defaults=(("m", ""),)),
    spec(CLUSTER_ID, "reflector cluster-id <c:word>", (BGP, AF), "replace",
         "reflector cluster-id", "undo reflector cluster-id", placed=AF, remediation="generic",
         ref="§4.9", risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
    spec(NO_REFLECT, "undo reflect between-clients", (BGP, AF), "keyed",
         "undo reflect between-clients", None, placed=AF, remediation="generic", ref="§4.9",
         risk=Risks(_BEHAVIOUR)),
    spec(IMPORT_ROUTE, ("import-route <proto:enum:direct|static|ospf|isis|unr>",
                        "import-route <proto:enum:direct|static|ospf|isis|unr> <rest:text>"),
         (BGP, AF, BGP_VRF), "keyed", "import-route {proto}", "undo import-route {proto}",
         placed=AF,
         remediation="generic", ref="§4.9", risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
    # Not in REFERENCE: Huawei CE command reference "peer route-limit" (a10.tagan.ru/huawei/dc/
    # peer_route-limit.html): `peer X route-limit LIMIT [PCT] [alert-only|idle-forever|
    # idle-timeout M]`, undo `undo peer X route-limit`; BGP view or IPv4 unicast family. Where
    # it is displayed is not documented: as an address-family option like route-policy
    # (§4.9, §6.4) [INFERRED].
    spec(PEER_LIMIT, ("peer <p:word> route-limit <n:int:1-4294967295> [<pct:int:1-100>]",
                      "peer <p:word> route-limit <n:int:1-4294967295> [<pct:int:1-100>] "
                      "<how:enum:alert-only|idle-forever>",
                      "peer <p:word> route-limit <n:int:1-4294967295> [<pct:int:1-100>] "
                      "idle-timeout <m:int:1-1200>"),
         (BGP, *FAMILY_VIEWS), "replace", "peer {p} route-limit", "undo peer {p} route-limit",
         placed=AF, remediation="generic", ref="CE peer route-limit, §4.9",
         risk=Risks(_OPTION, _OPTION)),
    # Not in REFERENCE: Huawei S command reference "peer allow-as-loop" (EDOC1100064351):
    # `peer X allow-as-loop [ 1-10 ]` (default 1), undo `undo peer X allow-as-loop`; placed in
    # the address family like the options above [INFERRED]; always rendered with its number.
    spec(PEER_ALLOW_AS, "peer <p:word> allow-as-loop [<n:int:1-10>]", (BGP, *FAMILY_VIEWS),
         "replace", "peer {p} allow-as-loop", "undo peer {p} allow-as-loop", placed=AF,
         remediation="generic", ref="EDOC1100064351, §4.9", risk=Risks(_OPTION, _OPTION)),
    # §4.9: typed and displayed in the bgp view; undo by §6.11 (`undo` + the command).
    spec(PEER_BFD, "peer <p:word> bfd enable", SESSION_VIEWS, "keyed", "peer {p} bfd enable",
         "undo peer {p} bfd enable", remediation="generic", ref="§4.9",
         risk=Risks(Rating(MEDIUM, "enables BFD for BGP peer {p}: a BFD failure takes the "
                                   "session down"),
                    Rating(MEDIUM, "disables BFD for BGP peer {p}"))),
    spec(UNDO_PEER_BFD, "undo peer <p:word> bfd enable", SESSION_VIEWS, "undo",
         "peer {p} bfd enable", action="remove", remediation="command", ref="§4.9, §6.11"),
    # the removal the spec above sends (§6.11: `undo` + the command's key words)
    spec(UNDO_IMPORT_ROUTE, "undo import-route <proto:enum:direct|static|ospf|isis|unr>",
         (BGP, AF, BGP_VRF), "undo", "import-route {proto}", action="remove", placed=AF,
         remediation="command", ref="§4.9"),
)


def bfd(old: Node | None, new: Node, d: Diff) -> list[Command]:
    """The global `bfd` section (REFERENCE §4.9: `peer X bfd enable` requires it): created in
    the first phase, before the bgp process; its view holds nothing the model knows."""
    return d.create(new) if old is None else []


def _peers(bgp: Node) -> dict[str, str]:
    """peer -> AS number, from `peer X as-number N` lines."""
    return {n.params["p"]: n.params["asn"] for n in bgp.children.values() if n.spec == PEER_AS}


def peer_of(node: Node) -> str | None:
    """The peer a line belongs to, known command or not (`undo peer X` deletes them all)."""
    words = node.text.split(" ", 3)
    if words[0] == "undo":
        words = words[1:]
    if len(words) > 1 and words[0] == "peer":
        return words[1]
    return None


def implied_enable(af: Node, peers: list[str]) -> None:
    """REFERENCE §4.9: `peer X as-number` of an IPv4 peer implies `peer X enable` in the AF."""
    for peer in peers:
        key = f"peer {peer} enable"
        if peer.count(".") == 3 and key not in af.children:
            af.children[key] = Node(key, key, PEER_ENABLE, {"p": peer})


def family_node() -> Node:
    """An empty `ipv4-family unicast` (REFERENCE §4.9)."""
    return Node(AF_KEY, AF_KEY, FAMILY, opens=AF)


def _create(new: Node, d: Diff) -> list[Command]:
    out = [enter(new.text)]
    af = new.children.get(AF_KEY)
    for child in new.children.values():
        if child.key != AF_KEY:
            out.extend(d.create(child))
    if af is not None:
        body = _af_body(family_node(), af, set(_peers(new)), d, count=False)
        if body:
            out.extend([enter(AF_KEY), *body, enter("quit")])
    out.append(enter("quit"))
    return out


def _af_body(have: Node, want: Node, created: set[str], d: Diff, count: bool = True
             ) -> list[Command]:
    """AF lines: `peer X enable` is implied for peers created by as-number (REFERENCE §4.9)."""
    current = have.shallow(dict(have.children))
    for peer in created:  # the running side as the device shows it after `peer X as-number`
        key = f"peer {peer} enable"
        if peer.count(".") == 3:
            current.children[key] = Node(key, key, PEER_ENABLE, {"p": peer})
    before = d.unmanaged
    removes, adds = d.children_diff(current, want)
    if not count:
        d.unmanaged = before  # a process created from nothing leaves nothing alone
    return [*removes, *adds]


def is_vrf_family(node: Node) -> bool:
    """`ipv4-family vpn-instance A`: its peers are that instance's, not the process's."""
    return node.spec == FAMILY_VRF or node.text.startswith(VRF_PREFIX)


def _families(bgp: Node) -> dict[str, Node]:
    """The address families of a bgp node whose peer lines are the process's peers (known to
    the model or not; not the vpn-instance families)."""
    return {k: v for k, v in bgp.children.items()
            if (v.children or v.spec in (FAMILY, FAMILY_VPNV4)) and not is_vrf_family(v)}


def process(old: Node | None, new: Node | None, d: Diff) -> list[Command]:
    """BGP: see the module docstring (REFERENCE §4.9, §2.5)."""
    if new is None:
        return []
    if old is None:
        with d.inside(new.text):
            return _create(new, d)
    if old.params["asn"] != new.params["asn"]:
        undo = d.cmd("undo bgp", PROCESS, Q_UNDO_BGP, removal=True)
        lost = _not_restated(old, new)
        if lost:
            undo = replace(undo, reason=f"{undo.reason}; lost ({len(lost)} running lines "
                           f"intended does not restate): " + ", ".join(lost[:5])
                           + (", …" if len(lost) > 5 else ""))
        with d.inside(new.text):
            return [undo, *_create(new, d)]
    with d.inside(new.text):
        body = _session_view(old, new, d, top=True)
    if not body:
        return []
    return [enter(new.text), *body, enter("quit")]


def _not_restated(old: Node, new: Node | None, where: str = "") -> list[str]:
    """Running lines of a bgp node intended does not have, by key (a key never holds a secret
    value: REFERENCE §6.3), with the family they are in."""
    out: list[str] = []
    for key, child in old.children.items():
        other = new.children.get(key) if new is not None else None
        if child.children:
            out.extend(_not_restated(child, other, f" ({key})"))
        elif other is None:
            out.append(key + where)
    return out


def _session_view(old: Node, new: Node, d: Diff, *, top: bool) -> list[Command]:
    """A view holding peer sessions: the bgp view (`top`, with its address families) or an
    `ipv4-family vpn-instance A` (REFERENCE §4.9). A removed peer is `undo peer X`; a peer
    whose AS changes is `undo peer X` and re-created with every line it had (re-applied)."""
    r_peers, i_peers = _peers(old), _peers(new)
    dropped = {p for p in r_peers if p not in i_peers or r_peers[p] != i_peers[p]}
    recreated = {p for p in dropped if p in i_peers}
    created = {p for p in i_peers if p not in r_peers or p in dropped}
    body = [d.cmd(f"undo peer {p}", PEER_AS, Q_UNDO_PEER, removal=True, values={"p": p})
            for p in r_peers if p in dropped]
    fams = _families(old) | _families(new) if top else {}
    # what remains of the running view once the dropped peers are gone (§4.9: `undo peer X`
    # deletes the peer's lines in every address family)
    kept = old.shallow({k: v for k, v in old.children.items() if peer_of(v) not in dropped})
    for key in fams:
        if key in kept.children:
            fam = kept.children[key]
            kept.children[key] = fam.shallow({k: v for k, v in fam.children.items()
                                              if peer_of(v) not in dropped})
    want, restored, lost = _restore(old, new, recreated, fams, d)
    body = [_lost(c, lost, recreated) for c in body]
    subviews = {k for k, v in [*old.children.items(), *new.children.items()]
                if v.children or k in fams or v.spec == FAMILY_VRF}
    removes, adds = d.children_diff(kept, want, skip=frozenset(subviews))
    body.extend(_order_adds(adds))
    body.extend(removes)
    for key in sorted(subviews - {AF_KEY}):
        node = want.children.get(key)
        if node is None:
            d.unmanaged += 1  # a family intended does not show: left alone
        elif is_vrf_family(node) and node.spec == FAMILY_VRF:
            body.extend(vrf_family(kept.children.get(key), node, d))
        else:
            body.extend(_disable_last(d.section(kept.children.get(key), node)))
    if top:
        body.extend(_unicast(old, kept, want, created, dropped, d))
    return [_restored_reason(c, restored) for c in body]


def _unicast(old: Node, kept: Node, want: Node, created: set[str], dropped: set[str],
             d: Diff) -> list[Command]:
    af_new = want.children.get(AF_KEY)
    af_old = kept.children.get(AF_KEY)
    if af_new is not None:
        have = family_node()
        if af_old is not None:
            have.children = dict(af_old.children)
        with d.inside(AF_KEY):
            af_body = _af_body(have, af_new, created, d)
        return [enter(AF_KEY), *af_body, enter("quit")] if af_body else []
    if af_old is not None:
        d.unmanaged += sum(1 for v in af_old.children.values() if peer_of(v) not in dropped)
    return []


def _restore(old: Node, new: Node, recreated: set[str], fams: dict[str, Node], d: Diff
             ) -> tuple[Node, dict[str, str], dict[str, list[str]]]:
    """Intended, plus the running lines of a re-created peer that `undo peer X` deletes and the
    plan would otherwise have left in place (REFERENCE §4.9): a line intended does not state
    whose removal the model would not send (unknown, no undo, or in a family intended does not
    show). Returns (want, {re-applied line text: peer}, {peer: keys of the lines intended drops,
    deleted with the peer as the normal diff would delete them})."""
    want = new.shallow(dict(new.children))
    restored: dict[str, str] = {}
    dropped: dict[str, list[str]] = {}
    if not recreated:
        return want, restored, dropped

    def keep(node: Node, family_shown: bool) -> bool:
        return not family_shown or node.spec is None or d.undo_of(node) is None

    for key, child in old.children.items():
        peer = peer_of(child)
        if peer in recreated and key not in want.children and not child.children:
            if keep(child, True):
                want.children[key] = child
                restored[child.text] = peer
            else:
                dropped.setdefault(peer, []).append(key)
    for key in fams:
        fam_old = old.children.get(key)
        if fam_old is not None:
            _restore_family(key, fam_old, want, recreated, keep, restored, dropped)
    return want, restored, dropped


def _restore_family(key: str, fam_old: Node, want: Node, recreated: set[str],
                    keep: Callable[[Node, bool], bool], restored: dict[str, str],
                    dropped: dict[str, list[str]]) -> None:
    """`_restore` for one address family of the process."""
    lines = {k: v for k, v in fam_old.children.items() if peer_of(v) in recreated}
    if not lines:
        return
    fam_new = want.children.get(key)
    # a family intended does not show keeps all its running lines (left alone)
    base = fam_new if fam_new is not None else fam_old
    merged = base.shallow(dict(base.children))
    for k, v in lines.items():
        peer = peer_of(v) or ""
        if fam_new is not None and k in fam_new.children:
            continue
        if key == AF_KEY and k == f"peer {peer} enable":
            continue  # implied again by `peer X as-number` (§4.9)
        if keep(v, fam_new is not None):
            merged.children[k] = v
            restored[v.text] = peer
        else:
            dropped.setdefault(peer, []).append(f"{k} ({key})")
    want.children[key] = merged


def _disable_last(cmds: list[Command]) -> list[Command]:
    """In a family, a peer's options are removed before the peer is disabled there."""
    disables = [c for c in cmds if c.text.startswith("undo peer ") and c.text.endswith(" enable")]
    if not disables:
        return cmds
    rest = [c for c in cmds if c not in disables]
    last = max((n for n, c in enumerate(rest) if c.text.startswith("undo ")), default=0)
    return [*rest[: last + 1], *disables, *rest[last + 1 :]]


def _lost(c: Command, lost: dict[str, list[str]], recreated: set[str]) -> Command:
    """`undo peer X` of a re-created peer says so, and names the lines it deletes that
    intended drops (as the plan would remove them were the peer kept)."""
    words = c.text.split()
    if len(words) != 3 or words[:2] != ["undo", "peer"] or words[2] not in recreated:
        return c
    peer = words[2]
    reason = (f"deletes BGP peer {peer} to re-create it with its new AS number (REFERENCE "
              f"§4.9): the session goes down")
    if peer in lost:
        reason += "; deleted with it, as intended does not state them: " + ", ".join(lost[peer])
    return replace(c, level=HIGH, reason=reason)


def _restored_reason(c: Command, restored: dict[str, str]) -> Command:
    peer = restored.get(c.text)
    if peer is None or c.level is None:
        return c
    if c.text.startswith(f"peer {peer} password "):
        return replace(c, level=HIGH, reason=(
            f"re-sends the password of BGP peer {peer} as the cipher text the running config "
            f"shows, after `undo peer {peer}` deleted it (REFERENCE §4.9): REFERENCE does not "
            f"say the device accepts its own cipher text (§3.10, §6.3); if not, the password "
            f"is lost and the session stays down"))
    return replace(c, reason=f"{c.reason}; re-applied: `undo peer {peer}` deleted it "
                             f"(REFERENCE §4.9) and intended does not change it")


def vrf_family(old: Node | None, new: Node, d: Diff) -> list[Command]:
    """`ipv4-family vpn-instance A` (REFERENCE §2.1, §4.9): its own peers, by the rules of
    the bgp view (undo-peer-first on an AS change, re-applied lines)."""
    vrf = new.params.get("vrf", "")
    if old is None:
        with d.inside(new.text, vrf=vrf):
            return d.create(new)
    with d.inside(new.text, vrf=vrf):
        body = _session_view(old, new, d, top=False)
    return [enter(new.text), *body, enter("quit")] if body else []


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
