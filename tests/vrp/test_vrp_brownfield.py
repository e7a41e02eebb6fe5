"""Issue 10: brownfield-correct remediation: never silent, never destructive by surprise.

Each test stands for a class of change (REFERENCE §4.5, §4.6, §4.7, §4.9, §2.5, §6): a change
is either remediated (and the model applies it) or refused with `RemediationError` naming the
lines; re-creations keep or name what they destroy; every risk names its object.
"""

from __future__ import annotations

import pytest
from vrp_cases import BGP_V, GE1, cfg

from vrpgen.errors import DiffError, RemediationError
from vrpgen.vrp import Config, apply, normalise, parse, plan, plan_configs, serialize
from vrpgen.vrp.scope import Scope

VPN_A = "ip vpn-instance A| ipv4-family|  route-distinguisher 100:1|" \
    "  vpn-target 100:1 export-extcommunity|  vpn-target 100:1 import-extcommunity"


def _refused(running: str, intended: str) -> list[str]:
    with pytest.raises(RemediationError) as info:
        plan(running, intended)
    assert str(info.value).startswith("cannot remediate: ")
    return info.value.lines


def _converges(running: str, intended: str, scope: Scope | None = None) -> list[str]:
    """The plan's commands; applied by the model they reach intended, and a second plan is
    empty."""
    p = plan_configs(parse(running), parse(intended), "vrp5", scope)
    texts = [c.text for c in p.commands]
    after = normalise(apply(Config(p.running), texts), "vrp5")
    assert after.same_meaning(Config(p.intended)), "\n".join(texts)
    assert plan(serialize(after), intended, scope=scope).commands == []
    return texts


# -- refusals: a change without a known undo stops the device's plan --------------------------


def test_refusal_is_a_diff_error_carrying_the_lines() -> None:
    assert issubclass(RemediationError, DiffError)
    err = RemediationError(["a > b (why)"])
    assert err.lines == ["a > b (why)"] and str(err) == "cannot remediate: a > b (why)"


def test_vpn_target_change_is_refused_with_its_path() -> None:
    lines = _refused(cfg(VPN_A), cfg(VPN_A.replace("import-extcommunity",
                                                   "import-extcommunity|"
                                                   "  vpn-target 200:1 import-extcommunity")
                                     .replace("  vpn-target 100:1 import-extcommunity|", "")))
    assert lines == ["ip vpn-instance A > ipv4-family > vpn-target 100:1 import-extcommunity "
                     "(REFERENCE gives no undo for it (§2.1, §3.10 only show the view and the "
                     "display))"]


def test_route_distinguisher_change_is_refused() -> None:
    lines = _refused(cfg(VPN_A), cfg(VPN_A.replace("100:1|", "100:9|", 1)))
    assert len(lines) == 1
    assert lines[0].startswith("ip vpn-instance A > ipv4-family > route-distinguisher 100:1 -> "
                               "route-distinguisher 100:9")
    assert "route-distinguisher can be changed in place" in lines[0]


def test_description_on_an_unknown_interface_is_added_in_its_view() -> None:
    running = cfg("interface Virtual-if0| ip address 10.0.0.1 255.255.255.0")
    intended = cfg("interface Virtual-if0| ip address 10.0.0.1 255.255.255.0| description fw")
    p = plan(running, intended)
    assert [c.text for c in p.commands] == ["interface Virtual-if0", "description fw", "quit"]
    assert "Virtual-if0" in p.risks[0].reason


def test_line_removed_from_an_unknown_section_is_refused() -> None:
    lines = _refused(cfg("interface Virtual-if0| description fw| ip address 10.0.0.1 24"),
                     cfg("interface Virtual-if0| ip address 10.0.0.1 24"))
    assert lines == ["interface Virtual-if0 > description fw (no undo known for a line of a "
                     "section the model does not know)"]


def test_unknown_line_changed_in_a_known_section_is_refused() -> None:
    lines = _refused(cfg(f"{GE1}| undo portswitch| mtu 1500"),
                     cfg(f"{GE1}| undo portswitch| mtu 9000"))
    assert lines == [f"{GE1} > mtu 1500 (intended changes a line the model knows no undo for)"]


