"""Huawei interface names: canonical spelling per platform (REFERENCE §4.3).

The device always displays the canonical name with no space (`interface l0` is shown as
`interface LoopBack0`), so the inventory stores that form and every comparison uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Canonical type -> platforms on which it exists and whether its number is slot/card/port.
_TYPES: dict[str, tuple[frozenset[str], bool]] = {
    "Ethernet": (frozenset({"vrp5"}), True),
    "GigabitEthernet": (frozenset({"vrp5", "vrp8"}), True),  # NE40E keeps the long name
    "XGigabitEthernet": (frozenset({"vrp5"}), True),
    "GE": (frozenset({"vrp8"}), True),  # CloudEngine: these *are* the full names
    "10GE": (frozenset({"vrp8"}), True),
    "25GE": (frozenset({"vrp8"}), True),
    "40GE": (frozenset({"vrp5", "vrp8"}), True),
    "100GE": (frozenset({"vrp5", "vrp8"}), True),
    "400GE": (frozenset({"vrp8"}), True),
    "Eth-Trunk": (frozenset({"vrp5", "vrp8"}), False),
    "Vlanif": (frozenset({"vrp5", "vrp8"}), False),
    "LoopBack": (frozenset({"vrp5", "vrp8"}), False),
    "MEth": (frozenset({"vrp5", "vrp8"}), True),
    "NULL": (frozenset({"vrp5", "vrp8"}), False),
}

# Abbreviations people type, by platform where the meaning differs (GE is a full name on CE).
_ALIASES: dict[str, dict[str, str]] = {
    "vrp5": {"ge": "GigabitEthernet", "xge": "XGigabitEthernet", "10ge": "XGigabitEthernet"},
    "vrp8": {"ge": "GE", "xge": "10GE", "10ge": "10GE"},
}
_COMMON_ALIASES = {
    "g": "GigabitEthernet", "gi": "GigabitEthernet", "gig": "GigabitEthernet",
    "eth": "Ethernet", "e": "Ethernet", "x": "XGigabitEthernet",
    "et": "Eth-Trunk", "eth-t": "Eth-Trunk", "ethtrunk": "Eth-Trunk",
    "lo": "LoopBack", "l": "LoopBack", "loop": "LoopBack",
    "vlanif": "Vlanif", "vlan-interface": "Vlanif", "vl": "Vlanif",
    "25ge": "25GE", "40ge": "40GE", "100ge": "100GE", "400ge": "400GE",
}

_NAME = re.compile(r"^\s*([A-Za-z][A-Za-z-]*?|\d+[Gg][Ee])\s*(\d+(?:/\d+){0,2})(?:\.(\d+))?\s*$",
                   re.ASCII)  # ASCII digits only: `GE٠/٠/١` is not a second GE0/0/1

PHYSICAL_ORDER = ("Ethernet", "GigabitEthernet", "GE", "XGigabitEthernet", "10GE", "25GE",
                  "40GE", "100GE", "400GE")


@dataclass(frozen=True, slots=True)
class IfName:
    """A parsed interface name: type, number (`0/0/1` or `10`) and optional sub-interface."""

    kind: str
    number: str
    sub: int | None = None

    def __str__(self) -> str:
        return f"{self.kind}{self.number}" + (f".{self.sub}" if self.sub is not None else "")

    @property
    def physical(self) -> bool:
        return self.kind in PHYSICAL_ORDER

    def sort_key(self) -> tuple[int, int, tuple[int, ...], int]:
        """Display order: Vlanif, Eth-Trunk, physical by type and number, LoopBack, NULL."""
        groups = ("Vlanif", "Eth-Trunk", *PHYSICAL_ORDER, "LoopBack", "MEth", "NULL")
        numbers = tuple(int(n) for n in self.number.split("/"))
        return (groups.index(self.kind), 0, numbers, -1 if self.sub is None else self.sub)


class IfNameError(ValueError):
    """An interface name VRP does not have; the message says what would be accepted."""


def _kind(typed: str, platform: str) -> str:
    low = typed.lower()
    alias = _ALIASES.get(platform, {}).get(low) or _COMMON_ALIASES.get(low)
    if alias:
        return alias
    matches = [k for k in _TYPES if k.lower() == low]
    if not matches:
        matches = [k for k in _TYPES if k.lower().startswith(low)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(k for k, (plats, _) in _TYPES.items() if platform in plats)
    raise IfNameError(f"unknown interface type {typed!r}; {platform} has: {known}")


def parse_ifname(text: str, platform: str = "vrp5") -> IfName:
    """Parse `GE0/0/1`, `g0/0/1`, `interface l0`-style names into the canonical form."""
    match = _NAME.match(text)
    if not match:
        raise IfNameError(f"{text!r} is not an interface name (expected e.g. GigabitEthernet0/0/1,"
                          " 10GE1/0/1, Eth-Trunk1, Vlanif10, LoopBack0)")
    kind = _kind(match.group(1), platform)
    platforms, slotted = _TYPES[kind]
    if platform not in platforms:
        raise IfNameError(f"{kind} interfaces do not exist on {platform} devices")
    number = match.group(2)
    if slotted != ("/" in number):
        form = "slot/card/port such as 0/0/1" if slotted else "a plain number such as 1"
        raise IfNameError(f"{kind} takes {form}, not {number!r}")
    sub = int(match.group(3)) if match.group(3) is not None else None
    return IfName(kind, number, sub)


def canonical(text: str, platform: str = "vrp5") -> str:
    return str(parse_ifname(text, platform))
