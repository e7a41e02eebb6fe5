"""Domain types for the inventory: range and format checks live in the type, not its users."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

import netaddr
from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from vrpgen.vrp import models


class Safe:
    """Marks a str type of the model as checked by `unsafe_char` (or narrower): every str the
    model holds reaches a device, a file name or a terminal, so none may skip the check.
    tests/safety/test_model_strings.py walks the model and fails on an unmarked str field."""

    def __repr__(self) -> str:
        return "Safe"


SAFE = Safe()

# Bidirectional overrides and isolates reorder what a terminal shows (the preview diff would
# show one text while the device gets another).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_char(value: str) -> str | None:
    """The first character no string of the inventory may hold, or None.

    Refused: ASCII (C0, DEL) and C1 controls (U+0080-U+009F), surrogates (not encodable as
    UTF-8), line and paragraph separators (U+2028, U+2029) - together everything
    str.splitlines() splits on - and bidirectional controls."""
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI:
            return char
    return None


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _safe_text(value: str) -> str:
    """Refuse what would inject commands into a device or be mangled by it."""
    char = unsafe_char(value)
    if char is not None:
        raise ValueError(f"contains a line break or control character ({_describe(char)}): it "
                         "would inject commands into the device or the preview; remove it")
    if value != value.strip():
        raise ValueError("has a leading or trailing space, which VRP drops or rejects")
    if not value:
        raise ValueError("must not be empty")
    return value


def _bounded(limit: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters; VRP allows {what} of at most {limit}")
        return value
    return AfterValidator(check)


def _token(value: str) -> str:
    if " " in value or "?" in value:
        raise ValueError("must be one word without spaces or '?'")
    return value


# REFERENCE §4.5: interface description 1-242 characters, spaces allowed.
Description = Annotated[str, AfterValidator(_safe_text), _bounded(242, "descriptions"), SAFE]
# REFERENCE §4.2: VLAN description 1-80 characters.
VlanDescription = Annotated[str, AfterValidator(_safe_text), _bounded(80, "VLAN descriptions"),
                            SAFE]
# VLAN name: one word; 31 characters is the S-series limit (unverified for every model).
VlanName = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                     _bounded(31, "VLAN names"), SAFE]
# REFERENCE §4.1: sysname 1-246 characters; one word so that prompts stay parseable.
Hostname = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                     _bounded(246, "sysnames"), SAFE]
# REFERENCE §4.10/§4.11: names of prefix lists and policies (169 for ip-prefix).
PolicyName = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                       _bounded(169, "policy names"), SAFE]
# Local user names (AAA view, Huawei: 1-64 characters, no spaces) and timezone names.
Word = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                 _bounded(64, "user and timezone names"), SAFE]
SafeText = Annotated[str, AfterValidator(_safe_text), SAFE]
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _var_name(value: str) -> str:
    if not _VAR_NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not a variable name: letters, digits and _, starting "
                         "with a letter or _ (templates use it as dev.vars.NAME)")
    return value


# `vars:` keys: what a template names (dev.vars.NAME)
VarName = Annotated[str, AfterValidator(_var_name), SAFE]
# Short free text: interface names (made canonical per platform in derive/resolve, against
# vrp/ifname.py) and peer addresses (checked in derive/checks). No real one comes near 64
# characters; the bound refuses a 5000-digit interface number here, located, before anything
# converts it to an integer.
def _short(value: str) -> str:
    if len(value) > 64:
        raise ValueError(f"is {len(value)} characters: no interface name or address is longer "
                         "than 64")
    return value


ShortText = Annotated[str, AfterValidator(_safe_text), AfterValidator(_short), SAFE]


def _relative_path(value: str) -> str:
    """A file the inventory may name (settings.audit_log): inside the inventory's folder, so
    that an inventory cannot make vrpgen append to a file elsewhere (docs/security.md)."""
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "~")) or ".." in parts or len(value) > 255:
        raise ValueError("must be a relative path inside the inventory's folder (no leading "
                         "'/' or '~', no '..', at most 255 characters); name any other file "
                         "with --audit FILE")
    return value


RelativePath = Annotated[str, AfterValidator(_safe_text), AfterValidator(_relative_path), SAFE]

# Names of devices, k8s nodes and groups. A device name is its file name (DIR/<name>.cfg for
# render, backup, diff --running and sim --load) and its sysname when `sysname` is unset, so it
# must be one safe path component and a legal sysname. Conservative on purpose: ASCII letters,
# digits, '-', '_' and '.', starting with a letter or digit. That excludes '/', backslash and
# NUL (no path outside DIR), '.', '..' and hidden files, option-like '-x', spaces (`R1 extra`),
# everything a shell, a prompt (`<R1>`, `[R1]`) or terminal markup treats specially, and any
# non-ASCII (so bytes = characters). At most 246 characters (sysname, REFERENCE §4.1), which
# keeps `<name>.cfg` under the 255-byte file-name limit of common file systems. k8s node
# names (lowercase DNS-1123, checked again in derive/k8s_checks when Calico is on) fit in it.
NAME_MAX = 246
NODE_NAME_MAX = 253  # Kubernetes object names (DNS-1123 subdomain); never a file name or sysname
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)


def _name_of_at_most(limit: int, why: str) -> AfterValidator:
    def check(value: str) -> str:
        if not value:
            raise ValueError("a name must not be empty")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters; {why}")
        if not NAME_PATTERN.fullmatch(value):
            shown = value.encode("ascii", "backslashreplace").decode("ascii")
            raise ValueError(f"{shown!r} is not a usable name: names become file names "
                             "(DIR/<name>.cfg) and sysnames, so use only ASCII letters, digits, "
                             "'-', '_' and '.', starting with a letter or digit, e.g. R1, "
                             "core-sw_2")
        return value
    return AfterValidator(check)


# Devices and groups.
Name = Annotated[str, _name_of_at_most(NAME_MAX, f"a name is at most {NAME_MAX} characters (the "
                                       "sysname limit, REFERENCE §4.1) so that it is also a "
                                       "file name"), SAFE]
# k8s nodes, and session ends (a device or a node).
NodeName = Annotated[str, _name_of_at_most(NODE_NAME_MAX, f"Kubernetes names are at most "
                                           f"{NODE_NAME_MAX}"), SAFE]


def _vlan(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a VLAN ID is a whole number from 1 to 4094")
    if not 1 <= value <= 4094:
        raise ValueError(f"VLAN {value} is out of range 1-4094")
    return value


VlanId = Annotated[int, BeforeValidator(_vlan)]


def parse_vlan_list(value: Any) -> tuple[int, ...]:
    """`[10, 20, "30-40"]` or `"10,20,30-40"` or `"10 20 30 to 40"` → sorted unique IDs."""
    items: list[Any]
    if isinstance(value, int) and not isinstance(value, bool):
        items = [value]
    elif isinstance(value, str):
        text = re.sub(r"\s*-\s*", "-", value.strip())  # "10 - 12" is "10-12"
        items = re.split(r"[,\s]+(?!to\b)(?<!\bto\s)", text)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValueError("a VLAN list is a list such as [10, 20, '30-40']")
    out: set[int] = set()
    for item in items:
        if isinstance(item, str):
            bounds = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|to)\s*(\d+))?\s*", item, re.ASCII)
            if not bounds:
                raise ValueError(f"{item!r} is not a VLAN ID or range such as 30-40")
            low = _vlan(int(bounds.group(1)))
            high = _vlan(int(bounds.group(2))) if bounds.group(2) else low
            if high < low:
                raise ValueError(f"range {item!r} ends before it starts")
            out.update(range(low, high + 1))
        else:
            out.add(_vlan(item))
    return tuple(sorted(out))


VlanList = Annotated[tuple[int, ...], BeforeValidator(parse_vlan_list)]


def parse_asn(value: Any) -> int:
    """AS numbers 1-4294967295, written asplain (`64512`) or asdot (`1.10` = 65546)."""
    if isinstance(value, bool):
        raise ValueError("an AS number is a whole number or asdot X.Y")
    if isinstance(value, float):
        raise ValueError(f"YAML read {value} as a decimal number; quote asdot AS numbers "
                         "('1.10'), otherwise 1.10 becomes 1.1")
    if isinstance(value, str):
        text = value
        match = re.fullmatch(r"(\d+)\.(\d+)", text) or re.fullmatch(r"(\d+)", text)
        if not match:
            raise ValueError(f"{text!r} is not an AS number (asplain 64512 or asdot 1.10)")
        if match.lastindex == 2:
            high, low = int(match.group(1)), int(match.group(2))
            if high > 65535 or low > 65535:
                raise ValueError(f"asdot {text} has a part above 65535")
            value = high * 65536 + low
        else:
            value = int(match.group(1))
    if not isinstance(value, int):
        raise ValueError("an AS number is a whole number or asdot X.Y")
    if not 1 <= value <= 4294967295:
        raise ValueError(f"AS {value} is out of range 1-4294967295")
    return value


Asn = Annotated[int, BeforeValidator(parse_asn)]


def _ipv4(value: Any) -> netaddr.IPAddress:
    if isinstance(value, netaddr.IPAddress):
        return value
    if not isinstance(value, str) or "/" in value:
        raise ValueError(f"{value!r} is not an IPv4 address such as 10.0.0.1")
    try:
        return netaddr.IPAddress(value, version=4, flags=netaddr.INET_PTON)
    except (netaddr.AddrFormatError, ValueError) as exc:
        raise ValueError(f"{value!r} is not an IPv4 address such as 10.0.0.1") from exc


def _ipv4_iface(value: Any) -> netaddr.IPNetwork:
    """`10.0.0.253/24`: a host address with its prefix length, as on an interface."""
    if isinstance(value, netaddr.IPNetwork):
        return value
    if not isinstance(value, str) or "/" not in value:
        raise ValueError(f"{value!r} needs a prefix length, e.g. 10.0.0.1/24")
    address, _, length = value.partition("/")
    ip = _ipv4(address)
    if not length.isdigit() or not 0 < int(length) <= 32:
        raise ValueError(f"prefix length /{length} is not in 1-32")
    net = netaddr.IPNetwork(f"{ip}/{length}")
    if net.prefixlen < 31 and ip in (net.network, net.broadcast):
        raise ValueError(f"{value} is the {'network' if ip == net.network else 'broadcast'} "
                         "address of its subnet, not a host address")
    return net


def _ipv4_net(value: Any) -> netaddr.IPNetwork:
    """`192.168.0.0/16`: a network prefix with no host bits set."""
    if isinstance(value, netaddr.IPNetwork):
        return value
    if not isinstance(value, str) or "/" not in value:
        raise ValueError(f"{value!r} is not a prefix such as 192.168.0.0/16")
    address, _, length = value.partition("/")
    ip = _ipv4(address)
    if not length.isdigit() or not 0 <= int(length) <= 32:
        raise ValueError(f"prefix length /{length} is not in 0-32")
    # Not _ipv4_iface: a network address is what a prefix is made of.
    net = netaddr.IPNetwork(f"{ip}/{length}")
    if net.ip != net.network:
        raise ValueError(f"{value} has host bits set; the network is {net.cidr}")
    return net


IPv4Address = Annotated[netaddr.IPAddress, BeforeValidator(_ipv4), PlainSerializer(str)]
IPv4Interface = Annotated[netaddr.IPNetwork, BeforeValidator(_ipv4_iface), PlainSerializer(str)]
IPv4Network = Annotated[netaddr.IPNetwork, BeforeValidator(_ipv4_net), PlainSerializer(str)]


def _area(value: Any) -> str:
    """OSPF areas as the device displays them: `0` → `0.0.0.0` (REFERENCE §4.8)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 4294967295:
            raise ValueError(f"area {value} is out of range 0-4294967295")
        return str(netaddr.IPAddress(value, version=4))
    if isinstance(value, str):
        if value.isdigit():
            return _area(int(value))
        return str(_ipv4(value))
    raise ValueError("an OSPF area is a number (0) or dotted (0.0.0.0)")


AreaId = Annotated[str, BeforeValidator(_area), SAFE]  # always dotted digits


def _model(value: Any) -> str:
    """A device model or family name (vrp/models.py), kept as written for messages."""
    if not isinstance(value, str):
        raise ValueError(f"expected a model name such as s5700 or ce6800, got {value!r}")
    try:
        models.family(value)
    except models.UnknownModelError as exc:
        raise ValueError(str(exc)) from None
    return value.strip()


ModelName = Annotated[str, BeforeValidator(_model), SAFE]  # case-insensitive, see vrp/models.py
