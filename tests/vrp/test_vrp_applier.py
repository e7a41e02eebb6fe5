"""The Applier contract the simulator codes against (REFERENCE §2.1, §2.4, §2.5, §4)."""

from __future__ import annotations

import pytest

from vrpgen.errors import DiffError
from vrpgen.vrp import Applier, apply, parse, serialize

BASE = "#\nsysname R1\n#\nvlan batch 10 20\n#\ninterface GigabitEthernet0/0/1\n" \
    " port link-type trunk\n port trunk allow-pass vlan 10 20\n#\nbgp 100\n" \
    " peer 10.0.0.2 as-number 200\n #\n ipv4-family unicast\n  peer 10.0.0.2 enable\n#\nreturn\n"


def session(platform: str = "vrp5") -> Applier:
    return Applier(parse(BASE), platform)


def test_view_names_follow_prompts() -> None:
    a = session()
    seen = []
    for line in ["int g0/0/1", "quit", "vlan 10", "quit", "ospf 1 router-id 1.1.1.1", "area 0",
                 "quit", "quit", "bgp 100", "ipv4-family unicast", "quit", "quit",
                 "route-policy RP permit node 10", "quit", "interface loopback 0"]:
        assert a.execute(line).error is None, line
        seen.append(a.view_name)
    assert seen == ["GigabitEthernet0/0/1", "", "vlan10", "", "ospf-1", "ospf-1-area-0.0.0.0",
                    "ospf-1", "", "bgp", "bgp-af-ipv4", "bgp", "", "route-policy", "",
                    "LoopBack0"]


def test_quit_from_system_view_leaves() -> None:
    a = session()
    assert a.at_system_view
    assert a.execute("quit").left_system_view


@pytest.mark.parametrize(
    ("platform", "line", "kind", "column", "message"),
    [
        ("vrp5", "port link-type trunkk", "wrong", 15,
         "Error: Wrong parameter found at '^' position."),
        ("vrp5", "port link-typo trunk", "unrecognized", 5,
         "Error: Unrecognized command found at '^' position."),
        ("vrp5", "port link-type", "incomplete", 15,
         "Error:Incomplete command found at '^' position."),
        ("vrp8", "port link-type", "incomplete", 15,
         "Error: Incomplete command found at '^' position."),
        ("vrp5", "description", "incomplete", 12,
         "Error:Incomplete command found at '^' position."),
        ("vrp5", "shutdown now", "too_many", 9,
         "Error:Too many parameters found at '^' position."),
        ("vrp5", "port trunk allow-pass vlan 5000", "wrong", 27,
         "Error: Wrong parameter found at '^' position."),
        ("vrp5", "frobnicate", "unrecognized", 0,
         "Error: Unrecognized command found at '^' position."),
    ],
)
def test_errors(platform: str, line: str, kind: str, column: int, message: str) -> None:
    a = session(platform)
    a.execute("interface GigabitEthernet0/0/1")
    outcome = a.execute(line)
    assert outcome.error is not None
    assert (outcome.error.kind, outcome.error.column, outcome.error.message) == (
        kind, column, message)
    assert a.view_name == "GigabitEthernet0/0/1"


def test_ambiguous_abbreviation() -> None:
    a = session()
    a.execute("interface GigabitEthernet0/0/1")
    outcome = a.execute("port t pvid vlan 10")  # `t` is not ambiguous: trunk only
    assert outcome.error is None
    outcome = a.execute("undo p")
    assert outcome.error is not None and outcome.error.kind in ("ambiguous", "incomplete")


def test_abbreviated_undo_is_set_removal() -> None:
    a = session()
    a.execute("int g0/0/1")
    assert a.execute("undo po tr al vl 20").error is None
    node = a.config.root.children["interface GigabitEthernet0/0/1"]
    assert node.children["port trunk allow-pass vlan"].members == {1, 10}


def test_undo_peer_asks_and_no_keeps_config() -> None:
    a = session()
    a.execute("bgp 100")
    outcome = a.execute("undo peer 10.0.0.2")
    assert outcome.question is not None and "BGP peer will be deleted" in outcome.question
    assert a.execute("display this").error is not None  # must answer first
    a.answer(False)
    assert "peer 10.0.0.2 as-number" in a.config.root.children["bgp"].children
    a.execute("undo peer 10.0.0.2")
    a.answer(True)
    bgp = a.config.root.children["bgp"]
    assert "peer 10.0.0.2 as-number" not in bgp.children
    assert "peer 10.0.0.2 enable" not in bgp.children["ipv4-family unicast"].children


