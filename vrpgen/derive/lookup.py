"""Indexes over every device and session, built once per run, so that no per-device step scans
all devices or all sessions (issue 14: validate+derive+render linear in devices).

- SubnetIndex: which subnets hold an address, one dict lookup per prefix length in use;
- sessions_by_device: each device's sessions as (session, local end, remote end);
- Shared: what derive_device needs from the whole inventory, computed on first use.
Pure, no I/O.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

import netaddr

from vrpgen.derive.intent import InterfaceIntent
from vrpgen.derive.resolve import ResolvedDevice, ResolvedInterface
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.derive.vrrp import groups_by_member
from vrpgen.inventory.model import Inventory, VrrpGroup
from vrpgen.vrp.models import Family

T = TypeVar("T")
Attached = tuple[ResolvedSession, End, End]  # (session, local end, remote end)


class SubnetIndex(Generic[T]):
    """IPv4/IPv6 subnets with a value each; `holding(address)` finds every subnet holding the
    address with one lookup per (version, prefix length) in use, not one test per subnet."""

    def __init__(self) -> None:
        self._by_net: dict[tuple[int, int, int], list[T]] = {}
        self._lengths: set[tuple[int, int]] = set()

    def add(self, net: netaddr.IPNetwork, value: T) -> None:
        """`net`: a subnet, or an address with its length (its host bits are dropped)."""
        key = (net.version, net.prefixlen)
        self._lengths.add(key)
        self._by_net.setdefault((*key, _bits(net.value, net.version, net.prefixlen)),
                                []).append(value)

    def holding(self, address: netaddr.IPAddress) -> list[T]:
        found: list[T] = []
        value, version = int(address), address.version
        for v, length in self._lengths:
            if v == version:
                found += self._by_net.get((v, length, _bits(value, v, length)), ())
        return found

    def holds(self, address: netaddr.IPAddress) -> bool:
        value, version = int(address), address.version
        return any((v, length, _bits(value, v, length)) in self._by_net
                   for v, length in self._lengths if v == version)


@lru_cache(maxsize=4096)  # bounded: most peer addresses are seen by a few devices only
def address_of(text: str) -> netaddr.IPAddress:
    """netaddr.IPAddress(text), memoised: the same peer addresses are parsed by sessions, the
    checks and every device's derive. The shared object is never modified (vrpgen changes no
    IPAddress in place)."""
    try:  # a dotted quad, as vrpgen writes addresses: 3 times faster than netaddr's parser
        packed = socket.inet_pton(socket.AF_INET, text)
    except OSError:  # anything else: netaddr decides (its value, or its error)
        return netaddr.IPAddress(text)
    return netaddr.IPAddress(int.from_bytes(packed, "big"), 4)


def _bits(value: int, version: int, length: int) -> int:
    return value >> ((32 if version == 4 else 128) - length)


def sessions_by_device(sessions: Iterable[ResolvedSession]) -> dict[str, list[Attached]]:
    """Device name → its sessions as (session, local, remote), in declaration order."""
    out: dict[str, list[Attached]] = {}
    for session in sessions:
        for local, remote in session.ends():
            out.setdefault(local.name, []).append((session, local, remote))
    return out


@dataclass
class Shared:
    """derive_device's view of the whole inventory: built once for all devices."""

    inventory: Inventory
    sessions: list[ResolvedSession]
    devices: dict[str, ResolvedDevice]  # resolved: addresses from pools and links included
    _by_device: dict[str, list[Attached]] | None = field(default=None, repr=False)
    _advertised: SubnetIndex[None] | None = field(default=None, repr=False)
    _vrrp: dict[str, list[VrrpGroup]] | None = field(default=None, repr=False)
    # derive/device.py: (id(port), id(family), Eth-Trunk) -> (the port, the family, its frozen
    # intent once seen twice): a port shared by many devices (derive/resolve) shares one intent
    interface_intents: dict[tuple[int, int, int | None],
                            tuple[ResolvedInterface, Family, InterfaceIntent | None]] = field(
        default_factory=dict, repr=False)

    def vrrp_groups(self, device: str) -> list[VrrpGroup]:
        if self._vrrp is None:
            self._vrrp = groups_by_member(self.inventory)
        return self._vrrp.get(device, [])

    def attached(self, device: str) -> list[Attached]:
        if self._by_device is None:
            self._by_device = sessions_by_device(self.sessions)
        return self._by_device.get(device, [])

    def advertised(self) -> SubnetIndex[None]:
        """The subnets the devices advertise in OSPF, from their own resolved settings (pool
        loopbacks and link addresses included)."""
        if self._advertised is None:
            index: SubnetIndex[None] = SubnetIndex()
            for device in self.devices.values():
                loopback = device.loopback
                # an address with its length keys the index as its subnet does (add keeps
                # the network bits only): no cidr built per interface
                if loopback is not None and loopback.ip is not None and loopback.ospf is not None:
                    index.add(loopback.ip, None)
                for item in device.interfaces:
                    if item.spec.ip is not None and item.spec.ospf is not None:
                        index.add(item.spec.ip, None)
            self._advertised = index
        return self._advertised