def test_unknown_line_intended_does_not_state_is_left_alone() -> None:
    p = plan(cfg(f"{GE1}| undo portswitch| arp broadcast enable| mtu 1500"),
             cfg(f"{GE1}| undo portswitch| mtu 1500| description x"))
    assert [c.text for c in p.commands] == [GE1, "description x", "quit"]
    assert p.unmanaged == 1


def test_unbinding_is_refused() -> None:
    lines = _refused(cfg(f"{GE1}| undo portswitch| ip binding vpn-instance A|"
                         " ip address 10.0.0.1 255.255.255.0"),
                     cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 255.255.255.0"))
    assert lines == [f"{GE1} > ip binding vpn-instance A (REFERENCE gives no undo of "
                     "`ip binding vpn-instance` (§4.5))"]


def test_every_refusal_of_a_device_is_listed() -> None:
    lines = _refused(cfg(VPN_A, "interface Virtual-if0| description fw"),
                     cfg(VPN_A.replace("100:1|", "100:9|", 1), "interface Virtual-if0"))
    assert len(lines) == 2


# -- binding (REFERENCE §4.5, §6.7) ------------------------------------------------------------


def test_rebinding_readds_the_addresses_and_is_high_naming_the_interface() -> None:
    running = cfg(f"{GE1}| undo portswitch| ip binding vpn-instance A|"
                  " ip address 10.0.0.1 255.255.255.0")
    intended = running.replace("instance A", "instance B")
    p = plan(running, intended)
    assert [c.text for c in p.commands] == [GE1, "ip binding vpn-instance B",
                                            "ip address 10.0.0.1 255.255.255.0", "quit"]
    risks = p.risks
    assert all(r.level == "high" for r in risks)
    assert "rebinds interface GigabitEthernet0/0/1 to vpn-instance B" in risks[0].reason
    assert "re-adds ip address 10.0.0.1 255.255.255.0 on interface GigabitEthernet0/0/1" \
        in risks[1].reason
    _converges(running, intended)


def test_binding_names_the_addresses_intended_drops() -> None:
    running = cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 255.255.255.0|"
                  " ip address 10.1.0.1 255.255.255.0 sub")
    intended = cfg(f"{GE1}| undo portswitch| ip binding vpn-instance A|"
                   " ip address 10.0.0.1 255.255.255.0")
    p = plan(running, intended)
    assert [c.text for c in p.commands] == [GE1, "ip binding vpn-instance A",
                                            "ip address 10.0.0.1 255.255.255.0", "quit"]
    assert "lost (intended does not state them): ip address 10.1.0.1 255.255.255.0 sub" \
        in p.risks[0].reason
    _converges(running, intended)


# -- BGP: re-creation keeps (or names) what `undo peer X` destroys (REFERENCE §4.9) -----------


def test_peer_as_change_reapplies_a_family_intended_does_not_show() -> None:
    running = cfg(BGP_V + "| #| ipv4-family vpnv4|  policy vpn-target|  peer 3.3.3.3 enable|"
                  "  peer 3.3.3.3 reflect-client")
    intended = cfg(BGP_V.replace("as-number 100", "as-number 200"))
    p = plan(running, intended)
    assert [c.text for c in p.commands] == [
        "bgp 100", "undo peer 3.3.3.3", "peer 3.3.3.3 as-number 200",
        "peer 3.3.3.3 connect-interface LoopBack0", "ipv4-family vpnv4", "peer 3.3.3.3 enable",
        "peer 3.3.3.3 reflect-client", "quit", "quit"]
    enable = p.commands[5]
    assert enable.question is not None and "reset the peer session" in enable.question
    assert "re-applied: `undo peer 3.3.3.3` deleted it" in enable.reason
    after = apply(parse(running), [c.text for c in p.commands])
    vpnv4 = after.root.children["bgp"].children["ipv4-family vpnv4"]
    assert set(vpnv4.children) == {"policy vpn-target", "peer 3.3.3.3 enable",
                                   "peer 3.3.3.3 reflect-client"}
    assert plan(serialize(after), intended).commands == []


