"""The VRP command table: the specs of every feature family, in one order, indexed by view and
first keyword. Every rule cites the section of ../shared/vrp/REFERENCE.md it comes from.

The specs live with their family (vrp/families/); the `Spec` record, its builder (`_s`) and the
template helpers live in spec.py and are re-exported here. The order below is the table's
order: it decides which form wins when two forms of one view match the same line.
"""

from __future__ import annotations

from vrpgen.vrp.families import (
    bgp,
    interface,
    lacp,
    management,
    ospf,
    policy,
    static,
    stp,
    system,
    vlan,
    vpn,
    vrrp,
)
from vrpgen.vrp.grammar import Form, first_keyword
from vrpgen.vrp.spec import (
    AF,
    AREA,
    BGP,
    BGP_VRF,
    INTERFACE,
    OSPF,
    POLICY,
    SYSTEM,
    VLAN,
    VPN,
    VPN_AF,
    VPNV4,
    Spec,
    key_of,
    render,
)
from vrpgen.vrp.spec import spec as _s

__all__ = [
    "AF", "AREA", "BGP", "BGP_VRF", "BY_ID", "FAMILIES", "INDEX", "INTERFACE", "OSPF", "POLICY",
    "RULES", "SPECS",
    "SYSTEM", "VLAN", "VPN", "VPNV4", "VPN_AF", "Spec", "_s", "by_id", "candidates", "index",
    "key_of", "render",
]  # fmt: skip

# Every family module; each one's RULES are the remediation rules it implements.
FAMILIES = (system, vlan, interface, ospf, bgp, policy, static, vpn, lacp, stp, vrrp, management)
RULES: frozenset[str] = frozenset().union(*(family.RULES for family in FAMILIES))

SPECS: tuple[Spec, ...] = (
    # -- system view
    *system.SPECS,
    *vlan.SPECS,
    *interface.SPECS,
    *ospf.SPECS,
    *bgp.SPECS,
    *policy.SPECS,
    *static.SPECS,
    *vpn.SPECS,
    *lacp.SPECS,
    *stp.SPECS,
    *management.SPECS,
    # -- interface and vlan views
    *interface.VIEW_SPECS,
    *vlan.VIEW_SPECS,
    *interface.PORT_SPECS,
    *ospf.INTERFACE_SPECS,
    *interface.MEMBER_SPECS,
    *lacp.VIEW_SPECS,
    *stp.VIEW_SPECS,
    *vrrp.VIEW_SPECS,
    # -- ospf, bgp and route-policy views
    *ospf.VIEW_SPECS,
    *bgp.VIEW_SPECS,
    *policy.VIEW_SPECS,
    *vpn.VIEW_SPECS,
    *management.VIEW_SPECS,
)


def by_id(specs: tuple[Spec, ...]) -> dict[str, Spec]:
    """Specs by id; two specs with one id would make the table ambiguous."""
    table: dict[str, Spec] = {}
    for s in specs:
        if s.id in table:
            raise ValueError(f"two specs with the id {s.id!r}")
        table[s.id] = s
    return table


BY_ID: dict[str, Spec] = by_id(SPECS)


def index(specs: tuple[Spec, ...]) -> dict[str, dict[str, list[tuple[Spec, Form]]]]:
    """view -> first keyword -> (spec, form), in table order."""
    table: dict[str, dict[str, list[tuple[Spec, Form]]]] = {}
    for spec in specs:
        for view in spec.views:
            per_view = table.setdefault(view, {})
            for form in spec.parsed:
                per_view.setdefault(first_keyword(form), []).append((spec, form))
    return table


INDEX = index(SPECS)
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
