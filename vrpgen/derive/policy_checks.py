"""Routing policy and edge BGP checks: references, unused objects, and designs that are legal
but dangerous. Returns issues through `emit`, never raises.

Errors: a route-policy, ip-prefix, community or AS-path filter referenced but not defined on
the device; a name that the
Calico filters of the device already use; session `options` for a device that is not an end of
the session; BFD toward a k8s node (Calico OSS cannot run BFD, docs/calico.md).
Warnings (errors under --strict): a policy, prefix list or filter nothing uses; an eBGP
session to an external AS (no inventory device or node has it) without import policy or
without password;
ends of one AS peering over eBGP with one router without allowing their own AS back (they drop
each other's routes as an AS loop: calico README §2.2 numAllowedLocalASNumbers, calico#4287).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from vrpgen.derive.lookup import sessions_by_device
from vrpgen.derive.policy import policy_references, session_options
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.errors import Severity
from vrpgen.inventory.model import Inventory

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]


@dataclass(frozen=True, slots=True)
class _Generated:
    """Names the Calico filters give a device's route-policies and prefix lists."""

    policies: frozenset[str]
    prefix_lists: frozenset[str]


def check_policies(inventory: Inventory, devices: dict[str, ResolvedDevice],
                   sessions: list[ResolvedSession], emit: Emit) -> None:
    attached = sessions_by_device(sessions)
    for device in devices.values():
        own = [s for s, _, _ in attached.get(device.name, ())]
        generated = _generated(inventory, device, own)
        _collisions(device, generated, emit)
        _references(device, own, generated, emit)
    for session in sessions:
        _session_options(session, emit)
    _groups(devices, sessions, emit)
    _external_sessions(inventory, devices, emit)
    _shared_as(inventory, sessions, emit)


def _generated(inventory: Inventory, device: ResolvedDevice,
               sessions: list[ResolvedSession]) -> _Generated:
    """`sessions`: at least the device's own (the others are skipped)."""
    calico = inventory.k8s.calico
    has_node = any(local.name == device.name and remote.is_node
                   for s in sessions for local, remote in s.ends())
    if calico is None or not has_node:
        return _Generated(frozenset(), frozenset())
    imp, exp = calico.import_filter, calico.export_filter
    policies = {f.route_policy for f in (imp, exp) if f.enabled}
    lists = {f.prefix_list for f in (imp, exp) if f.enabled}
    if exp.enabled and exp.default_route:
        lists.add(exp.default_prefix_list)
    return _Generated(frozenset(policies), frozenset(lists))


def _collisions(device: ResolvedDevice, generated: _Generated, emit: Emit) -> None:
    for name in device.route_policies:
        if name in generated.policies:
            emit(device.path("route_policies", name), f"route-policy {name} is also the "
                 "name of this device's Calico filter (k8s.calico)",
                 "rename one of them", Severity.ERROR)
    for name in device.prefix_lists:
        if name in generated.prefix_lists:
            emit(device.path("prefix_lists", name), f"ip-prefix {name} is also the name of "
                 "this device's Calico filter list (k8s.calico)", "rename one of them",
                 Severity.ERROR)


