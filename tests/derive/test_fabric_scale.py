"""Validate+derive (checks, sessions, derive, Calico) is linear in devices: a spine-leaf fabric
with racks of k8s nodes in their own AS (eBGP to their leaf) and a k8s.calico section, built at
N and 4N leaves, does at most ~1.5x four times the Python calls. Calls are counted, not timed,
so the test is deterministic; each quadratic step of issue 14 (calico node prefix lengths,
derive's per-device session scans, next-hop-local's OSPF subnets, checks._unused, the route
model's propagation per rack) made the ratio 7-16x at these sizes."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import netaddr
import yaml

from vrpgen import pipeline

NODES_PER_RACK = 2


def _fabric(path: Path, leaves: int) -> Path:
    links = netaddr.IPNetwork("10.64.0.0/16").subnet(31)
    spines: dict[str, dict[str, Any]] = {
        f"spine{s}": {"groups": ["fabric"], "loopback": {"ip": f"10.255.1.{s}/32",
                                                         "ospf": {"area": 0}},
                      "interfaces": {}} for s in (1, 2)}
    devices: dict[str, Any] = dict(spines)
    sessions: list[dict[str, Any]] = [{"between": ["spine1", "spine2"], "via": "loopback"}]
    nodes: dict[str, Any] = {}
    for n in range(leaves):
        leaf = f"leaf{n}"
        interfaces: dict[str, Any] = {}
        for s, spine in enumerate(spines.values(), start=1):
            link = next(links)
            spine["interfaces"][f"10GE1/0/{n + 1}"] = {"ip": f"{link[0]}/31",
                                                       "ospf": {"area": 0}}
            interfaces[f"10GE1/0/{s}"] = {"ip": f"{link[1]}/31", "ospf": {"area": 0}}
            sessions.append({"between": [f"spine{s}", leaf], "via": "loopback",
                             "reflector": f"spine{s}"})
        for p in range(3, 9):
            interfaces[f"10GE1/0/{p}"] = {"access_vlan": 100, "description": f"server {p}"}
        rack = f"10.{128 + n // 256}.{n % 256}"
        interfaces["Vlanif100"] = {"ip": f"{rack}.1/24", "ospf": {"area": 0, "silent": True}}
        devices[leaf] = {"groups": ["fabric"], "vlans": [100], "interfaces": interfaces,
                         "loopback": {"ip": f"10.254.{n // 256}.{n % 256}/32",
                                      "ospf": {"area": 0}}}
        for i in range(NODES_PER_RACK):
            nodes[f"rack{n}-node{i}"] = {"address": f"{rack}.{10 + i}", "as": 100000 + n,
                                         "peers": [leaf], "allowed_local_as": 1}
    data = {
        "defaults": {"platform": "vrp8", "ospf": {"process": 1}},
        "groups": {"fabric": {"role": "switch", "ospf": {}, "bgp": {"as": 65000}}},
        "vlans": {100: {"name": "servers"}},
        "devices": devices,
        "bgp": {"sessions": sessions},
        "k8s": {"nodes": nodes, "calico": {
            "allow_ebgp": True, "node_to_node_mesh": False,
            "ip_pools": {"pods": {"cidr": "100.64.0.0/10"}}}},
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _calls(inventory: Path) -> int:
    """Python and C calls made by pipeline.build (load, checks, Calico) and by deriving every
    device's intent (render's way: one at a time, none kept)."""
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        built = pipeline.build(inventory)
        derived = [built.intents.take(name) for name in built.intents]
    finally:
        sys.setprofile(None)
    assert built.calico is not None and not built.warnings, built.warnings[:3]
    assert len(derived) == len(built.devices)
    return count


def test_build_is_linear_in_devices(tmp_path: Path) -> None:
    small = _calls(_fabric(tmp_path / "small.yml", 12))
    large = _calls(_fabric(tmp_path / "large.yml", 48))
    assert large / small < 4 * 1.5, f"{small} calls at 12 leaves, {large} at 48"
