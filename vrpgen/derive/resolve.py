"""Effective devices: defaults, then groups in order, then the device's own values.

Interface names become canonical here, once the device's platform is known; the key as the
user wrote it is kept for error paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from vrpgen.errors import InventoryError, Issue
from vrpgen.inventory.management_model import Management
from vrpgen.inventory.model import Bgp, Device, Interface, Inventory, Loopback, Mgmt, Ospf
from vrpgen.inventory.routing_model import PrefixEntry, RoutePolicyNode
from vrpgen.inventory.source import LineIndex, dotted
from vrpgen.inventory.validate import issues_from
from vrpgen.vrp.ifname import IfName, IfNameError, parse_ifname


@dataclass(frozen=True, slots=True)
class ResolvedInterface:
    name: IfName  # canonical
    key: str  # as written in the inventory, for error paths
    spec: Interface


@dataclass(frozen=True, slots=True)
class ResolvedDevice:
    name: str
    sysname: str
    role: str
    platform: str
    mgmt: Mgmt | None
    vlans: tuple[int, ...]
    loopback: Loopback | None
    interfaces: tuple[ResolvedInterface, ...]  # in display order
    ospf: Ospf | None
    bgp: Bgp | None
    groups: tuple[str, ...]
    owns: tuple[str, ...] = ()  # families owned beyond what is rendered (vrp/scope.py)
    prefix_lists: dict[str, tuple[PrefixEntry, ...]] = field(default_factory=dict)
    route_policies: dict[str, tuple[RoutePolicyNode, ...]] = field(default_factory=dict)
    management: Management | None = None
    vars: dict[str, object] = field(default_factory=dict)  # free variables for templates

    def path(self, *parts: str | int) -> tuple[str | int, ...]:
        return ("devices", self.name, *parts)


def resolve(inventory: Inventory, index: LineIndex) -> dict[str, ResolvedDevice]:
    issues: list[Issue] = []
    resolved: dict[str, ResolvedDevice] = {}
    for name, device in inventory.devices.items():
        merged = _merge_settings(inventory, name, device, index, issues)
        if merged is None:
            continue
        interfaces = _interfaces(name, merged, index, issues)
        if merged.role is None:
            issues.append(Issue(dotted(("devices", name, "role")), "missing required field "
                                "'role'", "set role: switch or role: router (here or in a group)",
                                index.lookup(("devices", name))))
            continue
        resolved[name] = ResolvedDevice(
            name=name, sysname=merged.sysname or name, role=merged.role,
            platform=merged.platform or inventory.defaults.platform, mgmt=merged.mgmt,
            vlans=merged.vlans or (), loopback=merged.loopback, interfaces=interfaces,
            ospf=merged.ospf, bgp=merged.bgp, groups=merged.groups,
            owns=merged.owns if merged.owns is not None else inventory.defaults.owns,
            prefix_lists=dict(merged.prefix_lists), route_policies=dict(merged.route_policies),
            management=merged.management, vars=dict(merged.vars))
    if issues:
        raise InventoryError(issues)
    return resolved


def _merge_settings(inventory: Inventory, name: str, device: Device, index: LineIndex,
                    issues: list[Issue]) -> Device | None:
    merged: dict[str, Any] = {}
    for i, group in enumerate(device.groups):
        if group not in inventory.groups:
            known = ", ".join(sorted(inventory.groups)) or "none defined"
            issues.append(Issue(dotted(("devices", name, "groups", i)),
                                f"unknown group {group!r}", f"groups: {known}",
                                index.lookup(("devices", name, "groups", i))))
            continue
        _deep_merge(merged, inventory.groups[group].model_dump(exclude_unset=True, by_alias=True))
    _deep_merge(merged, device.model_dump(exclude_unset=True, by_alias=True))
    # defaults.ospf fills in only for devices that run OSPF at all.
    if "ospf" in merged and inventory.defaults.ospf is not None:
        ospf = inventory.defaults.ospf.model_dump(exclude_unset=True)
        _deep_merge(ospf, merged["ospf"] or {})
        merged["ospf"] = ospf
    try:
        return Device.model_validate(merged)
    except ValidationError as exc:
        issues.extend(issues_from(exc, index, Device, ("devices", name)))
        return None


def _deep_merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value


def _configured(spec: Interface) -> bool:
    return any(v is not None for v in (spec.ip, spec.access_vlan, spec.trunk_vlans, spec.ospf))


def _interfaces(name: str, device: Device, index: LineIndex,
                issues: list[Issue]) -> tuple[ResolvedInterface, ...]:
    platform = device.platform or "vrp5"
    seen: dict[str, str] = {}
    out: list[ResolvedInterface] = []
    for key, spec in device.interfaces.items():
        path = ("devices", name, "interfaces", key)
        try:
            ifname = parse_ifname(key, platform)
        except IfNameError as exc:
            issues.append(Issue(dotted(path), str(exc), None, index.lookup(path)))
            continue
        if str(ifname) in seen:
            issues.append(Issue(dotted(path), f"same interface as {seen[str(ifname)]!r} "
                                f"({ifname})", "merge the two entries", index.lookup(path)))
            continue
        if not ifname.addressable and _configured(spec):
            issues.append(Issue(dotted(path), f"{ifname} takes no address, VLANs or OSPF "
                                "(REFERENCE §4.3: always listed, empty)",
                                "remove the interface's settings", index.lookup(path)))
            continue
        if ifname.kind == "LoopBack" and ifname.number == "0" and device.loopback is not None:
            issues.append(Issue(dotted(path), "LoopBack0 is already set by `loopback`",
                                "configure it in one place", index.lookup(path)))
            continue
        seen[str(ifname)] = key
        out.append(ResolvedInterface(ifname, key, spec))
    return tuple(sorted(out, key=lambda i: i.name.sort_key()))
