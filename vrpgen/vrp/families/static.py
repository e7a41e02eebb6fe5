"""Static-route family: `ip route-static` (REFERENCE §4.7).

A route is one line keyed by its VPN instance, destination, mask and next hop (interface and/or
address); preference, tag and description are its attributes: re-entering the same
destination/next hop with other attributes modifies the route in place (§4.7, [INFERRED from
ANNET]). Removal is `undo ip route-static [vpn-instance V] DEST MASK NEXTHOP` without the
attributes (§4.7, §6.11). REFERENCE gives no way to clear one attribute in place: a route that
loses its preference, tag or description is removed and re-added (rated high). The form
`vpn-instance V2 NEXTHOP` (a next hop in another instance) is not modelled: such a line stays
text the model does not know.
"""

from __future__ import annotations

from dataclasses import replace

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import HIGH, MEDIUM, SYSTEM, Rating, Risks, Spec, render, spec

ROUTE, ROUTE_VRF = "ip-route-static", "ip-route-static-vrf"
UNDO_ROUTE, UNDO_ROUTE_VRF = "undo-ip-route-static", "undo-ip-route-static-vrf"
ROUTES = frozenset({ROUTE, ROUTE_VRF})
ATTRIBUTES = ("pref", "tag", "d")  # §4.7: modified by re-entering the route

RULE_ROUTE = "static-route"  # add, modify in place, or undo + re-add
RULES = frozenset({RULE_ROUTE})

_ADD = Rating(MEDIUM, "adds static route {dest} {mask} via {ifn}{nh}{in_vrf}: forwarding "
                      "changes")
_MODIFY = Rating(MEDIUM, "changes preference/tag/description of static route {dest} {mask} "
                         "via {ifn}{nh}{in_vrf}")
_REMOVE = Rating(HIGH, "removes static route {dest} {mask} via {ifn}{nh}{in_vrf}: traffic "
                       "it carried is rerouted or dropped")
_READD = Rating(HIGH, "removes and re-adds static route {dest} {mask} via {ifn}{nh}{in_vrf} "
                      "(REFERENCE §4.7 gives no way to clear a preference, tag or description "
                      "in place): traffic it carries drops meanwhile")
_RISKS = Risks(_ADD, _REMOVE, add_replacing=_MODIFY)

_ATTRS = "[preference <pref:int:1-255>] [tag <tag:int:1-4294967295>] [description <d:text>]"
_HOPS = ("<nh:ip>", "<ifn:ifname>", "<ifn:ifname> <nh:ip>")
_HEAD = "ip route-static <dest:ip> <mask:mask>"
_HEAD_VRF = "ip route-static vpn-instance <vrf:word> <dest:ip> <mask:mask>"
_DEFAULTS = (("ifn", ""), ("nh", ""), ("vrf", ""))
_KEY = "ip route-static {dest} {mask} {ifn} {nh}"
_KEY_VRF = "ip route-static vpn-instance {vrf} {dest} {mask} {ifn} {nh}"

SPECS: tuple[Spec, ...] = (
    spec(ROUTE, tuple(f"{_HEAD} {hop} {_ATTRS}" for hop in _HOPS), SYSTEM, "keyed", _KEY,
         "undo " + _KEY, remediation="family", rule=RULE_ROUTE, ref="§4.7",
         defaults=_DEFAULTS, risk=_RISKS),
    spec(ROUTE_VRF, tuple(f"{_HEAD_VRF} {hop} {_ATTRS}" for hop in _HOPS), SYSTEM, "keyed",
         _KEY_VRF, "undo " + _KEY_VRF, remediation="family", rule=RULE_ROUTE, ref="§4.7",
         defaults=_DEFAULTS, risk=_RISKS),
    spec(UNDO_ROUTE, tuple(f"undo {_HEAD} {hop}" for hop in _HOPS), SYSTEM, "undo", _KEY,
         action="remove", remediation="command", ref="§4.7", defaults=_DEFAULTS),
    spec(UNDO_ROUTE_VRF, tuple(f"undo {_HEAD_VRF} {hop}" for hop in _HOPS), SYSTEM, "undo",
         _KEY_VRF, action="remove", remediation="command", ref="§4.7", defaults=_DEFAULTS),
)


def _values(node: Node) -> dict[str, str]:
    p = node.params
    ifn, nh = p.get("ifn", ""), p.get("nh", "")
    return {**p, "ifn": ifn, "nh": f" {nh}" if ifn and nh else nh,
            "in_vrf": f" in vpn-instance {p['vrf']}" if p.get("vrf") else ""}


def undo_line(node: Node, d: Diff) -> str:
    s = d.spec(node.spec)
    assert s is not None and s.undo is not None
    return render(s.undo, node.params, s)


def route(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """One intended route (REFERENCE §4.7): new, modified in place, or undo + re-add when an
    attribute is dropped."""
    if r is not None and r.text == i.text:
        return []
    values = _values(i)
    if r is None:
        return [d.cmd(i.text, i.spec, values=values)]
    dropped = [a for a in ATTRIBUTES if r.params.get(a) and not i.params.get(a)]
    if not dropped:
        return [d.cmd(i.text, i.spec, replaced=True, values=values)]
    undo = d.cmd(undo_line(r, d), r.spec, removal=True, values=_values(r))
    readd = d.cmd(i.text, i.spec, values=values)
    level, reason = HIGH, _READD.reason.format_map(values)
    return [replace(undo, level=level, reason=reason), replace(readd, level=level, reason=reason)]


def deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Managed routes intended drops: `undo ip route-static …` without attributes (§4.7)."""
    return [d.cmd(undo_line(n, d), n.spec, removal=True, values=_values(n))
            for k, n in rk.items() if n.spec in ROUTES and k not in ik]
