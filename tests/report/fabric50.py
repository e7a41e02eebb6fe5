"""A 50-device inventory for the topology tests: 2 core routers (area 0, route reflectors of
their AS, one ISP peer), 8 distribution routers (ABRs: area 0 up, area 1-4 down), 40 access
switches in 8 shared segments (5 switches and 2 distribution routers each, OSPF in their area),
4 k8s nodes peering with the first distribution router."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

AS = 65000
CORES, DISTRIBUTION, ACCESS_PER_SEGMENT = 2, 8, 5


def fabric() -> dict[str, Any]:
    devices: dict[str, Any] = {}
    sessions: list[dict[str, Any]] = [{"between": ["core1", "core2"], "via": "loopback"}]
    for c in range(1, CORES + 1):
        devices[f"core{c}"] = {
            "groups": ["routers"], "loopback": {"ip": f"10.255.0.{c}/32", "ospf": {"area": 0}},
            "interfaces": {}, "ospf": {"router_id": f"10.255.0.{c}"}, "bgp": {"as": AS}}
    devices["core1"]["bgp"]["peers"] = {"203.0.113.1": {"as": 64999, "description": "ISP"}}
    for d in range(1, DISTRIBUTION + 1):
        area = (d + 1) // 2
        interfaces: dict[str, Any] = {}
        for c in range(1, CORES + 1):
            link = (d - 1) * CORES + (c - 1)
            devices[f"core{c}"]["interfaces"][f"GE0/0/{d}"] = {
                "ip": f"10.0.{link}.1/30", "ospf": {"area": 0}}
            interfaces[f"GE0/0/{c}"] = {"ip": f"10.0.{link}.2/30", "ospf": {"area": 0}}
            sessions.append({"between": [f"core{c}", f"dist{d}"], "via": "loopback",
                             "reflector": f"core{c}"})
        segment = d if d % 2 else d - 1  # dist1 and dist2 share segments 1 and 2, …
        for s in (segment, segment + 1):
            host = 1 + (d - segment)
            interfaces[f"GE0/0/{2 + s - segment + 1}"] = {
                "ip": f"10.{area}.{s}.{host}/24", "ospf": {"area": area}}
        devices[f"dist{d}"] = {
            "groups": ["routers"], "loopback": {"ip": f"10.255.1.{d}/32", "ospf": {"area": 0}},
            "interfaces": interfaces, "ospf": {"router_id": f"10.255.1.{d}"},
            "bgp": {"as": AS}}
    n = 0
    for s in range(1, DISTRIBUTION + 1):
        area = (s + 1) // 2
        for k in range(ACCESS_PER_SEGMENT):
            n += 1
            devices[f"acc{n:02d}"] = {
                "groups": ["switches"], "vlans": [100],
                "interfaces": {"Vlanif100": {"ip": f"10.{area}.{s}.{10 + k}/24",
                                             "ospf": {"area": area}}},
                "ospf": {"router_id": f"10.254.0.{n}"}}
    devices["dist1"]["interfaces"]["GE0/0/9"] = {"ip": "10.9.0.1/24"}
    nodes = {f"node-{i}": {"address": f"10.9.0.{10 + i}", "as": AS, "peers": ["dist1"]}
             for i in range(1, 5)}
    return {"defaults": {"platform": "vrp5", "ospf": {"process": 1}},
            "groups": {"routers": {"role": "router"}, "switches": {"role": "switch"}},
            "vlans": {100: {"name": "access"}},
            "devices": devices, "bgp": {"sessions": sessions}, "k8s": {"nodes": nodes}}


def write_fabric(path: Path) -> Path:
    path.write_text(yaml.safe_dump(fabric(), sort_keys=False), encoding="utf-8")
    return path
