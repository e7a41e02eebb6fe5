"""Checks of the k8s section: what Calico would refuse, or what would break the sessions.

Facts from ../shared/calico/README.md (cited by section). Returns issues through `emit`,
never raises.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import netaddr

from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.routes import route_table
from vrpgen.derive.sessions import ResolvedSession
from vrpgen.errors import Severity
from vrpgen.inventory.k8s_model import Calico, IpPool, is_k8s_name
from vrpgen.inventory.model import Inventory

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]

INT32_MAX = 2147483647  # Calico's asNumber is `format: int32` (README §0.6, calico #13494)
BLOCK_SIZE_V4 = (20, 32)  # libcalico-go validator for IPv4 pools (README §2.4)


def check_k8s(inventory: Inventory, devices: dict[str, ResolvedDevice],
              sessions: list[ResolvedSession], emit: Emit) -> None:
    for name, node in inventory.k8s.nodes.items():
        path = ("k8s", "nodes", name)
        if node.remote_as > INT32_MAX:
            emit((*path, "as"), f"AS {node.remote_as} is above {INT32_MAX}: Calico stores AS "
                 "numbers as int32 and refuses it", "give k8s nodes an AS of at most "
                 f"{INT32_MAX} (e.g. from 64512-65534)", Severity.ERROR)
        if node.bfd:
            emit((*path, "bfd"), "BFD towards a k8s node is not possible: Calico's "
                 "open-source BIRD setup cannot run it (calico #4607)", "remove bfd; tune BGP "
                 "timers instead (docs/calico.md)", Severity.ERROR)
    calico = inventory.k8s.calico
    # next-hop-local is derived with or without a calico section, so this check is too.
    _next_hops(inventory, calico, devices, sessions, emit)
    if calico is None:
        return
    if calico.default_as is not None and calico.default_as > INT32_MAX:
        emit(("k8s", "calico", "as"), f"AS {calico.default_as} is above {INT32_MAX}: Calico "
             "stores AS numbers as int32", f"use an AS of at most {INT32_MAX}", Severity.ERROR)
    _node_names(inventory, emit)
    _peer_names(sessions, emit)
    _node_sessions(inventory, calico, sessions, emit)
    _explicit_node_peers(inventory, devices, emit)
    _pools(inventory, calico, devices, emit)
    _filter_names(calico, emit)


def _node_names(inventory: Inventory, emit: Emit) -> None:
    for name in inventory.k8s.nodes:
        if not is_k8s_name(name):
            emit(("k8s", "nodes", name), f"{name!r} is not a Kubernetes node name: Calico's "
                 "BGPPeer and Node need the name `kubectl get nodes` shows",
                 "use lowercase letters, digits, '-' and '.'", Severity.ERROR)


# Calico BGPPeer names: `<node>-to-<router slug>`, a lowercase DNS-1123 subdomain of at most
# 253 characters (libcalico-go nameRegex, ../shared/calico/README.md §1).
#
# Two different rules for the two ways a name can go wrong, on purpose:
# - too long: shortened deterministically (cut, then '-' and 8 hex digits of the full name's
#   SHA-256). The node name is not the user's choice (it is what `kubectl get nodes` shows, up
#   to 253 characters), so refusing would leave a valid cluster without a configuration; the
#   hash keeps shortened names distinct and stable from run to run.
# - a collision (routers R-1 and R_1 both give `-to-r-1`; node `a-to-b` with router c and node
#   a with router `b-to-c`): a located error. calicoctl apply would keep one of the two
#   resources and silently drop a session; renaming a router is in the user's hands, and a
#   hash suffix on only one of two look-alike names would hide which router it means.
PEER_NAME_MAX = 253


def peer_name(node: str, router: str) -> str:
    """`k8s-node-1-to-r1`: the BGPPeer resource of node `node` and router `router`."""
    slug = re.sub(r"[^a-z0-9]+", "-", router.lower()).strip("-") or "router"
    name = f"{node}-to-{slug}"
    if len(name) <= PEER_NAME_MAX:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[:PEER_NAME_MAX - 9].rstrip('-.')}-{digest}"


def _peer_names(sessions: list[ResolvedSession], emit: Emit) -> None:
    """Every node-router session needs a BGPPeer name of its own (see peer_name)."""
    owners: dict[str, tuple[str, str]] = {}
    for session in sessions:
        for router, node in session.ends():
            if not node.is_node:
                continue
            name = peer_name(node.name, router.name)
            other = owners.setdefault(name.lower(), (node.name, router.name))
            if other != (node.name, router.name):
                emit(("k8s", "nodes", node.name), f"the Calico BGPPeer of {node.name} and "
                     f"router {router.name} would be named {name}, like the one of "
                     f"{other[0]} and router {other[1]}: calicoctl apply would keep one and "
                     "drop the other session", f"rename router {router.name} or "
                     f"{other[1]} (BGPPeer names are <node>-to-<router>, lowercase, with "
                     "other characters as '-')", Severity.ERROR)


def _node_sessions(inventory: Inventory, calico: Calico, sessions: list[ResolvedSession],
                   emit: Emit) -> None:
    peered: set[str] = set()
    for session in sessions:
        for router, node in session.ends():
            if not node.is_node:
                continue
            peered.add(node.name)
            path = ("k8s", "nodes", node.name)
            spec = inventory.k8s.nodes[node.name]
            if node.asn != router.asn and not calico.allow_ebgp:
                emit((*path, "as"), f"AS {node.asn} is not {router.name}'s AS {router.asn}: "
                     f"the node would be an eBGP peer, not a route-reflector client",
                     f"set as: {router.asn}, or allow eBGP nodes with "
                     "k8s.calico.allow_ebgp: true", Severity.ERROR)
            if spec.keep_original_next_hop and node.asn == router.asn:
                emit((*path, "keep_original_next_hop"), f"Calico applies keepOriginalNextHop "
                     f"to eBGP peers only; the session with {router.name} is iBGP",
                     "remove keep_original_next_hop", Severity.WARNING)
    mesh_off = calico.node_to_node_mesh is False or (
        calico.node_to_node_mesh is None and peered)
    if mesh_off:
        for name in inventory.k8s.nodes:
            if name not in peered:
                emit(("k8s", "nodes", name), f"{name} peers with no router while the "
                     "node-to-node mesh is off: its pods would be unreachable",
                     "add peers: [<router>], or set k8s.calico.node_to_node_mesh: true",
                     Severity.ERROR)
    enabled = {"import": calico.import_filter.enabled, "export": calico.export_filter.enabled}
    for which, on in enabled.items():
        if peered and on and not calico.ip_pools:
            emit(("k8s", "calico"), f"the routers' {which} filter needs the IP pools, and "
                 "k8s.calico.ip_pools is empty", "add ip_pools (e.g. 192.168.0.0/16), or set "
                 f"{which}_filter: {{enabled: false}}", Severity.ERROR)


def _filter_names(calico: Calico, emit: Emit) -> None:
    """Both filters are route-policies on the same routers: one name would merge them."""
    imp, exp = calico.import_filter, calico.export_filter
    path = ("k8s", "calico", "export_filter")
    if imp.enabled and exp.enabled and imp.route_policy == exp.route_policy:
        emit((*path, "route_policy"), f"the export filter's route-policy {exp.route_policy} is "
             "also the import filter's: the routers would apply one policy both ways",
             "give export_filter.route_policy another name (default K8S-TO-NODE)",
             Severity.ERROR)
    if exp.enabled and exp.default_route and exp.default_prefix_list in (
            exp.prefix_list, imp.prefix_list if imp.enabled else None):
        emit((*path, "default_prefix_list"), f"ip-prefix {exp.default_prefix_list} already "
             "holds the pod blocks: the default route needs a list of its own",
             "give default_prefix_list another name (default K8S-DEFAULT)", Severity.ERROR)


def _next_hops(inventory: Inventory, calico: Calico | None, devices: dict[str, ResolvedDevice],
               sessions: list[ResolvedSession], emit: Emit) -> None:
    """Every next hop a node would see for another node's pod blocks must be on its subnet:
    BIRD (`gateway recursive`) marks any other unreachable (README §6.1, calico #1515)."""
    table = route_table(inventory, devices, sessions)
    pools = ", ".join(f"{p.cidr} ge {p.block_size}"
                      for p in (calico.ip_pools.values() if calico is not None else ()))
    for route, hops in table.unreachable():
        subnets = ", ".join(sorted({str(n) for n in table.subnets.get(route.node, ())}))
        blocks = f" ({pools})" if pools else ""
        if len(hops) == 1:
            ((hop, origins),) = hops.items()
            what = (f"{route.node} would learn the pod blocks of {_names(origins)}{blocks} "
                    f"from {route.via} with next hop {hop}, which is not on its subnet "
                    f"{subnets or '(none)'}")
        else:  # one issue per node and router, not one per rack behind it
            listed = ", ".join(f"{hop} ({_names(origins)})" for hop, origins in
                               list(hops.items())[:_HOPS_SHOWN])
            more = f" and {len(hops) - _HOPS_SHOWN} more" if len(hops) > _HOPS_SHOWN else ""
            what = (f"{route.node} would learn the pod blocks of "
                    f"{sum(map(len, hops.values()))} nodes{blocks} from {route.via} with "
                    f"{len(hops)} next hops not on its subnet {subnets or '(none)'}: "
                    f"{listed}{more}")
        path = ("k8s", "nodes", route.node)
        if route.reflected:
            prev = route.path[-2] if len(route.path) > 1 else route.origin
            # next-hop-local cannot help here (README §6.1): a warning with the real fixes.
            emit(path, f"{what}: {route.via} reflects it as learned over iBGP from {prev}, and "
                 "next-hop-local does not change reflected routes (calico README §6.1)",
                 f"make the session {prev} - {route.via} eBGP (next-hop-local then applies), "
                 f"put {_these(hops)} on the node's subnet, or send the nodes a default route "
                 "to resolve it through (k8s.calico.export_filter.default_route: true, calico "
                 "README §8)", Severity.WARNING)
        else:
            own = inventory.k8s.nodes[route.node].next_hop_local is not None
            setting = (f"k8s.nodes.{route.node}.next_hop_local" if own
                       else "k8s.calico.next_hop_local")
            emit(path, f"{what}: BIRD marks the route unreachable (calico README §6.1, "
                 "calico #1515)", f"let {route.via} send its own address: set "
                 f"{setting}: auto (or true), which renders `peer "
                 f"{inventory.k8s.nodes[route.node].address} next-hop-local` (calico README "
                 "§6.3)", Severity.ERROR)


_HOPS_SHOWN = 3  # next hops named in one issue; the rest are counted


def _these(hops: dict[str, list[str]]) -> str:
    return next(iter(hops)) if len(hops) == 1 else "those next hops"


def _names(origins: list[str]) -> str:
    unique = list(dict.fromkeys(origins))
    if len(unique) == 1:
        return unique[0]
    if len(unique) <= 3:
        return f"{', '.join(unique[:-1])} and {unique[-1]}"
    return f"{', '.join(unique[:2])} and {len(unique) - 2} other nodes"


def _explicit_node_peers(inventory: Inventory, devices: dict[str, ResolvedDevice],
                         emit: Emit) -> None:
    """A node reached through `bgp.peers` would get no BGPPeer and no import filter."""
    nodes = {str(node.address): name for name, node in inventory.k8s.nodes.items()}
    for device in devices.values():
        for address in device.bgp.peers if device.bgp is not None else {}:
            if address in nodes:
                emit(device.path("bgp", "peers", address), f"{address} is k8s node "
                     f"{nodes[address]}: an explicit peer gets no Calico BGPPeer and no "
                     "import filter", f"remove it and add {device.name} to "
                     f"k8s.nodes.{nodes[address]}.peers", Severity.ERROR)


def _pools(inventory: Inventory, calico: Calico, devices: dict[str, ResolvedDevice],
           emit: Emit) -> None:
    pools: list[tuple[netaddr.IPNetwork, str]] = []
    for name, pool in calico.ip_pools.items():
        path = ("k8s", "calico", "ip_pools", name)
        _pool_shape(path, pool, emit)
        taken = _first_in_use(pool.cidr, inventory, devices)
        if taken is not None:
            net, owner = taken
            emit((*path, "cidr"), f"pool {pool.cidr} overlaps {net} of {owner}",
                 "pod addresses must not collide with node or router networks: pick "
                 "another cidr", Severity.ERROR)
        for net, other in pools:
            if _overlap(pool.cidr, net):
                emit((*path, "cidr"), f"pool {pool.cidr} overlaps pool {other} ({net})",
                     "IP pools must not overlap", Severity.ERROR)
                break
        pools.append((pool.cidr, name))


def _first_in_use(cidr: netaddr.IPNetwork, inventory: Inventory,
                  devices: dict[str, ResolvedDevice]) -> tuple[netaddr.IPNetwork, str] | None:
    """The first device subnet or loopback, then node address, that overlaps `cidr`, with its
    owner (compared as integers: names and networks are built for the one found only)."""
    for device in devices.values():
        if device.loopback is not None and _overlap(cidr, device.loopback.ip):
            return device.loopback.ip.cidr, f"{device.name} LoopBack0"
        for item in device.interfaces:
            ip = item.spec.ip
            if ip is not None and _overlap(cidr, ip):
                return ip.cidr, f"{device.name} {item.name}"
    for name, node in inventory.k8s.nodes.items():
        if cidr.first <= int(node.address) <= cidr.last:
            return netaddr.IPNetwork(f"{node.address}/32"), f"k8s node {name}"
    return None


def _pool_shape(path: Path_, pool: IpPool, emit: Emit) -> None:
    low, high = BLOCK_SIZE_V4
    if not low <= pool.block_size <= high:
        emit((*path, "block_size"), f"block size {pool.block_size} is outside Calico's "
             f"range {low}-{high} for IPv4 pools", "use 26 (Calico's default)", Severity.ERROR)
    elif pool.cidr.prefixlen > pool.block_size:
        emit((*path, "block_size"), f"pool /{pool.cidr.prefixlen} is smaller than one "
             f"/{pool.block_size} block", f"use block_size: {pool.cidr.prefixlen} or more, "
             "or a larger cidr", Severity.ERROR)
    if pool.ipip_mode != "Never" and pool.vxlan_mode != "Never":
        emit((*path, "vxlan_mode"), "IP-in-IP and VXLAN cannot both be on for a pool",
             "set ipip_mode or vxlan_mode to Never", Severity.ERROR)


def _overlap(a: netaddr.IPNetwork, b: netaddr.IPNetwork) -> bool:
    return bool(a.first <= b.last and b.first <= a.last)
