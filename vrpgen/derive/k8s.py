"""The router side of sessions with k8s nodes: import filter and password reference.

Calico nodes announce their allocation blocks (/blockSize) and borrowed /32s, never the pool
itself (../shared/calico/README.md §0.5, §3), so the filter permits each pool
`greater-equal <blockSize> less-equal 32`; advertised service CIDRs are permitted from their
own length to /32 (README §6.2). A node therefore cannot announce a default route or another
network's prefix. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from vrpgen.derive.intent import PrefixEntryIntent, PrefixListIntent, RoutePolicyNodeIntent
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.inventory.k8s_model import Calico
from vrpgen.inventory.model import Inventory
from vrpgen.placeholders import placeholder

def node_peer_options(inventory: Inventory, remote: End) -> tuple[str | None, str | None]:
    """(import policy name, password placeholder) for a router's peer `remote`."""
    calico = inventory.k8s.calico
    if not remote.is_node or calico is None:
        return None, None
    policy = calico.import_filter.route_policy if calico.import_filter.enabled else None
    password = (placeholder(calico.bgp_password.env)
                if calico.bgp_password is not None else None)
    return policy, password


def node_filter(inventory: Inventory, device: str, sessions: Iterable[ResolvedSession],
                ) -> tuple[tuple[RoutePolicyNodeIntent, ...], tuple[PrefixListIntent, ...]]:
    """The route-policy and ip-prefix of `device`, when it has a session with a k8s node."""
    calico = inventory.k8s.calico
    if calico is None or not calico.import_filter.enabled:
        return (), ()
    has_node = any(local.name == device and remote.is_node
                   for session in sessions for local, remote in session.ends())
    if not has_node:
        return (), ()
    names = calico.import_filter
    entries = pod_prefix_entries(calico)
    if not entries:  # k8s_checks refuses this: an empty list would permit everything (§6.1)
        return (), ()
    policy = RoutePolicyNodeIntent(names.route_policy, "permit", 10, (names.prefix_list,))
    return (policy,), (PrefixListIntent(names.prefix_list, entries),)


def pod_prefix_entries(calico: Calico) -> tuple[PrefixEntryIntent, ...]:
    """Pools ge blockSize le 32, then advertised service CIDRs ge their length le 32."""
    ranges: list[tuple[str, int, int]] = []
    for pool in calico.ip_pools.values():
        ranges.append((str(pool.cidr.network), pool.cidr.prefixlen, pool.block_size))
    services = (*calico.service_cluster_ips, *calico.service_external_ips,
                *calico.service_load_balancer_ips)
    for net in services:
        ranges.append((str(net.network), net.prefixlen, net.prefixlen))
    out: list[PrefixEntryIntent] = []
    seen: set[tuple[str, int, int]] = set()
    for item in ranges:
        if item in seen:
            continue
        seen.add(item)
        address, length, ge = item
        out.append(PrefixEntryIntent(index=10 * (len(out) + 1), action="permit",
                                     address=address, length=length,
                                     greater_equal=ge, less_equal=32))
    return tuple(out)
