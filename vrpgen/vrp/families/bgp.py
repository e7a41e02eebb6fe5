"""BGP family: the process, peers and their options, groups, `ipv4-family unicast` and its
networks and policies (REFERENCE §4.9), with the peer and AS-change rules.

A removed peer is `undo peer X` alone (its AF lines go with it); a peer whose AS changes is
`undo peer X` then re-created with all its options; `peer X as-number` implies `peer X enable`
under `ipv4-family unicast`, so that line is not sent for a new peer; a different AS number is
`undo bgp` then the whole process.
"""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import (
    AF,
    BGP,
    HIGH,
    MEDIUM,
    REMOVES,
    SYSTEM,
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
PEER_ENABLE, UNDO_PEER_ENABLE = "peer-enable", "undo-peer-enable"
UNDO_SYNC = "undo-sync"
PEER_RR, PEER_NHL, PEER_COMMUNITY = "peer-rr", "peer-nhl", "peer-community"
PEER_POLICY, UNDO_PEER_POLICY = "peer-policy", "undo-peer-policy"
NETWORK, UNDO_NETWORK = "bgp-network", "undo-bgp-network"
CLUSTER_ID, NO_REFLECT = "cluster-id", "no-reflect"
IMPORT_ROUTE = "bgp-import-route"

# Peer options: the device refuses them for a peer that does not exist (apply_actions).
PEER_OPTIONS = frozenset({PEER_CONNECT, PEER_HOP, PEER_DESCRIPTION, PEER_PASSWORD, PEER_GROUP,
                          PEER_ENABLE, PEER_RR, PEER_NHL, PEER_COMMUNITY, PEER_POLICY})

KEY, AF_KEY = "bgp", "ipv4-family unicast"  # node keys: one process, one IPv4 family

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
RULES = frozenset({RULE_PROCESS, RULE_PEER, RULE_FAMILY, RULE_ENABLE})

_OPTION = Rating(MEDIUM, "changes a BGP session option")
_BEHAVIOUR = Rating(MEDIUM, "changes routing behaviour")
_ANNOUNCE = Rating(MEDIUM, "changes which networks the routing process announces")
# TCP MD5 (RFC 2385): the session drops until both ends agree on the password.
_PASSWORD = Rating(HIGH, "changes the password of BGP peer {p}: the session drops until both "
                         "ends match")
_DISABLE = Rating(HIGH, "disables BGP peer {p}: the session goes down")

SPECS: tuple[Spec, ...] = (
    spec(PROCESS, "bgp <asn:asn>", SYSTEM, "section", "bgp", "undo bgp", opens=BGP,
         undo_question=Q_UNDO_BGP, remediation="family", rule=RULE_PROCESS, ref="§4.9",
         risk=Risks(remove=Rating(HIGH, "deletes the BGP process and tears down every BGP "
                                        "session"))),
    spec(UNDO_PROCESS, ("undo bgp", "undo bgp <asn:asn>"), SYSTEM, "undo", "bgp",
         action="remove", question=Q_UNDO_BGP, remediation="command", ref="§4.9, §2.5"),
)
VIEW_SPECS: tuple[Spec, ...] = (
    spec(ROUTER_ID, "router-id <rid:ip>", BGP, "replace", "router-id", None,
         remediation="generic", ref="§4.9",
         risk=Risks(add_replacing=Rating(HIGH, "changes the BGP router-id: peers see a new "
                                               "identifier; sessions may reset"))),
    spec(PEER_AS, "peer <p:word> as-number <asn:asn>", BGP, "keyed", "peer {p} as-number",
         "undo peer {p}", undo_question=Q_UNDO_PEER, remediation="family", rule=RULE_PEER,
         ref="§4.9", risk=Risks(remove=Rating(HIGH, "removes BGP peer {p}: the session goes "
                                                    "down"))),
    spec(UNDO_PEER, "undo peer <p:word>", (BGP, AF), "undo", "peer {p}", action="peer-remove",
         question=Q_UNDO_PEER, remediation="command", ref="§4.9, §2.5"),
    spec(PEER_CONNECT, "peer <p:word> connect-interface <i:ifname>", BGP, "replace",
         "peer {p} connect-interface", "undo peer {p} connect-interface",
         remediation="generic", ref="§4.9", risk=Risks(_OPTION, _OPTION)),
    spec(PEER_HOP, ("peer <p:word> ebgp-max-hop", "peer <p:word> ebgp-max-hop <h:int:1-255>"),
         BGP, "replace", "peer {p} ebgp-max-hop", "undo peer {p} ebgp-max-hop",
         remediation="generic", ref="§4.9", risk=Risks(_OPTION, _OPTION)),
    spec(PEER_DESCRIPTION, "peer <p:word> description <d:text>", BGP, "replace",
         "peer {p} description", "undo peer {p} description", remediation="generic",
         ref="§4.9"),
    # REFERENCE §6.3: the device shows secrets encrypted: never diff their values.
    spec(PEER_PASSWORD, "peer <p:word> password <m:enum:cipher|simple> <s:text>", BGP,
         "replace", "peer {p} password", "undo peer {p} password", remediation="generic",
         secret=True, ref="§4.9", risk=Risks(_PASSWORD, _PASSWORD)),
    spec(PEER_GROUP, "peer <p:word> group <g:word>", (BGP, AF), "keyed", "peer {p} group",
         "undo peer {p} group {g}", question=Q_PEER_RESET, undo_question=Q_PEER_RESET,
         remediation="generic", ref="§4.9, §2.5",
         risk=Risks(_OPTION, Rating(HIGH, "moves BGP peer {p} out of its group: reset"))),
    spec(GROUP, ("group <g:word>", "group <g:word> <t:enum:internal|external>"), BGP, "keyed",
         "group {g}", None, remediation="generic", ref="§4.9"),
    spec(UNDO_PEER_OPT, "undo peer <p:word> <opt:enum:connect-interface|ebgp-max-hop|description"
         "|password|reflect-client|next-hop-local|advertise-community>", (BGP, AF), "undo",
         "peer {p} {opt}", action="peer-opt-remove", remediation="command", ref="§4.9"),
    spec(UNDO_PEER_GROUP, "undo peer <p:word> group <g:word>", (BGP, AF), "undo",
         "peer {p} group", action="remove", question=Q_PEER_RESET, remediation="command",
         ref="§4.9, §2.5"),
    spec(FAMILY, "ipv4-family unicast", BGP, "section", AF_KEY, None, opens=AF,
         remediation="family", rule=RULE_FAMILY, ref="§4.9"),
    # AF options: accepted in the bgp view, displayed under ipv4-family unicast (§4.9, §6.4).
    spec(PEER_ENABLE, "peer <p:word> enable", AF, "keyed", "peer {p} enable",
         "undo peer {p} enable", question=Q_PEER_RESET, remediation="family", rule=RULE_ENABLE,
         ref="§4.9, §2.5",
         risk=Risks(Rating(HIGH, "enables BGP peer {p}: the session is reset"), _DISABLE)),
    # displayed: the peer's disabled state (§4.9)
    spec(UNDO_PEER_ENABLE, "undo peer <p:word> enable", AF, "undo", "peer {p} enable",
         action="remove", remediation="generic", ref="§4.9", risk=Risks(_DISABLE)),
    spec(UNDO_SYNC, "undo synchronization", AF, "keyed", "undo synchronization", None,
         remediation="generic", ref="§4.9", risk=Risks(REMOVES)),
    spec(PEER_RR, "peer <p:word> reflect-client", (BGP, AF), "keyed", "peer {p} reflect-client",
         "undo peer {p} reflect-client", placed=AF, remediation="generic", ref="§4.9",
         risk=Risks(_OPTION, _OPTION)),
    spec(PEER_NHL, "peer <p:word> next-hop-local", (BGP, AF), "keyed",
         "peer {p} next-hop-local", "undo peer {p} next-hop-local", placed=AF,
         remediation="generic", ref="§4.9", risk=Risks(_OPTION, _OPTION)),
    spec(PEER_COMMUNITY, "peer <p:word> advertise-community", (BGP, AF), "keyed",
         "peer {p} advertise-community", "undo peer {p} advertise-community", placed=AF,
         remediation="generic", ref="§4.9"),
    spec(PEER_POLICY, "peer <p:word> route-policy <rp:word> <dir:enum:import|export>",
         (BGP, AF), "keyed", "peer {p} route-policy {dir}",
         "undo peer {p} route-policy {rp} {dir}", placed=AF, remediation="generic", ref="§4.9",
         risk=Risks(_OPTION, _OPTION)),
    spec(UNDO_PEER_POLICY, "undo peer <p:word> route-policy <rp:word> "
         "<dir:enum:import|export>", (BGP, AF), "undo", "peer {p} route-policy {dir}",
         action="remove", placed=AF, remediation="command", ref="§4.9"),
    spec(NETWORK, ("network <a:ip>", "network <a:ip> <m:mask>",
                   "network <a:ip> <m:mask> route-policy <rp:word>"), (BGP, AF), "keyed",
         "network {a} {m}", "undo network {a} {m}", placed=AF, remediation="generic",
         ref="§4.9", defaults=(("m", ""),), risk=Risks(_ANNOUNCE, _ANNOUNCE)),
    spec(UNDO_NETWORK, ("undo network <a:ip>", "undo network <a:ip> <m:mask>"), (BGP, AF),
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
         (BGP, AF), "keyed", "import-route {proto}", "undo import-route {proto}", placed=AF,
         remediation="generic", ref="§4.9", risk=Risks(_BEHAVIOUR, _BEHAVIOUR)),
)


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


def process(old: Node | None, new: Node | None, d: Diff) -> list[Command]:
    """BGP: see the module docstring (REFERENCE §4.9, §2.5)."""
    if new is None:
        return []
    if old is None:
        return _create(new, d)
    if old.params["asn"] != new.params["asn"]:
        return [d.cmd("undo bgp", PROCESS, Q_UNDO_BGP, removal=True), *_create(new, d)]
    r_peers, i_peers = _peers(old), _peers(new)
    dropped = {p for p in r_peers if p not in i_peers or r_peers[p] != i_peers[p]}
    created = {p for p in i_peers if p not in r_peers or p in dropped}
    body = [d.cmd(f"undo peer {p}", PEER_AS, Q_UNDO_PEER, removal=True, values={"p": p})
            for p in r_peers if p in dropped]
    # what remains of the running bgp view once the dropped peers are gone
    kept = old.shallow({k: v for k, v in old.children.items() if peer_of(v) not in dropped})
    want = new.shallow(dict(new.children))
    subviews = {k for k, v in [*old.children.items(), *new.children.items()] if v.children}
    skip = frozenset({AF_KEY} | subviews)
    removes, adds = d.children_diff(kept, want, skip=skip)
    body.extend(_order_adds(adds))
    body.extend(removes)
    for key in sorted(subviews - {AF_KEY}):
        if key in new.children:
            family = old.children.get(key)
            if family is not None and dropped:  # `undo peer X` emptied it of X (§4.9)
                family = family.shallow({k: v for k, v in family.children.items()
                                         if peer_of(v) not in dropped})
            body.extend(d.section(family, new.children[key]))
        else:
            d.unmanaged += 1  # a family intended does not show: left alone
    af_old = old.children.get(AF_KEY)
    af_new = new.children.get(AF_KEY)
    if af_new is not None:
        have = family_node()
        if af_old is not None:
            have.children = {k: v for k, v in af_old.children.items()
                             if peer_of(v) not in dropped}
        af_body = _af_body(have, af_new, created, d)
        if af_body:
            body.extend([enter(AF_KEY), *af_body, enter("quit")])
    elif af_old is not None:
        d.unmanaged += sum(1 for v in af_old.children.values() if peer_of(v) not in dropped)
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
