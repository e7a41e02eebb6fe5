"""One interface-name table for CLI tokens and inventory names (REFERENCE §4.3, issue 8)."""

from __future__ import annotations

import pytest

from vrpgen.vrp import ifname, lint
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
        number = "0/0/1" if t.slotted else str(t.numbers[0] if t.numbers else 1)
        for platform in sorted(t.platforms):
            assert canonical_name(f"{t.name}{number}", platform) == f"{t.name}{number}"
            assert canonical(f"{t.name}{number}", platform) == f"{t.name}{number}"


# -- issue 9: number ranges, one rule for both sides (REFERENCE §4.3) -----------------------

OUT_OF_RANGE = ["Vlanif0", "Vlanif4095", "Vlanif99999", "NULL1", "LoopBack1.7", "Vlanif10.1",
                "NULL0.1", "MEth0/0/1.5", "GE0/0/99999999999", "Eth-Trunk4294967296",
                "LoopBack" + "9" * 5000, "GE0/0/1." + "9" * 5000]


@pytest.mark.parametrize("name", OUT_OF_RANGE, ids=[n[:24] for n in OUT_OF_RANGE])
def test_out_of_range_numbers_are_refused_on_both_sides(name: str) -> None:
    with pytest.raises(ifname.IfNameError):
        canonical_name(name, "vrp5")
    assert canonical(name) is None
    assert canonical(name, "vrp8") is None


@pytest.mark.parametrize(("name", "expected"), [
    ("Vlanif1", "Vlanif1"), ("Vlanif4094", "Vlanif4094"), ("NULL0", "NULL0"),
    ("LoopBack1023", "LoopBack1023"), ("GE0/0/1.100", "GigabitEthernet0/0/1.100"),
    ("Eth-Trunk10.1", "Eth-Trunk10.1"), ("Eth-Trunk4294967295", "Eth-Trunk4294967295"),
])
def test_in_range_numbers_are_accepted(name: str, expected: str) -> None:
    assert canonical_name(name, "vrp5") == expected
    assert canonical(name, "vrp5") == expected


def test_inventory_names_lose_leading_zeros_as_the_device_displays_them() -> None:
    assert canonical_name("GE0/0/01") == "GigabitEthernet0/0/1"
    assert canonical_name("Vlanif010") == canonical_name("Vlanif10") == "Vlanif10"


def test_null0_is_not_addressable() -> None:
    assert not parse_ifname("NULL0").addressable
    assert parse_ifname("LoopBack0").addressable


@pytest.mark.parametrize(("text", "ok"), [
    ("#\ninterface Vlanif4094\n#\n", True),
    ("#\ninterface Vlanif5000\n#\n", False),
    ("#\ninterface Vlanif0\n#\n", False),
    ("#\ninterface LoopBack1.7\n#\n", False),
    ("#\ninterface NULL1\n#\n", False),
    ("#\ninterface GigabitEthernet0/0/1.100\n#\n", True),
])
def test_lint_uses_the_same_ranges(text: str, ok: bool) -> None:
    assert (lint(text) == []) is ok
