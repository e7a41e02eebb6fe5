"""Effective devices: defaults, then groups in order, then the device's own values.

Interface names become canonical here, once the device's platform is known; the key as the
user wrote it is kept for error paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, TypeVar, cast

import netaddr
from pydantic import BaseModel, ValidationError

from vrpgen.derive import ports
from vrpgen.errors import InventoryError, Issue
from vrpgen.inventory.management_model import Management
from vrpgen.inventory.model import (
    Bgp,
    Device,
    DeviceSettings,
    Interface,
    InterfaceOspf,
    InterfaceStp,
    Inventory,
    Loopback,
    LoopbackSpec,
    Mgmt,
    Ospf,
    PoolSlot,
    StaticRoute,
    Stp,
)
from vrpgen.inventory.routing_model import (
    AsPathFilterEntry,
    CommunityFilterEntry,
    PrefixEntry,
    RoutePolicyNode,
)
from vrpgen.inventory.source import LineIndex, Path_, dotted
from vrpgen.inventory.validate import issues_from
from vrpgen.vrp import models
from vrpgen.vrp.ifname import IfName, IfNameError, parse_ifname
from vrpgen.vrp.models import Family


@dataclass(frozen=True, slots=True)
class PortSettings:
    """A port's settings once a link or a pool has given it its address (derive/links.py,
    derive/addressing.py): the fields of the inventory's Interface, as a slotted object of
    about 140 bytes rather than a pydantic model of about 900 (issue 14: 40,000 link ends).
    tests/derive/test_build_sharing.py keeps the two field lists equal."""

    profile: str | None
    description: str | None
    shutdown: bool
    access_vlan: int | None
    trunk_vlans: tuple[int, ...] | None
    pvid: int | None
    ip: netaddr.IPNetwork | None
    ip_from: PoolSlot | None
    ospf: InterfaceOspf | None
    members: tuple[str, ...] | None
    mode: Literal["manual", "lacp-static"] | None
    max_active_links: int | None
    lacp_priority: int | None
    stp: InterfaceStp | None


Settings = Interface | PortSettings
M = TypeVar("M", bound="BaseModel | None")


def same(value: M) -> M:
    """The first seen of equal frozen settings (equal fields, the same fields set), so that
    10,000 devices whose group gives `ospf: {area: 0}` hold one object, not 10,000 (issue 14).
    Safe because the models are frozen and equal ones cannot be told apart."""
    if value is None:
        return value
    try:
        return cast(M, _first_equal(value, frozenset(value.model_fields_set)))
    except TypeError:  # a field that cannot be hashed (a dict): kept as it is
        return value


@lru_cache(maxsize=1024)
def _first_equal(value: BaseModel, _fields_set: frozenset[str]) -> BaseModel:
    return value


# one set for every such Loopback: pydantic keeps the set given (never changed: frozen model)
_LOOPBACK_FIELDS = {"ip", "ospf"}


def loopback(ip: netaddr.IPNetwork, ospf: InterfaceOspf | None) -> Loopback:
    """LoopBack0 with this address (its OSPF settings shared, see `same`)."""
    return Loopback.model_construct(_fields_set=_LOOPBACK_FIELDS, ip=ip, ospf=same(ospf))
NO_SETTINGS = Interface()  # a port listed nowhere but as an Eth-Trunk member (derive/trunks)


def addressed(spec: Settings | None, ip: netaddr.IPNetwork, description: str | None,
              ospf: InterfaceOspf | None) -> PortSettings:
    """`spec` (None: a port the inventory does not list) with this address, description and
    OSPF; every other setting kept."""
    s = spec if spec is not None else NO_SETTINGS
    return PortSettings(
        profile=s.profile, description=description, shutdown=s.shutdown,
        access_vlan=s.access_vlan, trunk_vlans=s.trunk_vlans, pvid=s.pvid, ip=ip,
        ip_from=s.ip_from, ospf=same(ospf), members=s.members, mode=s.mode,
        max_active_links=s.max_active_links, lacp_priority=s.lacp_priority, stp=s.stp)


@dataclass(frozen=True, slots=True)
class ResolvedInterface:
    name: IfName  # canonical
    key: str  # as written in the inventory, for error paths
    spec: Settings


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
    # issue 12: LACP system priority, spanning tree, static routes (as written)
    lacp_priority: int | None = None
    stp: Stp | None = None
    static_routes: tuple[StaticRoute, ...] = ()
    # the model family (vrp/models.py): the `model` set, else implied by platform and role
    family: Family = models.FAMILIES[models.S]
    model: str | None = None  # as the user named it (defaults, group or device), if any
    prefix_lists: dict[str, tuple[PrefixEntry, ...]] = field(default_factory=dict)
    route_policies: dict[str, tuple[RoutePolicyNode, ...]] = field(default_factory=dict)
    community_filters: dict[str, tuple[CommunityFilterEntry, ...]] = field(default_factory=dict)
    as_path_filters: dict[str, tuple[AsPathFilterEntry, ...]] = field(default_factory=dict)
    management: Management | None = None
    vars: dict[str, object] = field(default_factory=dict)  # free variables for templates
    # issue 14: LoopBack0 from a pool, `loopback` filled in by derive/addressing.py
    loopback_from: LoopbackSpec | None = None

    def path(self, *parts: str | int) -> tuple[str | int, ...]:
        return ("devices", self.name, *parts)


def resolve(inventory: Inventory, index: LineIndex) -> dict[str, ResolvedDevice]:
    """Every device resolved; all issues raised together as one InventoryError."""
    resolved, issues = resolve_partial(inventory, index)
    if issues:
        raise InventoryError(issues)
    return resolved


def resolve_partial(inventory: Inventory,
                    index: LineIndex) -> tuple[dict[str, ResolvedDevice], list[Issue]]:
    """The devices that resolve (a bad interface is left out of its device) and the issues."""
    issues: list[Issue] = []
    resolved: dict[str, ResolvedDevice] = {}
    shared = _Shared()
    for name, device in inventory.devices.items():
        merged = _merge_settings(inventory, name, device, index, issues)
        if merged is None:
            continue
        platform, model = _platform(inventory, name, device, index, issues)
        role = merged.role or (_family(model).role if model is not None else None)
        family = _family(model) if model is not None else models.family_of(platform, role)
        origins = ports.profile_origins(inventory, name, device)
        interfaces = _interfaces(name, merged, platform, family, model, origins, index, issues,
                                 shared)
        if role is None:
            issues.append(Issue(dotted(("devices", name, "role")), "missing required field "
                                "'role'", "set role: switch or role: router (here or in a group)",
                                index.lookup(("devices", name))))
            continue
        loopback, loopback_from = _loopback(name, merged.loopback, index, issues)
        resolved[name] = ResolvedDevice(
            name=name, sysname=merged.sysname or name, role=role,
            platform=platform, mgmt=merged.mgmt,
            vlans=merged.vlans or (), loopback=loopback, interfaces=interfaces,
            ospf=same(merged.ospf), bgp=merged.bgp, groups=merged.groups,
            owns=merged.owns if merged.owns is not None else inventory.defaults.owns,
            lacp_priority=merged.lacp_priority, stp=merged.stp,
            static_routes=merged.static_routes or (),
            family=family, model=model,
            prefix_lists=dict(merged.prefix_lists), route_policies=dict(merged.route_policies),
            community_filters=dict(merged.community_filters),
            as_path_filters=dict(merged.as_path_filters),
            management=merged.management, vars=dict(merged.vars), loopback_from=loopback_from)
    return resolved, issues


def _loopback(name: str, spec: LoopbackSpec | None, index: LineIndex,
              issues: list[Issue]) -> tuple[Loopback | None, LoopbackSpec | None]:
    """LoopBack0 as written, or its pool request (addressed in derive/addressing.py)."""
    if spec is None:
        return None, None
    if spec.pool is not None:  # its OSPF settings shared with every device's equal ones
        return None, LoopbackSpec.model_construct(
            _fields_set=spec.model_fields_set, ip=spec.ip, pool=spec.pool, index=spec.index,
            ospf=same(spec.ospf))
    if spec.ip is None:
        path = ("devices", name, "loopback")
        issues.append(Issue(dotted(path), "the loopback has neither ip nor pool",
                            "add ip: A.B.C.D/32, or pool: NAME (here or in a group)",
                            index.lookup(path)))
        return None, None
    return loopback(spec.ip, spec.ospf), None


def _platform(inventory: Inventory, name: str, device: Device, index: LineIndex,
              issues: list[Issue]) -> tuple[str, str | None]:
    """The device's platform and model: the most specific layer (defaults, groups in order,
    the device) that sets each wins; a model implies its platform (vrp/models.py), so a platform
    set at the model's layer or a more specific one must agree with it (a located error)."""
    layers: list[tuple[tuple[str | int, ...], str | None, str | None]] = [
        (("defaults",), inventory.defaults.platform
         if "platform" in inventory.defaults.model_fields_set else None,
         inventory.defaults.model)]
    for group in device.groups:
        settings = inventory.groups.get(group)
        if settings is not None:
            layers.append((("groups", group), settings.platform, settings.model))
    layers.append((("devices", name), device.platform, device.model))
    at_platform = max((i for i, layer in enumerate(layers) if layer[1] is not None), default=-1)
    at_model = max((i for i, layer in enumerate(layers) if layer[2] is not None), default=-1)
    if at_model < 0:
        found = layers[at_platform][1] if at_platform >= 0 else None
        return found or inventory.defaults.platform, None
    model = layers[at_model][2]
    assert model is not None
    implied = models.family(model).platform
    if at_platform >= at_model and layers[at_platform][1] != implied:
        path = (*layers[at_platform][0], "platform")
        where = dotted((*layers[at_model][0], "model"))
        issues.append(Issue(dotted(path), f"platform {layers[at_platform][1]} contradicts model "
                            f"{model} ({where}), which is {implied}",
                            f"remove platform (the model implies it) or set platform: {implied}",
                            index.lookup(path)))
    return implied, model


