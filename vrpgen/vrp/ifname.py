"""Interface names: one type table for typed CLI names and inventory names (REFERENCE §2.1, §4.3).

The device displays the canonical name with no space (`interface l0` is shown as
`interface LoopBack0`); config parsing matches typed tokens against the table (platform-blind
unless a platform is given), the inventory parses names strictly for one platform.

CLI side:       canonical_type, match_tokens, canonical, is_physical, canonical_fast
Inventory side: parse_ifname, canonical_name, IfName, IfNameError, PHYSICAL_ORDER

Disagreements of the two former tables, decided here:
- MEth is physical (REFERENCE §4.3: "management port, always listed"; physical ports cannot be
  deleted), on both sides.
- `10ge` names 10GE: platform-blind and on VRP8 (§4.3: on CE `10GE` *is* the full name); on VRP5,
  which has no 10GE type (§4.3 lists XGigabitEthernet for S-series 10G ports), the inventory alias
  `10ge` / `xge` -> XGigabitEthernet is kept. Whether VRP5 accepts such non-prefix aliases is
  [UNVERIFIED] in §4.3: today's inventory behaviour is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

V5, V8 = "vrp5", "vrp8"
_BOTH = frozenset({V5, V8})
# Model families (vrp/models.py) that have a type, from the Platforms column of REFERENCE §4.3
# (NE Vlanif and Eth-Trunk: corpus vrp8 ne40e-vrrp-vlanif-devicea.cfg).
S, AR, CE, NE = "S", "AR", "CE", "NE"
_ALL = frozenset({S, AR, CE, NE})
_SWITCHES = frozenset({S, CE})  # §4.3 Vlanif, MEth: "switches"


@dataclass(frozen=True, slots=True)
class IfType:
    name: str  # canonical display spelling (REFERENCE §4.3)
    physical: bool  # a port of the device: cannot be deleted (§4.3)
    slotted: bool  # numbered slot/card/port (`0/0/1`), else a plain number
    platforms: frozenset[str]  # where the type exists
    order: int  # display group of the inventory's interface order
    aliases: tuple[str, ...] = ()  # non-prefix spellings people type, on every platform
    platform_aliases: tuple[tuple[str, str], ...] = ()  # (platform, alias)
    inventory: bool = True  # the inventory may name it
    numbers: tuple[int, int] | None = None  # range of a plain number, where REFERENCE gives it
    subinterfaces: bool = True  # `<name>.<n>` exists (REFERENCE §4.3: Ethernet ports, Eth-Trunk)
    addressable: bool = True  # can hold an IP address, be a BGP source (not NULL0)
    families: frozenset[str] = _ALL  # model families that have it (REFERENCE §4.3)
    family_aliases: tuple[tuple[str, str], ...] = ()  # (family, alias), before platform ones


# Table order decides which type an ambiguous CLI prefix picks (`g` -> GigabitEthernet,
# `e` -> Ethernet): VRP5 spellings first, as REFERENCE §2.1 shows `int g0/0/1` on VRP5.
# `order`: Vlanif, Eth-Trunk, physical by type, LoopBack, MEth, NULL: the order the golden
# files pin (REFERENCE §3.9 shows other device orders; rendering keeps this one).
TYPES: tuple[IfType, ...] = (
    # NE40E keeps the long name on VRP8 (§4.3), so `GE0/1/0` there is GigabitEthernet0/1/0;
    # on VRP5 `ge` is its abbreviation
    IfType("GigabitEthernet", True, True, _BOTH, 3, ("g", "gi", "gig"), ((V5, "ge"),),
           families=frozenset({S, AR, NE}), family_aliases=((NE, "ge"),)),
    IfType("Ethernet", True, True, frozenset({V5}), 2, ("eth", "e"),
           families=frozenset({S, AR})),
    IfType("Eth-Trunk", False, False, _BOTH, 1, ("et", "eth-t", "ethtrunk")),
    IfType("XGigabitEthernet", True, True, frozenset({V5}), 5, ("x",),
           ((V5, "xge"), (V5, "10ge")), families=frozenset({S})),
    # §4.3 gives no LoopBack range; sub-interfaces (`x.100`, dot1q) exist on Ethernet links only
    IfType("LoopBack", False, False, _BOTH, 11, ("lo", "l", "loop"), subinterfaces=False),
    # §4.3: Vlanif 1-4094, one per VLAN (VLAN IDs 1-4094, §4.2); switches and NE (corpus)
    IfType("Vlanif", False, False, _BOTH, 0, ("vlanif", "vlan-interface", "vl"),
           numbers=(1, 4094), subinterfaces=False, families=frozenset({S, CE, NE})),
    # §4.3: `NULL0`, always listed and empty: the only one, and it takes no address
    IfType("NULL", False, False, _BOTH, 13, numbers=(0, 0), subinterfaces=False,
           addressable=False),
    IfType("MEth", True, True, _BOTH, 12, subinterfaces=False, families=_SWITCHES),
    # REFERENCE §4.3 is silent on these: accepted in configs, not offered by the inventory;
    # a serial line is a port, the others are logical.
    IfType("Tunnel", False, True, _BOTH, 14, inventory=False),
    IfType("Serial", True, True, _BOTH, 15, inventory=False),
    IfType("Nve", False, False, _BOTH, 16, inventory=False),
    IfType("Vbdif", False, False, _BOTH, 17, inventory=False),
    # CloudEngine: these *are* the full names (§4.3); 40GE and 100GE also on S-series
    IfType("GE", True, True, frozenset({V8}), 4, (), ((V8, "ge"),), families=frozenset({CE})),
    IfType("10GE", True, True, frozenset({V8}), 6, (), ((V8, "xge"), (V8, "10ge")),
           families=frozenset({CE})),
    IfType("25GE", True, True, frozenset({V8}), 7, ("25ge",), families=frozenset({CE})),
    IfType("40GE", True, True, _BOTH, 8, ("40ge",), families=_SWITCHES),
    IfType("100GE", True, True, _BOTH, 9, ("100ge",), families=_SWITCHES),
    IfType("400GE", True, True, frozenset({V8}), 10, ("400ge",), families=frozenset({CE})),
)
BY_NAME: dict[str, IfType] = {t.name: t for t in TYPES}
_COMMON_ALIASES = {a: t.name for t in TYPES for a in t.aliases}
_PLATFORM_ALIASES = {(p, a): t.name for t in TYPES for p, a in t.platform_aliases}
_FAMILY_ALIASES = {(f, a): t.name for t in TYPES for f, a in t.family_aliases}

# Data ports in display order (the inventory's sort groups between Eth-Trunk and LoopBack).
PHYSICAL_ORDER: tuple[str, ...] = tuple(
    t.name for t in sorted(TYPES, key=lambda t: t.order) if 2 <= t.order <= 10
)

# -- number ranges: one rule for both sides ------------------------------------------------------

# Where REFERENCE gives no range (slots, ports, LoopBack, Eth-Trunk "model-dependent" §4.3,
# sub-interface numbers), only numbers longer than 10 digits or above 2**32-1 are refused: not a
# VRP fact but a guard, so that a typo or a 5000-digit string is refused cleanly instead of
# reaching int() (which refuses more than 4300 digits) or a device.
NUMBER_MAX = 4294967295


def number_problem(kind: str, number: str, sub: str | None) -> str | None:
    """Why `<kind><number>[.<sub>]` cannot exist (digits already checked), or None."""
    itype = BY_NAME[kind]
    parts = number.split("/")
    for part in (*parts, *(() if sub is None else (sub,))):
        if len(part) > 10 or int(part) > NUMBER_MAX:
            shown = part if len(part) <= 12 else f"{part[:6]}...({len(part)} digits)"
            return f"number {shown} is out of range: no interface number is above {NUMBER_MAX}"
    if itype.numbers is not None and len(parts) == 1:
        low, high = itype.numbers
        if not low <= int(parts[0]) <= high:
            allowed = f"{kind}{low}" if low == high else f"{kind}{low}-{kind}{high}"
            return f"{kind}{int(parts[0])} does not exist: {allowed} only (REFERENCE §4.3)"
    if sub is not None and not itype.subinterfaces:
        return (f"{kind} has no sub-interfaces ({kind}{number}.{sub}): they exist on Ethernet "
                "ports and Eth-Trunks only (REFERENCE §4.3)")
    return None


def normal_number(number: str) -> str:
    """`0/0/01` -> `0/0/1`: the device displays numbers without leading zeros."""
    return "/".join(str(int(part)) for part in number.split("/"))


# -- CLI side: typed tokens of a config or a session -------------------------------------------

_SPLIT = re.compile(r"^([A-Za-z][A-Za-z-]*?|\d+GE|\d+ge)(\d[\d/.:]*)?$", re.ASCII)
_NUMBER = re.compile(r"^\d+(/\d+)*(\.\d+)?$", re.ASCII)


def canonical_type(word: str, platform: str | None = None) -> str | None:
    """The type `word` names: exact (any case) or the first type it is a prefix of; with a
    platform, that platform's aliases first and only its types."""
    low = word.lower()
    if platform is not None:
        alias = _PLATFORM_ALIASES.get((platform, low)) or _COMMON_ALIASES.get(low)
        if alias is not None and platform in BY_NAME[alias].platforms:
            return alias
    types = TYPES if platform is None else [t for t in TYPES if platform in t.platforms]
    for t in types:
        if t.name.lower() == low:
            return t.name
    for t in types:
        if t.name.lower().startswith(low) and not t.name[0].isdigit():
            return t.name
    return None


