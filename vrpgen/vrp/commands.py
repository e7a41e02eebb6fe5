"""The VRP command table: for every command its view, kind, key, undo form, display placement
and dialog. Every rule cites the section of ../shared/vrp/REFERENCE.md it comes from.

Kinds:
- section: opens a view (`interface X`, `bgp N`, `ospf N`, `area A`, `vlan N`, `route-policy`).
- replace: one value per key; a new value overwrites the old one without an undo.
- keyed: one line per key (`peer X as-number`, `network A W`); removal is the undo of that key.
- set: additive member set (`vlan batch`, `port trunk allow-pass vlan`); removal by listed members.
- undo: a typed `undo …` command; `action` says what it removes.

`undo` is the remediation's removal template (None: the model knows no safe undo and never
removes the line; REFERENCE is silent). `placed` is the view the device displays the line in when
it differs from where it is typed (REFERENCE §4.9: AF options typed in the bgp view).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vrpgen.vrp.grammar import Form, expand, first_keyword

SYSTEM, INTERFACE, VLAN, OSPF, AREA, BGP, AF, POLICY = (
    "system", "interface", "vlan", "ospf", "ospf-area", "bgp", "bgp-af", "route-policy",
)  # fmt: skip

# REFERENCE §2.5: the [Y/N] questions a pusher must answer.
Q_UNDO_VLAN = "Warning: The configurations of the VLAN will be deleted. Continue? [Y/N]:"
Q_UNDO_BGP = "Warning: The BGP process will be deleted. Continue? [Y/N]:"
Q_UNDO_PEER = (
    "Warning: All the configurations related to the BGP peer will be deleted. Continue? [Y/N]:"
)
Q_PEER_RESET = "Warning: This operation will reset the peer session. Continue? [Y/N]:"
Q_UNDO_OSPF = "Warning: The OSPF process will be deleted. Continue? [Y/N]:"
Q_LINK_TYPE = "Warning: This command will delete VLANs on this port. Continue?[Y/N]:"
Q_LAST_IF_MATCH = "Warning: The last if-match clause of the node will be deleted. Continue? [Y/N]:"


@dataclass(frozen=True, slots=True)
class Spec:
    id: str
    forms: tuple[str, ...]
    views: frozenset[str]
    kind: str
    key: str = ""
    undo: str | None = None
    opens: str | None = None
    placed: str | None = None
    action: str = ""
    question: str | None = None
    ref: str = ""
    defaults: tuple[tuple[str, str], ...] = ()
    undo_question: str | None = None  # asked by the `undo` template's command
    parsed: tuple[Form, ...] = field(default=(), compare=False)


def _s(
    id: str,
    forms: str | tuple[str, ...],
    views: str | tuple[str, ...],
    kind: str,
    key: str = "",
    undo: str | None = None,
    *,
    opens: str | None = None,
    placed: str | None = None,
    action: str = "",
    question: str | None = None,
    ref: str,
    defaults: tuple[tuple[str, str], ...] = (),
    undo_question: str | None = None,
) -> Spec:
    fs = (forms,) if isinstance(forms, str) else forms
    vs = frozenset((views,) if isinstance(views, str) else views)
    parsed = tuple(f for src in fs for f in expand(src))
    return Spec(
        id, fs, vs, kind, key, undo, opens, placed, action, question, ref, defaults, undo_question,
        parsed,
    )


V = "<v:vlans>"
SPECS: tuple[Spec, ...] = (
    # -- system view --------------------------------------------------------------------
    _s("sysname", "sysname <name:word>", SYSTEM, "replace", "sysname", None, ref="§4.1"),
    _s("undo-sysname", "undo sysname", SYSTEM, "undo", "sysname", action="remove", ref="§4.1"),
    _s("vlan-batch", f"vlan batch {V}", SYSTEM, "set", "vlan batch", "undo vlan batch", ref="§4.2"),
    _s("undo-vlan-batch", f"undo vlan batch {V}", SYSTEM, "undo", "vlan batch",
       action="vlan-remove", ref="§4.2"),
    _s("vlan", "vlan <id:int:1-4094>", SYSTEM, "section", "vlan {id}", "undo vlan batch {id}",
       opens=VLAN, ref="§4.2"),
    _s("undo-vlan", "undo vlan <id:int:1-4094>", SYSTEM, "undo", "vlan batch",
       action="vlan-remove", question=Q_UNDO_VLAN, ref="§4.2, §2.5"),
    _s("interface", "interface <name:ifname> [mode l2]", SYSTEM, "section", "interface {name}",
       "undo interface {name}", opens=INTERFACE, ref="§4.3"),
    _s("undo-interface", "undo interface <name:ifname>", SYSTEM, "undo", "interface {name}",
       action="interface-remove", ref="§4.3, §4.5"),
    _s("ospf", ("ospf [<p:int:1-65535>] [router-id <rid:ip>]",
                "ospf <p:int:1-65535> router-id <rid:ip> vpn-instance <vpn:word>",
                "ospf <p:int:1-65535> vpn-instance <vpn:word>"),
       SYSTEM, "section", "ospf {p}", "undo ospf {p}", opens=OSPF, undo_question=Q_UNDO_OSPF,
       ref="§4.8", defaults=(("p", "1"),)),
    _s("undo-ospf", "undo ospf [<p:int:1-65535>]", SYSTEM, "undo", "ospf {p}", action="remove",
       question=Q_UNDO_OSPF, ref="§4.8, §2.5", defaults=(("p", "1"),)),
    _s("bgp", "bgp <asn:asn>", SYSTEM, "section", "bgp", "undo bgp", opens=BGP,
       undo_question=Q_UNDO_BGP, ref="§4.9"),
    _s("undo-bgp", ("undo bgp", "undo bgp <asn:asn>"), SYSTEM, "undo", "bgp", action="remove",
       question=Q_UNDO_BGP, ref="§4.9, §2.5"),
    _s("route-policy", "route-policy <name:word> <action:enum:permit|deny> node <node:int:0-65535>",
       SYSTEM, "section", "route-policy {name} node {node}", "undo route-policy {name} node {node}",
       opens=POLICY, ref="§4.11"),
    _s("undo-route-policy", ("undo route-policy <name:word>",
                             "undo route-policy <name:word> node <node:int:0-65535>"),
       SYSTEM, "undo", "route-policy {name}", action="policy-remove", ref="§4.11"),
    _s("ip-prefix", "ip ip-prefix <name:word> [index <idx:int:1-4294967295>] "
       "<action:enum:permit|deny> <addr:ip> <len:len> [greater-equal <ge:int:0-32>] "
       "[less-equal <le:int:0-32>]", SYSTEM, "keyed", "ip ip-prefix {name} index {idx}",
       "undo ip ip-prefix {name} index {idx}", ref="§4.10"),
    _s("undo-ip-prefix", ("undo ip ip-prefix <name:word>",
                          "undo ip ip-prefix <name:word> index <idx:int:1-4294967295>"),
       SYSTEM, "undo", "ip ip-prefix {name}", action="prefix-remove", ref="§4.10"),
    # -- interface view -----------------------------------------------------------------
    _s("if-description", "description <text:text>", (INTERFACE, VLAN), "replace", "description",
       "undo description", ref="§4.5, §4.2"),
    _s("undo-description", "undo description", (INTERFACE, VLAN), "undo", "description",
       action="remove", ref="§4.5"),
    _s("vlan-name", "name <name:word>", VLAN, "replace", "name", "undo name", ref="§4.2"),
    _s("undo-vlan-name", "undo name", VLAN, "undo", "name", action="remove", ref="§4.2"),
    _s("shutdown", "shutdown", INTERFACE, "replace", "shutdown", "undo shutdown", ref="§4.5"),
    _s("undo-shutdown", "undo shutdown", INTERFACE, "replace", "shutdown", None, ref="§4.5"),
    _s("portswitch", "portswitch", INTERFACE, "replace", "portswitch", None, ref="§4.4"),
    _s("undo-portswitch", "undo portswitch", INTERFACE, "replace", "portswitch", "portswitch",
       ref="§4.4"),
    _s("link-type", "port link-type <t:enum:access|trunk|hybrid|dot1q-tunnel>", INTERFACE,
       "replace", "port link-type", "undo port link-type", question=Q_LINK_TYPE, ref="§4.4"),
    _s("undo-link-type", "undo port link-type", INTERFACE, "undo", "port link-type",
       action="link-type-remove", ref="§4.4"),
    _s("default-vlan", "port default vlan <v:int:1-4094>", INTERFACE, "replace",
       "port default vlan", "undo port default vlan", ref="§4.4"),
    _s("undo-default-vlan", "undo port default vlan [<v:int:1-4094>]", INTERFACE, "undo",
       "port default vlan", action="remove", ref="§4.4"),
    _s("trunk-pvid", "port trunk pvid vlan <v:int:1-4094>", INTERFACE, "replace",
       "port trunk pvid vlan", "undo port trunk pvid vlan", ref="§4.4"),
    _s("undo-trunk-pvid", "undo port trunk pvid vlan [<v:int:1-4094>]", INTERFACE, "undo",
       "port trunk pvid vlan", action="remove", ref="§4.4"),
    _s("allow-pass", f"port trunk allow-pass vlan {V}", INTERFACE, "set",
       "port trunk allow-pass vlan", "undo port trunk allow-pass vlan", ref="§4.4"),
    _s("undo-allow-pass", f"undo port trunk allow-pass vlan {V}", INTERFACE, "undo",
       "port trunk allow-pass vlan", action="set-remove", ref="§4.4"),
    _s("ip-address", "ip address <a:ip> <m:mask>", INTERFACE, "replace", "ip address",
       "undo ip address {a} {m}", ref="§4.5"),
    _s("ip-address-sub", "ip address <a:ip> <m:mask> sub", INTERFACE, "keyed",
       "ip address {a} {m} sub", "undo ip address {a} {m} sub", ref="§4.5"),
    _s("undo-ip-address", ("undo ip address", "undo ip address <a:ip> <m:mask>"), INTERFACE,
       "undo", "ip address", action="address-remove", ref="§4.5"),
    _s("undo-ip-address-sub", "undo ip address <a:ip> <m:mask> sub", INTERFACE, "undo",
       "ip address {a} {m} sub", action="remove", ref="§4.5"),
    _s("ospf-cost", "ospf cost <c:int:1-65535>", INTERFACE, "replace", "ospf cost",
       "undo ospf cost", ref="§4.5, §4.8"),
    _s("undo-ospf-cost", "undo ospf cost", INTERFACE, "undo", "ospf cost", action="remove",
       ref="§4.8"),
    _s("eth-trunk", "eth-trunk <n:int:0-1024>", INTERFACE, "replace", "eth-trunk",
       "undo eth-trunk", ref="§4.6"),
    _s("undo-eth-trunk", "undo eth-trunk", INTERFACE, "undo", "eth-trunk", action="remove",
       ref="§4.6"),
    # -- ospf ---------------------------------------------------------------------------
    _s("area", "area <a:area>", OSPF, "section", "area {a}", "undo area {a}", opens=AREA,
       ref="§4.8"),
    _s("undo-area", "undo area <a:area>", OSPF, "undo", "area {a}", action="remove", ref="§4.8"),
    _s("silent-interface", "silent-interface <i:ifname>", OSPF, "keyed", "silent-interface {i}",
       "undo silent-interface {i}", ref="§4.8"),
    _s("silent-all", "silent-interface all", OSPF, "keyed", "silent-interface all", None,
       ref="§4.8"),
    _s("undo-silent-interface", "undo silent-interface <i:ifname>", OSPF, "undo",
       "silent-interface {i}", action="remove", ref="§4.8"),
    _s("ospf-import-route", ("import-route <proto:enum:direct|static|bgp|unr>",
                             "import-route <proto:enum:direct|static|bgp|unr> <rest:text>"),
       OSPF, "keyed", "import-route {proto}", "undo import-route {proto}", ref="§4.8"),
    _s("undo-ospf-import-route", "undo import-route <proto:enum:direct|static|bgp|unr>", OSPF,
       "undo", "import-route {proto}", action="remove", ref="§4.8"),
    _s("network", ("network <a:ip> <w:wild>", "network <a:ip> <w:wild> description <d:text>"),
       AREA, "keyed", "network {a} {w}", "undo network {a} {w}", ref="§4.8"),
    _s("undo-network", "undo network <a:ip> <w:wild>", AREA, "undo", "network {a} {w}",
       action="remove", ref="§4.8"),
    # -- bgp ----------------------------------------------------------------------------
    _s("bgp-router-id", "router-id <rid:ip>", BGP, "replace", "router-id", None, ref="§4.9"),
    _s("peer-as", "peer <p:word> as-number <asn:asn>", BGP, "keyed", "peer {p} as-number",
       "undo peer {p}", undo_question=Q_UNDO_PEER, ref="§4.9"),
    _s("undo-peer", "undo peer <p:word>", (BGP, AF), "undo", "peer {p}", action="peer-remove",
       question=Q_UNDO_PEER, ref="§4.9, §2.5"),
    _s("peer-connect", "peer <p:word> connect-interface <i:ifname>", BGP, "replace",
       "peer {p} connect-interface", "undo peer {p} connect-interface", ref="§4.9"),
    _s("peer-hop", ("peer <p:word> ebgp-max-hop", "peer <p:word> ebgp-max-hop <h:int:1-255>"),
       BGP, "replace", "peer {p} ebgp-max-hop", "undo peer {p} ebgp-max-hop", ref="§4.9"),
    _s("peer-description", "peer <p:word> description <d:text>", BGP, "replace",
       "peer {p} description", "undo peer {p} description", ref="§4.9"),
    _s("peer-password", "peer <p:word> password <m:enum:cipher|simple> <s:text>", BGP, "replace",
       "peer {p} password", "undo peer {p} password", ref="§4.9"),
    _s("peer-group", "peer <p:word> group <g:word>", (BGP, AF), "keyed", "peer {p} group",
       "undo peer {p} group {g}", question=Q_PEER_RESET, undo_question=Q_PEER_RESET,
       ref="§4.9, §2.5"),
    _s("group", ("group <g:word>", "group <g:word> <t:enum:internal|external>"), BGP, "keyed",
       "group {g}", None, ref="§4.9"),
    _s("undo-peer-opt", "undo peer <p:word> <opt:enum:connect-interface|ebgp-max-hop|description"
       "|password|reflect-client|next-hop-local|advertise-community>", (BGP, AF), "undo",
       "peer {p} {opt}", action="peer-opt-remove", ref="§4.9"),
    _s("undo-peer-group", "undo peer <p:word> group <g:word>", (BGP, AF), "undo", "peer {p} group",
       action="remove", question=Q_PEER_RESET, ref="§4.9, §2.5"),
    _s("af", "ipv4-family unicast", BGP, "section", "ipv4-family unicast", None, opens=AF,
       ref="§4.9"),
    # AF options: accepted in the bgp view, displayed under ipv4-family unicast (§4.9, §6.4).
    _s("peer-enable", "peer <p:word> enable", AF, "keyed", "peer {p} enable",
       "undo peer {p} enable", question=Q_PEER_RESET, ref="§4.9, §2.5"),
    _s("undo-peer-enable", "undo peer <p:word> enable", AF, "undo", "peer {p} enable",
       action="remove", ref="§4.9"),
    _s("undo-sync", "undo synchronization", AF, "keyed", "undo synchronization", None,
       ref="§4.9"),
    _s("peer-rr", "peer <p:word> reflect-client", (BGP, AF), "keyed", "peer {p} reflect-client",
       "undo peer {p} reflect-client", placed=AF, ref="§4.9"),
    _s("peer-nhl", "peer <p:word> next-hop-local", (BGP, AF), "keyed", "peer {p} next-hop-local",
       "undo peer {p} next-hop-local", placed=AF, ref="§4.9"),
    _s("peer-community", "peer <p:word> advertise-community", (BGP, AF), "keyed",
       "peer {p} advertise-community", "undo peer {p} advertise-community", placed=AF,
       ref="§4.9"),
    _s("peer-policy", "peer <p:word> route-policy <rp:word> <dir:enum:import|export>", (BGP, AF),
       "keyed", "peer {p} route-policy {dir}", "undo peer {p} route-policy {rp} {dir}",
       placed=AF, ref="§4.9"),
    _s("undo-peer-policy", "undo peer <p:word> route-policy <rp:word> <dir:enum:import|export>",
       (BGP, AF), "undo", "peer {p} route-policy {dir}", action="remove", placed=AF, ref="§4.9"),
    _s("bgp-network", ("network <a:ip>", "network <a:ip> <m:mask>",
                       "network <a:ip> <m:mask> route-policy <rp:word>"), (BGP, AF), "keyed",
       "network {a} {m}", "undo network {a} {m}", placed=AF, ref="§4.9",
       defaults=(("m", ""),)),
    _s("undo-bgp-network", ("undo network <a:ip>", "undo network <a:ip> <m:mask>"), (BGP, AF),
       "undo", "network {a} {m}", action="remove", placed=AF, ref="§4.9",
       defaults=(("m", ""),)),
    _s("cluster-id", "reflector cluster-id <c:word>", (BGP, AF), "replace", "reflector cluster-id",
       "undo reflector cluster-id", placed=AF, ref="§4.9"),
    _s("no-reflect", "undo reflect between-clients", (BGP, AF), "keyed",
       "undo reflect between-clients", None, placed=AF, ref="§4.9"),
    _s("bgp-import-route", ("import-route <proto:enum:direct|static|ospf|isis|unr>",
                            "import-route <proto:enum:direct|static|ospf|isis|unr> <rest:text>"),
       (BGP, AF), "keyed", "import-route {proto}", "undo import-route {proto}", placed=AF,
       ref="§4.9"),
    # -- route-policy -------------------------------------------------------------------
    _s("if-match-prefix", "if-match ip-prefix <p:word>", POLICY, "keyed",
       "if-match ip-prefix {p}", "undo if-match ip-prefix {p}", undo_question=Q_LAST_IF_MATCH,
       ref="§4.11"),
    _s("undo-if-match-prefix", "undo if-match ip-prefix <p:word>", POLICY, "undo",
       "if-match ip-prefix {p}", action="remove", question=Q_LAST_IF_MATCH, ref="§4.11, §2.5"),
    _s("apply-cost", "apply cost <c:int:0-4294967295>", POLICY, "replace", "apply cost",
       "undo apply cost", ref="§4.11"),
    _s("apply-lp", "apply local-preference <c:int:0-4294967295>", POLICY, "replace",
       "apply local-preference", "undo apply local-preference", ref="§4.11"),
)

BY_ID: dict[str, Spec] = {s.id: s for s in SPECS}


def _index() -> dict[str, dict[str, list[tuple[Spec, Form]]]]:
    table: dict[str, dict[str, list[tuple[Spec, Form]]]] = {}
    for spec in SPECS:
        for view in spec.views:
            per_view = table.setdefault(view, {})
            for form in spec.parsed:
                per_view.setdefault(first_keyword(form), []).append((spec, form))
    return table


INDEX = _index()
_CANDIDATES: dict[tuple[str, str], list[tuple[Spec, Form]]] = {}


def candidates(view: str, word: str) -> list[tuple[Spec, Form]]:
    """Forms of `view` whose first keyword `word` abbreviates (exact keyword wins)."""
    low = word.lower()
    cache_key = (view, low)
    found = _CANDIDATES.get(cache_key)
    if found is not None:
        return found
    per_view = INDEX.get(view, {})
    if low in per_view:
        found = per_view[low]
    else:
        found = [sf for kw, sfs in per_view.items() if kw.startswith(low) for sf in sfs]
    _CANDIDATES[cache_key] = found
    return found


def key_of(spec: Spec, params: dict[str, str]) -> str:
    """The node key of a matched line (REFERENCE: one line per key in its view)."""
    if "{" not in spec.key:
        return spec.key
    try:
        return spec.key.format_map(params if not spec.defaults else {**dict(spec.defaults),
                                                                     **params})
    except KeyError:
        return spec.key.format_map(_Defaults(params, spec))


class _Defaults(dict[str, str]):
    def __init__(self, params: dict[str, str], spec: Spec) -> None:
        super().__init__(spec.defaults)
        self.update(params)

    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, params: dict[str, str], spec: Spec) -> str:
    return " ".join(template.format_map(_Defaults(params, spec)).split())