def _merge_settings(inventory: Inventory, name: str, device: Device, index: LineIndex,
                    issues: list[Issue]) -> Device | None:
    """The device's settings over its groups' over the defaults'. Each layer is a validated
    model already: a field only one layer sets is taken as it is; only the fields that several
    layers set are deep-merged and validated again, with Device's own rules and error paths
    (Device has no validator across fields, so validating those fields alone checks as much
    as validating the whole merged device did)."""
    layers: list[dict[str, Any]] = []
    single: dict[str, Any] = {}  # field -> the validated value of the one layer that sets it
    if inventory.defaults.port_profiles:  # the least specific level of port profiles
        layers.append({"port_profiles": {k: v.model_dump(exclude_unset=True, by_alias=True)
                                         for k, v in inventory.defaults.port_profiles.items()}})
        single["port_profiles"] = dict(inventory.defaults.port_profiles)
    models = _settings_layers(inventory, name, device, index, issues)
    seen: dict[str, int] = {key: 1 for key in single}
    for model in models:
        for key in model.model_fields_set:
            seen[key] = seen.get(key, 0) + 1
            single[key] = getattr(model, key)
    # defaults.ospf fills in only for devices that run OSPF at all.
    fill_ospf = "ospf" in seen and inventory.defaults.ospf is not None
    again = {key for key, count in seen.items() if count > 1} | ({"ospf"} if fill_ospf else set())
    if not again:
        return Device.model_construct(_fields_set=set(seen), **single)
    # interfaces: only the keys several layers set are merged and validated again; a port (or
    # range) one layer sets keeps that layer's validated object, shared by every device of a
    # group (issue 14: 10,000 leaves whose group gives 40 ports)
    ports = _ports_by_key(models) if "interfaces" in again else None
    merged: dict[str, Any] = {}
    for layer in layers:
        _deep_merge(merged, {k: v for k, v in layer.items() if k in again})
    for model in models:
        _deep_merge(merged, _dump(model, again & model.model_fields_set, ports))
    if fill_ospf:
        assert inventory.defaults.ospf is not None
        ospf = inventory.defaults.ospf.model_dump(exclude_unset=True)
        _deep_merge(ospf, merged.get("ospf") or {})
        merged["ospf"] = ospf
    try:
        checked = Device.model_validate(merged)
    except ValidationError as exc:
        issues.extend(issues_from(exc, index, Device, ("devices", name)))
        return None
    single.update({key: getattr(checked, key) for key in again})
    if ports is not None:  # in the order the keys first appear, as the deep merge gave them
        single["interfaces"] = {key: specs[0] if len(specs) == 1 else checked.interfaces[key]
                                for key, specs in ports.items()}
    return Device.model_construct(_fields_set=set(seen), **single)