def match_tokens(tokens: list[str], platform: str | None = None) -> tuple[int, str | None]:
    """(tokens used, canonical name) from `['g0/0/1']` or `['gigabitethernet', '0/0/1']`."""
    if not tokens:
        return 0, None
    first = tokens[0]
    m = _SPLIT.match(first)
    if m is None:
        return 1, None
    type_word, number = m.group(1), m.group(2)
    used = 1
    if number is None:
        if len(tokens) < 2 or not _NUMBER.match(tokens[1]):
            return 1, None
        number, used = tokens[1], 2
    if not _NUMBER.match(number):
        return used, None
    ctype = canonical_type(type_word, platform)
    if ctype is None:
        return used, None
    main, _, sub = number.partition(".")
    if number_problem(ctype, main, sub if "." in number else None) is not None:
        return used, None  # the same table as the inventory: Vlanif5000 is no interface
    return used, ctype + number


def canonical(name: str, platform: str | None = None) -> str | None:
    """Canonical interface name of `name` (one or two words), or None."""
    used, value = match_tokens(name.split(), platform)
    return value if used == len(name.split()) else None


def is_physical(name: str, platform: str | None = None) -> bool:
    """Physical ports cannot be deleted (REFERENCE §4.3); a sub-interface is logical."""
    if "." in name:
        return False
    m = _SPLIT.match(name)
    kind = canonical_type(m.group(1), platform) if m is not None else None
    if kind is None:
        return "/" in name  # not a type of the table: a slotted number means a port
    return BY_NAME[kind].physical


