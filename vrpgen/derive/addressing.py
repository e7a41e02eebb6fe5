"""Address pools: named prefixes cut into equal slots, handed out by a rule that is stable.

The rule (docs/inventory.md "pools"), per pool:
- a member that gives `index: N` takes slot N (the N-th /LEN block of the prefix, from 0);
- in a pool whose members give no index, the members take slots 0, 1, 2… in declaration
  order (devices as read: files in name order, keys in order; a device's interfaces in
  display order; links in list order, a pattern's elements in order);
- mixing both in one pool is an error: an unindexed member's slot would then depend on the
  others' indices, and adding one would move it.
So appending a device or a link never renumbers an existing one, and with indices nothing
does. An explicit address (`ip`, a link's `subnet`) is not a member: it takes no slot and moves
nothing; it must lie in the pool it names and must not overlap a slot given to a member (an
error, never a silent shift). A slot beyond the pool's size is an error naming the pool.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import netaddr

from vrpgen.derive.resolve import ResolvedDevice, ResolvedInterface, addressed, loopback
from vrpgen.errors import Issue
from vrpgen.inventory.model import Pool
from vrpgen.inventory.source import LineIndex, Path_, dotted


@dataclass(frozen=True, slots=True)
class Request:
    pool: str
    index: int | None
    path: Path_  # where the member asked for the pool, for errors
    owner: str  # what the slot is for, as a person reads it: `leaf03 LoopBack0`


class PoolBook:
    """Collects requests, then allocates every pool at once (`allocate`)."""

    def __init__(self, pools: dict[str, Pool], index: LineIndex, issues: list[Issue]) -> None:
        self.pools = pools
        self._index = index
        self._issues = issues
        self._requests: list[Request] = []
        self._granted: dict[int, netaddr.IPNetwork] = {}  # request number → slot
        self._owners: dict[str, dict[int, str]] = {}  # pool → slot → owner

    def error(self, path: Path_, message: str, hint: str | None) -> None:
        self._issues.append(Issue(dotted(path), message, hint, self._index.lookup(path)))

    def known(self, name: str, kind: str, path: Path_) -> Pool | None:
        """The pool named at `path`, if it exists and is of `kind` (else a located error)."""
        pool = self.pools.get(name)
        if pool is None:
            known = ", ".join(sorted(self.pools)) or "none defined"
            self.error(path, f"unknown pool {name!r}", f"pools: {known}")
            return None
        if pool.kind != kind:
            self.error(path, f"pool {name} is a {pool.kind} pool; this needs a {kind} pool",
                       f"name a {kind} pool, or give the address explicitly")
            return None
        return pool

    def request(self, name: str, index: int | None, kind: str, path: Path_,
                owner: str) -> int | None:
        """Ask for a slot of pool `name`; the ticket to read it back after `allocate`."""
        if self.known(name, kind, path) is None:
            return None
        self._requests.append(Request(name, index, path, owner))
        return len(self._requests) - 1

    def granted(self, ticket: int | None) -> netaddr.IPNetwork | None:
        return None if ticket is None else self._granted.get(ticket)

    def allocate(self) -> None:
        members: dict[str, list[int]] = {}
        for ticket, request in enumerate(self._requests):
            members.setdefault(request.pool, []).append(ticket)
        for name, tickets in members.items():
            self._allocate(name, self.pools[name], tickets)

    def _allocate(self, name: str, pool: Pool, tickets: list[int]) -> None:
        requests = [self._requests[t] for t in tickets]
        indexed = [r for r in requests if r.index is not None]
        if indexed and len(indexed) < len(requests):
            first = next(r for r in requests if r.index is None)
            self.error(first.path, f"pool {name} mixes members with an index "
                       f"({indexed[0].owner}: index {indexed[0].index}) and without "
                       f"({first.owner})", "give every member of the pool an index, or none: "
                       "an unindexed slot would move when an indexed member is added")
            return
        owners = self._owners.setdefault(name, {})
        block = 1 << (32 - pool.slot_length)
        for position, (ticket, request) in enumerate(zip(tickets, requests, strict=True)):
            slot = request.index if request.index is not None else position
            if slot >= pool.size:
                self.error(request.path, f"pool {name} ({pool.prefix}: {pool.size} slots of "
                           f"/{pool.slot_length}) is exhausted: {request.owner} needs slot "
                           f"{slot}", "widen the pool's prefix, or use another pool")
                continue
            if slot in owners:
                self.error(request.path, f"slot {slot} of pool {name} is already "
                           f"{owners[slot]}'s", "give each member its own index")
                continue
            owners[slot] = request.owner
            # from integers: parsing "A.B.C.D/N" back costs 6 times more (issue 14)
            self._granted[ticket] = netaddr.IPNetwork(
                (pool.prefix.first + slot * block, pool.slot_length), version=4)

    def check_explicit(self, name: str, kind: str, network: netaddr.IPNetwork, path: Path_,
                       owner: str, pool_path: Path_) -> None:
        """An explicit address under a pool: inside it, and on no member's slot."""
        pool = self.known(name, kind, pool_path)
        if pool is None:
            return
        if network.first < pool.prefix.first or network.last > pool.prefix.last:
            self.error(path, f"{network} is outside pool {name} ({pool.prefix})",
                       f"give an address in {pool.prefix}, or remove the pool")
            return
        block = 1 << (32 - pool.slot_length)
        low = (network.first - pool.prefix.first) // block
        high = (network.last - pool.prefix.first) // block
        owners = self._owners.get(name, {})
        # the smaller of the two: the slots the address covers, or the slots given
        slots = range(low, high + 1) if high - low < len(owners) else list(owners)
        for slot in slots:
            if low <= slot <= high and slot in owners:
                self.error(path, f"{network} ({owner}) overlaps slot {slot} of pool {name}, "
                           f"given to {owners[slot]}", "pick an address on a free slot, or "
                           "give the other member an index elsewhere")
                return