def _settings_layers(inventory: Inventory, name: str, device: Device, index: LineIndex,
                     issues: list[Issue]) -> list[DeviceSettings]:
    """The device's groups in order (an unknown one is reported and left out), then itself."""
    models: list[DeviceSettings] = []
    for i, group in enumerate(device.groups):
        if group not in inventory.groups:
            known = ", ".join(sorted(inventory.groups)) or "none defined"
            issues.append(Issue(dotted(("devices", name, "groups", i)),
                                f"unknown group {group!r}", f"groups: {known}",
                                index.lookup(("devices", name, "groups", i))))
            continue
        models.append(inventory.groups[group])
    models.append(device)
    return models


def _ports_by_key(models: list[DeviceSettings]) -> dict[str, list[Interface]]:
    """Interface key -> its settings in each layer that sets it, keys in first-seen order."""
    ports: dict[str, list[Interface]] = {}
    for model in models:
        if "interfaces" in model.model_fields_set:
            for key, spec in model.interfaces.items():
                ports.setdefault(key, []).append(spec)
    return ports


def _dump(model: DeviceSettings, wanted: set[str],
          ports: dict[str, list[Interface]] | None) -> dict[str, Any]:
    """The `wanted` fields of one layer as written; of its interfaces (when `ports` is given)
    only the keys another layer sets too."""
    out: dict[str, Any] = {}
    if ports is not None and "interfaces" in wanted:
        wanted = wanted - {"interfaces"}
        out["interfaces"] = {key: spec.model_dump(exclude_unset=True, by_alias=True)
                             for key, spec in model.interfaces.items() if len(ports[key]) > 1}
    if wanted:
        out.update(model.model_dump(include=wanted, exclude_unset=True, by_alias=True))
    return out