def in_family(name: str, family: str) -> bool:
    """Whether the canonical `name`'s type is one the model family has (REFERENCE §4.3)."""
    m = _SPLIT.match(name.split(".")[0])
    kind = canonical_type(m.group(1)) if m is not None else None
    return kind is None or family in BY_NAME[kind].families


_CANON: dict[str, str | None] = {}


def canonical_fast(word: str) -> str | None:
    """`canonical()` of a one-word name, memoised (parsing 20k-line configs)."""
    found = _CANON.get(word, "")
    if found == "":
        found = _CANON[word] = match_tokens([word])[1]
    return found


# -- inventory side: one platform, strict ------------------------------------------------------

_NAME = re.compile(r"^\s*([A-Za-z][A-Za-z-]*?|\d+[Gg][Ee])\s*(\d+(?:/\d+){0,2})(?:\.(\d+))?\s*$",
                   re.ASCII)  # ASCII digits only: `GE٠/٠/١` is not a second GE0/0/1
_INVENTORY = [t for t in TYPES if t.inventory]
_GROUPS = {t.name: t.order for t in TYPES}


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
        return BY_NAME[self.kind].physical

    @property
    def addressable(self) -> bool:
        return BY_NAME[self.kind].addressable

    def sort_key(self) -> tuple[int, int, tuple[int, ...], int]:
        """Display order: Vlanif, Eth-Trunk, physical by type and number, LoopBack, NULL."""
        numbers = tuple(int(n) for n in self.number.split("/"))
        return (_GROUPS[self.kind], 0, numbers, -1 if self.sub is None else self.sub)


