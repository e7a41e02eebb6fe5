"""The router side of sessions with k8s nodes: filters both ways, next-hop-local, password.

Calico nodes announce their allocation blocks (/blockSize) and borrowed /32s, never the pool
itself (../shared/calico/README.md §0.5, §3), so the filter permits each pool
`greater-equal <blockSize> less-equal 32`; advertised service CIDRs are permitted from their
own length to /32 (README §6.2). The import filter uses it on routes from nodes, so a node
cannot announce a default route or another network's prefix; the export filter on routes to
nodes, because Calico installs everything a router sends (README §6.1). Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import netaddr

from vrpgen.derive.intent import PrefixEntryIntent, PrefixListIntent, RoutePolicyNodeIntent
from vrpgen.derive.lookup import address_of
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.inventory.k8s_model import Calico
from vrpgen.inventory.model import Inventory
from vrpgen.placeholders import placeholder


@dataclass(frozen=True, slots=True)
class NodePeerOptions:
    """What a router adds to its `peer` lines towards one k8s node."""

    import_policy: str | None
    export_policy: str | None
    password: str | None  # a `${ENV}` placeholder
    next_hop_local: bool


NO_OPTIONS = NodePeerOptions(None, None, None, False)


def node_peer_options(inventory: Inventory, session: ResolvedSession, remote: End,
                      node_subnets: Iterable[netaddr.IPNetwork],
                      ebgp_hops: Iterable[netaddr.IPAddress]) -> NodePeerOptions:
    """Options of a router's peer `remote`; `node_subnets` and `ebgp_hops` as returned by
    subnets_holding() and ebgp_next_hops() for that router."""
    if not remote.is_node:
        return NO_OPTIONS
    calico = inventory.k8s.calico
    nhl = wants_next_hop_local(inventory, remote.name, session.ibgp, node_subnets, ebgp_hops)
    if calico is None:
        return NodePeerOptions(None, None, None, nhl)
    return NodePeerOptions(
        import_policy=calico.import_filter.route_policy if calico.import_filter.enabled else None,
        export_policy=calico.export_filter.route_policy if calico.export_filter.enabled else None,
        password=(placeholder(calico.bgp_password.env)
                  if calico.bgp_password is not None else None),
        next_hop_local=nhl)


def wants_next_hop_local(inventory: Inventory, node: str, ibgp: bool,
                         node_subnets: Iterable[netaddr.IPNetwork],
                         ebgp_hops: Iterable[netaddr.IPAddress]) -> bool:
    """`peer <node> next-hop-local` on a router, for one node session.

    Huawei keeps the next hop of eBGP-learned routes towards iBGP peers; a node cannot resolve
    one outside its subnet and BIRD marks the route unreachable (README §6.1, §6.3, calico
    #1515). Only iBGP sessions: over eBGP the router sends its own address anyway. `auto`
    sets it when any eBGP peer of the router (whose address becomes the next hop of what it
    sends) is off the node's subnets; it is harmless otherwise (README §6.1)."""
    if not ibgp:
        return False
    calico = inventory.k8s.calico
    setting = inventory.k8s.nodes[node].next_hop_local
    if setting is None:
        setting = calico.next_hop_local if calico is not None else "auto"
    if setting != "auto":
        return bool(setting)
    subnets = tuple(node_subnets)
    return any(not any(hop in net for net in subnets) for hop in ebgp_hops)


def ebgp_next_hops(device: ResolvedDevice, sessions: Iterable[ResolvedSession],
                   ) -> tuple[netaddr.IPAddress, ...]:
    """The next hops routes arrive with at `device` over eBGP: each eBGP peer's address
    (sessions, then explicit peers)."""
    hops = [address_of(remote.address) for session in sessions
            for local, remote in session.ends()
            if local.name == device.name and not session.ibgp]
    bgp = device.bgp
    if bgp is not None:
        hops += [address_of(address) for address, peer in bgp.peers.items()
                 if peer.remote_as != bgp.local_as]
    return tuple(hops)


def subnets_holding(device: ResolvedDevice, address: str | netaddr.IPAddress,
                    lan: tuple[tuple[netaddr.IPNetwork, netaddr.IPNetwork], ...] | None = None,
                    ) -> tuple[netaddr.IPNetwork, ...]:
    """The subnets of `device`'s interfaces that hold `address` (loopbacks excluded); `lan`:
    lan_subnets(device), when the caller asks for several addresses of one device (its subnet
    objects are then shared by the answers)."""
    value = int(address_of(address) if isinstance(address, str) else address)
    return tuple(net for ip, net in (lan if lan is not None else lan_subnets(device))
                 if ip.first <= value <= ip.last)  # integers: no IPNetwork built per test


def lan_subnets(device: ResolvedDevice,
                ) -> tuple[tuple[netaddr.IPNetwork, netaddr.IPNetwork], ...]:
    """(address with its length, subnet) of the device's interfaces on a subnet: not
    loopbacks, not /32."""
    return tuple((item.spec.ip, item.spec.ip.cidr) for item in device.interfaces
                 if item.spec.ip is not None and item.name.kind != "LoopBack"
                 and item.spec.ip.prefixlen < 32)


def node_filter(inventory: Inventory, device: str, sessions: Iterable[ResolvedSession],
                ) -> tuple[tuple[RoutePolicyNodeIntent, ...], tuple[PrefixListIntent, ...]]:
    """The route-policies and ip-prefixes of `device`, when it has a session with a k8s node:
    the import filter, then the export filter (README §6.2 shows them in this order)."""
    calico = inventory.k8s.calico
    if calico is None:
        return (), ()
    has_node = any(local.name == device and remote.is_node
                   for session in sessions for local, remote in session.ends())
    entries = pod_prefix_entries(calico)
    if not has_node or not entries:
        # No pools: k8s_checks refuses an enabled filter, since an if-match on an empty
        # (missing) ip-prefix permits everything (README §6.1).
        return (), ()
    policies: list[RoutePolicyNodeIntent] = []
    lists: dict[str, PrefixListIntent] = {}
    imp, exp = calico.import_filter, calico.export_filter
    if imp.enabled:
        policies.append(RoutePolicyNodeIntent(imp.route_policy, "permit", 10,
                                              (imp.prefix_list,)))
        lists[imp.prefix_list] = PrefixListIntent(imp.prefix_list, entries)
    if exp.enabled:
        policies.append(RoutePolicyNodeIntent(exp.route_policy, "permit", 10,
                                              (exp.prefix_list,)))
        lists.setdefault(exp.prefix_list, PrefixListIntent(exp.prefix_list, entries))
        if exp.default_route:
            # A second node: if-match lines within one node must all match (§4.11). Without
            # greater-equal/less-equal the entry matches 0.0.0.0/0 only (§4.10).
            policies.append(RoutePolicyNodeIntent(exp.route_policy, "permit", 20,
                                                  (exp.default_prefix_list,)))
            lists[exp.default_prefix_list] = PrefixListIntent(exp.default_prefix_list, (
                PrefixEntryIntent(10, "permit", "0.0.0.0", 0, None, None),))
    return tuple(policies), tuple(lists.values())


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
