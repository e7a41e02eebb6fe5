"""Shared helpers of the Calico tests: inventory variants of the seed lab, rendering, parsing."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from vrpgen import pipeline
from vrpgen.errors import InventoryError, Issue

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "inventory" / "lab.yml"
GOLDEN = REPO / "tests" / "golden" / "seed" / "calico"


class _NoAliases(yaml.SafeDumper):
    """The inventory loader refuses anchors and aliases; never write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def seed_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED.read_text())
    return copy.deepcopy(data)


def write_inventory(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "lab.yml"
    path.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False))
    return path


def rich_data() -> dict[str, Any]:
    """The seed lab with every Calico option in use: password, services, eBGP, etcd, 2 pools,
    next-hop-local, an export filter with a default route."""
    data = seed_data()
    calico = data["k8s"]["calico"]
    calico.update({
        "as": 64512,
        "allow_ebgp": True,
        "service_cluster_ips": ["10.96.0.0/12"],
        "service_external_ips": ["203.0.113.0/24"],
        "next_hop_local": "auto",
        "export_filter": {"route_policy": "K8S-TO-NODE", "default_route": True},
        "bgp_password": {"env": "VRPGEN_TEST_BGP_PW", "secret_name": "bgp-passwords",
                         "secret_key": "routers"},
        "datastore": {"type": "etcdv3",
                      "endpoints": ["https://10.0.0.20:2379", "https://10.0.0.21:2379"],
                      "ca_cert_file": "/etc/calico/certs/ca.pem",
                      "cert_file": "/etc/calico/certs/cert.pem",
                      "key_file": "/etc/calico/certs/key.pem"},
    })
    calico["ip_pools"]["edge-pool"] = {"cidr": "10.244.0.0/16", "block_size": 24,
                                       "ipip_mode": "CrossSubnet",
                                       "node_selector": "edge == 'true'"}
    node = data["k8s"]["nodes"]["k8s-node-2"]
    node.update({"peers": ["R2", "R1"], "source_address": "UseNodeIP",
                 "keep_original_next_hop": True})
    return data


def render(tmp_path: Path, data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(device configs, calico files) as written to disk."""
    out = tmp_path / "out"
    pipeline.render_to(out, write_inventory(tmp_path, data))
    configs = {p.stem: p.read_text() for p in out.glob("*.cfg")}
    calico = {p.name: p.read_text() for p in (out / "calico").glob("*")} \
        if (out / "calico").is_dir() else {}
    return configs, calico


def errors(tmp_path: Path, data: dict[str, Any]) -> list[Issue]:
    with pytest.raises(InventoryError) as caught:
        pipeline.build(write_inventory(tmp_path, data))
    return caught.value.issues


def docs(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d is not None]


def all_manifests(calico: dict[str, str]) -> list[dict[str, Any]]:
    return [d for name, text in sorted(calico.items()) if name.endswith(".yaml")
            for d in docs(text)]


def bgp_peers(calico: dict[str, str]) -> list[dict[str, Any]]:
    return docs(calico["bgppeers.yaml"])


_PATCH = re.compile(r"^calicoctl patch node (\S+) -p '(\{.*\})' \"\$@\"$")


def node_patches(script: str) -> dict[str, dict[str, Any]]:
    """node name → patch body, from nodes.sh; fails on any other command line."""
    out: dict[str, dict[str, Any]] = {}
    for line in script.splitlines():
        if not line or line.startswith("#") or line == "set -eu":
            continue
        match = _PATCH.match(line)
        assert match, f"unexpected line in nodes.sh: {line!r}"
        out[match.group(1)] = yaml.safe_load(match.group(2))
    return out


def router_view(cfg: str) -> tuple[int, dict[str, int], set[str]]:
    """(local AS, peer address → AS, own interface addresses) from a rendered config."""
    local_as = int(re.search(r"^bgp (\d+)$", cfg, re.M).group(1))  # type: ignore[union-attr]
    peers = {m.group(1): int(m.group(2))
             for m in re.finditer(r"^ peer (\S+) as-number (\d+)$", cfg, re.M)}
    own = set(re.findall(r"^ ip address (\S+) ", cfg, re.M))
    return local_as, peers, own