def _references(device: ResolvedDevice, sessions: list[ResolvedSession],
                generated: _Generated, emit: Emit) -> None:
    policies = set(device.route_policies) | generated.policies
    lists = set(device.prefix_lists) | generated.prefix_lists
    used_policies: set[str] = set()
    for name, path in policy_references(device, sessions):
        used_policies.add(name)
        if name not in policies:
            emit(path, f"route-policy {name} is not defined on {device.name}: a reference to a "
                 "missing policy changes what the session accepts or sends",
                 _known("route-policies", policies), Severity.ERROR)
    used_lists: set[str] = set()
    for name, nodes in device.route_policies.items():
        for i, node in enumerate(nodes):
            wanted = node.match.ip_prefix
            if wanted is None:
                continue
            used_lists.add(wanted)
            if wanted not in lists:
                # REFERENCE §4.10: a policy matching a missing list changes meaning
                emit(device.path("route_policies", name, i, "match", "ip_prefix"),
                     f"ip-prefix {wanted} is not defined on {device.name}",
                     _known("prefix lists", lists), Severity.ERROR)
    for name in device.route_policies:
        if name not in used_policies:
            emit(device.path("route_policies", name), f"route-policy {name} is not used by any "
                 "BGP peer, network, import-route or OSPF import of " + device.name,
                 "use it or remove it", Severity.WARNING)
    for name in device.prefix_lists:
        if name not in used_lists:
            emit(device.path("prefix_lists", name), f"ip-prefix {name} is not matched by any "
                 f"route-policy of {device.name}", "use it or remove it", Severity.WARNING)
    _filter_references(device, emit)


# (match field, device field, how VRP names it): filters a node matches by name
_FILTERS = (("community_filter", "community_filters", "community-filter"),
            ("as_path_filter", "as_path_filters", "as-path-filter"))


def _filter_references(device: ResolvedDevice, emit: Emit) -> None:
    """Like prefix lists: a filter a node matches must exist (Huawei "if-match
    community-filter": matching a filter that does not exist permits every route), and a
    filter nothing matches is a warning."""
    for field, objects, word in _FILTERS:
        defined: dict[str, object] = getattr(device, objects)
        used: set[str] = set()
        for name, nodes in device.route_policies.items():
            for i, node in enumerate(nodes):
                wanted = getattr(node.match, field)
                if wanted is None:
                    continue
                used.add(wanted)
                if wanted not in defined:
                    emit(device.path("route_policies", name, i, "match", field),
                         f"{word} {wanted} is not defined on {device.name}: a route-policy "
                         "matching a missing filter permits every route",
                         _known(objects.replace("_", " "), set(defined)), Severity.ERROR)
        for name in defined:
            if name not in used:
                emit(device.path(objects, name), f"{word} {name} is not matched by any "
                     f"route-policy of {device.name}", "use it or remove it", Severity.WARNING)


def _known(what: str, names: set[str] | frozenset[str]) -> str:
    return f"{what} defined here: " + (", ".join(sorted(names)) or "none")


def _session_options(session: ResolvedSession, emit: Emit) -> None:
    spec = session.spec
    if spec is None:
        return
    devices = {e.name for e in (session.a, session.b) if not e.is_node}
    for name in spec.options:
        if name not in devices:
            emit((*session.path, "options", name), f"options for {name}, which is not a "
                 "device end of this session", "key options by one of: "
                 + ", ".join(sorted(devices)), Severity.ERROR)
    if spec.bfd and (session.a.is_node or session.b.is_node):
        emit((*session.path, "bfd"), "BFD toward a k8s node: Calico cannot run BFD, the "
             "router's session would never come up with it", "remove bfd", Severity.ERROR)


def _groups(devices: dict[str, ResolvedDevice], sessions: list[ResolvedSession],
            emit: Emit) -> None:
    """A peer's group exists on its device and fits the session: `internal` for iBGP,
    `external` for eBGP (REFERENCE §4.9 `group NAME [internal | external]`)."""
    used: dict[str, set[str]] = {name: set() for name in devices}
    for name, group, ibgp, path in _group_members(devices, sessions):
        bgp = devices[name].bgp
        groups = bgp.groups if bgp is not None else {}
        used[name].add(group)
        if group not in groups:
            emit(path, f"peer group {group} is not defined on {name}",
                 _known("groups (bgp.groups)", set(groups)), Severity.ERROR)
        elif (groups[group].type == "internal") != ibgp:
            emit(path, f"peer group {group} is {groups[group].type} but this session is "
                 f"{'iBGP' if ibgp else 'eBGP'}", "use a group of the right type",
                 Severity.ERROR)
    for device in devices.values():
        for group in (device.bgp.groups if device.bgp is not None else {}):
            if group not in used[device.name]:
                emit(device.path("bgp", "groups", group), f"peer group {group} has no member",
                     "add group: to a peer or remove it", Severity.WARNING)