def test_peer_as_change_names_the_lines_intended_drops() -> None:
    running = cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 password cipher %^%#x%^%#|"
                  " #| ipv4-family unicast|  peer 10.0.0.2 enable|"
                  "  peer 10.0.0.2 route-policy IN import")
    intended = cfg("bgp 100| peer 10.0.0.2 as-number 300")
    p = plan(running, intended)
    assert [c.text for c in p.commands] == ["bgp 100", "undo peer 10.0.0.2",
                                            "peer 10.0.0.2 as-number 300", "quit"]
    undo = p.risks[0]
    assert undo.level == "high"
    assert "re-create it with its new AS number" in undo.reason
    assert "peer 10.0.0.2 password" in undo.reason
    assert "peer 10.0.0.2 route-policy import (ipv4-family unicast)" in undo.reason
    assert "%^%#x" not in undo.reason  # keys only: the secret never reaches a reason
    _converges(running, intended)


def test_peer_as_change_keeps_what_intended_restates() -> None:
    running = cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 password cipher %^%#x%^%#|"
                  " #| ipv4-family unicast|  peer 10.0.0.2 enable|"
                  "  peer 10.0.0.2 route-policy IN import")
    intended = running.replace("as-number 200", "as-number 300").replace(
        "%^%#x%^%#", "${VRPGEN_BGP_PASSWORD}")
    texts = [c.text for c in plan(running, intended).commands]
    assert texts == ["bgp 100", "undo peer 10.0.0.2", "peer 10.0.0.2 as-number 300",
                     "peer 10.0.0.2 password cipher ${VRPGEN_BGP_PASSWORD}",
                     "ipv4-family unicast", "peer 10.0.0.2 route-policy IN import", "quit",
                     "quit"]


def test_peer_as_change_inside_a_vpn_instance_family_is_undo_peer_first() -> None:
    base = BGP_V + "| #| ipv4-family vpn-instance A|  peer 66.0.0.7 as-number 312|" \
        "  peer 66.0.0.7 route-policy RP import"
    running, intended = cfg(base), cfg(base.replace("312", "313"))
    texts = _converges(running, intended)
    assert texts == ["bgp 100", "ipv4-family vpn-instance A", "undo peer 66.0.0.7",
                     "peer 66.0.0.7 as-number 313", "peer 66.0.0.7 route-policy RP import",
                     "quit", "quit"]
    undo = plan(running, intended).risks[0]
    assert "66.0.0.7" in undo.reason and "ipv4-family vpn-instance A" in undo.reason


def test_global_undo_peer_leaves_a_vpn_instance_peer_of_the_same_address() -> None:
    base = "bgp 100| peer 10.0.0.2 as-number 200| #| ipv4-family unicast|" \
        "  peer 10.0.0.2 enable| #| ipv4-family vpn-instance A|  peer 10.0.0.2 as-number 65001"
    texts = _converges(cfg(base), cfg(base.replace("as-number 200", "as-number 300")))
    assert texts == ["bgp 100", "undo peer 10.0.0.2", "peer 10.0.0.2 as-number 300", "quit"]


def test_bgp_as_change_names_what_undo_bgp_loses() -> None:
    running = cfg("bgp 100| router-id 1.1.1.1| peer 10.0.0.2 as-number 200|"
                  " peer 10.0.0.2 password cipher %^%#x%^%#")
    intended = cfg("bgp 200| router-id 1.1.1.1")
    risk = plan(running, intended).risks[0]
    assert risk.level == "high"
    assert "lost (3 running lines intended does not restate): peer 10.0.0.2 as-number, " \
        "peer 10.0.0.2 password, peer 10.0.0.2 enable (ipv4-family unicast)" in risk.reason
    assert "%^%#x" not in risk.reason


# -- risk: session resets are high and every reason names its object ---------------------------


@pytest.mark.parametrize(
    ("running", "intended", "reason"),
    [
        (cfg(BGP_V), cfg(BGP_V.replace("LoopBack0", "LoopBack1")),
         "changes the connect-interface of BGP peer 3.3.3.3 to LoopBack1: the session resets"),
        (cfg(f"{GE1}| description x"), cfg(f"{GE1}| description x| shutdown"),
         "shuts interface GigabitEthernet0/0/1 down"),
        (cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 24"),
         cfg(f"{GE1}| undo portswitch| ip address 10.0.0.2 24"),
         "changes the IP address of interface GigabitEthernet0/0/1 to 10.0.0.2 255.255.255.0"),
        (cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 24"), cfg(f"{GE1}| portswitch"),
         "removes IP address (every address) from interface GigabitEthernet0/0/1"),
        (cfg("bgp 100| peer 10.0.0.2 as-number 200"), cfg("bgp 100"),
         "removes BGP peer 10.0.0.2"),
    ],
)
def test_high_risks_name_their_object(running: str, intended: str, reason: str) -> None:
    risks = plan(running, intended).risks
    assert any(r.level == "high" and reason in r.reason for r in risks), risks


