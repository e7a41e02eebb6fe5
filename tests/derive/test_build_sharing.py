"""Issue 14: resolve, links and derive share what many devices have in common (a group's port
ranges, profiles and OSPF settings; the intents of identical ports) instead of copying it per
device. These tests pin that sharing never leaks one device's own settings into another's."""

from __future__ import annotations

from pathlib import Path

import netaddr
import pytest

from vrpgen.derive.lookup import address_of
from vrpgen.derive.resolve import PortSettings, ResolvedInterface, addressed, same
from vrpgen.errors import InventoryError
from vrpgen.inventory.model import Interface, InterfaceOspf
from vrpgen.pipeline import Built, build

FABRIC = """\
defaults:
  platform: vrp8
  port_profiles:
    server: {access_vlan: 100, description: rack server}
pools:
  fabric: {prefix: 10.64.0.0/24, kind: p2p, length: 31}
groups:
  leaves:
    role: switch
    vlans: [100]
    ospf: {}
    loopback: {ip: 10.255.0.254/32, ospf: {area: 0}}
    interfaces:
      10GE1/0/3-6: {profile: server}
      10GE1/0/7: {shutdown: true, description: spare}
devices:
  leaf1:
    groups: [leaves]
    loopback: {ip: 10.255.0.1/32}
  leaf2:
    groups: [leaves]
    loopback: {ip: 10.255.0.2/32}
  leaf3:
    groups: [leaves]
    loopback: {ip: 10.255.0.3/32}
    interfaces:
      10GE1/0/3-6: {profile: server, description: own rack}
      10GE1/0/7: {shutdown: false}
  leaf4:
    groups: [leaves]
    loopback: {ip: 10.255.0.4/32}
  spine:
    role: switch
    ospf: {}
    loopback: {ip: 10.255.1.1/32, ospf: {area: 0}}
links:
- between: ['spine:10GE1/0/[1-3]', 'leaf[1-3]:10GE1/0/1']
  pool: fabric
  ospf: {area: 0, cost: 10}
"""


def _build(tmp_path: Path, text: str = FABRIC) -> Built:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    return build(path)


def _ports(built: Built, device: str) -> dict[str, ResolvedInterface]:
    return {str(i.name): i for i in built.devices[device].interfaces}


def test_a_groups_ports_are_one_object_for_every_device(tmp_path: Path) -> None:
    built = _build(tmp_path)
    one, two = _ports(built, "leaf1"), _ports(built, "leaf2")
    for name in ("10GE1/0/3", "10GE1/0/6", "10GE1/0/7"):
        assert one[name] is two[name]  # the port, its name and its settings: shared
    assert one["10GE1/0/3"].spec is one["10GE1/0/5"].spec  # one range: one settings object
    assert one["10GE1/0/3"].spec.access_vlan == 100  # the profile applied


def test_a_device_overriding_a_groups_port_gets_its_own_and_leaves_the_others(
        tmp_path: Path) -> None:
    built = _build(tmp_path)
    one, three = _ports(built, "leaf1"), _ports(built, "leaf3")
    assert three["10GE1/0/4"].spec is not one["10GE1/0/4"].spec
    assert three["10GE1/0/4"].spec.description == "own rack"
    assert one["10GE1/0/4"].spec.description == "rack server"
    assert (three["10GE1/0/7"].spec.shutdown, one["10GE1/0/7"].spec.shutdown) == (False, True)
    # the intents follow: shared where the ports are, not where they differ
    i1 = {i.name: i for i in built.intents["leaf1"].interfaces}
    i2 = {i.name: i for i in built.intents["leaf2"].interfaces}
    i3 = {i.name: i for i in built.intents["leaf3"].interfaces}
    i4 = {i.name: i for i in built.intents["leaf4"].interfaces}
    # kept from the second device on (a port seen once keeps no intent)
    assert i2["10GE1/0/4"] is i4["10GE1/0/4"]
    assert i1["10GE1/0/4"] == i2["10GE1/0/4"]
    assert i3["10GE1/0/4"].description == "own rack"
    assert i1["10GE1/0/4"].description == "rack server"
    assert i3["10GE1/0/7"].shutdown is False and i1["10GE1/0/7"].shutdown is True


