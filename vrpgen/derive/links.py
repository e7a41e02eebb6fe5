"""Links declared once (`links:`), between resolve and sessions.

    links:
      - {between: ["spine1:100GE1/0/[1-8]", "leaf[01-08]:100GE1/0/49"], pool: fabric,
         ospf: {area: 0}}

Each end is `DEVICE:INTERFACE` or a k8s node. Both device ends get their address (from the
link's `subnet`, its per-end `ip`, or a slot of a p2p pool, derive/addressing.py), a
description naming the far end unless they set one, and the link's OSPF area and cost unless
they set their own. A range in an end makes a pattern: element k of each end pairs with
element k of the other (ends with a range have the same count; an end without one is the same
for every element) and, with `index`, takes slot `index + k`. Sessions `via: interface` find
the addresses of two ends in the link index (`LinkIndex`).
"""

from __future__ import annotations

import bisect
import difflib
import sys
from dataclasses import dataclass, field, replace

import netaddr

from vrpgen.derive.addressing import PoolBook, address_device, request_device_addresses
from vrpgen.derive.resolve import (
    ResolvedDevice,
    ResolvedInterface,
    addressed,
    display_key,
    parsed_ifname,
)
from vrpgen.errors import Issue
from vrpgen.inventory.model import Inventory, Link
from vrpgen.inventory.patterns import PatternError, expand_name
from vrpgen.inventory.source import LineIndex, Path_, dotted
from vrpgen.vrp.ifname import IfName, IfNameError

DESCRIPTION_MAX = 242  # the Description type's bound (REFERENCE §4.5, docs/inventory.md)


@dataclass(frozen=True, slots=True)
class LinkEnd:
    name: str  # device or k8s node
    ifname: IfName | None  # None for a k8s node
    written: str  # the interface as written, its key when the link creates the interface

    def label(self) -> str:
        return f"{self.name} {self.ifname}" if self.ifname is not None else f"k8s node {self.name}"


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    a: LinkEnd
    b: LinkEnd
    addresses: tuple[netaddr.IPNetwork, netaddr.IPNetwork]  # a's and b's, with the length
    path: Path_  # the link as declared (a pattern: the pattern's entry)


@dataclass
class LinkIndex:
    """The first declared link between two ends, by their names (sorted: either order)."""

    first: dict[tuple[str, str], ResolvedLink] = field(default_factory=dict)

    def add(self, link: ResolvedLink) -> None:
        self.first.setdefault(_pair(link.a.name, link.b.name), link)

    def addresses(self, a: str, b: str) -> tuple[str, str] | None:
        """The addresses of `a` and `b` on their first link, or None."""
        link = self.first.get(_pair(a, b))
        if link is None:
            return None
        ours, theirs = (link.addresses if link.a.name == a else link.addresses[::-1])
        return str(ours.ip), str(theirs.ip)


def _display(item: ResolvedInterface) -> tuple[int, int, tuple[int, ...], int]:
    return display_key(item.name)


def _position(interfaces: list[ResolvedInterface], name: IfName) -> int | None:
    """Where interface `name` is in `interfaces` (in display order), found by bisection: a
    spine with hundreds of ports is linked to hundreds of leaves (issue 14)."""
    key = display_key(name)
    at = bisect.bisect_left(interfaces, key, key=_display)
    while at < len(interfaces) and _display(interfaces[at]) == key:
        if interfaces[at].name == name:
            return at
        at += 1
    return None


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Linked:
    devices: dict[str, ResolvedDevice]
    links: LinkIndex
    issues: list[Issue]


@dataclass(frozen=True, slots=True)
class _Element:
    spec: Link
    path: Path_
    ends: tuple[str, str]  # as expanded
    index: int | None  # the pool slot


