"""BGP sessions declared once, resolved into both ends (addresses, AS, iBGP/eBGP, options).

A session end is a device of the inventory or a k8s node. `via: loopback` peers between the
LoopBack0 addresses; `via: interface` between the addresses of a shared subnet.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import netaddr

from vrpgen.derive.links import LinkIndex
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.errors import Issue
from vrpgen.inventory.model import Inventory, Session
from vrpgen.inventory.source import LineIndex, dotted

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class End:
    """One side of a session, as the *other* side configures it."""

    name: str
    is_node: bool
    address: str  # the address this end peers from
    asn: int
    reflects: bool  # this end reflects routes to the other end


@dataclass(frozen=True, slots=True)
class ResolvedSession:
    a: End
    b: End
    via: str
    ebgp_max_hop: int
    description: str | None
    path: Path_  # where it was declared
    spec: Session | None = None  # as declared: password, bfd, per-end options

    @property
    def ibgp(self) -> bool:
        return self.a.asn == self.b.asn

    def ends(self) -> tuple[tuple[End, End], ...]:
        """(local, remote) pairs for the device ends, a's first (called for every session by
        several checks: a tuple, not a generator)."""
        a, b = self.a, self.b
        if a.is_node:
            return () if b.is_node else ((b, a),)
        return ((a, b),) if b.is_node else ((a, b), (b, a))


def declared_sessions(inventory: Inventory) -> Iterator[tuple[Session, Path_]]:
    """bgp.sessions plus the sugar `k8s.nodes.N.peers: [R1]` (via the shared interface), one
    at a time (a sugar session's Session is not kept: see _resolve)."""
    for i, s in enumerate(inventory.bgp.sessions):
        yield s, ("bgp", "sessions", i)
    for node, spec in inventory.k8s.nodes.items():
        for i, router in enumerate(spec.peers):
            yield Session(between=(router, node)), ("k8s", "nodes", node, "peers", i)


def resolve_sessions(inventory: Inventory, devices: dict[str, ResolvedDevice],
                     index: LineIndex, skipped: frozenset[str] = frozenset(),
                     links: LinkIndex | None = None,
                     ) -> tuple[list[ResolvedSession], list[Issue]]:
    """`skipped`: devices and nodes left out after their own errors (one-pass validation):
    their sessions are left out without a further issue. `links`: a `via: interface` session
    between two linked ends peers over their (first) link (derive/links.py)."""
    issues: list[Issue] = []
    sessions: list[ResolvedSession] = []
    seen: dict[tuple[str, str], Path_] = {}  # the ends, sorted: either order is one session
    subnets = _SubnetCache(inventory, devices, links)
    for session, path in declared_sessions(inventory):
        def issue(sub: Path_, message: str, hint: str | None = None, _p: Path_ = path) -> None:
            # Sessions declared as `k8s.nodes.N.peers` have no sub-fields to point into.
            where = _p if _p[0] == "k8s" else (*_p, *sub)
            issues.append(Issue(dotted(where), message, hint, index.lookup(where)))

        if any(end in skipped or (end in inventory.devices and end not in devices)
               for end in session.between):
            continue  # an end with its own errors, already reported
        if not _ends_exist(session, inventory, devices, issue):
            continue
        a, b = session.between
        pair = (a, b) if a <= b else (b, a)
        if a == b:
            issue(("between",), "a session needs two different ends")
            continue
        if pair in seen:
            issue((), f"session {' - '.join(session.between)} is declared twice "
                  f"(also at {dotted(seen[pair])})", "declare each session once")
            continue
        seen[pair] = path
        resolved = _resolve(session, path, inventory, devices, subnets, issue)
        if resolved is not None:
            sessions.append(resolved)
    return sessions, issues


def _ends_exist(session: Session, inventory: Inventory, devices: dict[str, ResolvedDevice],
                issue: _IssueFn) -> bool:
    ok = True
    for i, end in enumerate(session.between):
        if end in devices or end in inventory.k8s.nodes:
            continue
        close = difflib.get_close_matches(end, [*devices, *inventory.k8s.nodes], n=1)
        issue(("between", i), f"no device or k8s node named {end!r}",
              f"did you mean {close[0]!r}?" if close else "add it under devices or k8s.nodes")
        ok = False
    if ok and all(e in inventory.k8s.nodes for e in session.between):
        issue(("between",), "a session between two k8s nodes is Calico's business, not vrpgen's",
              "peer nodes with routers")
        ok = False
    return ok


class _IssueFn(Protocol):
    def __call__(self, sub: Path_, message: str, hint: str | None = None) -> None: ...


def _resolve(session: Session, path: Path_, inventory: Inventory,
             devices: dict[str, ResolvedDevice], subnets: _SubnetCache,
             issue: _IssueFn) -> ResolvedSession | None:
    a_name, b_name = session.between
    addresses = _addresses(session, a_name, b_name, inventory, devices, subnets, issue)
    if addresses is None:
        return None
    asns: list[int] = []
    for i, name in enumerate((a_name, b_name)):
        if name in devices:
            bgp = devices[name].bgp
            if bgp is None:
                issue(("between", i), f"{name} has no bgp section",
                      f"add bgp: {{as: ...}} to {name}")
                return None
            asns.append(bgp.local_as)
        else:
            asns.append(inventory.k8s.nodes[name].remote_as)
    reflector = session.reflector
    if reflector is None and asns[0] == asns[1]:
        # A router reflects to the k8s nodes of its own AS by default, as in the seed lab.
        reflector = a_name if b_name in inventory.k8s.nodes else (
            b_name if a_name in inventory.k8s.nodes else None)
    if reflector is not None:
        if reflector not in (a_name, b_name) or reflector in inventory.k8s.nodes:
            issue(("reflector",), f"reflector {reflector!r} is not a device end of this session",
                  f"use {a_name!r} or {b_name!r}")
            return None
        if asns[0] != asns[1]:
            issue(("reflector",), f"route-reflector client over eBGP (AS {asns[0]} vs "
                  f"{asns[1]}): reflection only exists within one AS",
                  "remove reflector, or put both ends in the same AS")
            return None
    ends = [End(name, name in inventory.k8s.nodes, addresses[i], asns[i], reflector == name)
            for i, name in enumerate((a_name, b_name))]
    # A `k8s.nodes.N.peers` session has every option at its default: no spec is kept (a
    # pydantic Session per node session is 20 MB at 10,000 leaves; readers take None as
    # "no password, no BFD, no options").
    return ResolvedSession(ends[0], ends[1], session.via, session.ebgp_max_hop,
                           session.description, path, session if path[0] != "k8s" else None)


def _addresses(session: Session, a: str, b: str, inventory: Inventory,
               devices: dict[str, ResolvedDevice], subnets: _SubnetCache,
               issue: _IssueFn) -> list[str] | None:
    if session.via == "loopback":
        out = []
        for i, name in enumerate((a, b)):
            device = devices.get(name)
            if device is None:
                issue(("via",), f"k8s node {name} has no loopback: it peers from its address",
                      "use via: interface for sessions with k8s nodes")
                return None
            if device.loopback is None:
                issue(("between", i), f"via: loopback, but {name} has no loopback",
                      f"add loopback: {{ip: X/32}} to {name}, or use via: interface")
                return None
            out.append(str(device.loopback.ip.ip))
        return out
    linked = subnets.links.addresses(a, b) if subnets.links is not None else None
    if linked is not None:
        return list(linked)
    shared = _shared_subnet(subnets.get(a), subnets.get(b))
    if shared is not None:
        return [str(shared[0]), str(shared[1])]
    if a in inventory.k8s.nodes or b in inventory.k8s.nodes:
        node, router = (a, b) if a in inventory.k8s.nodes else (b, a)
        issue(("between",), f"k8s node {node} ({inventory.k8s.nodes[node].address}) is in no "
              f"subnet of a {router} interface", f"give {router} an interface in the node's "
              "subnet, or correct the node address")
    else:
        issue(("between",), f"{a} and {b} share no subnet on any interface",
              "address a link between them, or use via: loopback")
    return None


class _Subnets:
    """One end's (address, subnet) pairs, in interface order, indexed both ways (subnet →
    positions, and per prefix length address → positions), so that finding the subnet two ends
    share costs lookups for the smaller end's interfaces only: a spine with 800 leaves would
    otherwise cost 800 x 800 comparisons."""

    def __init__(self, pairs: list[tuple[netaddr.IPAddress, netaddr.IPNetwork | None]]) -> None:
        self.pairs = pairs
        self._by_net: dict[tuple[int, int, int], list[int]] = {}
        self._lengths: set[tuple[int, int]] = set()
        self._by_address: dict[tuple[int, int], dict[int, list[int]]] = {}  # built per length
        for position, (_addr, net) in enumerate(pairs):
            if net is not None:
                key = (net.version, net.prefixlen, _network_bits(net.ip, net.prefixlen))
                self._by_net.setdefault(key, []).append(position)
                self._lengths.add((net.version, net.prefixlen))

    def holding(self, address: netaddr.IPAddress) -> list[int]:
        """Positions of the subnets that contain `address` (one lookup per prefix length)."""
        found: list[int] = []
        for version, length in self._lengths:
            if version == address.version:
                found += self._by_net.get((version, length, _network_bits(address, length)), ())
        return found

    def within(self, net: netaddr.IPNetwork) -> list[int]:
        """Positions of the addresses that lie in `net`."""
        key = (net.version, net.prefixlen)
        index = self._by_address.get(key)
        if index is None:
            index = self._by_address[key] = {}
            for position, (addr, _net) in enumerate(self.pairs):
                if addr.version == net.version:
                    index.setdefault(_network_bits(addr, net.prefixlen), []).append(position)
        return index.get(_network_bits(net.ip, net.prefixlen), [])


def _network_bits(address: netaddr.IPAddress, length: int) -> int:
    width = 32 if address.version == 4 else 128
    return int(address) >> (width - length)


def _matches(big: _Subnets, small: _Subnets) -> list[tuple[int, int]]:
    """(big position, small position) of every pair where one address lies in the other's
    subnet, visiting only the small end's interfaces."""
    found: list[tuple[int, int]] = []
    for i_small, (address, net) in enumerate(small.pairs):
        found += [(i_big, i_small) for i_big in big.holding(address)]
        if net is not None:
            found += [(i_big, i_small) for i_big in big.within(net)]
    return found


def _shared_subnet(a: _Subnets, b: _Subnets,
                   ) -> tuple[netaddr.IPAddress, netaddr.IPAddress] | None:
    """The first (in a's, then b's interface order) pair of addresses where one end's address
    lies in the other end's subnet."""
    if len(b.pairs) <= len(a.pairs):
        matches = _matches(a, b)
    else:
        matches = [(ia, ib) for ib, ia in _matches(b, a)]
    if not matches:
        return None
    ia, ib = min(matches)
    return a.pairs[ia][0], b.pairs[ib][0]


class _SubnetCache:
    """Each end's _Subnets, built once per resolve_sessions call."""

    def __init__(self, inventory: Inventory, devices: dict[str, ResolvedDevice],
                 links: LinkIndex | None = None) -> None:
        self._inventory, self._devices = inventory, devices
        self.links = links  # looked up before the subnets
        self._built: dict[str, _Subnets] = {}

    def get(self, name: str) -> _Subnets:
        found = self._built.get(name)
        if found is None:
            found = _Subnets(_subnets(name, self._inventory, self._devices))
            if name not in self._inventory.k8s.nodes:  # a node's one address: not worth
                self._built[name] = found  # keeping (issue 14: 40,000 nodes)
        return found


def _subnets(name: str, inventory: Inventory, devices: dict[str, ResolvedDevice],
             ) -> list[tuple[netaddr.IPAddress, netaddr.IPNetwork | None]]:
    if name in inventory.k8s.nodes:
        return [(inventory.k8s.nodes[name].address, None)]
    return [(i.spec.ip.ip, i.spec.ip.cidr) for i in devices[name].interfaces
            if i.spec.ip is not None and i.name.kind != "LoopBack"]