def test_link_type_change_refused_on_vrp5_asked_on_vrp8() -> None:
    a = session("vrp5")
    a.execute("interface GigabitEthernet0/0/1")
    outcome = a.execute("port link-type access")
    assert outcome.error is not None
    assert outcome.error.message == "Error: Please renew the default configurations."
    b = session("vrp8")
    b.execute("interface GigabitEthernet0/0/1")
    outcome = b.execute("port link-type access")
    assert outcome.question is not None and "delete VLANs" in outcome.question
    b.answer(True)
    node = b.config.root.children["interface GigabitEthernet0/0/1"]
    assert node.children["port link-type"].text == "port link-type access"
    assert "port trunk allow-pass vlan" not in node.children


def test_peer_as_number_implies_enable_and_af_placement() -> None:
    cfg = apply(parse(BASE), ["bgp 100", "peer 10.0.0.9 as-number 100",
                              "peer 10.0.0.9 reflect-client", "quit"])
    af = cfg.root.children["bgp"].children["ipv4-family unicast"]
    assert "peer 10.0.0.9 enable" in af.children
    assert "peer 10.0.0.9 reflect-client" in af.children
    text = serialize(cfg)
    assert text.index(" peer 10.0.0.9 as-number 100") < text.index(" ipv4-family unicast")


def test_option_for_unknown_peer_refused() -> None:
    with pytest.raises(DiffError, match="peer does not exist"):
        apply(parse(BASE), ["bgp 100", "peer 10.9.9.9 description x"])


def test_allow_pass_needs_trunk_and_vrp5_upper_view_fallback() -> None:
    a = session()
    a.execute("interface GigabitEthernet0/0/2")
    assert a.execute("port trunk allow-pass vlan 10").error is not None
    assert a.execute("vlan 30").error is None  # VRP5: system-view command from a sub-view
    assert a.view_name == "vlan30"
    assert 30 in (a.config.root.children["vlan batch"].members or set())


def test_physical_interface_cannot_be_deleted() -> None:
    a = session()
    outcome = a.execute("undo interface GigabitEthernet0/0/1")
    assert outcome.error is not None and outcome.error.kind == "semantic"
    assert a.execute("interface LoopBack5").error is None
    a.execute("quit")
    assert a.execute("undo interface LoopBack5").error is None
    assert "interface LoopBack5" not in a.config.root.children


def test_original_config_not_mutated() -> None:
    original = parse(BASE)
    before = serialize(original)
    apply(original, ["undo vlan batch 20", "sysname X"])
    assert serialize(original) == before


def test_vlan_batch_info_line_on_vrp5() -> None:
    assert session("vrp5").execute("vlan batch 30").info == (
        "Info: This operation may take a few seconds. Please wait for a moment...done.")
    assert session("vrp8").execute("vlan batch 30").info is None


@pytest.mark.parametrize("line", [
    "vlan batch " + "9" * 5000,
    "vlan " + "4" * 5000,
    "interface Vlanif" + "1" * 5000,
    "vlan batch 10 to " + "2" * 300,
    "vlan batch ١٠",  # Arabic-Indic digits: int() would accept them, VRP does not
    "ospf 1 router-id ١.١.١.١",
    "bgp " + "7" * 5000,
])
def test_huge_or_foreign_numbers_typed_are_command_errors(line: str) -> None:
    """The simulator types these through the Applier: an error answer, never a crash."""
    outcome = session().execute(line)
    assert outcome.error is not None


# -- issue 10: the families the remediation now plans ----------------------------------------

FAMILIES = "#\nip vpn-instance A\n ipv4-family\n  route-distinguisher 100:1\n#\n" \
    "interface GigabitEthernet0/0/2\n undo portswitch\n ip address 10.0.0.1 255.255.255.0\n" \
    " ip address 10.1.0.1 255.255.255.0 sub\n#\nbgp 100\n peer 10.0.0.2 as-number 200\n #\n" \
    " ipv4-family unicast\n  peer 10.0.0.2 enable\n #\n ipv4-family vpnv4\n #\n" \
    " ipv4-family vpn-instance A\n  peer 10.0.0.2 as-number 65001\n" \
    "  peer 10.0.0.2 route-policy RP import\n#\nreturn\n"


