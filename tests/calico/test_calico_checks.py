"""Validation of the k8s section: located errors that say what to change, never tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from calico_helpers import errors, rich_data, seed_data, write_inventory

from vrpgen import pipeline
from vrpgen.errors import InventoryError, Issue, Severity

Change = Callable[[dict[str, Any]], None]


def _calico(data: dict[str, Any]) -> dict[str, Any]:
    calico: dict[str, Any] = data["k8s"]["calico"]
    return calico


def _pool(data: dict[str, Any]) -> dict[str, Any]:
    pool: dict[str, Any] = _calico(data)["ip_pools"]["default-ipv4-ippool"]
    return pool


def _node(data: dict[str, Any], name: str = "k8s-node-2") -> dict[str, Any]:
    node: dict[str, Any] = data["k8s"]["nodes"][name]
    return node


CASES: list[tuple[str, Change, str, str, str]] = [
    # (id, change, path of the issue, words of the message, words of the hint)
    ("node-as-not-router", lambda d: _node(d).update({"as": 65001}),
     "k8s.nodes.k8s-node-2.as", "is not R2's AS 63400", "allow_ebgp"),
    ("node-as-int32", lambda d: _node(d).update({"as": 4200000000}),
     "k8s.nodes.k8s-node-2.as", "above 2147483647", "at most 2147483647"),
    ("node-as-int32-asdot", lambda d: _node(d).update({"as": "64100.1"}),
     "k8s.nodes.k8s-node-2.as", "int32", "at most"),
    ("calico-as-int32", lambda d: _calico(d).update({"as": 4200000000}),
     "k8s.calico.as", "above 2147483647", "at most"),
    ("bfd", lambda d: _node(d).update({"bfd": True}),
     "k8s.nodes.k8s-node-2.bfd", "Calico's open-source BIRD setup cannot run it", "remove bfd"),
    ("pool-overlaps-router", lambda d: _pool(d).update({"cidr": "10.0.0.0/16"}),
     "k8s.calico.ip_pools.default-ipv4-ippool.cidr", "overlaps 10.0.0.0/24 of R1",
     "another cidr"),
    ("pool-overlaps-loopback", lambda d: _pool(d).update({"cidr": "1.1.0.0/16"}),
     "k8s.calico.ip_pools.default-ipv4-ippool.cidr", "R1 LoopBack0", "another cidr"),
    ("pools-overlap", lambda d: _calico(d)["ip_pools"].update(
        {"second": {"cidr": "192.168.128.0/17"}}),
     "k8s.calico.ip_pools.second.cidr", "overlaps pool default-ipv4-ippool", "must not overlap"),
    ("block-size-high", lambda d: _pool(d).update({"block_size": 33}),
     "k8s.calico.ip_pools.default-ipv4-ippool.block_size", "outside Calico's range 20-32",
     "26"),
    ("block-size-low", lambda d: _pool(d).update({"block_size": 19}),
     "k8s.calico.ip_pools.default-ipv4-ippool.block_size", "outside Calico's range 20-32",
     "26"),
    ("pool-smaller-than-block", lambda d: _pool(d).update({"cidr": "192.168.0.0/28"}),
     "k8s.calico.ip_pools.default-ipv4-ippool.block_size", "smaller than one /26 block",
     "block_size: 28"),
    ("ipip-and-vxlan", lambda d: _pool(d).update({"ipip_mode": "Always",
                                                  "vxlan_mode": "CrossSubnet"}),
     "k8s.calico.ip_pools.default-ipv4-ippool.vxlan_mode", "cannot both be on", "Never"),
    ("no-session-mesh-off", lambda d: _node(d).pop("peers"),
     "k8s.nodes.k8s-node-2", "peers with no router while the node-to-node mesh is off",
     "node_to_node_mesh: true"),
    ("filter-without-pools", lambda d: _calico(d).update({"ip_pools": {}}),
     "k8s.calico", "import filter needs the IP pools", "enabled: false"),
    ("explicit-peer-to-node", lambda d: d["devices"]["R1"]["bgp"].update(
        {"peers": {"10.0.0.6": {"as": 63400}}}),
     "devices.R1.bgp.peers.10.0.0.6", "is k8s node k8s-node-2", "k8s.nodes.k8s-node-2.peers"),
    ("node-name", lambda d: d["k8s"]["nodes"].update(
        {"Node_3": {"address": "10.0.0.7", "as": 64512, "peers": ["R1"]}}),
     "k8s.nodes.Node_3", "not a Kubernetes node name", "lowercase"),
]


@pytest.mark.parametrize(("change", "path", "message", "hint"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_errors_name_the_value_and_say_what_to_change(tmp_path: Path, change: Change,
                                                      path: str, message: str,
                                                      hint: str) -> None:
    data = seed_data()
    change(data)
    issues = [i for i in errors(tmp_path, data) if i.path == path]
    assert issues, f"no issue at {path}"
    issue = issues[0]
    assert message in issue.message
    assert issue.hint is not None and hint in issue.hint
    assert issue.severity is Severity.ERROR
    assert issue.ref is not None and issue.ref.file.endswith("lab.yml")
    assert issue.ref.line > 1 and issue.ref.column >= 1


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_reference_points_at_the_written_line(tmp_path: Path) -> None:
    data = seed_data()
    _pool(data)["block_size"] = 40
    inventory = write_inventory(tmp_path, data)
    with pytest.raises(InventoryError) as caught:
        pipeline.build(inventory)
    (issue,) = [i for i in caught.value.issues if i.path.endswith("block_size")]
    assert issue.ref is not None
    assert issue.ref.line == _line_of(inventory, "block_size: 40")
    assert str(issue.ref).startswith(f"{inventory}:{issue.ref.line}:")


def test_ebgp_nodes_are_accepted_when_allowed(tmp_path: Path) -> None:
    data = seed_data()
    _node(data)["as"] = 65001
    _calico(data)["allow_ebgp"] = True
    built = pipeline.build(write_inventory(tmp_path, data))
    assert built.calico is not None
    (peer,) = [p for p in built.calico.peers if p.node == "k8s-node-2"]
    assert peer.as_number == 63400  # the router's AS; the node's own AS is patched
    r2 = built.intents["R2"].bgp
    assert r2 is not None
    (node_peer,) = [p for p in r2.peers if p.address == "10.0.0.6"]
    assert node_peer.remote_as == 65001 and not node_peer.reflect_client


def test_a_node_without_a_session_is_fine_with_the_mesh_on(tmp_path: Path) -> None:
    data = seed_data()
    _node(data).pop("peers")
    _calico(data)["node_to_node_mesh"] = True
    built = pipeline.build(write_inventory(tmp_path, data))
    assert built.calico is not None
    assert built.calico.bgp_configuration.node_to_node_mesh is True


def test_keep_original_next_hop_on_ibgp_is_a_warning(tmp_path: Path) -> None:
    data = seed_data()
    _node(data)["keep_original_next_hop"] = True
    built = pipeline.build(write_inventory(tmp_path, data))
    warnings: list[Issue] = [w for w in built.warnings if "keepOriginalNextHop" in w.message]
    assert len(warnings) == 1 and warnings[0].path == "k8s.nodes.k8s-node-2.keep_original_next_hop"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("ipip_mode", "Off", "'Off' is not allowed"),
    ("cidr", "192.168.1.0/16", "host bits set"),
])
def test_pool_fields_are_checked_by_the_model(tmp_path: Path, field: str, value: str,
                                              words: str) -> None:
    data = seed_data()
    _pool(data)[field] = value
    issues = errors(tmp_path, data)
    assert any(words in i.message and i.path.endswith(field) for i in issues), issues


def test_password_env_must_be_a_variable_name(tmp_path: Path) -> None:
    data = seed_data()
    _calico(data)["bgp_password"] = {"env": "not a name", "secret_name": "bgp",
                                     "secret_key": "pw"}
    issues = errors(tmp_path, data)
    assert any(i.path == "k8s.calico.bgp_password.env" for i in issues), issues


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [path] + [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    return [path]


ODD_VALUES: list[Any] = [None, [], "x", 4294967296, {"type": "etcdv3"}]


def test_odd_values_anywhere_in_the_k8s_section_are_issues_not_crashes(tmp_path: Path) -> None:
    base = rich_data()
    paths = [("k8s", *p) for p in _leaves(base["k8s"]) if p]
    assert len(paths) > 30
    for path in paths:
        for value in ODD_VALUES:
            data = rich_data()
            target = data
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
            try:
                result = pipeline.render_inventory(write_inventory(tmp_path, data))
            except InventoryError as exc:
                assert all(i.ref is not None for i in exc.issues), (path, value)
            else:
                calico_on = data["k8s"].get("calico") is not None
                assert ("bgpconfiguration.yaml" in result.calico) == calico_on, (path, value)


@pytest.mark.parametrize(("reflector", "mesh"), [(None, False), ("none", True)])
def test_the_mesh_default_follows_reflection(tmp_path: Path, reflector: str | None,
                                              mesh: bool) -> None:
    data = seed_data()
    del _calico(data)["node_to_node_mesh"]
    if reflector == "none":  # eBGP nodes: no router reflects, so the mesh stays on
        _calico(data)["allow_ebgp"] = True
        _node(data, "k8s-node-1")["as"] = 65101
        _node(data, "k8s-node-2")["as"] = 65102
    built = pipeline.build(write_inventory(tmp_path, data))
    assert built.calico is not None
    assert built.calico.bgp_configuration.node_to_node_mesh is mesh
    assert built.calico.bgp_configuration.as_number == (64512 if not reflector else 65101)
