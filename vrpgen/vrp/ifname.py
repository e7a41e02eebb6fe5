"""Interface names: canonical spelling from any typed form (REFERENCE §2.1, §4.3).

`interface l0`, `int g0/0/1`, `interface gigabitethernet 0/0/1`, `interface loopback 1` all
name the canonical `LoopBack0` / `GigabitEthernet0/0/1` / `LoopBack1`; display never prints a
space between type and number.
"""

from __future__ import annotations

import re

# Order decides which type an ambiguous prefix picks (`g` -> GigabitEthernet, `e` -> Ethernet):
# VRP5 spellings first, as REFERENCE §2.1 shows `int g0/0/1` on VRP5 [REFERENCE §4.3].
TYPES: tuple[str, ...] = (
    "GigabitEthernet",
    "Ethernet",
    "Eth-Trunk",
    "XGigabitEthernet",
    "LoopBack",
    "Vlanif",
    "NULL",
    "MEth",
    "Tunnel",
    "Serial",
    "Nve",
    "Vbdif",
    "GE",
    "10GE",
    "25GE",
    "40GE",
    "100GE",
    "400GE",
)
_LOWER = {t.lower(): t for t in TYPES}
_SPLIT = re.compile(r"^([A-Za-z][A-Za-z-]*?|\d+GE|\d+ge)(\d[\d/.:]*)?$")
_NUMBER = re.compile(r"^\d+(/\d+)*(\.\d+)?$")


def canonical_type(word: str) -> str | None:
    low = word.lower()
    if low in _LOWER:
        return _LOWER[low]
    for t in TYPES:
        if t.lower().startswith(low) and not t[0].isdigit():
            return t
    return None


def match_tokens(tokens: list[str]) -> tuple[int, str | None]:
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
    ctype = canonical_type(type_word)
    if ctype is None:
        return used, None
    return used, ctype + number


def canonical(name: str) -> str | None:
    """Canonical interface name of `name` (one or two words), or None."""
    used, value = match_tokens(name.split())
    return value if used == len(name.split()) else None


def is_physical(name: str) -> bool:
    """Physical ports cannot be deleted (REFERENCE §4.3)."""
    return "/" in name and "." not in name


_CANON: dict[str, str | None] = {}


def canonical_fast(word: str) -> str | None:
    """`canonical()` of a one-word name, memoised (parsing 20k-line configs)."""
    found = _CANON.get(word, "")
    if found == "":
        found = _CANON[word] = match_tokens([word])[1]
    return found
