"""Routes towards the nodes: next-hop-local, the export filter, and the next hops each node
sees for the other nodes' pod blocks (issue 16)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from calico_helpers import errors, render, rich_data, seed_data, write_inventory

from tests.conftest import CliResult
from vrpgen import pipeline
from vrpgen.derive import routes
from vrpgen.errors import InventoryError, Issue, Severity
from vrpgen.vrp.lint import lint


def _calico(data: dict[str, Any]) -> dict[str, Any]:
    calico: dict[str, Any] = data["k8s"]["calico"]
    return calico


def _direct(data: dict[str, Any]) -> dict[str, Any]:
    """R1-R2 on their shared /24 instead of loopbacks (calico README §6.3, "Direct")."""
    data["bgp"]["sessions"] = [{"between": ["R1", "R2"]}]
    return data


def _lines(cfg: str) -> list[str]:
    return cfg.splitlines()


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- next-hop-local ----------------------------------------------------------------------


@pytest.mark.parametrize(("router", "node"), [("R1", "10.0.0.5"), ("R2", "10.0.0.6")])
def test_the_seed_routers_send_their_own_address_to_their_node(tmp_path: Path, router: str,
                                                              node: str) -> None:
    configs, _ = render(tmp_path, seed_data())
    lines = _lines(configs[router])
    # Displayed in ipv4-family unicast, after reflect-client (REFERENCE §4.9, README §6.2).
    af = lines.index(" ipv4-family unicast")
    nhl = lines.index(f"  peer {node} next-hop-local")
    assert af < lines.index(f"  peer {node} reflect-client") < nhl
    assert nhl < lines.index(f"  peer {node} route-policy K8S-FROM-NODE import")
    # Only towards the node: the eBGP peer between loopbacks gets none.
    assert sum("next-hop-local" in x for x in lines) == 1
    assert lint(configs[router]) == []


@pytest.mark.parametrize(("setting", "rendered"), [
    ("auto", False),  # R2 is on the node's /24: its eBGP next hop is reachable already
    (True, True),
    (False, False),
])
def test_next_hop_local_with_routers_on_the_nodes_subnet(tmp_path: Path, setting: Any,
                                                         rendered: bool) -> None:
    data = _direct(seed_data())
    _calico(data)["next_hop_local"] = setting
    configs, _ = render(tmp_path, data)
    assert ("  peer 10.0.0.5 next-hop-local" in _lines(configs["R1"])) is rendered
    assert ("  peer 10.0.0.6 next-hop-local" in _lines(configs["R2"])) is rendered


def test_next_hop_local_true_is_rendered_on_ibgp_node_sessions_only(tmp_path: Path) -> None:
    data = rich_data()  # k8s-node-2 is also an eBGP peer of R1
    _calico(data)["next_hop_local"] = True
    configs, _ = render(tmp_path, data)
    lines = _lines(configs["R1"])
    assert "  peer 10.0.0.5 next-hop-local" in lines
    assert "  peer 10.0.0.6 next-hop-local" not in lines  # eBGP sends R1's address anyway


def test_next_hop_local_is_derived_without_a_calico_section(tmp_path: Path) -> None:
    data = seed_data()
    del data["k8s"]["calico"]
    configs, _ = render(tmp_path, data)
    lines = _lines(configs["R1"])
    assert "  peer 10.0.0.5 next-hop-local" in lines
    assert "route-policy" not in configs["R1"]  # but no filters without calico


def test_next_hop_local_takes_only_auto_or_a_bool(tmp_path: Path) -> None:
    data = seed_data()
    _calico(data)["next_hop_local"] = "sometimes"
    issues = errors(tmp_path, data)
    assert any(i.path == "k8s.calico.next_hop_local" and i.ref is not None for i in issues)


# --- the export filter -------------------------------------------------------------------


def test_the_export_filter_sends_only_pod_blocks(tmp_path: Path) -> None:
    configs, _ = render(tmp_path, seed_data())
    cfg = configs["R1"]
    lines = _lines(cfg)
    assert "  peer 10.0.0.5 route-policy K8S-TO-NODE export" in lines
    assert "  peer 2.2.2.2 route-policy" not in cfg
    # Import, then export policy, each a `#`-separated block (§4.11), then the one list.
    assert ("#\nroute-policy K8S-FROM-NODE permit node 10\n if-match ip-prefix K8S-POD\n"
            "#\nroute-policy K8S-TO-NODE permit node 10\n if-match ip-prefix K8S-POD\n#\n"
            "ip ip-prefix K8S-POD index 10 permit 192.168.0.0 16 greater-equal 26 "
            "less-equal 32\n#\nreturn\n") in cfg
    assert "K8S-DEFAULT" not in cfg  # no default route unless asked for


def test_the_export_filter_is_configurable(tmp_path: Path) -> None:
    data = seed_data()
    _calico(data)["export_filter"] = {"route_policy": "TO-K8S", "default_route": True}
    configs, _ = render(tmp_path, data)
    cfg = configs["R2"]
    lines = _lines(cfg)
    assert "  peer 10.0.0.6 route-policy TO-K8S export" in lines
    # The default route is a node of its own: if-match lines of one node must all match.
    assert ("route-policy TO-K8S permit node 10\n if-match ip-prefix K8S-POD\n#\n"
            "route-policy TO-K8S permit node 20\n if-match ip-prefix K8S-DEFAULT\n") in cfg
    assert "ip ip-prefix K8S-DEFAULT index 10 permit 0.0.0.0 0" in lines
    assert lint(cfg) == []


def test_the_export_filter_can_be_switched_off(tmp_path: Path) -> None:
    data = seed_data()
    _calico(data)["export_filter"] = {"enabled": False}
    configs, _ = render(tmp_path, data)
    assert " export" not in configs["R1"]
    assert "K8S-TO-NODE" not in configs["R1"]
    assert "  peer 10.0.0.5 route-policy K8S-FROM-NODE import" in _lines(configs["R1"])


def test_service_cidrs_go_to_the_nodes_too(tmp_path: Path) -> None:
    data = seed_data()
    _calico(data)["service_cluster_ips"] = ["10.96.0.0/12"]
    _calico(data)["import_filter"] = {"prefix_list": "FROM-PODS"}
    _calico(data)["export_filter"] = {"prefix_list": "TO-PODS"}
    configs, _ = render(tmp_path, data)
    lines = _lines(configs["R1"])
    for name in ("FROM-PODS", "TO-PODS"):
        assert f"ip ip-prefix {name} index 20 permit 10.96.0.0 12 greater-equal 12 " \
               "less-equal 32" in lines
    assert "route-policy K8S-TO-NODE permit node 10" in lines
    assert " if-match ip-prefix TO-PODS" in lines


@pytest.mark.parametrize(("change", "path", "words"), [
    (lambda c: c.update({"export_filter": {"route_policy": "K8S-FROM-NODE"}}),
     "k8s.calico.export_filter.route_policy", "also the import filter's"),
    (lambda c: c.update({"export_filter": {"default_route": True,
                                           "default_prefix_list": "K8S-POD"}}),
     "k8s.calico.export_filter.default_prefix_list", "already holds the pod blocks"),
    (lambda c: c.update({"ip_pools": {}, "import_filter": {"enabled": False}}),
     "k8s.calico", "export filter needs the IP pools"),
])
def test_export_filter_errors(tmp_path: Path, change: Callable[[dict[str, Any]], None],
                              path: str, words: str) -> None:
    data = seed_data()
    change(_calico(data))
    issues = [i for i in errors(tmp_path, data) if i.path == path]
    assert issues and words in issues[0].message, issues
    assert issues[0].hint and issues[0].ref is not None


# --- the routes each node learns ---------------------------------------------------------


def _show(cli: Callable[..., CliResult], inventory: Path, node: str,
          fmt: str = "yaml") -> tuple[CliResult, list[dict[str, Any]]]:
    result = cli("show", node, "-i", inventory, "--format", fmt)
    shown = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    return result, shown["routes"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_show_node_on_the_seed(tmp_path: Path, cli: Callable[..., CliResult],
                               fmt: str) -> None:
    result, learned = _show(cli, write_inventory(tmp_path, seed_data()), "k8s-node-1", fmt)
    assert result.code == 0, result.stderr
    assert learned == [{
        "prefix": "192.168.0.0/16", "greater_equal": 26, "less_equal": 32,
        "origin": "k8s-node-2", "via": "R1", "next_hop": "10.0.0.253", "reachable": True,
        "reflected": False, "next_hop_local": True, "path": ["k8s-node-2", "R2", "R1"]}]


def test_show_node_without_next_hop_local(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    data = seed_data()
    _calico(data)["next_hop_local"] = False
    result, learned = _show(cli, write_inventory(tmp_path, data), "k8s-node-1")
    (route,) = learned
    assert (route["origin"], route["via"], route["next_hop"], route["reachable"]) == (
        "k8s-node-2", "R1", "2.2.2.2", False)
    # The routes are printed, and the inventory is still invalid.
    assert result.code == 1
    assert "next hop 2.2.2.2" in result.stderr


def test_validate_reports_the_unreachable_next_hop(tmp_path: Path,
                                                   cli: Callable[..., CliResult]) -> None:
    data = seed_data()
    _calico(data)["next_hop_local"] = False
    inventory = write_inventory(tmp_path, data)
    result = cli("validate", inventory)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    line = _line_of(inventory, "k8s-node-1:")
    (located,) = [x for x in result.stderr.splitlines() if x.startswith(f"{inventory}:{line}:")]
    for words in ("k8s-node-1 would learn the pod blocks of k8s-node-2",
                  "(192.168.0.0/16 ge 26)", "from R1 with next hop 2.2.2.2",
                  "not on its subnet 10.0.0.0/24"):
        assert words in located
    assert "hint: let R1 send its own address: set k8s.calico.next_hop_local: auto" in \
        result.stderr
    assert "`peer 10.0.0.5 next-hop-local`" in result.stderr


def test_routers_on_the_nodes_subnet_need_no_next_hop_local(tmp_path: Path) -> None:
    data = _direct(seed_data())
    _calico(data)["next_hop_local"] = False
    inventory = write_inventory(tmp_path, data)
    pipeline.build(inventory)  # valid: R2's eBGP next hop is on the shared /24
    shown = pipeline.show("k8s-node-1", inventory)
    (route,) = shown.to_dict()["routes"]
    assert (route["next_hop"], route["reachable"]) == ("10.0.0.254", True)


def test_show_unknown_name_lists_nodes_too(cli: Callable[..., CliResult]) -> None:
    result = cli("show", "k8s-node-9", "-i", Path(__file__).parents[2] / "inventory")
    assert result.code == 1
    assert "no device named 'k8s-node-9'" in result.stderr
    assert "k8s nodes: k8s-node-1, k8s-node-2" in result.stderr


def _racks(nodes_per_rack: dict[str, list[tuple[str, str]]], sessions: list[dict[str, Any]],
           asn: dict[str, int] | None = None) -> dict[str, Any]:
    """Routers R1.. with one /24 per rack (10.0.N.1), a /30 between each pair, loopbacks."""
    routers = sorted(nodes_per_rack)
    devices: dict[str, Any] = {}
    for i, name in enumerate(routers, 1):
        interfaces = {f"GE0/0/{i}": {"ip": f"10.{i}.0.1/24", "ospf": {"area": 0}}}
        for j, other in enumerate(routers, 1):
            if other != name:
                low, high = sorted((i, j))
                host = 1 if i == low else 2
                interfaces[f"GE0/1/{j}"] = {"ip": f"10.255.{low * 16 + high}.{host}/30",
                                            "ospf": {"area": 0}}
        devices[name] = {"role": "router", "loopback": {"ip": f"10.254.0.{i}/32",
                                                       "ospf": {"area": 0}},
                         "interfaces": interfaces, "ospf": {"router_id": f"10.254.0.{i}"},
                         "bgp": {"as": (asn or {}).get(name, 65000)}}
    nodes = {node: {"address": address, "as": (asn or {}).get(rack, 65000), "peers": [rack]}
             for rack, members in nodes_per_rack.items() for node, address in members}
    return {"devices": devices, "bgp": {"sessions": sessions},
            "k8s": {"nodes": nodes, "calico": {
                "ip_pools": {"pods": {"cidr": "192.168.0.0/16"}}}}}


def test_reflected_routes_off_the_subnet_are_a_warning_with_the_fix(tmp_path: Path) -> None:
    # R3 reflects n3's route to R1 (client → non-client), R1 to its client n1: the next hop
    # stays n3's address and next-hop-local cannot change it (calico README §6.1).
    data = _racks({"R1": [("n1", "10.1.0.10")], "R3": [("n3", "10.2.0.10")]},
                  [{"between": ["R1", "R3"]}])
    built = pipeline.build(write_inventory(tmp_path, data))
    found: list[Issue] = [w for w in built.warnings if w.path == "k8s.nodes.n1"]
    (warning,) = found
    assert warning.severity is Severity.WARNING
    assert "next hop 10.2.0.10" in warning.message and "from R1" in warning.message
    assert "next-hop-local does not change reflected routes" in warning.message
    assert warning.hint is not None and "default_route" in warning.hint
    assert warning.ref is not None and warning.ref.line > 1
    shown = pipeline.show("n1", write_inventory(tmp_path, data)).to_dict()
    (route,) = shown["routes"]
    assert route["reflected"] is True and route["reachable"] is False
    assert list(route["path"]) == ["n3", "R3", "R1"]
    with pytest.raises(InventoryError) as strict:
        pipeline.build(write_inventory(tmp_path, data), strict=True)
    assert any("reflected" in i.message for i in strict.value.issues)


def test_a_node_behind_many_racks_is_one_warning_per_router_not_one_per_rack(
        tmp_path: Path) -> None:
    """Racks in the routers' own AS behind a route reflector: n1 would see every other rack's
    node addresses as next hops. One warning for n1 names the count and the first next hops
    (before: one warning per next hop, racks x racks of them: 344,160 lines for a 200-device
    fabric)."""
    racks = {"R1": [("n1", "10.1.0.10")], "R2": [("n2", "10.2.0.10"), ("n2b", "10.2.0.11")],
             "R3": [("n3", "10.3.0.10")], "R4": [("n4", "10.4.0.10")],
             "R5": [("n5", "10.5.0.10")]}
    data = _racks(racks, [{"between": ["R1", r], "reflector": "R1"}
                          for r in ("R2", "R3", "R4", "R5")])
    built = pipeline.build(write_inventory(tmp_path, data))
    mine = [w for w in built.warnings if w.path == "k8s.nodes.n2"]
    (warning,) = mine
    assert "would learn the pod blocks of 4 nodes (192.168.0.0/16 ge 26) from R2 with 4 next " \
           "hops not on its subnet 10.2.0.0/24: 10.1.0.10 (n1), 10.3.0.10 (n3), " \
           "10.4.0.10 (n4) and 1 more" in warning.message, warning.message
    assert "reflects it as learned over iBGP from R1" in warning.message
    assert warning.hint is not None and "put those next hops on the node's subnet" in warning.hint
    # n2b shares n2's rack: n2's own address is on its subnet, so not among its next hops
    (twin,) = [w for w in built.warnings if w.path == "k8s.nodes.n2b"]
    assert "10.2.0.10" not in twin.message and "of 4 nodes" in twin.message
    per_node = [w.path for w in built.warnings if w.path.startswith("k8s.nodes.")]
    assert len(per_node) == len(set(per_node)) == 6  # one each, whatever the racks


def test_ebgp_between_racks_rewrites_the_next_hop(tmp_path: Path) -> None:
    # The same racks over eBGP between loopbacks: R1 learns n3's blocks over eBGP, so
    # next-hop-local (auto) applies and n1 sees R1's address.
    data = _racks({"R1": [("n1", "10.1.0.10")], "R3": [("n3", "10.2.0.10")]},
                  [{"between": ["R1", "R3"], "via": "loopback"}], {"R1": 65001, "R3": 65003})
    built = pipeline.build(write_inventory(tmp_path, data))
    assert not [w for w in built.warnings if w.path.startswith("k8s.nodes")]
    (route,) = pipeline.show("n1", write_inventory(tmp_path, data)).to_dict()["routes"]
    assert (route["next_hop"], route["reachable"], route["reflected"]) == (
        "10.1.0.1", True, False)


def test_a_router_that_does_not_reflect_passes_no_ibgp_routes(tmp_path: Path) -> None:
    # R1 - R2 - R3 all iBGP; R2 has no node. n3's route reaches R2 over iBGP from R3.
    racks = {"R1": [("n1", "10.1.0.10")], "R2": [], "R3": [("n3", "10.3.0.10")]}
    chain = [{"between": ["R1", "R2"]}, {"between": ["R2", "R3"]}]
    assert list(_table(tmp_path, _racks(racks, chain)).learned("n1")) == []
    # R2 reflecting for its client R3 passes it on to R1, which reflects it to n1.
    chain[1]["reflector"] = "R2"
    (route,) = _table(tmp_path, _racks(racks, chain)).learned("n1")
    assert (route.origin, route.path, route.next_hop, route.reflected) == (
        "n3", ("n3", "R3", "R2", "R1"), "10.3.0.10", True)


def _table(tmp_path: Path, data: dict[str, Any]) -> routes.RouteTable:
    built = pipeline.build(write_inventory(tmp_path, data))
    return routes.route_table(built.inventory, built.devices, built.sessions)


def test_one_propagation_per_class_of_nodes(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Nodes attached alike share one propagation: cost grows with racks, not nodes."""
    racks = {f"R{r}": [(f"n{r}-{i}", f"10.{r}.0.{10 + i}") for i in range(40)]
             for r in (1, 2, 3)}
    data = _racks(racks, [{"between": ["R1", "R2"], "via": "loopback"},
                          {"between": ["R2", "R3"], "via": "loopback"}],
                  {"R1": 65001, "R2": 65002, "R3": 65003})
    built = pipeline.build(write_inventory(tmp_path, data))
    calls: list[str] = []
    real = routes._propagate

    def counting(origin: str, *args: Any) -> Any:
        calls.append(origin)
        return real(origin, *args)

    monkeypatch.setattr(routes, "_propagate", counting)
    table = routes.route_table(built.inventory, built.devices, built.sessions)
    assert calls == []  # each class propagates on first use
    learned = list(table.learned("n1-0"))
    assert len(calls) == 3
    assert len(learned) == 119  # 39 rack neighbours + 80 nodes behind R2 and R3
    far = [r for r in learned if r.origin == "n3-5"]
    assert [(r.via, r.next_hop, r.path) for r in far] == [
        ("R1", "10.1.0.1", ("n3-5", "R3", "R2", "R1"))]
    near = [r for r in learned if r.origin == "n1-7"]
    assert [(r.next_hop, r.reflected, r.reachable) for r in near] == [
        ("10.1.0.17", True, True)]