def _deep_merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value


def _until_bad(key: str, names: tuple[str, ...], spec: Interface, platform: str,
               family: Family, model: str | None, shared: _Shared, path: Path_,
               index: LineIndex) -> tuple[_Block, Issue | None]:
    """The ports of an entry up to its first name that does not parse, and that name's error
    (one per range key, not one per port)."""
    parsed: list[tuple[str, ResolvedInterface, bool]] = []
    for text in names:
        try:
            ifname = parsed_ifname(text, platform, family.name, model)
        except IfNameError as exc:
            shown = f"{text} (in range {key}): " if text != key else ""
            return _Block(names != (key,), tuple(parsed)), \
                Issue(dotted(path), shown + str(exc), None, index.lookup(path))
        special = not ifname.addressable or (ifname.kind == "LoopBack" and ifname.number == "0")
        parsed.append((str(ifname), shared.port(ifname, key, spec), special))
    return _Block(names != (key,), tuple(parsed)), None


def _configured(spec: Interface) -> bool:
    return any(v is not None for v in (spec.ip, spec.access_vlan, spec.trunk_vlans, spec.ospf))


@lru_cache(maxsize=16384)
def parsed_ifname(text: str, platform: str, family: str | None, model: str | None) -> IfName:
    """parse_ifname, memoised: the same port names recur on thousands of devices, and one
    frozen IfName serves them all (an IfNameError is raised again each time, not cached)."""
    return parse_ifname(text, platform, family, model)


@lru_cache(maxsize=16384)
def display_key(name: IfName) -> tuple[int, int, tuple[int, ...], int]:
    """IfName.sort_key, memoised (sorting every device's ports)."""
    return name.sort_key()


def in_display_order(interfaces: Iterable[ResolvedInterface]) -> tuple[ResolvedInterface, ...]:
    return tuple(sorted(interfaces, key=lambda i: display_key(i.name)))


@lru_cache(maxsize=256)
def _family(model: str) -> Family:
    """models.family, memoised: one frozen Family per model name, not one per device."""
    return models.family(model)


