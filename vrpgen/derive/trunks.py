"""Eth-Trunks (REFERENCE §4.6): membership declared once on the Eth-Trunk, the members' own
interface blocks derived (`eth-trunk N` and nothing of L2/L3), and the checks that keep a
member clean. Pure functions: issues go to `emit`, never raised."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vrpgen.derive.resolve import (
    NO_SETTINGS,
    ResolvedDevice,
    ResolvedInterface,
    Settings,
    in_display_order,
    parsed_ifname,
)
from vrpgen.errors import Severity
from vrpgen.vrp.ifname import IfName, IfNameError

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]

# What a member may carry besides `eth-trunk N` (§4.6: a member has default config).
_MEMBER_OWN = ("description", "shutdown", "lacp_priority")
_L2_L3 = ("access_vlan", "trunk_vlans", "pvid", "ip", "ospf", "stp", "members", "mode",
          "max_active_links")


@dataclass(frozen=True, slots=True)
class Membership:
    trunk: str  # Eth-Trunk name
    number: int
    key: str  # the Eth-Trunk's key as written, for error paths
    index: int  # position in its `members` list


def is_trunk(name: IfName) -> bool:
    return name.kind == "Eth-Trunk" and name.sub is None


def _member_names(device: ResolvedDevice) -> list[tuple[ResolvedInterface, int, IfName | str]]:
    """(trunk, index, member name or the parse error) for every listed member."""
    out: list[tuple[ResolvedInterface, int, IfName | str]] = []
    for item in device.interfaces:
        if not is_trunk(item.name):
            continue
        for n, text in enumerate(item.spec.members or ()):
            try:
                out.append((item, n, parsed_ifname(text, device.platform, None, None)))
            except IfNameError as exc:
                out.append((item, n, str(exc)))
    return out


def memberships(device: ResolvedDevice) -> dict[str, Membership]:
    """Member port name -> its trunk (the first trunk that lists it)."""
    found: dict[str, Membership] = {}
    for item, n, name in _member_names(device):
        if isinstance(name, IfName):
            found.setdefault(str(name), Membership(str(item.name), int(item.name.number),
                                                   item.key, n))
    return found


def with_members(device: ResolvedDevice) -> tuple[ResolvedInterface, ...]:
    """The device's interfaces plus the member ports it does not list itself, in display
    order: a member exists as its own interface block (`eth-trunk N`, §4.6)."""
    listed = _member_names(device)
    if not listed:
        return device.interfaces
    declared = {str(i.name) for i in device.interfaces}
    extra: dict[str, ResolvedInterface] = {}
    for item, n, name in listed:
        if isinstance(name, IfName) and str(name) not in declared:
            extra.setdefault(str(name), ResolvedInterface(name, f"{item.key}.members.{n}",
                                                          NO_SETTINGS))
    if not extra:
        return device.interfaces
    return in_display_order((*device.interfaces, *extra.values()))


def trunk_fields(item: ResolvedInterface, device: ResolvedDevice,
                 member: Membership | None) -> dict[str, object]:
    """The Eth-Trunk, member and spanning-tree fields of one interface's intent."""
    spec = item.spec
    stp = spec.stp
    return {
        "lacp_static": spec.mode == "lacp-static",
        "max_active_links": spec.max_active_links,
        "max_active_command": device.family.max_active_links_command()
        if spec.max_active_links is not None else None,
        "eth_trunk": member.number if member is not None else None,
        "lacp_priority": spec.lacp_priority,
        "stp_edged_port": stp is not None and stp.edged_port,
        "stp_loop_protection": stp is not None and stp.loop_protection,
        "stp_root_protection": stp is not None and stp.root_protection,
    }


def check_trunks(device: ResolvedDevice, emit: Emit) -> None:
    """Located errors: a member that does not exist or is not a port, a member of two trunks,
    a member with its own L2/L3 settings, trunk settings on another interface; a warning for
    a trunk without members."""
    claimed: dict[str, Path_] = {}
    for item, n, name in _member_names(device):
        path = device.path("interfaces", item.key, "members", n)
        if isinstance(name, str):
            emit(path, f"member {(item.spec.members or ())[n]!r} does not exist: {name}",
                 "name a physical port of this device", Severity.ERROR)
            continue
        if not name.physical or name.sub is not None or name.kind == "MEth":
            emit(path, f"{name} cannot be a member of {item.name}: members are physical "
                 "Ethernet ports (REFERENCE §4.6)", "name a physical port", Severity.ERROR)
            continue
        if str(name) in claimed:
            other = ".".join(str(p) for p in claimed[str(name)])
            emit(path, f"{name} is already a member of another Eth-Trunk ({other})",
                 "a port joins one Eth-Trunk: remove it from one of the lists", Severity.ERROR)
            continue
        claimed[str(name)] = path
    members = memberships(device)
    for item in device.interfaces:
        spec = item.spec
        if members or spec.lacp_priority is not None or spec.stp is not None \
                or spec.members is not None or spec.mode is not None \
                or spec.max_active_links is not None or is_trunk(item.name):
            _check_interface(device, item, members, emit)
        # else nothing in _check_interface applies: most ports of a fabric (issue 14)


def _set_fields(spec: Settings, names: tuple[str, ...]) -> list[str]:
    return [f for f in names if getattr(spec, f) not in (None, False)]


def _check_interface(device: ResolvedDevice, item: ResolvedInterface,
                     members: dict[str, Membership], emit: Emit) -> None:
    spec, path = item.spec, device.path("interfaces", item.key)
    member = members.get(str(item.name))
    if member is not None:
        own = _set_fields(spec, _L2_L3)
        if own:
            emit((*path, own[0]), f"{item.name} is a member of {member.trunk}: a member takes "
                 f"no settings of its own ({', '.join(own)}; REFERENCE §4.6)",
                 f"move them to {member.trunk} (interfaces.{member.key}); a member keeps only "
                 f"{', '.join(_MEMBER_OWN)}", Severity.ERROR)
    elif spec.lacp_priority is not None:
        emit((*path, "lacp_priority"), f"{item.name} is in no Eth-Trunk: lacp_priority is a "
             "member port's LACP priority", "add the port to an Eth-Trunk's members, or set "
             "the system priority with the device's lacp_priority", Severity.ERROR)
    if spec.stp is not None and spec.ip is not None:
        emit((*path, "stp"), f"{item.name} is routed (ip): spanning tree runs on switched "
             "ports", "remove stp, or make the port access or trunk", Severity.ERROR)
    if not is_trunk(item.name):
        for field in _set_fields(spec, ("members", "mode", "max_active_links")):
            emit((*path, field), f"{field} belongs to an Eth-Trunk, not {item.name}",
                 "declare an interface Eth-Trunk<N> with members: [...]", Severity.ERROR)
        return
    if not spec.members:
        emit(path, f"{item.name} has no members: it never comes up",
             "add members: [<ports>] (each then renders `eth-trunk N`, REFERENCE §4.6)",
             Severity.WARNING)
    if spec.max_active_links is not None:
        if spec.mode != "lacp-static":
            emit((*path, "max_active_links"), "the active-link limit is an LACP setting",
                 "set mode: lacp-static, or remove max_active_links", Severity.ERROR)
        elif device.family.max_active_links_command() is None:
            emit((*path, "max_active_links"), f"no {device.platform} form of the active-link "
                 "limit is known (REFERENCE §4.6 shows NE `max active-linknumber`, the corpus "
                 "CE `lacp max active-linknumber`; none for VRP5 S-series/AR)",
                 "remove max_active_links (configure it by hand)", Severity.ERROR)
