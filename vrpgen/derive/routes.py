"""The routes each k8s node learns: the pod blocks of the other nodes, through the routers.

A model of BGP propagation over the derived sessions, enough to tell which next hop a node
sees for another node's pod blocks, and whether the node can reach it. The rules (Huawei
behaviour from ../shared/calico/README.md §6.1, §6.3):

- a node announces its blocks with its own address as next hop; nodes pass nothing on;
- eBGP sets the next hop to the sender's peering address (its loopback for `via: loopback`);
  iBGP keeps it;
- iBGP-learned routes go to iBGP peers only through a route reflector: a client's routes to
  every iBGP peer, a non-client's to clients only;
- towards an iBGP node, `next-hop-local` replaces the next hop of eBGP-learned routes with the
  router's address, but not of reflected (iBGP-learned) ones (README §6.1);
- best path: shortest AS path, then eBGP over iBGP, then fewer reflections, then the lowest
  sender address (a simplification of the BGP decision process: no IGP costs, no policies).

Nodes attached to the same routers in the same way (same AS, same reflectors) propagate
identically except for their own address, so one propagation runs per such class with the
origin's address kept symbolic. Pure, no I/O.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import netaddr

from vrpgen.derive.k8s import (
    ebgp_next_hops,
    lan_subnets,
    subnets_holding,
    wants_next_hop_local,
)
from vrpgen.derive.lookup import address_of
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.inventory.model import Inventory

ORIGIN = ""  # symbolic next hop / address: the originating node's own address


@dataclass(frozen=True, slots=True)
class _Attrs:
    """One speaker's path to one class of origins."""

    next_hop: str  # ORIGIN or an address
    as_path: tuple[int, ...]
    ibgp: bool  # learned over iBGP (passing it on over iBGP is reflecting)
    from_client: bool  # learned from a route-reflector client of this speaker
    reflections: int
    path: tuple[str, ...]  # speakers it went through, the (virtual) origin first
    sender: int  # tie-break: the sender's address, -1 for the origin itself

    def rank(self) -> tuple[int, bool, int, int]:
        return len(self.as_path), self.ibgp, self.reflections, self.sender


@dataclass(frozen=True, slots=True)
class _Link:
    """One direction of a session: `sender` advertises to `receiver`."""

    sender: End
    receiver: End
    ibgp: bool


def _advertise(attrs: _Attrs, link: _Link, next_hop_local: bool = False) -> _Attrs | None:
    """What `link.receiver` gets from `link.sender` whose best path is `attrs` (None: nothing)."""
    sender, receiver = link.sender, link.receiver
    if receiver.name in attrs.path:
        return None
    if link.ibgp:
        if attrs.ibgp and not attrs.from_client and not sender.reflects:
            return None  # a non-client's route is reflected to clients only; no RR: nothing
        next_hop = attrs.next_hop
        if next_hop_local and not attrs.ibgp:
            next_hop = sender.address  # eBGP-learned only: reflected routes keep it (§6.1)
        as_path, reflections = attrs.as_path, attrs.reflections + attrs.ibgp
    else:
        as_path = (sender.asn, *attrs.as_path)
        if receiver.asn in as_path:
            return None  # AS loop: the receiver drops it (calico #4287 for nodes)
        next_hop, reflections = sender.address, 0
    address = -1 if sender.address == ORIGIN else int(netaddr.IPAddress(sender.address))
    return _Attrs(next_hop, as_path, link.ibgp, link.ibgp and receiver.reflects, reflections,
                  (*attrs.path, receiver.name), address)


def _propagate(origin: str, first_hops: list[_Link],
               links: dict[str, list[_Link]]) -> dict[str, _Attrs]:
    """Each router's best path to the (virtual) origin: a path-vector run to a fixed point."""
    start = _Attrs(ORIGIN, (), False, False, 0, (origin,), -1)
    best: dict[str, _Attrs] = {}
    offers: dict[str, dict[str, _Attrs]] = {}
    queue: deque[str] = deque()

    def offer(link: _Link, attrs: _Attrs | None) -> None:
        received = _advertise(attrs, link) if attrs is not None else None
        mine = offers.setdefault(link.receiver.name, {})
        if received is None:
            mine.pop(link.sender.name, None)
        else:
            mine[link.sender.name] = received
        new = min(mine.values(), key=_Attrs.rank) if mine else None
        if new != best.get(link.receiver.name):
            if new is None:
                best.pop(link.receiver.name, None)
            else:
                best[link.receiver.name] = new
            queue.append(link.receiver.name)

    for link in first_hops:
        offer(link, start)
    budget = 64 * (1 + sum(map(len, links.values())))  # no policies, so it settles; a guard
    while queue and budget > 0:
        name = queue.popleft()
        for link in links.get(name, ()):
            budget -= 1
            offer(link, best.get(name))
    return best


