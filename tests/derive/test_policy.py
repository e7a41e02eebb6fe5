"""Issue 13: routing policy objects and edge BGP options, their checks and warnings, located
at the line that must change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vrpgen import pipeline
from vrpgen.errors import InventoryError, Issue

WAN_EDGE = Path(__file__).parents[2] / "inventory" / "examples" / "wan-edge"


def _wan_edge() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in sorted(WAN_EDGE.glob("*.yml")):
        data.update(yaml.safe_load(path.read_text()))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _errors(tmp_path: Path, data: dict[str, Any], strict: bool = False) -> list[Issue]:
    with pytest.raises(InventoryError) as info:
        pipeline.build(_write(tmp_path, data), strict=strict)
    return info.value.issues


def _warnings(tmp_path: Path, data: dict[str, Any]) -> list[Issue]:
    return pipeline.build(_write(tmp_path, data)).warnings


def _edge1_isp(data: dict[str, Any]) -> dict[str, Any]:
    peer: dict[str, Any] = data["devices"]["EDGE1"]["bgp"]["peers"]["203.0.113.1"]
    return peer


def test_prefix_entries_render_with_index_steps_and_ranges(tmp_path: Path) -> None:
    data = _wan_edge()
    data["groups"]["edge"]["prefix_lists"]["OWN-PREFIXES"] = [
        {"prefix": "192.0.2.0/24", "le": 32}, {"prefix": "10.0.0.0/8", "ge": 16, "le": 24,
                                              "action": "deny"},
        {"index": 100, "prefix": "172.16.0.0/12"}]
    text = pipeline.render_inventory(_write(tmp_path, data)).configs["EDGE1"]
    # REFERENCE §4.10: mask length, explicit index, ge before le
    assert ("ip ip-prefix OWN-PREFIXES index 10 permit 192.0.2.0 24 less-equal 32\n"
            "ip ip-prefix OWN-PREFIXES index 20 deny 10.0.0.0 8 greater-equal 16 less-equal 24\n"
            "ip ip-prefix OWN-PREFIXES index 100 permit 172.16.0.0 12\n") in text


@pytest.mark.parametrize(("entry", "word"), [
    ({"prefix": "10.0.0.0/16", "ge": 8}, "ge 8 is shorter than the prefix length /16"),
    ({"prefix": "10.0.0.0/16", "ge": 24, "le": 20}, "le 20 is below ge 24"),
    ({"prefix": "10.0.0.0/16", "le": 33}, "less than or equal to 32"),
    ({"prefix": "10.0.0.1/16"}, "host bits set"),
])
def test_prefix_entry_ranges_are_checked_at_their_line(tmp_path: Path, entry: dict[str, Any],
                                                       word: str) -> None:
    data = _wan_edge()
    data["groups"]["edge"]["prefix_lists"]["OWN-PREFIXES"] = [entry]
    issues = _errors(tmp_path, data)
    assert any(word in i.message and i.path.startswith("groups.edge.prefix_lists.OWN-PREFIXES")
               and i.ref is not None and i.ref.line > 1 for i in issues), issues


def test_a_missing_policy_or_prefix_list_is_an_error_where_it_is_named(tmp_path: Path) -> None:
    data = _wan_edge()
    _edge1_isp(data)["import_policy"] = "ISP-IN-TYPO"
    data["groups"]["edge"]["route_policies"]["CONNECTED-OWN"][0]["match"]["ip_prefix"] = "NOPE"
    issues = _errors(tmp_path, data)
    paths = {i.path: i.message for i in issues}
    assert "route-policy ISP-IN-TYPO is not defined on EDGE1" in paths[
        "devices.EDGE1.bgp.peers.203.0.113.1.import_policy"]
    assert "ip-prefix NOPE is not defined" in paths[
        "devices.EDGE1.route_policies.CONNECTED-OWN.0.match.ip_prefix"]


def test_an_unused_policy_and_list_are_warnings(tmp_path: Path) -> None:
    data = _wan_edge()
    data["groups"]["edge"]["route_policies"]["SPARE"] = [{"node": 10}]
    data["groups"]["edge"]["prefix_lists"]["SPARE-LIST"] = [{"prefix": "10.0.0.0/8"}]
    messages = [w.message for w in _warnings(tmp_path, data)]
    assert "route-policy SPARE is not used by any BGP peer, network, import-route or OSPF " \
           "import of EDGE1" in messages
    assert "ip-prefix SPARE-LIST is not matched by any route-policy of EDGE2" in messages


def test_filters_render_and_are_matched_by_name(tmp_path: Path) -> None:
    data = _wan_edge()
    edge = data["groups"]["edge"]
    edge["community_filters"] = {"FROM-ISP": [{"communities": ["64500:666", "no-export"]},
                                              {"action": "deny", "communities": ["64500:1"]}]}
    edge["as_path_filters"] = {"ISP-ONLY": [{"regex": "^64500$"}, {"regex": "^64500 64511$"}]}
    edge["route_policies"]["ISP-IN"][0]["match"].update(
        {"community_filter": "FROM-ISP", "as_path_filter": "ISP-ONLY"})
    text = pipeline.render_inventory(_write(tmp_path, data)).configs["EDGE1"]
    assert ("route-policy ISP-IN permit node 10\n if-match ip-prefix DEFAULT-ROUTE\n"
            " if-match community-filter FROM-ISP\n if-match as-path-filter ISP-ONLY\n") in text
    assert ("ip community-filter basic FROM-ISP permit 64500:666 no-export\n"
            "ip community-filter basic FROM-ISP deny 64500:1\n") in text
    assert "ip as-path-filter ISP-ONLY permit ^64500$\nip as-path-filter ISP-ONLY permit " \
           "^64500 64511$\n" in text


def test_a_missing_filter_is_an_error_and_an_unused_one_a_warning(tmp_path: Path) -> None:
    data = _wan_edge()
    edge = data["groups"]["edge"]
    edge["route_policies"]["ISP-IN"][0]["match"].update(
        {"community_filter": "NOPE", "as_path_filter": "NADA"})
    paths = {i.path: i.message for i in _errors(tmp_path, data)}
    # EDGE1 takes ISP-IN from its group; the error names the device's own path
    assert "community-filter NOPE is not defined on EDGE1" in paths[
        "devices.EDGE1.route_policies.ISP-IN.0.match.community_filter"]
    assert any(p.endswith("match.as_path_filter") and "as-path-filter NADA" in m
               for p, m in paths.items())
    data = _wan_edge()
    data["groups"]["edge"]["as_path_filters"] = {"SPARE": [{"regex": "^1$"}]}
    messages = [w.message for w in _warnings(tmp_path, data)]
    assert "as-path-filter SPARE is not matched by any route-policy of EDGE1" in messages


@pytest.mark.parametrize(("field", "value", "word"), [
    ("as_path_filters", {"A": [{"regex": "^1 ?2$"}]}, "without '\"' or '?'"),
    ("as_path_filters", {"A": [{"regex": 'say "hi"'}]}, "without '\"' or '?'"),
    ("as_path_filters", {"A": [{"regex": "^1$\nip route-static 0.0.0.0 0 1.1.1.1"}]},
     "printable ASCII"),
    ("as_path_filters", {"123": [{"regex": "^1$"}]}, "not all digits"),
    ("community_filters", {"C": [{"communities": ["65536:1"]}]}, "is not a community"),
    ("community_filters", {"C": [{"communities": []}]}, "at least 1"),
])
def test_filter_entries_are_checked_at_their_line(tmp_path: Path, field: str, value: Any,
                                                  word: str) -> None:
    data = _wan_edge()
    data["groups"]["edge"][field] = value
    issues = _errors(tmp_path, data)
    assert any(word in i.message and i.path.startswith(f"groups.edge.{field}")
               and i.ref is not None and i.ref.line > 1 for i in issues), issues


def test_external_peer_without_import_policy_or_password_warns_and_fails_strict(
        tmp_path: Path) -> None:
    data = _wan_edge()
    del _edge1_isp(data)["import_policy"]
    del _edge1_isp(data)["password"]
    warnings = _warnings(tmp_path, data)
    texts = [w.message for w in warnings]
    assert any("203.0.113.1 in external AS 64500 has no import policy" in t for t in texts)
    assert any("203.0.113.1 in external AS 64500 has no password" in t for t in texts)
    assert all(w.ref is not None and w.ref.file.endswith("inv.yml") for w in warnings)
    strict = _errors(tmp_path, data, strict=True)
    assert any("has no import policy" in i.message for i in strict)


def test_nodes_sharing_an_as_over_ebgp_to_one_router_warn_until_allowed(tmp_path: Path) -> None:
    data = _wan_edge()
    data["devices"]["EDGE1"]["interfaces"]["GE0/0/3"] = {"ip": "10.1.0.1/24"}
    data["k8s"] = {"nodes": {"n1": {"address": "10.1.0.11", "as": 64600, "peers": ["EDGE1"]},
                             "n2": {"address": "10.1.0.12", "as": 64600, "peers": ["EDGE1"]}}}
    warnings = [w for w in _warnings(tmp_path, data) if "AS loop" in w.message]
    assert [w.path for w in warnings] == ["k8s.nodes.n1.peers.0", "k8s.nodes.n2.peers.0"]
    assert "n1 shares AS 64600 with n2 over eBGP to EDGE1" in warnings[0].message
    for node in ("n1", "n2"):
        data["k8s"]["nodes"][node]["allowed_local_as"] = 1
    assert not [w for w in _warnings(tmp_path, data) if "AS loop" in w.message]


def test_session_options_belong_to_an_end_and_bfd_never_toward_a_node(tmp_path: Path) -> None:
    data = _wan_edge()
    data["bgp"]["sessions"][0].setdefault("options", {})["EDGE3"] = {"next_hop_local": True}
    data["devices"]["EDGE1"]["interfaces"]["GE0/0/3"] = {"ip": "10.1.0.1/24"}
    data["k8s"] = {"nodes": {"n1": {"address": "10.1.0.11", "as": 65010}}}
    data["bgp"]["sessions"].append({"between": ["EDGE1", "n1"], "bfd": True})
    messages = {i.path: i.message for i in _errors(tmp_path, data)}
    assert "not a device end" in messages["bgp.sessions.0.options.EDGE3"]
    assert "Calico cannot run BFD" in messages["bgp.sessions.1.bfd"]


def test_session_options_render_on_their_own_end_only(tmp_path: Path) -> None:
    data = _wan_edge()
    data["bgp"]["sessions"][0]["options"] = {"EDGE2": {"import_policy": "ISP-IN",
                                                       "route_limit": 50, "allowas_in": 2}}
    configs = pipeline.render_inventory(_write(tmp_path, data)).configs
    assert "  peer 10.255.0.1 route-policy ISP-IN import\n" in configs["EDGE2"]
    assert "  peer 10.255.0.1 route-limit 50\n  peer 10.255.0.1 allow-as-loop 2\n" \
        in configs["EDGE2"]
    assert "peer 10.255.0.2 route-policy" not in configs["EDGE1"]


def test_ospf_import_route_with_policy(tmp_path: Path) -> None:
    data = _wan_edge()
    data["groups"]["edge"]["ospf"]["import_routes"] = [{"protocol": "bgp",
                                                        "policy": "CONNECTED-OWN"}]
    text = pipeline.render_inventory(_write(tmp_path, data)).configs["EDGE1"]
    # REFERENCE §4.8: import-route before silent-interface and the areas
    assert "ospf 1 router-id 10.255.0.1\n import-route bgp route-policy CONNECTED-OWN\n" \
           " silent-interface" in text


def test_policy_clauses_render_and_a_deny_node_sets_nothing(tmp_path: Path) -> None:
    data = _wan_edge()
    text = pipeline.render_inventory(_write(tmp_path, data)).configs["EDGE2"]
    assert ("route-policy ISP-OUT permit node 10\n if-match ip-prefix OWN-PREFIXES\n"
            " apply as-path 65010 65010 additive\n apply community 65010:200\n") in text
    data["groups"]["edge"]["route_policies"]["CONNECTED-OWN"] = [
        {"node": 10, "action": "deny", "set": {"med": 5}}]
    issues = _errors(tmp_path, data)
    assert any("a deny node rejects" in i.message for i in issues)


def test_peer_groups_share_options_and_their_members_follow(tmp_path: Path) -> None:
    data = _wan_edge()
    data["devices"]["EDGE1"]["bgp"]["groups"] = {
        "ISP": {"type": "external", "import_policy": "ISP-IN", "password": {"env": "ISP_PW"}},
        "CORE": {"type": "internal", "next_hop_local": True}}
    isp = _edge1_isp(data)
    for key in ("import_policy", "password"):
        del isp[key]  # from the group now: no external-peer warning
    isp["group"] = "ISP"
    data["bgp"]["sessions"][0]["options"] = {"EDGE1": {"group": "CORE"}}
    result = pipeline.render_inventory(_write(tmp_path, data))
    assert [w.message for w in result.warnings] == []
    text = result.configs["EDGE1"]
    # REFERENCE §4.9: ungrouped peers, then each group followed by its members
    assert (" group ISP external\n peer ISP password cipher ${ISP_PW}\n"
            " peer 203.0.113.1 as-number 64500\n") in text
    assert " peer 203.0.113.1 group ISP\n" in text
    assert ("  peer ISP enable\n  peer ISP route-policy ISP-IN import\n"
            "  peer 203.0.113.1 enable\n") in text
    assert "  peer CORE enable\n  peer CORE next-hop-local\n  peer 10.255.0.2 enable\n" in text


def test_peer_group_must_exist_fit_the_session_and_have_members(tmp_path: Path) -> None:
    data = _wan_edge()
    data["devices"]["EDGE1"]["bgp"]["groups"] = {"ISP": {"type": "internal"},
                                                 "SPARE": {"type": "external"}}
    _edge1_isp(data)["group"] = "ISP"
    data["bgp"]["sessions"][0]["options"] = {"EDGE2": {"group": "NOPE"}}
    issues = {i.path: i.message for i in _errors(tmp_path, data)}
    assert issues["devices.EDGE1.bgp.peers.203.0.113.1.group"] == (
        "peer group ISP is internal but this session is eBGP")
    assert issues["bgp.sessions.0.options.EDGE2.group"] == "peer group NOPE is not defined on EDGE2"
    data["bgp"]["sessions"][0]["options"]["EDGE2"] = {}
    data["devices"]["EDGE1"]["bgp"]["groups"]["ISP"]["type"] = "external"
    assert "peer group SPARE has no member" in [w.message for w in _warnings(tmp_path, data)]


def test_next_hop_local_is_rendered_where_the_other_router_cannot_resolve_the_hop(
        tmp_path: Path) -> None:
    """iBGP between the edge routers: each one's ISP next hop is in no OSPF subnet, so each
    sends its own address (REFERENCE §4.9); once the ISP link is in OSPF it is not needed, and
    an explicit setting always wins."""
    data = _wan_edge()
    configs = pipeline.render_inventory(_write(tmp_path, data)).configs
    assert "  peer 10.255.0.2 next-hop-local\n" in configs["EDGE1"]
    assert "  peer 10.255.0.1 next-hop-local\n" in configs["EDGE2"]
    data["devices"]["EDGE1"]["interfaces"]["GE0/0/0"]["ospf"] = {"area": 0, "silent": True}
    configs = pipeline.render_inventory(_write(tmp_path, data)).configs
    assert "next-hop-local" not in configs["EDGE1"]
    assert "  peer 10.255.0.1 next-hop-local\n" in configs["EDGE2"]
    data["bgp"]["sessions"][0]["options"] = {"EDGE2": {"next_hop_local": False}}
    assert "next-hop-local" not in pipeline.render_inventory(
        _write(tmp_path, data)).configs["EDGE2"]
