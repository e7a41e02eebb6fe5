"""Interface ranges and port profiles → plain ports, before names are parsed (derive/resolve).

    GE0/0/1-24: {profile: desk, description: desks}   # 24 ports, the profile's keys under
                                                       # the port's own
Everything downstream sees one entry per port, keyed (for error paths) by the key as written:
an error in an expanded port points at the range key's line; a value the profile gave, at the
profile's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from vrpgen.errors import Issue
from vrpgen.inventory.model import Device, Interface, Inventory
from vrpgen.inventory.source import LineIndex, Path_, dotted
from vrpgen.inventory.validate import issues_from

# `GE0/0/1-24`, `Eth-Trunk1-4`, `GigabitEthernet0/0/1.10-20`: the last number is a range.
_RANGE = re.compile(r"^(?P<head>.*\D)(?P<low>\d{1,5})\s*-\s*(?P<high>\d{1,5})\s*$", re.ASCII)
MAX_RANGE = 4096  # a guard, not a VRP fact: more ports than any device has


@dataclass(frozen=True, slots=True)
class Port:
    name: str  # one interface name as typed (`GE0/0/5`), parsed later
    key: str  # the key as written (`GE0/0/1-24`), for error paths
    spec: Interface  # the profile's keys under the port's own

    @property
    def ranged(self) -> bool:
        return self.name != self.key


def profile_origins(inventory: Inventory, name: str, device: Device) -> dict[str, Path_]:
    """Where each profile name the device sees is defined: the most specific definition."""
    origins: dict[str, Path_] = {p: ("defaults", "port_profiles", p)
                                 for p in inventory.defaults.port_profiles}
    for group in device.groups:
        settings = inventory.groups.get(group)
        if settings is not None:
            origins.update({p: ("groups", group, "port_profiles", p)
                            for p in settings.port_profiles})
    origins.update({p: ("devices", name, "port_profiles", p) for p in device.port_profiles})
    return origins


# (id(port settings), id(profile)) -> (port settings, profile, merged): the objects are kept
# so that an id is never reused while its entry lives
Merged = dict[tuple[int, int], tuple[Interface, Interface, Interface]]


def expand(name: str, device: Device, origins: dict[str, Path_], index: LineIndex,
           issues: list[Issue], merged_cache: Merged | None = None) -> list[Port]:
    """The device's ports, ranges expanded and profiles applied; bad entries are reported and
    left out. `device` is the merged device (its `port_profiles` hold every level's).
    `merged_cache` (one per resolve run): a group's port and profile, merged once, give one
    shared settings object to every device of the group."""
    return [Port(n, key, merged)
            for key, names, merged in entries(name, device, origins, index, issues, merged_cache)
            for n in names]


def entries(name: str, device: Device, origins: dict[str, Path_], index: LineIndex,
            issues: list[Issue], merged_cache: Merged | None = None,
            ) -> list[tuple[str, tuple[str, ...], Interface]]:
    """`expand` by entry: (key as written, its port names, its settings with the profile)."""
    out: list[tuple[str, tuple[str, ...], Interface]] = []
    for key, spec in device.interfaces.items():
        path = ("devices", name, "interfaces", key)
        names = _names(key, path, index, issues)
        if not names:
            continue
        merged = _with_profile(spec, device, origins, path, index, issues, merged_cache)
        if merged is not None:
            out.append((key, names, merged))
    return out


def _names(key: str, path: Path_, index: LineIndex, issues: list[Issue]) -> tuple[str, ...]:
    names = _range_names(key)
    if names is None:
        match = _RANGE.match(key)
        assert match is not None
        low, high = int(match["low"]), int(match["high"])
        issues.append(Issue(dotted(path), f"range {low}-{high} is empty or too large",
                            f"write the first and last port, lowest first, at most {MAX_RANGE} "
                            "ports", index.lookup(path)))
        return ()
    return names


@lru_cache(maxsize=4096)
def _range_names(key: str) -> tuple[str, ...] | None:
    """The port names of a key (memoised: one group's ranges on every device), None for an
    empty or too large range."""
    match = _RANGE.match(key)
    if match is None:
        return (key,)
    low, high = int(match["low"]), int(match["high"])
    if low >= high or high - low >= MAX_RANGE:
        return None
    return tuple(f"{match['head']}{n}" for n in range(low, high + 1))


def _with_profile(spec: Interface, device: Device, origins: dict[str, Path_], path: Path_,
                  index: LineIndex, issues: list[Issue],
                  merged_cache: Merged | None = None) -> Interface | None:
    if spec.profile is None:
        return spec
    profile = device.port_profiles.get(spec.profile)
    if profile is not None and merged_cache is not None:
        found = merged_cache.get((id(spec), id(profile)))
        if found is not None:  # merged without error before: errors are located per device
            return found[2]
        merged = _merge_profile(spec, profile, device, origins, path, index, issues)
        if merged is not None:
            merged_cache[(id(spec), id(profile))] = (spec, profile, merged)
        return merged
    return _merge_profile(spec, profile, device, origins, path, index, issues)


def _merge_profile(spec: Interface, profile: Interface | None, device: Device,
                   origins: dict[str, Path_], path: Path_, index: LineIndex,
                   issues: list[Issue]) -> Interface | None:
    assert spec.profile is not None
    if profile is None:
        known = ", ".join(sorted(device.port_profiles)) or "none defined"
        issues.append(Issue(dotted((*path, "profile")), f"unknown port profile {spec.profile!r}",
                            f"port_profiles: {known}", index.lookup((*path, "profile"))))
        return None
    origin = origins.get(spec.profile, path)
    if profile.profile is not None:
        where = (*origin, "profile")
        issues.append(Issue(dotted(where), "a port profile cannot use another profile",
                            "write its settings out", index.lookup(where)))
        return None
    own = spec.model_dump(exclude_unset=True, by_alias=True)
    merged: dict[str, Any] = profile.model_dump(exclude_unset=True, by_alias=True)
    merged.update({k: v for k, v in own.items() if k != "profile"})
    try:
        return Interface.model_validate(merged)
    except ValidationError as exc:
        # a field the port sets is located at the port, one only the profile sets at the profile
        for issue, error in zip(issues_from(exc, index, Interface, path), exc.errors(),
                                strict=True):
            field = next((p for p in error["loc"] if isinstance(p, str)), None)
            if field is not None and field not in own and field in merged:
                where = (*origin, *error["loc"])
                issue = Issue(dotted(where), issue.message, issue.hint, index.lookup(where))
            issues.append(issue)
        return None