@dataclass(frozen=True, slots=True)
class LearnedRoute:
    """The pod blocks of `origin` as node `node` learns them from router `via`."""

    node: str
    origin: str
    via: str
    next_hop: str
    reachable: bool  # the next hop is on one of the node's subnets
    reflected: bool  # iBGP-learned at `via`: next-hop-local cannot change it (§6.1)
    next_hop_local: bool  # `via` has next-hop-local towards the node
    path: tuple[str, ...]  # origin, routers..., `via`


@dataclass(frozen=True, slots=True)
class _Attachment:
    """A node's session with one of its routers, as the router sends to it."""

    router: str
    link: _Link  # router -> node
    next_hop_local: bool
    session_ibgp: bool


@dataclass
class RouteTable:
    """Per node, per router and per class of origins, the path the node is sent. Each class's
    propagation runs on first use: a node on eBGP sessions only is sent every route with its
    router's address as next hop, so a check of next hops needs no propagation for it (one
    class per rack would otherwise cost racks x routers)."""

    inventory: Inventory
    subnets: dict[str, tuple[netaddr.IPNetwork, ...]]  # node → its subnets
    members: list[list[str]]  # class → its origin nodes
    first_hops: list[list[_Link]] = field(default_factory=list)  # class → its first links
    links: dict[str, list[_Link]] = field(default_factory=dict)  # router → links to routers
    attachments: dict[str, list[_Attachment]] = field(default_factory=dict)  # node → ...
    _best: dict[int, dict[str, _Attrs]] = field(default_factory=dict)
    _groups: dict[int, dict[tuple[netaddr.IPNetwork, ...], list[str]]] = field(
        default_factory=dict)

    def best(self, cls: int) -> dict[str, _Attrs]:
        """Each router's best path to class `cls`'s origins."""
        found = self._best.get(cls)
        if found is None:
            found = self._best[cls] = _propagate(f"@{cls}", self.first_hops[cls], self.links)
        return found

    def received(self, node: str, attachments: list[_Attachment] | None = None,
                 ) -> Iterator[tuple[int, str, _Attrs, bool, bool]]:
        """(class, router, attrs as received, reflected, next-hop-local) of what `node` is
        sent, through `attachments` (default: all of the node's)."""
        for at in self.attachments.get(node, ()) if attachments is None else attachments:
            for cls in range(len(self.members)):
                attrs = self.best(cls).get(at.router)
                sent = _advertise(attrs, at.link, at.next_hop_local) if attrs is not None \
                    else None
                if sent is not None and attrs is not None:
                    # Reflected: iBGP-learned and passed on over iBGP (eBGP rewrites it).
                    yield cls, at.router, sent, attrs.ibgp and at.session_ibgp, \
                        at.next_hop_local

    def learned(self, node: str) -> Iterator[LearnedRoute]:
        """What `node` learns, one route per origin and router."""
        nodes = self.inventory.k8s.nodes
        for cls, router, attrs, reflected, nhl in self.received(node):
            for origin in self.members[cls]:
                if origin == node:
                    continue
                hop = str(nodes[origin].address) if attrs.next_hop == ORIGIN else attrs.next_hop
                yield LearnedRoute(node, origin, router, hop, self.reaches(node, hop), reflected,
                                   nhl, (origin, *attrs.path[1:-1]))

    def unreachable(self) -> Iterator[tuple[LearnedRoute, dict[str, list[str]]]]:
        """(an unreachable route, each next hop off the node's subnets → the origins sent with
        it), once per node, router and way (reflected or not) however many next hops and nodes
        sit behind it: a node that would see every other rack's address as next hop is one
        issue, not one per rack (that was racks x racks issues). A kept origin address is
        checked per group of origins on the same subnets, not per origin."""
        nodes = self.inventory.k8s.nodes
        for node, attachments in self.attachments.items():
            # Over eBGP every route arrives with the router's address as next hop (_advertise):
            # when the node reaches it, nothing from that router can be unreachable.
            doubtful = [at for at in attachments
                        if at.link.ibgp or not self.reaches(node, at.link.sender.address)]
            groups: dict[tuple[str, bool], tuple[LearnedRoute, dict[str, list[str]]]] = {}
            for cls, router, attrs, reflected, nhl in self.received(node, doubtful):
                if attrs.next_hop != ORIGIN:
                    batches = [(attrs.next_hop, self.members[cls])]
                else:
                    batches = [(str(nodes[m].address), [m]) for m in self._unreached(node, cls)]
                for hop, origins in batches:
                    origins = [m for m in origins if m != node]
                    if not origins or self.reaches(node, hop):
                        continue
                    route = LearnedRoute(node, origins[0], router, hop, False, reflected, nhl,
                                         (origins[0], *attrs.path[1:-1]))
                    hops = groups.setdefault((router, reflected), (route, {}))[1]
                    hops.setdefault(hop, []).extend(origins)
            yield from groups.values()

    def _unreached(self, node: str, cls: int) -> Iterator[str]:
        """Origins of `cls` that may be off `node`'s subnets: all but those sharing one."""
        own = set(self.subnets.get(node, ()))
        for nets, origins in self._by_subnets(cls).items():
            if own.isdisjoint(nets):
                yield from origins

    def _by_subnets(self, cls: int) -> dict[tuple[netaddr.IPNetwork, ...], list[str]]:
        found = self._groups.get(cls)
        if found is None:
            found = self._groups[cls] = {}
            for origin in self.members[cls]:
                found.setdefault(self.subnets.get(origin, ()), []).append(origin)
        return found

    def reaches(self, node: str, hop: str) -> bool:
        address = address_of(hop)
        return any(address in net for net in self.subnets.get(node, ()))