def first_host(network: netaddr.IPNetwork) -> netaddr.IPNetwork:
    """A LAN segment's gateway address: the first host (`10.20.1.1/24` of `10.20.1.0/24`)."""
    return netaddr.IPNetwork((network.first + 1, network.prefixlen), version=4)


# -- the devices' own requests: LoopBack0 and `ip_from` interfaces ----------------------------

@dataclass
class DeviceTickets:
    """A device's requests: its loopback's and each `ip_from` interface's (by position)."""

    loopback: int | None = None
    interfaces: dict[int, int] | None = None


def request_device_addresses(devices: dict[str, ResolvedDevice],
                             book: PoolBook) -> dict[str, DeviceTickets]:
    """Ask for every device's pool addresses, in declaration order (see the module's rule)."""
    out: dict[str, DeviceTickets] = {}
    for name, device in devices.items():
        tickets = DeviceTickets()
        spec = device.loopback_from
        if spec is not None and spec.pool is not None and spec.ip is None:
            tickets.loopback = book.request(spec.pool, spec.index, "loopback",
                                            device.path("loopback", "pool"), f"{name} LoopBack0")
        for position, interface in enumerate(device.interfaces):
            slot = interface.spec.ip_from
            if slot is None or interface.spec.ip is not None:
                continue
            path = device.path("interfaces", interface.key, "ip_from")
            if slot.pool is None:
                book.error(path, "ip_from names no pool", "add pool: NAME (here or in the "
                           "port profile)")
                continue
            ticket = book.request(slot.pool, slot.index, "lan", (*path, "pool"),
                                  f"{name} {interface.name}")
            if ticket is not None:
                tickets.interfaces = {**(tickets.interfaces or {}), position: ticket}
        out[name] = tickets
    return out


def address_device(device: ResolvedDevice, tickets: DeviceTickets,
                   book: PoolBook) -> ResolvedDevice:
    """The device with its pool addresses filled in; explicit ones checked against the pool."""
    changes: dict[str, object] = {}
    spec = device.loopback_from
    if spec is not None and spec.pool is not None:
        ip = spec.ip
        if ip is not None:
            book.check_explicit(spec.pool, "loopback", ip.cidr, device.path("loopback", "ip"),
                                f"{device.name} LoopBack0", device.path("loopback", "pool"))
        else:
            ip = book.granted(tickets.loopback)
        if ip is not None:
            changes["loopback"] = loopback(ip, spec.ospf)
    interfaces = list(device.interfaces)
    for position, interface in enumerate(interfaces):
        slot = interface.spec.ip_from
        if slot is None or slot.pool is None:
            continue
        if interface.spec.ip is not None:
            path = device.path("interfaces", interface.key)
            book.check_explicit(slot.pool, "lan", interface.spec.ip.cidr, (*path, "ip"),
                                f"{device.name} {interface.name}", (*path, "ip_from", "pool"))
            continue
        segment = book.granted((tickets.interfaces or {}).get(position))
        if segment is not None:
            spec_ = addressed(interface.spec, first_host(segment), interface.spec.description,
                              interface.spec.ospf)
            interfaces[position] = ResolvedInterface(interface.name, interface.key, spec_)
    if tickets.interfaces:
        changes["interfaces"] = tuple(interfaces)
    return replace(device, **changes) if changes else device  # type: ignore[arg-type]