def _group_members(devices: dict[str, ResolvedDevice], sessions: list[ResolvedSession]
                   ) -> Iterator[tuple[str, str, bool, Path_]]:
    """(device, group, iBGP?, where) of every peer that names a group."""
    for device in devices.values():
        bgp = device.bgp
        if bgp is None:
            continue
        for address, peer in bgp.peers.items():
            if peer.group is not None:
                yield (device.name, peer.group, peer.remote_as == bgp.local_as,
                       device.path("bgp", "peers", address, "group"))
    for session in sessions:
        for local, _remote in session.ends():
            group = session_options(session, local.name).group
            if group is not None:
                yield (local.name, group, session.ibgp,
                       (*session.path, "options", local.name, "group"))


def _inventory_asns(inventory: Inventory, devices: dict[str, ResolvedDevice]) -> set[int]:
    asns = {d.bgp.local_as for d in devices.values() if d.bgp is not None}
    return asns | {n.remote_as for n in inventory.k8s.nodes.values()}


def _external_sessions(inventory: Inventory, devices: dict[str, ResolvedDevice],
                       emit: Emit) -> None:
    """Explicit eBGP peers in an AS no device or node of the inventory has: an ISP."""
    own = _inventory_asns(inventory, devices)
    for device in devices.values():
        bgp = device.bgp
        if bgp is None:
            continue
        for address, peer in bgp.peers.items():
            if peer.remote_as in own or peer.remote_as == bgp.local_as:
                continue
            path = device.path("bgp", "peers", address)
            group = bgp.groups.get(peer.group) if peer.group is not None else None
            if peer.import_policy is None and (group is None or group.import_policy is None):
                emit(path, f"eBGP peer {address} in external AS {peer.remote_as} has no import "
                     "policy: every route it sends is accepted, a full table or a leaked "
                     "default included", "set import_policy to a route-policy",
                     Severity.WARNING)
            if peer.password is None and (group is None or group.password is None):
                emit(path, f"eBGP peer {address} in external AS {peer.remote_as} has no "
                     "password: the session is open to spoofed TCP resets and hijacking",
                     "set password: {env: VARIABLE} (filled at push time)", Severity.WARNING)


def _shared_as(inventory: Inventory, sessions: list[ResolvedSession], emit: Emit) -> None:
    """Two or more ends of one AS peering over eBGP with one router: what the router learns
    from one it sends to the others with their own AS in the path, and they drop it."""
    by_router: dict[tuple[str, int], list[tuple[ResolvedSession, End]]] = {}
    for session in sessions:
        if session.ibgp:
            continue
        for local, remote in session.ends():
            by_router.setdefault((local.name, remote.asn), []).append((session, remote))
    for (router, asn), ends in sorted(by_router.items()):
        if len(ends) < 2:
            continue
        for session, remote in ends:
            if _allows_own_as(inventory, session, remote):
                continue
            names = ", ".join(other.name for _, other in ends if other.name != remote.name)
            hint = ("set allowed_local_as on the k8s node (Calico numAllowedLocalASNumbers)"
                    if remote.is_node else f"set options.{remote.name}.allowas_in on the "
                    "session (peer X allow-as-loop), or give each its own AS")
            emit(session.path, f"{remote.name} shares AS {asn} with {names} over eBGP to "
                 f"{router}: it drops the others' routes as an AS loop", hint,
                 Severity.WARNING)


def _allows_own_as(inventory: Inventory, session: ResolvedSession, end: End) -> bool:
    if end.is_node:
        return inventory.k8s.nodes[end.name].allowed_local_as is not None
    return session_options(session, end.name).allowas_in is not None