class IfNameError(ValueError):
    """An interface name VRP does not have; the message says what would be accepted."""


def _kind(typed: str, platform: str, family: str | None) -> str:
    low = typed.lower()
    alias = (_FAMILY_ALIASES.get((family, low)) if family is not None else None) \
        or _PLATFORM_ALIASES.get((platform, low)) or _COMMON_ALIASES.get(low)
    if alias:
        return alias
    matches = [t.name for t in _INVENTORY if t.name.lower() == low]
    if not matches:
        matches = [t.name for t in _INVENTORY if t.name.lower().startswith(low)]
    if len(matches) == 1:
        return matches[0]
    raise IfNameError(f"unknown interface type {typed!r}; {platform} has: "
                      f"{_known(platform, None)}")


def _known(platform: str, family: str | None) -> str:
    return ", ".join(t.name for t in sorted(_INVENTORY, key=lambda t: t.order)
                     if platform in t.platforms and (family is None or family in t.families))


def parse_ifname(text: str, platform: str = "vrp5", family: str | None = None,
                 model: str | None = None) -> IfName:
    """Parse `GE0/0/1`, `g0/0/1`, `interface l0`-style names into the canonical form.

    `family` (S, AR, CE, NE: vrp/models.py) picks its aliases (`GE0/1/0` on NE is
    GigabitEthernet0/1/0); with `model` (the model as the user named it) the type must also be
    one the family has (REFERENCE §4.3), else only one the platform has."""
    match = _NAME.match(text)
    if not match:
        raise IfNameError(f"{text!r} is not an interface name (expected e.g. GigabitEthernet0/0/1,"
                          " 10GE1/0/1, Eth-Trunk1, Vlanif10, LoopBack0)")
    kind = _kind(match.group(1), platform, family)
    itype = BY_NAME[kind]
    if platform not in itype.platforms:
        raise IfNameError(f"{kind} interfaces do not exist on {platform} devices")
    if model is not None and family is not None and family not in itype.families:
        raise IfNameError(f"{kind} interfaces do not exist on {model} devices "
                          f"(REFERENCE §4.3); {model} has: {_known(platform, family)}")
    number = match.group(2)
    if itype.slotted != ("/" in number):
        form = "slot/card/port such as 0/0/1" if itype.slotted else "a plain number such as 1"
        raise IfNameError(f"{kind} takes {form}, not {number!r}")
    problem = number_problem(kind, number, match.group(3))
    if problem is not None:
        raise IfNameError(problem)
    sub = int(match.group(3)) if match.group(3) is not None else None
    return IfName(kind, normal_number(number), sub)


def canonical_name(text: str, platform: str = "vrp5", family: str | None = None,
                   model: str | None = None) -> str:
    """The inventory's canonical name of `text` on `platform`; IfNameError when VRP lacks it.
    (The old `vrpgen.ifnames.canonical`; `canonical` here is the CLI's None-returning one.)"""
    return str(parse_ifname(text, platform, family, model))