def test_linked_ports_keep_their_own_address_and_description(tmp_path: Path) -> None:
    built = _build(tmp_path)
    uplinks = [_ports(built, f"leaf{n}")["10GE1/0/1"] for n in (1, 2, 3)]
    assert [str(u.spec.ip) for u in uplinks] == ["10.64.0.1/31", "10.64.0.3/31", "10.64.0.5/31"]
    assert [u.spec.description for u in uplinks] == [f"to spine 10GE1/0/{n}" for n in (1, 2, 3)]
    assert all(isinstance(u.spec, PortSettings) for u in uplinks)
    intents = [{i.name: i for i in built.intents[f"leaf{n}"].interfaces}["10GE1/0/1"]
               for n in (1, 2, 3)]
    assert [i.ip for i in intents] == ["10.64.0.1/31", "10.64.0.3/31", "10.64.0.5/31"]


def test_equal_ospf_settings_are_one_object(tmp_path: Path) -> None:
    built = _build(tmp_path)
    ospf = [built.devices[f"leaf{n}"].ospf for n in (1, 2, 3)]
    assert ospf[0] is ospf[1] is ospf[2]
    loopbacks = [built.devices[f"leaf{n}"].loopback for n in (1, 2, 3)]
    areas = [lo.ospf for lo in loopbacks if lo is not None]
    assert len(areas) == 3 and areas[0] is areas[1] is areas[2]


def test_same_keeps_apart_what_was_set_differently() -> None:
    written = InterfaceOspf.model_validate({"area": 0, "silent": False})
    defaulted = InterfaceOspf.model_validate({"area": 0})
    assert written == defaulted  # equal fields, but `silent` was written only in one
    assert same(written) is not same(defaulted)
    assert same(InterfaceOspf.model_validate({"area": 0})) is same(defaulted)
    assert same(None) is None


def test_port_settings_carry_every_interface_field() -> None:
    """PortSettings mirrors the inventory's Interface: a field added to one only would be
    dropped silently from linked ports."""
    assert tuple(PortSettings.__dataclass_fields__) == tuple(Interface.model_fields)
    spec = Interface.model_validate({"description": "x", "stp": {"edged_port": True},
                                     "lacp_priority": 5})
    got = addressed(spec, netaddr.IPNetwork("10.0.0.1/30"), "y", None)
    assert (got.stp, got.lacp_priority, got.description, str(got.ip)) == (
        spec.stp, 5, "y", "10.0.0.1/30")


def test_a_bad_name_in_a_groups_range_is_reported_per_device_after_its_ports(
        tmp_path: Path) -> None:
    text = """\
groups:
  g:
    role: switch
    interfaces:
      NULL0-1: {description: sink}
devices:
  sw1: {groups: [g]}
  sw2: {groups: [g]}
"""
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        build(path)
    found = [(i.path, i.message) for i in caught.value.issues]
    assert found == [(f"devices.{d}.interfaces.NULL0-1",
                      "NULL1 (in range NULL0-1): NULL1 does not exist: NULL0 only "
                      "(REFERENCE §4.3)") for d in ("sw1", "sw2")]


@pytest.mark.parametrize("text", ["10.0.0.1", "255.255.255.255", "0.0.0.0"])
def test_address_of_equals_netaddr(text: str) -> None:
    assert address_of(text) == netaddr.IPAddress(text)
    assert address_of(text).version == 4


@pytest.mark.parametrize("text", ["01.2.3.4", "1.2.3", "1.2.3.256", "nope"])
def test_address_of_refuses_what_netaddr_refuses(text: str) -> None:
    with pytest.raises(netaddr.AddrFormatError):
        netaddr.IPAddress(text)
    with pytest.raises(netaddr.AddrFormatError):
        address_of(text)