def link_devices(inventory: Inventory, devices: dict[str, ResolvedDevice],
                 index: LineIndex, skipped: frozenset[str] = frozenset()) -> Linked:
    """Devices with their pool addresses and link ends filled in, the link index, the issues.
    `skipped`: devices and nodes left out after their own errors; their links are left out."""
    issues: list[Issue] = []
    if not inventory.pools and not inventory.links and not any(
            d.loopback_from is not None or any(i.spec.ip_from is not None for i in d.interfaces)
            for d in devices.values()):
        _ospf_without_address(devices, index, issues)
        return Linked(devices, LinkIndex(), issues)
    book = PoolBook(dict(inventory.pools), index, issues)
    tickets = request_device_addresses(devices, book)
    elements = _expand(inventory.links, index, issues)
    resolved = _Resolver(inventory, devices, index, issues, skipped)
    planned: list[tuple[_Element, LinkEnd, LinkEnd, int | None]] = []
    for element in elements:
        ends = resolved.ends(element)
        if ends is None:
            continue
        ticket = None
        spec = element.spec
        if spec.pool is not None and spec.ip is None and spec.subnet is None:
            ticket = book.request(spec.pool, element.index, "p2p", (*element.path, "pool"),
                                  f"link {ends[0].label()} - {ends[1].label()}")
        planned.append((element, ends[0], ends[1], ticket))
    book.allocate()
    out = {name: address_device(device, tickets[name], book)
           for name, device in devices.items()}
    links = LinkIndex()
    for element, a, b, ticket in planned:
        link = resolved.address(element, a, b, book.granted(ticket), book)
        if link is not None:
            resolved.attach(link, element.spec)
            links.add(link)
    resolved.finish(out)
    _ospf_without_address(out, index, issues)
    return Linked(out, links, issues)


def _ospf_without_address(devices: dict[str, ResolvedDevice], index: LineIndex,
                          issues: list[Issue]) -> None:
    """An interface in an OSPF area needs an address: its own, a pool's or a link's."""
    for device in devices.values():
        for interface in device.interfaces:
            spec = interface.spec
            if spec.ospf is not None and spec.ip is None and spec.ip_from is None:
                path = device.path("interfaces", interface.key, "ospf")
                issues.append(Issue(dotted(path), "ospf needs an ip address on the interface",
                                    "add ip (or ip_from), or put the interface in a link",
                                    index.lookup(path)))


def _expand(links: tuple[Link, ...], index: LineIndex, issues: list[Issue]) -> list[_Element]:
    out: list[_Element] = []
    for i, spec in enumerate(links):
        path: Path_ = ("links", i)
        expanded: list[list[str]] = []
        for j, end in enumerate(spec.between):
            try:
                expanded.append([e.name for e in expand_name(end)])
            except PatternError as exc:
                where = (*path, "between", j)
                issues.append(Issue(dotted(where), str(exc),
                                    "write an end such as leaf[01-08]:GE1/0/49",
                                    index.lookup(where)))
        if len(expanded) < 2:
            continue
        count = max(len(e) for e in expanded)
        if any(len(e) not in (1, count) for e in expanded):
            where = (*path, "between")
            issues.append(Issue(dotted(where), f"the ends' ranges differ in length "
                                f"({len(expanded[0])} and {len(expanded[1])})",
                                "give both ranges the same number of elements",
                                index.lookup(where)))
            continue
        for k in range(count):
            ends = tuple(e[k] if len(e) > 1 else e[0] for e in expanded)
            slot = spec.index + k if spec.index is not None else None
            out.append(_Element(spec, path, (ends[0], ends[1]), slot))
    return out