def test_generic_reasons_get_their_view_path() -> None:
    risks = plan(cfg(f"{GE1}| description a"), cfg(f"{GE1}| description b")).risks
    assert [r.reason for r in risks] == [
        "adds or updates configuration (interface GigabitEthernet0/0/1)"]


def test_vpnv4_peer_enable_records_its_dialog() -> None:
    p = plan(cfg(BGP_V), cfg(BGP_V + "| #| ipv4-family vpnv4|  peer 3.3.3.3 enable"))
    enable = next(c for c in p.commands if c.text == "peer 3.3.3.3 enable")
    assert enable.question is not None and "reset the peer session" in enable.question
    assert enable.answer == "Y" and enable.level == "high"


# -- static routes (REFERENCE §4.7) ---------------------------------------------------------------


def test_owned_static_routes_removed_without_attributes() -> None:
    running = cfg("ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 preference 70 description a"
                  "|ip route-static vpn-instance A 10.2.0.0 255.255.0.0 NULL0")
    intended = cfg("sysname R1")
    scope = Scope(extra=("ip route-static ",))
    texts = _converges(running, intended, scope)
    assert texts == ["sysname R1", "undo ip route-static 10.1.0.0 255.255.0.0 192.0.2.1",
                     "undo ip route-static vpn-instance A 10.2.0.0 255.255.0.0 NULL0"] or \
        texts == ["undo ip route-static 10.1.0.0 255.255.0.0 192.0.2.1",
                  "undo ip route-static vpn-instance A 10.2.0.0 255.255.0.0 NULL0",
                  "sysname R1"]
    risks = plan(running, intended, scope=scope).risks
    assert any(r.level == "high" and "static route 10.1.0.0 255.255.0.0 via 192.0.2.1"
               in r.reason for r in risks)


def test_next_hop_change_is_a_new_route_and_the_old_one_removed_when_owned() -> None:
    running = cfg("ip route-static 0.0.0.0 0.0.0.0 192.0.2.1")
    intended = cfg("ip route-static 0.0.0.0 0.0.0.0 192.0.2.9")
    texts = _converges(running, intended, Scope(extra=("ip route-static ",)))
    assert texts == ["ip route-static 0.0.0.0 0.0.0.0 192.0.2.9",
                     "undo ip route-static 0.0.0.0 0.0.0.0 192.0.2.1"]


def test_static_routes_round_trip_in_display_form() -> None:
    text = cfg("ip route-static 0.0.0.0 0.0.0.0 203.0.113.2|"
               "ip route-static vpn-instance sgbs 10.5.5.0 255.255.255.0"
               " GigabitEthernet0/0/1.50 5.5.5.2 description SGBS SIEGE")
    config = parse(text)
    assert all(n.spec is not None for n in config.root.children.values())
    assert config.same_meaning(parse(serialize(config)))
    assert plan(text, text).commands == []


# -- owned logical interfaces (REFERENCE §4.3) ---------------------------------------------------


def test_owned_loopback_that_left_intended_is_deleted_last() -> None:
    running = cfg("interface LoopBack0| ip address 1.1.1.1 255.255.255.255",
                  "interface LoopBack1| ip address 1.1.1.2 255.255.255.255")
    intended = cfg("interface LoopBack0| ip address 1.1.1.1 255.255.255.255")
    scope = Scope(extra=("interface LoopBack", "interface GigabitEthernet"))
    assert _converges(running, intended, scope) == ["undo interface LoopBack1"]
    p = plan(running, intended, scope=scope)
    assert p.risks[0].level == "high" and "LoopBack1" in p.risks[0].reason
    # a physical port cannot be deleted (§4.3): left alone, counted
    p = plan(cfg("interface GigabitEthernet0/0/5| description spare", "sysname R1"),
             cfg("sysname R1"), scope=scope)
    assert p.commands == [] and p.unmanaged == 2
