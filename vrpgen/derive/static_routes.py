"""Static routes (REFERENCE §4.7): each device's `static_routes` as display-ready intents, and
the checks: a next hop reachable through a connected subnet of the device (an interface or
Vlanif address), no route twice. Pure functions: issues go to `emit`."""

from __future__ import annotations

from collections.abc import Callable

import netaddr

from vrpgen.derive.intent import StaticRouteIntent
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.errors import Severity
from vrpgen.inventory.model import StaticRoute
from vrpgen.vrp.ifname import IfNameError, parse_ifname

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]
DEFAULT_PREFERENCE = 60  # §4.7: not displayed


def _interface(route: StaticRoute, platform: str) -> str | None:
    if route.interface is None:
        return None
    try:
        return str(parse_ifname(route.interface, platform))
    except IfNameError:
        return None  # reported by check_static_routes


def static_route_intents(device: ResolvedDevice) -> tuple[StaticRouteIntent, ...]:
    out = []
    for route in device.static_routes:
        pref = route.preference if route.preference != DEFAULT_PREFERENCE else None
        out.append(StaticRouteIntent(
            vpn_instance=route.vpn_instance, destination=str(route.prefix.network),
            mask=str(route.prefix.netmask), interface=_interface(route, device.platform),
            next_hop=str(route.next_hop) if route.next_hop is not None else None,
            preference=pref, tag=route.tag, description=route.description))
    return tuple(out)


def _connected(device: ResolvedDevice) -> dict[str, netaddr.IPNetwork]:
    """Interface name -> its address (with prefix) for every addressed interface."""
    subnets = {str(i.name): i.spec.ip for i in device.interfaces if i.spec.ip is not None}
    if device.loopback is not None:
        subnets["LoopBack0"] = device.loopback.ip
    return subnets


def check_static_routes(device: ResolvedDevice, emit: Emit) -> None:
    connected = _connected(device)
    seen: dict[tuple[str, ...], int] = {}
    for n, route in enumerate(device.static_routes):
        path = device.path("static_routes", n)
        ifname = _interface(route, device.platform)
        if route.interface is not None and ifname is None:
            try:
                parse_ifname(route.interface, device.platform)
            except IfNameError as exc:
                emit((*path, "interface"), str(exc), None, Severity.ERROR)
            continue
        key = (route.vpn_instance or "", str(route.prefix), ifname or "", str(route.next_hop or ""))
        if key in seen:
            emit(path, f"the same route as static_routes[{seen[key]}] ({route.prefix} via "
                 f"{' '.join(k for k in key[2:] if k)})", "remove one of them", Severity.ERROR)
            continue
        seen[key] = n
        if route.next_hop is not None:
            _check_next_hop(device, route, ifname, connected, (*path, "next_hop"), emit)


def _check_next_hop(device: ResolvedDevice, route: StaticRoute, ifname: str | None,
                    connected: dict[str, netaddr.IPNetwork], path: Path_, emit: Emit) -> None:
    hop = route.next_hop
    assert hop is not None
    if route.vpn_instance is not None:
        emit(path, f"next hop {hop} in vpn-instance {route.vpn_instance} is not checked: the "
             "inventory does not bind interfaces to instances", None, Severity.WARNING)
        return
    if any(net.ip == hop for net in connected.values()):
        emit(path, f"next hop {hop} is {device.name}'s own address", "use the neighbour's "
             "address", Severity.ERROR)
        return
    candidates = {ifname: connected[ifname]} if ifname in connected else connected
    if ifname is not None and ifname not in connected:
        emit(path, f"{ifname} has no address on {device.name}: next hop {hop} cannot be "
             "reached through it", f"give {ifname} an ip, or drop interface", Severity.ERROR)
        return
    if not any(hop in net and net.prefixlen < 32 for net in candidates.values()):
        where = ", ".join(f"{net.cidr} ({name})" for name, net in candidates.items()
                          if net.prefixlen < 32) or "none"
        emit(path, f"next hop {hop} is in no connected subnet of {device.name}"
             + (f" on {ifname}" if ifname else "") + ": the route never becomes active",
             f"use a next hop in one of: {where}", Severity.ERROR)