class _Resolver:
    """Ends, addresses and their attachment to the devices' interfaces, with located errors."""

    def __init__(self, inventory: Inventory, devices: dict[str, ResolvedDevice],
                 index: LineIndex, issues: list[Issue], skipped: frozenset[str]) -> None:
        self.inventory, self.devices, self.skipped = inventory, devices, skipped
        self.index, self.issues = index, issues
        self.taken: dict[tuple[str, str], Path_] = {}  # (device, interface) → its link
        # device → its link ends to apply: (end, far end, link, which end, spec)
        self.pending: dict[str, list[tuple[LinkEnd, LinkEnd, ResolvedLink, int, Link]]] = {}

    def error(self, path: Path_, message: str, hint: str | None) -> None:
        self.issues.append(Issue(dotted(path), message, hint, self.index.lookup(path)))

    def ends(self, element: _Element) -> tuple[LinkEnd, LinkEnd] | None:
        found: list[LinkEnd] = []
        for j, text in enumerate(element.ends):
            end = self._end(text, (*element.path, "between", j))
            if end is None:
                return None
            found.append(end)
        a, b = found
        if a.ifname is None and b.ifname is None:
            self.error((*element.path, "between"), "a link between two k8s nodes is not the "
                       "routers' business", "link a node to a device interface")
            return None
        if a.name == b.name and a.ifname == b.ifname:
            self.error((*element.path, "between"), f"both ends are {a.label()}",
                       "link two different interfaces")
            return None
        for j, end in enumerate((a, b)):
            if end.ifname is None:
                continue
            key = (end.name, str(end.ifname))
            first = self.taken.get(key)
            if first is not None:
                self.error((*element.path, "between", j), f"{end.label()} is already in the link "
                           f"at {dotted(first)}", "an interface is in one link: pick another "
                           "port")
                return None
            self.taken[key] = element.path
        return a, b

    def _end(self, text: str, path: Path_) -> LinkEnd | None:
        device, sep, interface = text.partition(":")
        if (device if sep else text) in self.skipped:
            return None  # left out after its own errors, already reported
        if not sep:
            if text in self.inventory.k8s.nodes:
                return LinkEnd(text, None, "")
            if text in self.devices:
                self.error(path, f"{text} is a device: name its interface",
                           f"write {text}:INTERFACE")
                return None
            self._unknown(text, path)
            return None
        if device not in self.devices:
            if device not in self.inventory.devices:
                self._unknown(device, path)
            return None  # a device with its own errors is left out, already reported
        resolved = self.devices[device]
        try:
            ifname = parsed_ifname(interface, resolved.platform, resolved.family.name,
                                  resolved.model)
        except IfNameError as exc:
            self.error(path, f"{device}: {exc}", None)
            return None
        if not ifname.addressable or ifname.kind == "LoopBack":
            self.error(path, f"{ifname} cannot be a link end", "use a port, an Eth-Trunk or "
                       "a Vlanif")
            return None
        # the device's own name string and one string per interface text: 40,000 link ends
        return LinkEnd(resolved.name, ifname, sys.intern(interface))

    def _unknown(self, name: str, path: Path_) -> None:
        close = difflib.get_close_matches(name, [*self.devices, *self.inventory.k8s.nodes], n=1)
        self.error(path, f"no device or k8s node named {name!r}",
                   f"did you mean {close[0]!r}?" if close else
                   "write DEVICE:INTERFACE for a device, or a k8s node's name")

    def address(self, element: _Element, a: LinkEnd, b: LinkEnd,
                granted: netaddr.IPNetwork | None, book: PoolBook) -> ResolvedLink | None:
        spec, path = element.spec, element.path
        owner = f"link {a.label()} - {b.label()}"
        if spec.ip is not None:
            ips = spec.ip
            if ips[0].cidr != ips[1].cidr or ips[0].ip == ips[1].ip:
                self.error((*path, "ip"), f"{ips[0]} and {ips[1]} are not two addresses of one "
                           "subnet", "give the two ends addresses of the same subnet")
                return None
            subnet = ips[0].cidr
        else:
            subnet = spec.subnet if spec.subnet is not None else granted
            if subnet is None:
                return None  # the pool's error is already reported
        if spec.subnet is not None and subnet != spec.subnet:
            self.error((*path, "ip"), f"the ends' addresses are not in subnet {spec.subnet}",
                       "make ip and subnet agree, or give one of them")
            return None
        if spec.pool is not None and (spec.ip is not None or spec.subnet is not None):
            where = (*path, "ip") if spec.ip is not None else (*path, "subnet")
            book.check_explicit(spec.pool, "p2p", subnet, where, owner, (*path, "pool"))
        if subnet.prefixlen > 31:
            self.error((*path, "subnet"), f"link subnet {subnet} is too small: a link needs "
                       "two addresses", "use a /30 (or a /31)")
            return None
        addresses = self._ends_in(subnet, spec, a, b, path)
        if addresses is None:
            return None
        return ResolvedLink(a, b, addresses, path)

    def _ends_in(self, subnet: netaddr.IPNetwork, spec: Link, a: LinkEnd, b: LinkEnd,
                 path: Path_) -> tuple[netaddr.IPNetwork, netaddr.IPNetwork] | None:
        length = subnet.prefixlen
        # /31: both addresses (RFC 3021, the user's choice: REFERENCE shows no /31); otherwise
        # the first two hosts (`10.0.0.1`/`10.0.0.2 255.255.255.252`, REFERENCE §3 example)
        hosts = [subnet.first, subnet.first + 1] if length == 31 else \
            [subnet.first + 1, subnet.first + 2]
        if spec.ip is not None:
            hosts = [int(spec.ip[0].ip), int(spec.ip[1].ip)]
        node = next((e for e in (a, b) if e.ifname is None), None)
        if node is not None:
            address = self.inventory.k8s.nodes[node.name].address
            usable = subnet.first <= int(address) <= subnet.last and (
                length == 31 or subnet.first < int(address) < subnet.last)
            if not usable:
                self.error((*path, "between", 0 if node is a else 1), f"k8s node {node.name}'s "
                           f"address {address} is not a host of the link's subnet {subnet}",
                           "give the link the node's subnet, or correct the node's address")
                return None
            at = 0 if node is a else 1
            if spec.ip is not None and hosts[at] != int(address):
                self.error((*path, "ip", at), f"k8s node {node.name}'s address is {address}",
                           f"write {address}/{length} for the node's end")
                return None
            hosts[at] = int(address)
            if hosts[1 - at] == int(address):  # the device takes the other host
                hosts[1 - at] = hosts[at] + 1 if hosts[at] + 1 <= subnet.last - (
                    length < 31) else hosts[at] - 1
        pair = tuple(netaddr.IPNetwork((h, length), version=4) for h in hosts)
        return pair[0], pair[1]

    def attach(self, link: ResolvedLink, spec: Link) -> None:
        """Note each device end's address, description and OSPF (applied by `finish`)."""
        for j, (end, far) in enumerate(((link.a, link.b), (link.b, link.a))):
            if end.ifname is not None:
                self.pending.setdefault(end.name, []).append((end, far, link, j, spec))

    def finish(self, devices: dict[str, ResolvedDevice]) -> None:
        """Apply the noted ends, once per device (a spine with many links stays linear)."""
        for name, ends in self.pending.items():
            device = devices[name]
            interfaces = list(device.interfaces)  # in display order (resolve)
            added: list[ResolvedInterface] = []
            for end, far, link, j, spec in ends:
                assert end.ifname is not None
                address = link.addresses[j]
                description = f"to {far.label()}"[:DESCRIPTION_MAX]
                at = _position(interfaces, end.ifname)
                if at is None:
                    spec_ = addressed(None, address, description, spec.ospf)
                    added.append(ResolvedInterface(end.ifname, end.written, spec_))
                    continue
                current = interfaces[at]
                where = device.path("interfaces", current.key)
                own = current.spec
                if own.access_vlan is not None or own.trunk_vlans is not None:
                    self.error(where, f"{end.label()} is a switched port (access_vlan or "
                               f"trunk_vlans) but is linked at {dotted(link.path)}",
                               "a link end is routed: remove the VLAN settings or the link")
                    continue
                if own.ip is not None and own.ip != address:
                    self.error((*where, "ip"), f"{end.label()} has ip {own.ip}, but its link at "
                               f"{dotted(link.path)} gives it {address}",
                               "remove the interface's ip (the link gives it) or make them equal")
                    continue
                spec_ = addressed(
                    own, address,
                    own.description if own.description is not None else description,
                    own.ospf if own.ospf is not None else spec.ospf)
                interfaces[at] = ResolvedInterface(current.name, current.key, spec_)
            for item in added:  # after the equal keys, as a stable sort would
                bisect.insort_right(interfaces, item, key=_display)
            devices[name] = replace(device, interfaces=tuple(interfaces))
