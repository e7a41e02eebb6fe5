"""Unit tests of the small pure pieces: render filters, interface names, inventory types, loader."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import netaddr
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from vrpgen.errors import YamlError
from vrpgen.inventory.load import load
from vrpgen.inventory.source import LineIndex
from vrpgen.inventory.types import AreaId, parse_asn, parse_vlan_list
from vrpgen.render import VLAN_ITEMS_PER_LINE, ip_mask, vlan_items, vlan_lines, wildcard
from vrpgen.vrp.ifname import IfName, IfNameError, parse_ifname
from vrpgen.vrp.ifname import canonical_name as canonical

# --- render filters --------------------------------------------------------------------------


@pytest.mark.parametrize(("vlans", "items"), [
    ([10], ["10"]),
    ([10, 11], ["10 to 11"]),  # a run of two is compressed too, as VRP displays it
    ([10, 11, 12], ["10 to 12"]),
    ([30, 10, 20], ["10", "20", "30"]),  # sorted
    ([5, 5, 6], ["5 to 6"]),  # duplicates collapse
    ([1, 2, 4, 5, 6, 9], ["1 to 2", "4 to 6", "9"]),
    ([4094, 1], ["1", "4094"]),
    ([], []),
])
def test_vlan_items(vlans: list[int], items: list[str]) -> None:
    assert vlan_items(vlans) == items


def test_vlan_items_accepts_any_iterable() -> None:
    assert vlan_items(range(100, 104)) == ["100 to 103"]
    assert vlan_items(iter((7, 3))) == ["3", "7"]


def test_vlan_lines_empty_list_gives_no_line() -> None:
    assert vlan_lines([], "port trunk allow-pass vlan") == []


def test_vlan_lines_one_line_with_prefix() -> None:
    assert vlan_lines([10, 20, 21, 30], "vlan batch") == ["vlan batch 10 20 to 21 30"]


def test_vlan_lines_wrap_at_ten_items() -> None:
    assert VLAN_ITEMS_PER_LINE == 10
    odd = list(range(1, 44, 2))  # 22 isolated VLANs: 10 + 10 + 2 items
    lines = vlan_lines(odd, "p")
    assert lines == [
        "p 1 3 5 7 9 11 13 15 17 19",
        "p 21 23 25 27 29 31 33 35 37 39",
        "p 41 43",
    ]


def test_vlan_lines_count_items_not_vlans() -> None:
    # Ten ranges of three VLANs each: 30 VLANs but ten items, so one line.
    vlans = [v for start in range(10, 110, 10) for v in range(start, start + 3)]
    lines = vlan_lines(vlans, "p")
    assert len(lines) == 1
    assert lines[0].startswith("p 10 to 12 20 to 22 ")
    assert lines[0].endswith(" 100 to 102")
    # An eleventh item starts a second line.
    assert vlan_lines([*vlans, 200], "p")[1:] == ["p 200"]


@pytest.mark.parametrize(("prefix", "text"), [
    ("10.0.0.253/24", "10.0.0.253 255.255.255.0"),
    ("1.1.1.1/32", "1.1.1.1 255.255.255.255"),
    ("10.0.0.1/31", "10.0.0.1 255.255.255.254"),
    ("172.16.5.4/12", "172.16.5.4 255.240.0.0"),
])
def test_ip_mask_keeps_host_and_dots_the_mask(prefix: str, text: str) -> None:
    assert ip_mask(prefix) == text


@pytest.mark.parametrize(("prefix", "text"), [
    ("10.0.0.0/24", "10.0.0.0 0.0.0.255"),
    ("1.1.1.1/32", "1.1.1.1 0.0.0.0"),
    ("192.168.0.0/16", "192.168.0.0 0.0.255.255"),
    ("10.0.0.252/30", "10.0.0.252 0.0.0.3"),
])
def test_wildcard_is_the_inverse_mask(prefix: str, text: str) -> None:
    assert wildcard(prefix) == text


@settings(max_examples=2000, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 32))
def test_mask_filters_without_netaddr_agree_with_it(address: int, length: int) -> None:
    """ip_mask and wildcard split a canonical prefix themselves (render speed); netaddr is
    the reference, for every address and length."""
    prefix = f"{netaddr.IPAddress(address)}/{length}"
    net = netaddr.IPNetwork(prefix)
    assert ip_mask(prefix) == f"{net.ip} {net.netmask}"
    assert wildcard(prefix) == f"{net.ip} {net.hostmask}"


@pytest.mark.parametrize("prefix", ["10.0.0.1", "10.0.0.1/255.255.255.0", "10.0.0.01/24",
                                    "10.0.0.1/033", " 10.0.0.1/24"])
def test_mask_filters_hand_any_other_form_to_netaddr(prefix: str) -> None:
    try:
        net = netaddr.IPNetwork(prefix)
    except (netaddr.AddrFormatError, ValueError):
        with pytest.raises((netaddr.AddrFormatError, ValueError)):
            ip_mask(prefix)
        return
    assert ip_mask(prefix) == f"{net.ip} {net.netmask}"
    assert wildcard(prefix) == f"{net.ip} {net.hostmask}"


# --- interface names -------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "platform", "name"), [
    ("GE0/0/1", "vrp5", "GigabitEthernet0/0/1"),  # GE is an abbreviation on VRP5...
    ("GE1/0/1", "vrp8", "GE1/0/1"),  # ...and the full name on CloudEngine (VRP8)
    ("ge1/0/1", "vrp8", "GE1/0/1"),
    ("g0/0/1", "vrp5", "GigabitEthernet0/0/1"),
    ("gi0/0/1", "vrp5", "GigabitEthernet0/0/1"),
    ("Gi 0/0/1", "vrp5", "GigabitEthernet0/0/1"),
    ("gigabitethernet0/0/1", "vrp5", "GigabitEthernet0/0/1"),
    ("GigabitEthernet1/0/0", "vrp8", "GigabitEthernet1/0/0"),  # NE40E keeps the long name
    ("XGE0/0/1", "vrp5", "XGigabitEthernet0/0/1"),
    ("XGE1/0/1", "vrp8", "10GE1/0/1"),
    ("10GE0/0/2", "vrp5", "XGigabitEthernet0/0/2"),
    ("10ge1/0/2", "vrp8", "10GE1/0/2"),
    ("25ge1/0/1", "vrp8", "25GE1/0/1"),
    ("40GE0/0/1", "vrp5", "40GE0/0/1"),
    ("Eth-Trunk1", "vrp5", "Eth-Trunk1"),
    ("eth-trunk 12", "vrp5", "Eth-Trunk12"),
    ("et2", "vrp8", "Eth-Trunk2"),
    ("Vlanif10", "vrp5", "Vlanif10"),
    ("vlanif10", "vrp8", "Vlanif10"),
    ("vl20", "vrp5", "Vlanif20"),
    ("LoopBack0", "vrp5", "LoopBack0"),
    ("lo0", "vrp5", "LoopBack0"),
    ("l0", "vrp8", "LoopBack0"),
    ("loop1", "vrp5", "LoopBack1"),
    ("E0/0/1", "vrp5", "Ethernet0/0/1"),
    ("Me0/0/0", "vrp5", "MEth0/0/0"),
    ("GE0/0/1.100", "vrp5", "GigabitEthernet0/0/1.100"),
])
def test_aliases_become_the_canonical_name(typed: str, platform: str, name: str) -> None:
    assert canonical(typed, platform) == name


def test_parse_ifname_fields() -> None:
    parsed = parse_ifname("GE0/0/1.100", "vrp5")
    assert parsed == IfName("GigabitEthernet", "0/0/1", 100)
    assert parsed.physical
    assert parse_ifname("Eth-Trunk3", "vrp5") == IfName("Eth-Trunk", "3", None)
    assert not parse_ifname("Eth-Trunk3", "vrp5").physical
    assert not parse_ifname("lo0", "vrp5").physical


def test_default_platform_is_vrp5() -> None:
    assert canonical("GE0/0/1") == "GigabitEthernet0/0/1"


def test_sort_key_orders_as_the_device_displays() -> None:
    names = ["LoopBack0", "GE0/0/10", "Vlanif10", "GE0/0/2", "Eth-Trunk1", "XGE0/0/1",
             "GE0/0/2.5", "NULL0"]
    ordered = sorted((parse_ifname(n, "vrp5") for n in names), key=IfName.sort_key)
    assert [str(n) for n in ordered] == [
        "Vlanif10", "Eth-Trunk1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/2.5",
        "GigabitEthernet0/0/10", "XGigabitEthernet0/0/1", "LoopBack0", "NULL0"]


@pytest.mark.parametrize(("typed", "platform", "fragment"), [
    ("Foo0/0/1", "vrp5", "unknown interface type 'Foo'"),
    ("Serial0/0/1", "vrp8", "unknown interface type 'Serial'"),
    ("Eth-Trunk0/0/1", "vrp5", "Eth-Trunk takes a plain number"),
    ("Vlanif1/0/1", "vrp8", "Vlanif takes a plain number"),
    ("GE1", "vrp5", "GigabitEthernet takes slot/card/port"),
    ("GE1", "vrp8", "GE takes slot/card/port"),
    ("GE0/0/0/1", "vrp5", "is not an interface name"),
    ("0/0/1", "vrp5", "is not an interface name"),
    ("", "vrp5", "is not an interface name"),
    ("GE0/0/1.", "vrp5", "is not an interface name"),
    ("XGigabitEthernet0/0/1", "vrp8", "XGigabitEthernet interfaces do not exist on vrp8"),
    ("Ethernet0/0/1", "vrp8", "Ethernet interfaces do not exist on vrp8"),
    ("25GE1/0/1", "vrp5", "25GE interfaces do not exist on vrp5"),
    ("400GE1/0/1", "vrp5", "400GE interfaces do not exist on vrp5"),
])
def test_bad_interface_names(typed: str, platform: str, fragment: str) -> None:
    with pytest.raises(IfNameError) as info:
        parse_ifname(typed, platform)
    assert fragment in str(info.value)


def test_unknown_type_lists_the_platforms_types() -> None:
    with pytest.raises(IfNameError) as info:
        parse_ifname("Foo1", "vrp8")
    message = str(info.value)
    assert "vrp8 has:" in message and "10GE" in message
    assert "XGigabitEthernet" not in message  # not a VRP8 type


def test_unique_prefix_and_platform_of_an_alias() -> None:
    assert canonical("Loo0", "vrp5") == "LoopBack0"  # a unique prefix of a type name
    assert canonical("Vlan-interface5", "vrp5") == "Vlanif5"
    with pytest.raises(IfNameError, match="do not exist on vrp8"):
        parse_ifname("X0/0/1", "vrp8")  # x → XGigabitEthernet, which VRP8 lacks


# --- inventory types -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "vlans"), [
    ("10-13", (10, 11, 12, 13)),
    ("10 to 13", (10, 11, 12, 13)),
    ("10,20 30-32", (10, 20, 30, 31, 32)),
    ("1 to 3, 7", (1, 2, 3, 7)),
    ([10, "20-22"], (10, 20, 21, 22)),
    ([30, 10, 10], (10, 30)),
    ((5,), (5,)),
    (5, (5,)),
    ("4094", (4094,)),
    ([], ()),
])
def test_parse_vlan_list_forms(value: object, vlans: tuple[int, ...]) -> None:
    assert parse_vlan_list(value) == vlans


def test_parse_vlan_list_full_range() -> None:
    assert parse_vlan_list("1-4094") == tuple(range(1, 4095))


@pytest.mark.parametrize(("value", "fragment"), [
    ("20-10", "ends before it starts"),
    ("0", "VLAN 0 is out of range 1-4094"),
    ([4095], "VLAN 4095 is out of range 1-4094"),
    ("10-4095", "out of range"),
    ("abc", "is not a VLAN ID or range"),
    ("10-", "is not a VLAN ID or range"),
    ("to 5", "is not a VLAN ID or range"),
    ("", "is not a VLAN ID or range"),
    (True, "a VLAN list is a list"),
    (3.0, "a VLAN list is a list"),
    (None, "a VLAN list is a list"),
    ({"a": 1}, "a VLAN list is a list"),
    ([True], "whole number from 1 to 4094"),
    ([1.5], "whole number from 1 to 4094"),
    ([[2]], "whole number from 1 to 4094"),
])
def test_parse_vlan_list_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_vlan_list(value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(("value", "asn"), [
    (64512, 64512),
    ("64512", 64512),
    ("1.10", 65546),  # asdot: 1 * 65536 + 10
    ("1.0", 65536),
    ("0.1", 1),
    ("65535.65535", 4294967295),
    (4294967295, 4294967295),
    (1, 1),
])
def test_parse_asn_forms(value: object, asn: int) -> None:
    assert parse_asn(value) == asn


@pytest.mark.parametrize(("value", "fragment"), [
    (1.1, "quote asdot"),  # YAML's unquoted 1.10 is the float 1.1
    (1.0, "quote asdot"),
    (0, "out of range 1-4294967295"),
    ("0.0", "out of range 1-4294967295"),
    (4294967296, "out of range 1-4294967295"),
    (-1, "out of range 1-4294967295"),
    ("65536.0", "has a part above 65535"),
    ("1.65536", "has a part above 65535"),
    ("1.2.3", "is not an AS number"),
    ("-1", "is not an AS number"),
    (" 1", "is not an AS number"),
    ("", "is not an AS number"),
    (True, "whole number or asdot"),
    (None, "whole number or asdot"),
    ([1], "whole number or asdot"),
])
def test_parse_asn_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_asn(value)
    assert fragment in str(info.value)


AREA = TypeAdapter(AreaId)


@pytest.mark.parametrize(("value", "area"), [
    (0, "0.0.0.0"),
    ("0", "0.0.0.0"),
    (1, "0.0.0.1"),
    ("10", "0.0.0.10"),
    (256, "0.0.1.0"),
    ("0.0.0.1", "0.0.0.1"),
    (4294967295, "255.255.255.255"),
    ("255.255.255.255", "255.255.255.255"),
])
def test_area_forms_display_dotted(value: object, area: str) -> None:
    assert AREA.validate_python(value) == area


@pytest.mark.parametrize(("value", "fragment"), [
    (-1, "out of range 0-4294967295"),
    (4294967296, "out of range 0-4294967295"),
    ("4294967296", "out of range 0-4294967295"),
    ("1.2.3", "not an IPv4 address"),
    ("01.0.0.0", "not an IPv4 address"),
    ("backbone", "not an IPv4 address"),
    (True, "an OSPF area is a number"),
    (1.5, "an OSPF area is a number"),
    (None, "an OSPF area is a number"),
])
def test_area_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        AREA.validate_python(value)
    assert fragment in str(info.value)


# --- loader ----------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(dedent(text), encoding="utf-8")
    return path


def test_load_returns_data_files_and_root(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", """\
        devices:
          R1: {role: router, vlans: [10, 20]}
        """)
    source = load(path)
    assert source.data == {"devices": {"R1": {"role": "router", "vlans": [10, 20]}}}
    assert source.files == [path]
    assert source.root == tmp_path


def test_line_index_points_at_keys_and_items(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", """\
        # a comment
        devices:
          R1:
            role: router
            vlans: [10, 20]
        """)
    index = load(path).index
    assert str(index.refs[("devices",)]) == f"{path}:2:1"
    assert str(index.refs[("devices", "R1")]) == f"{path}:3:3"
    assert str(index.refs[("devices", "R1", "role")]) == f"{path}:4:5"
    assert str(index.refs[("devices", "R1", "vlans", 1)]) == f"{path}:5:17"


def test_line_index_lookup_falls_back_to_the_nearest_parent(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", "devices:\n  R1: {role: router}\n")
    index = load(path).index
    assert index.lookup(("devices", "R1", "bgp", "as")) == index.refs[("devices", "R1")]
    assert index.lookup(("k8s", "nodes")) == index.refs[()]
    assert index.refs[()].file == str(path) and index.refs[()].line == 1
    assert LineIndex().lookup(("x",)) is None


def test_integer_keys_stay_integers(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", "vlans:\n  10: {name: a}\ndevices: {}\n")
    source = load(path)
    assert list(source.data["vlans"]) == [10]
    assert source.index.refs[("vlans", 10)].line == 2


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", """\
        devices:
          R1:
            role: router
            role: switch
        """)
    with pytest.raises(YamlError) as info:
        load(path)
    [issue] = info.value.issues
    assert issue.path == "devices.R1.role"
    assert "duplicate key 'role', first written at line 3" in issue.message
    assert (issue.ref.file, issue.ref.line, issue.ref.column) == (str(path), 4, 5)


def test_anchor_and_alias_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", """\
        devices:
          R1: &base {role: router}
          R2: *base
        """)
    with pytest.raises(YamlError) as info:
        load(path)
    # Both places are reported: the anchor and each alias that uses it.
    assert [(i.ref.line if i.ref else None, i.message) for i in info.value.issues] == [
        (2, "YAML anchors and aliases are not supported"),
        (3, "YAML anchors and aliases are not supported")]


def test_anchor_alone_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", "devices:\n  R1: {role: router}\n  R2: &x {role: switch}\n")
    with pytest.raises(YamlError) as info:
        load(path)
    assert str(info.value).startswith(f"{path}:3:7: YAML anchors and aliases are not supported")


def test_merge_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "inv.yml", """\
        devices:
          R1:
            <<: {role: router}
        """)
    with pytest.raises(YamlError) as info:
        load(path)
    assert "merge keys (<<)" in str(info.value)


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "the file is empty"),
    ("# only a comment\n", "the file is empty"),
    ("- a\n- b\n", "top level must be a mapping"),
    ("just text\n", "top level must be a mapping"),
    ("a: [b\n", "not valid YAML"),
])
def test_bad_documents(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path / "inv.yml", text)
    with pytest.raises(YamlError) as info:
        load(path)
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_invalid_utf8_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "inv.yml"
    path.write_bytes(b"devices:\n  R1: {role: \xff}\n")
    with pytest.raises(YamlError) as info:
        load(path)
    assert "not UTF-8" in str(info.value)


def test_missing_inventory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load(tmp_path / "nope.yml")
    assert "does not exist" in str(info.value)


def test_directory_without_yaml_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("devices: {}\n")
    with pytest.raises(YamlError) as info:
        load(tmp_path)
    assert "no *.yml or *.yaml file" in str(info.value)


def test_directory_is_merged_by_section(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yml", """\
        vlans:
          10: {name: ten}
        devices:
          R1: {role: router}
        """)
    b = write(tmp_path / "b.yaml", """\
        # second file
        devices:
          SW1: {role: switch}
        bgp:
          sessions: []
        """)
    write(tmp_path / "ignored.txt", "devices: {X: {}}\n")
    source = load(tmp_path)
    assert source.files == [a, b]
    assert source.root == tmp_path
    assert source.data["devices"] == {"R1": {"role": "router"}, "SW1": {"role": "switch"}}
    assert source.data["vlans"] == {10: {"name": "ten"}}
    assert source.data["bgp"] == {"sessions": []}
    # Each entry remembers the file it came from.
    assert source.index.refs[("devices", "R1")].file == str(a)
    assert (source.index.refs[("devices", "SW1")].file,
            source.index.refs[("devices", "SW1")].line) == (str(b), 3)
    assert source.index.refs[("devices", "SW1", "role")].file == str(b)
    assert source.index.refs[()].file == str(a)


def test_directory_entry_defined_twice(tmp_path: Path) -> None:
    write(tmp_path / "a.yml", "devices:\n  R1: {role: router}\n")
    b = write(tmp_path / "b.yml", "\ndevices:\n  R1: {role: switch}\n")
    with pytest.raises(YamlError) as info:
        load(tmp_path)
    [issue] = info.value.issues
    assert issue.path == "devices.R1"
    assert "defined twice: also in" in issue.message and "a.yml:2:3" in issue.message
    assert (issue.ref.file, issue.ref.line) == (str(b), 3)


def test_directory_unkeyed_section_in_two_files(tmp_path: Path) -> None:
    write(tmp_path / "a.yml", "defaults: {platform: vrp5}\ndevices: {}\n")
    write(tmp_path / "b.yml", "defaults: {platform: vrp8}\n")
    with pytest.raises(YamlError) as info:
        load(tmp_path)
    assert "section 'defaults' is also defined in" in str(info.value)
    assert "only groups, vlans and devices may be split" in str(info.value)


# --- issue 9: safe names and interface numbers ------------------------------------------------


def test_a_huge_key_is_cut_in_the_issue_path_but_still_located(tmp_path: Path) -> None:
    from vrpgen.errors import InventoryError
    from vrpgen.inventory.validate import validate

    key = "Vlanif" + "9" * 5000
    text = f"devices:\n  R1:\n    role: router\n    interfaces:\n      ? {key}\n      : {{}}\n"
    path = write(tmp_path / "inv.yml", text)
    source = load(path)
    with pytest.raises(InventoryError) as info:
        validate(source.data, source.index)
    [issue] = info.value.issues
    assert len(issue.path) < 120 and "(5006 characters)" in issue.path
    assert issue.ref is not None and issue.ref.line == 5


def test_interface_sort_keys_stay_small_integers() -> None:
    name = parse_ifname("Eth-Trunk4294967295")
    assert name.sort_key()[2] == (4294967295,)
    with pytest.raises(IfNameError):
        parse_ifname("Eth-Trunk" + "9" * 4400)  # beyond int()'s 4300-digit limit: no crash


@pytest.mark.parametrize(("typed", "same_as"), [("LoopBack00", "LoopBack0"),
                                               ("Vlanif0010", "Vlanif10")])
def test_leading_zeros_name_the_same_interface(typed: str, same_as: str) -> None:
    assert canonical(typed) == canonical(same_as)