@dataclass
class _Shared:
    """What one resolve run shares among devices (issue 14: 10,000 leaves of one group)."""

    merged: ports.Merged = field(default_factory=dict)  # a group's port with its profile
    # (id(IfName), key, id(settings)) -> the one ResolvedInterface of that port; the entry
    # holds the objects whose ids it uses
    ports: dict[tuple[int, str, int], ResolvedInterface] = field(default_factory=dict)
    # (key, id(settings), platform, family, model) -> the entry's parsed ports (_block)
    blocks: dict[tuple[str, int, str, str, str | None], _Block] = field(default_factory=dict)

    def port(self, ifname: IfName, key: str, spec: Interface) -> ResolvedInterface:
        found = self.ports.get((id(ifname), key, id(spec)))
        if found is None:
            found = self.ports[(id(ifname), key, id(spec))] = ResolvedInterface(ifname, key, spec)
        return found


@dataclass(frozen=True, slots=True)
class _Block:
    """One interfaces entry (a port or a range) with its names parsed for one platform, family
    and model: (canonical name, port, whether a per-port rule may refuse it) per port."""

    ranged: bool
    ports: tuple[tuple[str, ResolvedInterface, bool], ...]


def _block(key: str, names: tuple[str, ...], spec: Interface, platform: str, family: Family,
           model: str | None, shared: _Shared) -> _Block | None:
    """The entry's block, shared by every device with the same entry (a group's range); None
    when a name does not parse (the caller then reports it port by port)."""
    cache_key = (key, id(spec), platform, family.name, model)
    found = shared.blocks.get(cache_key)
    if found is not None:
        return found
    parsed: list[tuple[str, ResolvedInterface, bool]] = []
    for text in names:
        try:
            ifname = parsed_ifname(text, platform, family.name, model)
        except IfNameError:
            return None
        special = not ifname.addressable or (ifname.kind == "LoopBack" and ifname.number == "0")
        parsed.append((str(ifname), shared.port(ifname, key, spec), special))
    found = shared.blocks[cache_key] = _Block(names != (key,), tuple(parsed))
    return found


def _interfaces(name: str, device: Device, platform: str, family: Family, model: str | None,
                origins: dict[str, Path_], index: LineIndex, issues: list[Issue],
                shared: _Shared | None = None) -> tuple[ResolvedInterface, ...]:
    shared = shared if shared is not None else _Shared()
    seen: dict[str, tuple[str, bool]] = {}  # name -> (its entry's key, whether a range)
    twice: dict[tuple[str, str], list[IfName]] = {}  # (first key, key) -> ports in both
    out: list[ResolvedInterface] = []
    for key, texts, spec in ports.entries(name, device, origins, index, issues, shared.merged):
        path = ("devices", name, "interfaces", key)
        block = _block(key, texts, spec, platform, family, model, shared)
        bad = None
        if block is None:  # the ports before the first name that does not parse, then its error
            block, bad = _until_bad(key, texts, spec, platform, family, model, shared, path,
                                    index)
        configured = _configured(spec)
        for text, item, special in block.ports:
            ifname = item.name
            first = seen.get(text)
            if first is not None:
                if block.ranged or first[1]:  # one issue per pair of entries
                    twice.setdefault((first[0], key), []).append(ifname)
                    continue
                issues.append(Issue(dotted(path), f"same interface as {first[0]!r} ({ifname})",
                                    "merge the two entries", index.lookup(path)))
                continue
            seen[text] = (key, block.ranged)
            if special:
                if not ifname.addressable and configured:
                    issues.append(Issue(dotted(path), f"{ifname} takes no address, VLANs or "
                                        "OSPF (REFERENCE §4.3: always listed, empty)",
                                        "remove the interface's settings", index.lookup(path)))
                    continue
                if ifname.kind == "LoopBack" and ifname.number == "0" \
                        and device.loopback is not None:
                    issues.append(Issue(dotted(path), "LoopBack0 is already set by `loopback`",
                                        "configure it in one place", index.lookup(path)))
                    continue
            out.append(item)
        if bad is not None:
            issues.append(bad)
    for (first_key, key), names in twice.items():
        path = ("devices", name, "interfaces", key)
        shown = ", ".join(map(str, names)) if len(names) <= 3 else \
            f"{len(names)} ports, {names[0]} to {names[-1]},"
        verb = "is" if len(names) == 1 else "are"
        issues.append(Issue(dotted(path), f"{shown} {verb} in {first_key!r} and again in {key!r}",
                            "give each port once: shorten the range or remove the entry",
                            index.lookup(path)))
    return in_display_order(out)
