"""VPN-instance family: `ip vpn-instance A`, its `ipv4-family`, `route-distinguisher` and
`vpn-target` (REFERENCE §2.1 views, §3.10 display, CORPUS Hub-PE26/PE66 layout).

What REFERENCE gives: the views (`ip vpn-instance A` -> `[R1-vpn-instance-A]`, `ipv4-family` ->
`[R1-vpn-instance-A-af-ipv4]`, §2.1) and the display (`vpn-target X both` is shown as two lines,
`export-extcommunity` and `import-extcommunity`, §3.10, §6.3). What it does not give: any undo
(of the instance, a route-distinguisher or a vpn-target) and whether a route-distinguisher can be
changed in place. So the rule is additive only: a new instance, a first route-distinguisher and
new vpn-targets are added in their view path; a route-distinguisher change and any line intended
drops (a vpn-target, an unknown line) are refused (`RemediationError`), never guessed.
"""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff, same
from vrpgen.vrp.spec import LOW, MEDIUM, SYSTEM, VPN, VPN_AF, Rating, Risks, Spec, spec

INSTANCE, FAMILY = "vpn-instance", "vpn-instance-af"
RD, TARGET = "route-distinguisher", "vpn-target"
KEY_PREFIX = "ip vpn-instance "

RULE_INSTANCE = "vpn-instance"  # additive; removals and RD changes refused
RULES = frozenset({RULE_INSTANCE})

_NO_UNDO = "REFERENCE gives no undo for it (§2.1, §3.10 only show the view and the display)"
_NO_RD_CHANGE = ("REFERENCE does not say a route-distinguisher can be changed in place, nor "
                 "how to remove it: change it by hand (delete and re-create the instance)")

SPECS: tuple[Spec, ...] = (
    spec(INSTANCE, "ip vpn-instance <vrf:word>", SYSTEM, "section", KEY_PREFIX + "{vrf}", None,
         opens=VPN, remediation="family", rule=RULE_INSTANCE, ref="§2.1",
         risk=Risks(Rating(LOW, "creates vpn-instance {vrf}"))),
)
VIEW_SPECS: tuple[Spec, ...] = (
    spec(FAMILY, "ipv4-family", VPN, "section", "ipv4-family", None, opens=VPN_AF,
         remediation="family", rule=RULE_INSTANCE, ref="§2.1",
         risk=Risks(Rating(LOW, "enables IPv4 in vpn-instance {vrf}"))),
    spec(RD, "route-distinguisher <rd:word>", VPN_AF, "replace", "route-distinguisher", None,
         remediation="family", rule=RULE_INSTANCE, ref="§2.1",
         risk=Risks(Rating(MEDIUM, "sets route-distinguisher {rd} of vpn-instance {vrf}: its "
                                   "routes are advertised under it"))),
    # REFERENCE §3.10: `both` is displayed as two lines; only the displayed forms are modelled.
    spec(TARGET, "vpn-target <t:word> <dir:enum:export-extcommunity|import-extcommunity>",
         VPN_AF, "keyed", "vpn-target {t} {dir}", None, remediation="family",
         rule=RULE_INSTANCE, ref="§3.10",
         risk=Risks(Rating(MEDIUM, "adds vpn-target {t} {dir} to vpn-instance {vrf}: the "
                                   "routes it imports or exports change"))),
)


def instance(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """One `ip vpn-instance` (see the module docstring)."""
    vrf = i.params["vrf"]
    if r is None:
        with d.inside(i.text, vrf=vrf):
            kids = [c for child in i.children.values() for c in d.create(child)]
        return [d.line(i), *kids, enter("quit")]
    if same(r.children, i.children):
        return []
    with d.inside(i.text, vrf=vrf):
        body = _additive(r, i, d)
    return [enter(i.text), *body, enter("quit")] if body else []


def _additive(r: Node, i: Node, d: Diff) -> list[Command]:
    """Lines intended adds, in their view path; a change or a removal is refused."""
    out: list[Command] = []
    for key, node in i.children.items():
        old = r.children.get(key)
        if old is None:
            out.extend(d.create(node))
        elif node.children or old.children or node.spec == FAMILY:
            if same(old.children, node.children):
                continue
            with d.inside(node.text):
                body = _additive(old, node, d)
            if body:
                out.extend([enter(node.text), *body, enter("quit")])
        elif old.text != node.text:
            d.refuse(f"{old.text} -> {node.text}", _NO_RD_CHANGE if node.spec == RD
                     else _NO_UNDO)
    for key, old in r.children.items():
        if key not in i.children:
            d.refuse(old.text, _NO_RD_CHANGE if old.spec == RD else _NO_UNDO)
    return out
