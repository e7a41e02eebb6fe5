"""Interface ranges and port profiles: expanded before names are parsed, errors located at the
range key or the profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrpgen.errors import InventoryError
from vrpgen.pipeline import build, render_inventory

PROFILES = """\
defaults:
  model: s5700
  port_profiles:
    desk: {access_vlan: 10, description: desk}
groups:
  access:
    port_profiles:
      ap: {trunk_vlans: [10, 20], pvid: 20, description: access point}
devices:
  sw1:
    groups: [access]
    vlans: [10, 20]
    interfaces:
      GE0/0/1-3: {profile: desk}
      GE0/0/4: {profile: desk, description: printer}
      GE0/0/5-6: {profile: ap}
      GE0/0/7: {access_vlan: 20}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(InventoryError) as caught:
        build(_write(tmp_path, text))
    return [(i.ref.line if i.ref else 0, i.path, i.message) for i in caught.value.issues]


def test_ranges_and_profiles_become_plain_ports(tmp_path: Path) -> None:
    built = build(_write(tmp_path, PROFILES))
    ports = {str(i.name): i for i in built.devices["sw1"].interfaces}
    assert sorted(ports) == [f"GigabitEthernet0/0/{n}" for n in range(1, 8)]
    for n in (1, 2, 3):
        assert ports[f"GigabitEthernet0/0/{n}"].spec.access_vlan == 10
        assert ports[f"GigabitEthernet0/0/{n}"].key == "GE0/0/1-3"  # error paths: the range
    printer = ports["GigabitEthernet0/0/4"].spec
    assert (printer.access_vlan, printer.description) == (10, "printer")  # own keys win
    assert ports["GigabitEthernet0/0/6"].spec.trunk_vlans == (10, 20)
    text = render_inventory(_write(tmp_path, PROFILES)).configs["sw1"]
    assert text.count(" port default vlan 10\n") == 4


def test_device_profile_overrides_the_defaults_one(tmp_path: Path) -> None:
    text = PROFILES.replace("    groups: [access]\n",
                            "    groups: [access]\n    port_profiles:\n"
                            "      desk: {access_vlan: 20}\n")
    ports = {str(i.name): i.spec for i in build(_write(tmp_path, text)).devices["sw1"].interfaces}
    assert ports["GigabitEthernet0/0/1"].access_vlan == 20
    assert ports["GigabitEthernet0/0/1"].description == "desk"  # the rest still inherited


def test_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/7: {access_vlan: 20}",
                                                "GE0/0/7: {profile: dsk}"))
    assert errors == [(17, "devices.sw1.interfaces.GE0/0/7.profile",
                       "unknown port profile 'dsk'")]


def test_port_in_a_range_and_alone_is_an_error(tmp_path: Path) -> None:
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/7:", "GE0/0/2:"))
    assert errors == [(17, "devices.sw1.interfaces.GE0/0/2",
                       "GigabitEthernet0/0/2 is in 'GE0/0/1-3' and again in 'GE0/0/2'")]


def test_overlapping_ranges_are_an_error(tmp_path: Path) -> None:
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/5-6:", "GE0/0/2-6:"))
    assert errors == [
        (16, "devices.sw1.interfaces.GE0/0/2-6",
         "GigabitEthernet0/0/2, GigabitEthernet0/0/3 are in 'GE0/0/1-3' and again in "
         "'GE0/0/2-6'"),
        (16, "devices.sw1.interfaces.GE0/0/2-6",
         "GigabitEthernet0/0/4 is in 'GE0/0/4' and again in 'GE0/0/2-6'")]


def test_error_in_an_expanded_port_points_at_the_range_once(tmp_path: Path) -> None:
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/5-6: {profile: ap}",
                                                "Foo0/0/5-6: {profile: ap}"))
    assert len(errors) == 1 and errors[0][:2] == (16, "devices.sw1.interfaces.Foo0/0/5-6")
    assert errors[0][2].startswith("Foo0/0/5 (in range Foo0/0/5-6): unknown interface type")
    # a cross-device check on every port of a range: one issue at the range key
    errors = _errors(tmp_path, PROFILES.replace("    vlans: [10, 20]", "    vlans: [20]"))
    assert [e[:2] for e in errors] == [(14, "devices.sw1.interfaces.GE0/0/1-3.access_vlan"),
                                       (15, "devices.sw1.interfaces.GE0/0/4.access_vlan"),
                                       (16, "devices.sw1.interfaces.GE0/0/5-6.trunk_vlans")]


def test_conflict_with_the_profile_is_located(tmp_path: Path) -> None:
    # the port's own ip against the profile's access_vlan: at the port
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/4: {profile: desk, description: printer}",
                                                "GE0/0/4: {profile: desk, ip: 10.0.0.1/24}"))
    assert errors[0][:2] == (15, "devices.sw1.interfaces.GE0/0/4")
    assert "access, trunk or routed" in errors[0][2]


def test_bad_range_is_an_error(tmp_path: Path) -> None:
    errors = _errors(tmp_path, PROFILES.replace("GE0/0/5-6:", "GE0/0/6-5:"))
    assert errors == [(16, "devices.sw1.interfaces.GE0/0/6-5",
                       "range 6-5 is empty or too large")]
