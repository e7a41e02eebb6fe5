"""Calico BGPPeer names (issue 9): unique and at most 253 characters, or a located error.

Names are `<node>-to-<router slug>` (lowercase DNS-1123, ../shared/calico/README.md §1). A
collision is refused with a located error; a name over 253 characters (a long but valid node
name) is shortened deterministically with a hash suffix (the rule and why: derive/k8s_checks).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from calico_helpers import GOLDEN, errors, render, seed_data

from vrpgen.derive.k8s_checks import PEER_NAME_MAX, peer_name
from vrpgen.errors import Severity
from vrpgen.inventory.k8s_model import is_k8s_name


def _rename_device(data: dict[str, Any], old: str, new: str) -> None:
    data["devices"] = {new if k == old else k: v for k, v in data["devices"].items()}
    for node in data["k8s"]["nodes"].values():
        node["peers"] = [new if p == old else p for p in node.get("peers", [])]
    for session in data["bgp"]["sessions"]:
        session["between"] = [new if e == old else e for e in session["between"]]


def _two_routers_one_slug(data: dict[str, Any], first: str, second: str) -> dict[str, Any]:
    """R1 renamed `first`, R2 renamed `second`; k8s-node-1 peers with both."""
    _rename_device(data, "R1", first)
    _rename_device(data, "R2", second)
    node = data["k8s"]["nodes"]["k8s-node-1"]
    node["peers"] = [first, second]
    node["as"] = 64512
    data["k8s"]["calico"]["allow_ebgp"] = True
    return data


def _peer_name_errors(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return [f"{i.path}: {i.message} / {i.hint}" for i in errors(tmp_path, data)
            if "BGPPeer" in i.message and i.severity is Severity.ERROR]


def test_routers_with_one_slug_are_a_located_error(tmp_path: Path) -> None:
    # R-1 and R_1 are distinct device names and sysnames, but both become `-to-r-1`.
    data = _two_routers_one_slug(seed_data(), "R-1", "R_1")
    found = _peer_name_errors(tmp_path, data)
    assert len(found) == 1, found
    assert found[0].startswith("k8s.nodes.k8s-node-1: ")
    assert "k8s-node-1-to-r-1" in found[0] and "rename router" in found[0]
    issue = next(i for i in errors(tmp_path, data) if "BGPPeer" in i.message)
    assert issue.ref is not None and issue.ref.line > 0


def test_routers_differing_in_case_are_refused(tmp_path: Path) -> None:
    # R1 and r1: one BGPPeer name and one file name on case-insensitive file systems.
    data = _two_routers_one_slug(seed_data(), "R1", "r1")
    issues = errors(tmp_path, data)
    messages = [f"{i.path}: {i.message}" for i in issues if i.severity is Severity.ERROR]
    assert any("only in case" in m for m in messages), messages
    assert any("k8s-node-1-to-r1" in m for m in messages), messages


def test_node_and_router_names_that_concatenate_alike_collide() -> None:
    # node `a-to-b` with router `c`, and node `a` with router `b-to-c`
    assert peer_name("a-to-b", "c") == peer_name("a", "b-to-c")


def test_collision_across_nodes_is_refused(tmp_path: Path) -> None:
    data = seed_data()
    _rename_device(data, "R1", "b-to-R1")
    data["k8s"]["nodes"] = {
        "n": {"address": "10.0.0.5", "as": 64512, "peers": ["b-to-R1"]},
        "n-to-b": {"address": "10.0.0.6", "as": 64512, "peers": ["R1"]},
    }
    data["devices"]["R1"] = copy.deepcopy(data["devices"]["b-to-R1"])
    data["devices"]["R1"]["loopback"] = {"ip": "3.3.3.3/32", "ospf": {"area": 0}}
    data["devices"]["R1"]["interfaces"] = {"GigabitEthernet0/0/0": {"ip": "10.0.0.252/24",
                                                                   "ospf": {"area": 0}}}
    data["devices"]["R1"]["ospf"] = {"router_id": "3.3.3.3"}
    data["devices"]["R1"]["bgp"] = {"as": 64512, "router_id": "10.0.0.252"}
    found = _peer_name_errors(tmp_path, data)
    assert any("n-to-b-to-r1" in f for f in found), found


def test_a_long_node_name_gives_a_short_stable_unique_peer_name() -> None:
    node = ("a" * 62 + ".") * 4 + "b" * 2  # 254 - 4 + 2 = 250 characters, a valid node name
    node = node[:250]
    assert is_k8s_name(node) and len(node) == 250
    first, second = peer_name(node, "R1"), peer_name(node, "R2")
    for name in (first, second):
        assert len(name) <= PEER_NAME_MAX and is_k8s_name(name), name
    assert first != second
    assert peer_name(node, "R1") == first  # deterministic
    # a cut that ends on '.' or '-' would make an invalid label: stripped before the hash
    dotted = "x" * 243 + "." + "y" * 6
    assert is_k8s_name(peer_name(dotted, "router-one"))


def test_a_long_node_name_renders_a_valid_bgppeer(tmp_path: Path) -> None:
    data = seed_data()
    long = ("k8s-node-" + "n" * 60 + ".") * 3 + "z" * 40
    assert is_k8s_name(long) and len(long) > 240
    data["k8s"]["nodes"] = {long if k == "k8s-node-1" else k: v
                            for k, v in data["k8s"]["nodes"].items()}
    _, calico = render(tmp_path, data)
    names = [d["metadata"]["name"] for d in yaml.safe_load_all(calico["bgppeers.yaml"])]
    assert all(len(n) <= PEER_NAME_MAX and is_k8s_name(n) for n in names), names
    assert len(set(names)) == len(names) == 2


def test_seed_peer_names_are_unchanged(tmp_path: Path) -> None:
    _, calico = render(tmp_path, seed_data())
    assert calico["bgppeers.yaml"] == (GOLDEN / "bgppeers.yaml").read_text()