def test_ebgp_nodes_in_one_as_drop_each_others_routes(tmp_path: Path) -> None:
    """calico #4287: the AS path holds the receiving node's AS, so the route is dropped."""
    data = _racks({"R1": [("n1", "10.1.0.10"), ("n2", "10.1.0.11")]}, [])
    for node in ("n1", "n2"):
        data["k8s"]["nodes"][node]["as"] = 65100
    data["k8s"]["calico"]["allow_ebgp"] = True
    assert list(_table(tmp_path, data).learned("n1")) == []


def test_a_node_setting_overrides_the_calico_one(tmp_path: Path) -> None:
    """`k8s.nodes.N.next_hop_local` wins over `k8s.calico.next_hop_local`, for that node only."""
    data = seed_data()
    _calico(data)["next_hop_local"] = False
    for node in ("k8s-node-1", "k8s-node-2"):
        data["k8s"]["nodes"][node]["next_hop_local"] = True
    (tmp_path / "on").mkdir()
    configs, _ = render(tmp_path / "on", data)
    assert "  peer 10.0.0.5 next-hop-local" in _lines(configs["R1"])
    assert "  peer 10.0.0.6 next-hop-local" in _lines(configs["R2"])
    data = seed_data()
    data["k8s"]["nodes"]["k8s-node-2"]["next_hop_local"] = False
    (tmp_path / "off").mkdir()
    (issue,) = errors(tmp_path / "off", data)
    assert issue.path == "k8s.nodes.k8s-node-2" and "next hop 1.1.1.1" in issue.message
    assert issue.hint is not None and "k8s.nodes.k8s-node-2.next_hop_local: auto" in issue.hint