def test_view_names_of_vpn_views() -> None:  # REFERENCE §2.1
    a = Applier(parse(FAMILIES))
    seen = []
    for line in ["ip vpn-instance A", "ipv4-family", "quit", "quit", "bgp 100",
                 "ipv4-family vpnv4", "quit", "ipv4-family vpn-instance A"]:
        assert a.execute(line).error is None, line
        seen.append(a.view_name)
    assert seen == ["vpn-instance-A", "vpn-instance-A-af-ipv4", "vpn-instance-A", "", "bgp",
                    "bgp-af-vpnv4", "bgp", "bgp-A"]


def test_binding_wipes_the_addresses() -> None:  # REFERENCE §4.5, §6.7
    after = apply(parse(FAMILIES), ["interface GigabitEthernet0/0/2",
                                    "ip binding vpn-instance A"])
    port = after.root.children["interface GigabitEthernet0/0/2"]
    assert list(port.children) == ["portswitch", "ip binding vpn-instance"]
    again = apply(after, ["interface GigabitEthernet0/0/2", "ip address 10.0.0.1 24",
                          "ip binding vpn-instance A"])  # the same binding: nothing changes
    assert "ip address" in again.root.children["interface GigabitEthernet0/0/2"].children


def test_member_with_config_refused() -> None:  # REFERENCE §4.6: members have default config
    a = session()
    a.execute("interface GigabitEthernet0/0/1")
    outcome = a.execute("eth-trunk 1")
    assert outcome.error is not None and outcome.error.kind == "semantic"
    for line in ["undo port trunk allow-pass vlan 10 20", "undo port link-type", "eth-trunk 1"]:
        assert a.execute(line).error is None, line
    assert a.config.root.children["interface GigabitEthernet0/0/1"].children["eth-trunk"].text \
        == "eth-trunk 1"


def test_vpn_instance_peers_are_their_own() -> None:  # REFERENCE §4.9
    after = apply(parse(FAMILIES), ["bgp 100", "ipv4-family vpn-instance A",
                                    "undo peer 10.0.0.2 route-policy RP import",
                                    "peer 10.0.0.3 as-number 65002", "quit", "undo peer 10.0.0.2"])
    bgp = after.root.children["bgp"]
    vrf = bgp.children["ipv4-family vpn-instance A"]
    assert set(vrf.children) == {"peer 10.0.0.2 as-number", "peer 10.0.0.3 as-number"}
    assert "peer 10.0.0.2 as-number" not in bgp.children
    assert "peer 10.0.0.2 enable" not in bgp.children["ipv4-family unicast"].children
    after = apply(after, ["bgp 100", "ipv4-family vpn-instance A", "undo peer 10.0.0.3"])
    assert set(after.root.children["bgp"].children["ipv4-family vpn-instance A"].children) == {
        "peer 10.0.0.2 as-number"}


def test_vpnv4_enable_asks_and_undo_enable_removes_the_line() -> None:  # REFERENCE §2.5
    a = Applier(parse(FAMILIES))
    for line in ["bgp 100", "ipv4-family vpnv4"]:
        a.execute(line)
    outcome = a.execute("peer 10.0.0.2 enable")
    assert outcome.question is not None and "reset the peer session" in outcome.question
    a.answer(True)
    vpnv4 = a.config.root.children["bgp"].children["ipv4-family vpnv4"]
    assert "peer 10.0.0.2 enable" in vpnv4.children
    assert a.execute("undo peer 10.0.0.2 enable").error is None
    assert vpnv4.children == {}
    assert a.execute("peer 10.0.0.9 enable").error is not None  # no such peer


def test_static_route_reentered_and_removed_without_attributes() -> None:  # REFERENCE §4.7
    after = apply(parse("#\nsysname R1\n#\nreturn\n"),
                  ["ip route-static 10.1.0.0 16 192.0.2.1 preference 70",
                   "ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 description x"])
    routes = [n.text for n in after.root.children.values() if n.text.startswith("ip route")]
    assert routes == ["ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 description x"]
    after = apply(after, ["undo ip route-static 10.1.0.0 255.255.0.0 192.0.2.1"])
    assert [k for k in after.root.children if k.startswith("ip route")] == []
    assert "ip route-static" not in serialize(after)
