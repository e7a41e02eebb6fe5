"""One interface-name table for CLI tokens and inventory names (REFERENCE §4.3, issue 8)."""

from __future__ import annotations

import pytest

from vrpgen.vrp import ifname
from vrpgen.vrp.ifname import canonical, canonical_name, is_physical, parse_ifname


@pytest.mark.parametrize(("typed", "platform", "name"), [
    ("10ge1/0/1", None, "10GE1/0/1"),  # platform-blind: the CE full name (§4.3)
    ("10ge1/0/1", "vrp8", "10GE1/0/1"),
    ("10ge0/0/1", "vrp5", "XGigabitEthernet0/0/1"),  # VRP5 has no 10GE: the inventory alias
    ("ge0/0/1", None, "GE0/0/1"),
    ("ge0/0/1", "vrp5", "GigabitEthernet0/0/1"),
    ("g0/0/1", None, "GigabitEthernet0/0/1"),
    ("interface-less", None, None),
    ("x0/0/1", "vrp8", None),  # XGigabitEthernet does not exist on VRP8
    ("loopback 0", "vrp8", "LoopBack0"),
])
def test_cli_names_with_and_without_platform(typed: str, platform: str | None,
                                             name: str | None) -> None:
    assert canonical(typed, platform) == name


def test_both_sides_agree_where_both_answer() -> None:
    for typed in ("10ge0/0/1", "XGE0/0/1", "g0/0/1", "lo0", "Eth-Trunk3", "MEth0/0/1", "vl20"):
        assert canonical(typed, "vrp5") == canonical_name(typed, "vrp5")
    for typed in ("10ge1/0/1", "GE1/0/1", "100GE1/0/27", "l0"):
        assert canonical(typed, "vrp8") == canonical_name(typed, "vrp8")


def test_meth_is_physical_on_both_sides() -> None:
    # REFERENCE §4.3: MEth is the management port, always listed: it cannot be deleted.
    assert is_physical("MEth0/0/1")
    assert parse_ifname("MEth0/0/1").physical


@pytest.mark.parametrize(("name", "physical"), [
    ("GigabitEthernet0/0/1", True), ("10GE1/0/1", True), ("GE1/0/1", True),
    ("GigabitEthernet0/0/1.100", False), ("Eth-Trunk1", False), ("Vlanif10", False),
    ("LoopBack0", False), ("NULL0", False), ("Tunnel0/0/1", False), ("Serial0/0/1", True),
])
def test_physical_comes_from_the_type_table(name: str, physical: bool) -> None:
    assert is_physical(name) is physical


def test_every_type_of_a_platform_is_named_the_same_way_on_both_sides() -> None:
    for t in ifname.TYPES:
        if not t.inventory:
            continue
        number = "0/0/1" if t.slotted else "1"
        for platform in sorted(t.platforms):
            assert canonical_name(f"{t.name}{number}", platform) == f"{t.name}{number}"
            assert canonical(f"{t.name}{number}", platform) == f"{t.name}{number}"
