"""VRRP groups (vrp/families/vrrp.py): a group declared once under `vrrp:` names its member
devices; each member gets its lines on its interface. Checks: members exist and have the
interface addressed, the virtual IP is inside that subnet and is no member's interface
address, members share the subnet, a VRID once per interface, priorities differ (else the
RFC 3768/5798 tiebreak decides: warning). Pure functions: issues go to `emit`."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import netaddr

from vrpgen.derive.intent import VrrpIntent
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.errors import Severity
from vrpgen.inventory.model import Inventory, VrrpGroup, VrrpMember
from vrpgen.vrp.ifname import IfNameError, parse_ifname

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]
DEFAULT_PRIORITY = 100  # not displayed (corpus Core_SW1)


def _ifname(text: str, platform: str) -> str | None:
    try:
        return str(parse_ifname(text, platform))
    except IfNameError:
        return None


def _intent(group: VrrpGroup, member: VrrpMember, platform: str) -> VrrpIntent:
    track = member.track
    return VrrpIntent(
        vrid=group.vrid, virtual_ip=str(group.virtual_ip),
        priority=member.priority if member.priority != DEFAULT_PRIORITY else None,
        preempt_delay=group.preempt_delay,
        track_interface=_ifname(track.interface, platform) if track is not None else None,
        track_reduced=track.reduced if track is not None else None)


def groups_by_member(inventory: Inventory) -> dict[str, list[VrrpGroup]]:
    """Device name -> the VRRP groups it is a member of, in declaration order."""
    out: dict[str, list[VrrpGroup]] = {}
    for group in inventory.vrrp.values():
        for name in group.members:
            out.setdefault(name, []).append(group)
    return out


def vrrp_intents(inventory: Inventory, device: ResolvedDevice,
                 groups: Iterable[VrrpGroup] | None = None) -> dict[str, tuple[VrrpIntent, ...]]:
    """Interface name -> the VRRP groups `device` is a member of on it, by VRID; `groups`:
    at least the device's own (groups_by_member), else all of them are scanned."""
    found: dict[str, list[VrrpIntent]] = {}
    for group in groups if groups is not None else inventory.vrrp.values():
        member = group.members.get(device.name)
        if member is None:
            continue
        name = _ifname(member.interface or group.interface, device.platform)
        if name is not None:
            found.setdefault(name, []).append(_intent(group, member, device.platform))
    return {k: tuple(sorted(v, key=lambda g: g.vrid)) for k, v in found.items()}


def check_vrrp(inventory: Inventory, devices: dict[str, ResolvedDevice], emit: Emit) -> None:
    owners: dict[netaddr.IPAddress, list[str]] = {}  # address -> devices that have it
    if inventory.vrrp:
        for owner in devices.values():
            owned = [owner.loopback.ip.ip] if owner.loopback is not None else []
            owned += [i.spec.ip.ip for i in owner.interfaces if i.spec.ip is not None]
            for address in dict.fromkeys(owned):
                owners.setdefault(address, []).append(owner.name)
    used: dict[tuple[str, str, int], str] = {}
    addresses: dict[netaddr.IPAddress, str] = {}
    for gname, group in inventory.vrrp.items():
        path: Path_ = ("vrrp", gname)
        other = addresses.setdefault(group.virtual_ip, gname)
        if other != gname:
            emit((*path, "virtual_ip"), f"virtual IP {group.virtual_ip} is also group "
                 f"{other}'s", "each group needs its own virtual IP", Severity.ERROR)
        if len(group.members) < 2:
            emit((*path, "members"), "a VRRP group with one member has no backup",
                 "name both gateway devices under members", Severity.WARNING)
        subnets: dict[str, netaddr.IPNetwork] = {}
        for mname, member in group.members.items():
            mpath = (*path, "members", mname)
            device = devices.get(mname)
            if device is None:
                close = difflib.get_close_matches(mname, devices, n=1)
                emit(mpath, f"no device named {mname!r}",
                     f"did you mean {close[0]!r}?" if close else "name an inventory device",
                     Severity.ERROR)
                continue
            net = _member_subnet(group, member, device, mpath, emit)
            if net is None:
                continue
            slot = (mname, str(net), group.vrid)
            if slot in used:
                emit((*path, "vrid"), f"VRID {group.vrid} is already used on {mname} by "
                     f"group {used[slot]}", "give each group on an interface its own vrid",
                     Severity.ERROR)
            used[slot] = gname
            subnets[mname] = net
            if member.track is not None and _ifname(member.track.interface,
                                                    device.platform) is None:
                emit((*mpath, "track", "interface"), f"{member.track.interface!r} is not an "
                     f"interface name on {device.platform}", None, Severity.ERROR)
        _shared(group, subnets, owners, path, emit)
        _priorities(group, path, emit)


def _member_subnet(group: VrrpGroup, member: VrrpMember, device: ResolvedDevice,
                   mpath: Path_, emit: Emit) -> netaddr.IPNetwork | None:
    text = member.interface or group.interface
    name = _ifname(text, device.platform)
    where = (*mpath, "interface") if member.interface else ("vrrp", mpath[1], "interface")
    if name is None:
        emit(where, f"{text!r} is not an interface name on {device.platform}", None,
             Severity.ERROR)
        return None
    item = next((i for i in device.interfaces if str(i.name) == name), None)
    if item is None or item.spec.ip is None:
        emit(mpath, f"{name} on {device.name} has no ip address: a VRRP group runs on a "
             "Vlanif or routed interface", f"add interfaces.{name}.ip on {device.name}",
             Severity.ERROR)
        return None
    if group.virtual_ip not in item.spec.ip or group.virtual_ip in (item.spec.ip.network,
                                                                  item.spec.ip.broadcast):
        emit(("vrrp", mpath[1], "virtual_ip"), f"virtual IP {group.virtual_ip} is not a host "
             f"of {name}'s subnet {item.spec.ip.cidr} on {device.name}",
             "use an unused address of the segment", Severity.ERROR)
        return None
    return item.spec.ip


def _shared(group: VrrpGroup, subnets: dict[str, netaddr.IPNetwork],
            owners: dict[netaddr.IPAddress, list[str]], path: Path_, emit: Emit) -> None:
    cidrs = {str(net.cidr) for net in subnets.values()}
    if len(cidrs) > 1:
        listed = ", ".join(f"{m} {net.cidr}" for m, net in subnets.items())
        emit((*path, "members"), f"the members do not share one subnet ({listed})",
             "put every member's interface in the same subnet", Severity.ERROR)
    for name in owners.get(group.virtual_ip, ()):  # in device order
        emit((*path, "virtual_ip"), f"virtual IP {group.virtual_ip} is an interface "
             f"address of {name}", "use an address no device has", Severity.ERROR)


def _priorities(group: VrrpGroup, path: Path_, emit: Emit) -> None:
    prios = [m.priority or DEFAULT_PRIORITY for m in group.members.values()]
    if len(prios) > 1 and len(set(prios)) == 1:
        emit((*path, "members"), f"every member has priority {prios[0]}: the member with the "
             "highest interface address becomes master (RFC 5798 tiebreak)",
             "give the intended master a higher priority, e.g. 120", Severity.WARNING)
