"""A device's own routing policy objects → intents: prefix lists and route-policy nodes
(REFERENCE §4.10, §4.11), and what references them. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from vrpgen.derive.intent import (
    FilterEntryIntent,
    FilterIntent,
    PrefixEntryIntent,
    PrefixListIntent,
    RoutePolicyNodeIntent,
)
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import ResolvedSession
from vrpgen.inventory.routing_model import PeerPolicy, PolicySet, PrefixEntry

Path_ = tuple[str | int, ...]


def prefix_lists(device: ResolvedDevice) -> tuple[PrefixListIntent, ...]:
    """One list per name, entries by index; an entry without index gets 10, 20, … after the
    previous one (REFERENCE §4.10: auto-assigned in steps of 10)."""
    return tuple(PrefixListIntent(name, entries_of(entries))
                 for name, entries in device.prefix_lists.items())


def entries_of(entries: tuple[PrefixEntry, ...]) -> tuple[PrefixEntryIntent, ...]:
    out: list[PrefixEntryIntent] = []
    last = 0
    for entry in entries:
        index = entry.index if entry.index is not None else (last // 10 + 1) * 10
        last = index
        out.append(PrefixEntryIntent(index, entry.action, str(entry.prefix.network),
                                     entry.prefix.prefixlen, entry.ge, entry.le))
    return tuple(sorted(out, key=lambda e: e.index))


def community_filters(device: ResolvedDevice) -> tuple[FilterIntent, ...]:
    """`ip community-filter basic NAME permit|deny C…`, entries in the order written."""
    return tuple(FilterIntent(name, tuple(FilterEntryIntent(e.action, " ".join(e.communities))
                                          for e in entries))
                 for name, entries in device.community_filters.items())


def as_path_filters(device: ResolvedDevice) -> tuple[FilterIntent, ...]:
    """`ip as-path-filter NAME permit|deny REGEX`, entries in the order written."""
    return tuple(FilterIntent(name, tuple(FilterEntryIntent(e.action, e.regex) for e in entries))
                 for name, entries in device.as_path_filters.items())


def route_policies(device: ResolvedDevice) -> tuple[RoutePolicyNodeIntent, ...]:
    """Policies in the order written (creation order, §4.11), nodes ascending."""
    out: list[RoutePolicyNodeIntent] = []
    for name, nodes in device.route_policies.items():
        for node in sorted(nodes, key=lambda n: n.node):
            m = node.match
            match = (m.ip_prefix,) if m.ip_prefix is not None else ()
            out.append(replace(
                _node(name, node.action, node.node, match, node.set_),
                match_community_filters=(m.community_filter,) if m.community_filter else (),
                match_as_path_filters=(m.as_path_filter,) if m.as_path_filter else ()))
    return tuple(out)


def _node(name: str, action: str, number: int, match: tuple[str, ...], s: PolicySet
          ) -> RoutePolicyNodeIntent:
    community = " ".join((*s.community, "additive") if s.community_additive else s.community)
    prepend = " ".join(str(asn) for asn in s.as_path_prepend)
    return RoutePolicyNodeIntent(
        name, action, number, match, local_preference=s.local_preference, cost=s.med,
        community=community or None,
        # prepend: the AS numbers are added in front of the path (EDOC1100203224)
        as_path=f"{prepend} additive" if prepend else None)


_NO_OPTIONS = PeerPolicy()  # frozen: one shared instance


def session_options(session: ResolvedSession, local: str) -> PeerPolicy:
    """What the device end `local` of a session sets on its peer (`options.<local>`)."""
    spec = session.spec
    if spec is None:
        return _NO_OPTIONS
    return spec.options.get(local, _NO_OPTIONS)


def policy_references(device: ResolvedDevice, sessions: list[ResolvedSession]
                      ) -> Iterator[tuple[str, Path_]]:
    """Every route-policy name the device's BGP and OSPF use, with where it was written."""
    yield from _bgp_references(device)
    if device.ospf is not None:
        for i, oimp in enumerate(device.ospf.import_routes):
            if oimp.policy is not None:
                yield oimp.policy, device.path("ospf", "import_routes", i, "policy")
    for session in sessions:
        if device.name in (session.a.name, session.b.name):
            options = session_options(session, device.name)
            yield from _peer_references(options, (*session.path, "options", device.name))


def _bgp_references(device: ResolvedDevice) -> Iterator[tuple[str, Path_]]:
    bgp = device.bgp
    if bgp is None:
        return
    for i, net in enumerate(bgp.networks):
        if net.policy is not None:
            yield net.policy, device.path("bgp", "networks", i, "policy")
    for i, imp in enumerate(bgp.import_routes):
        if imp.policy is not None:
            yield imp.policy, device.path("bgp", "import_routes", i, "policy")
    for address, peer in bgp.peers.items():
        yield from _peer_references(peer, device.path("bgp", "peers", address))
    for name, group in bgp.groups.items():
        yield from _peer_references(group, device.path("bgp", "groups", name))


def _peer_references(options: PeerPolicy, path: Path_) -> Iterator[tuple[str, Path_]]:
    for field in ("import_policy", "export_policy"):
        name = getattr(options, field)
        if name is not None:
            yield name, (*path, field)