@dataclass(frozen=True, slots=True)
class ShownRoute:
    """One line of `vrpgen show NODE`: a pool's blocks as the node learns them."""

    prefix: str | None  # the pool; None without k8s.calico.ip_pools
    greater_equal: int | None  # the pool's block size: nodes announce blocks and /32s
    less_equal: int | None
    origin: str
    via: str
    next_hop: str
    reachable: bool
    reflected: bool
    next_hop_local: bool
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NodeRoutes:
    """What `vrpgen show NODE` prints: the routes a k8s node will learn."""

    node: str
    address: str
    asn: int
    subnets: tuple[str, ...]
    routes: tuple[ShownRoute, ...]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["as"] = out.pop("asn")
        return {k: out[k] for k in ("node", "address", "as", "subnets", "routes")}


def node_routes(table: RouteTable, node: str) -> NodeRoutes:
    calico = table.inventory.k8s.calico
    pools: list[tuple[str | None, int | None, int | None]] = [
        (str(p.cidr), p.block_size, 32)
        for p in (calico.ip_pools.values() if calico is not None else ())]
    shown = tuple(
        ShownRoute(prefix, ge, le, r.origin, r.via, r.next_hop, r.reachable, r.reflected,
                   r.next_hop_local, r.path)
        for r in table.learned(node)
        for prefix, ge, le in (pools or [(None, None, None)]))
    spec = table.inventory.k8s.nodes[node]
    subnets = tuple(dict.fromkeys(str(n) for n in table.subnets.get(node, ())))
    return NodeRoutes(node, str(spec.address), spec.remote_as, subnets, shown)


def route_table(inventory: Inventory, devices: dict[str, ResolvedDevice],
                sessions: list[ResolvedSession]) -> RouteTable:
    nodes = inventory.k8s.nodes
    links: dict[str, list[_Link]] = {}  # router → links to other routers
    node_sessions: dict[str, list[ResolvedSession]] = {}  # router → its node sessions
    node_links: dict[str, list[_Link]] = {}  # node → links from its routers
    by_device: dict[str, list[ResolvedSession]] = {}
    for session in sessions:
        for local, remote in session.ends():
            by_device.setdefault(local.name, []).append(session)
            if remote.is_node:
                node_sessions.setdefault(local.name, []).append(session)
                node_links.setdefault(remote.name, []).append(
                    _Link(local, remote, session.ibgp))
            else:
                links.setdefault(local.name, []).append(_Link(local, remote, session.ibgp))
    # Classes: nodes with the same AS and the same (router, reflects) attachments.
    classes: dict[tuple[Any, ...], int] = {}
    members: list[list[str]] = []
    first_hops: list[list[_Link]] = []
    for node, attached in node_links.items():
        key = (nodes[node].remote_as,
               tuple(sorted((ln.sender.name, ln.sender.reflects) for ln in attached)))
        if key not in classes:
            classes[key] = len(members)
            members.append([])
            origin = f"@{len(members) - 1}"
            first_hops.append([_Link(End(origin, True, ORIGIN, nodes[node].remote_as,
                                         False), ln.sender, ln.ibgp) for ln in attached])
        members[classes[key]].append(node)
    subnets: dict[str, tuple[netaddr.IPNetwork, ...]] = {}
    table = RouteTable(inventory, subnets, members, first_hops, links)
    for router, own in node_sessions.items():
        device = devices[router]
        hops = ebgp_next_hops(device, by_device.get(router, ()))
        lan = lan_subnets(device)
        for session in own:
            for local, remote in session.ends():
                if local.name != router or not remote.is_node:
                    continue
                held = subnets_holding(device, remote.address, lan)
                subnets[remote.name] = (*subnets.get(remote.name, ()), *held)
                nhl = wants_next_hop_local(inventory, remote.name, session.ibgp, held, hops)
                table.attachments.setdefault(remote.name, []).append(_Attachment(
                    router, _Link(local, remote, session.ibgp), nhl, session.ibgp))
    return table
