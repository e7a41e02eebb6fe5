"""Domain types for the inventory: range and format checks live in the type, not its users."""

from __future__ import annotations

import re
from typing import Annotated, Any

import netaddr
from pydantic import AfterValidator, BeforeValidator, PlainSerializer

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def _safe_text(value: str) -> str:
    """Refuse what would inject commands into a device or be mangled by it."""
    if _UNSAFE.search(value):
        raise ValueError("contains a line break or control character: it would inject "
                         "commands into the device")
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
Description = Annotated[str, AfterValidator(_safe_text), _bounded(242, "descriptions")]
# REFERENCE §4.2: VLAN description 1-80 characters.
VlanDescription = Annotated[str, AfterValidator(_safe_text), _bounded(80, "VLAN descriptions")]
# VLAN name: one word; 31 characters is the S-series limit (unverified for every model).
VlanName = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                     _bounded(31, "VLAN names")]
# REFERENCE §4.1: sysname 1-246 characters; one word so that prompts stay parseable.
Hostname = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                     _bounded(246, "sysnames")]
# REFERENCE §4.10/§4.11: names of prefix lists and policies (169 for ip-prefix).
PolicyName = Annotated[str, AfterValidator(_safe_text), AfterValidator(_token),
                       _bounded(169, "policy names")]
SafeText = Annotated[str, AfterValidator(_safe_text)]


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


AreaId = Annotated[str, BeforeValidator(_area)]
