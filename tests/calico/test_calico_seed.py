"""The seed lab's Calico side and router filters, golden files, and the two-sided consistency."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from calico_helpers import (
    GOLDEN,
    bgp_peers,
    docs,
    node_patches,
    render,
    rich_data,
    router_view,
    seed_data,
)

from vrpgen.vrp.lint import lint

NODE_ADDRESSES = {"k8s-node-1": "10.0.0.5", "k8s-node-2": "10.0.0.6"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    return render(tmp_path_factory.mktemp("seed"), seed_data())


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    return render(tmp_path_factory.mktemp("rich"), rich_data())


def _peer_for(peers: list[dict[str, Any]], address: str) -> dict[str, Any]:
    node = next(n for n, a in NODE_ADDRESSES.items() if a == address)
    (peer,) = [p for p in peers if p["spec"]["node"] == node]
    return peer


def test_bgppeers_of_the_seed(seed: tuple[dict[str, str], dict[str, str]]) -> None:
    peers = bgp_peers(seed[1])
    assert len(peers) == 2
    one, two = _peer_for(peers, "10.0.0.5"), _peer_for(peers, "10.0.0.6")
    assert one["spec"] == {"node": "k8s-node-1", "peerIP": "10.0.0.253", "asNumber": 64512}
    assert two["spec"] == {"node": "k8s-node-2", "peerIP": "10.0.0.254", "asNumber": 63400}
    assert isinstance(one["spec"]["asNumber"], int)  # YAML integers, never "64512"


def test_bgpconfiguration_ippool_and_nodes_of_the_seed(
        seed: tuple[dict[str, str], dict[str, str]]) -> None:
    calico = seed[1]
    (config,) = docs(calico["bgpconfiguration.yaml"])
    assert config["metadata"]["name"] == "default"
    assert config["spec"]["nodeToNodeMeshEnabled"] is False
    (pool,) = docs(calico["ippools.yaml"])
    assert pool["spec"]["cidr"] == "192.168.0.0/16"
    assert pool["spec"]["ipipMode"] == "Never"
    assert pool["spec"]["vxlanMode"] == "Never"
    assert pool["spec"]["blockSize"] == 26
    assert node_patches(calico["nodes.sh"]) == {
        "k8s-node-1": {"spec": {"bgp": {"asNumber": 64512, "ipv4Address": "10.0.0.5/24"}}},
        "k8s-node-2": {"spec": {"bgp": {"asNumber": 63400, "ipv4Address": "10.0.0.6/24"}}},
    }
    assert "kind: Node" not in "".join(calico.values())
    commands = [x for x in calico["nodes.sh"].splitlines() if x and not x.startswith("#")]
    assert not any("apply" in x for x in commands)  # node_patches: every line is a patch
    (cfg,) = docs(calico["calicoctl.cfg"])
    assert cfg["spec"] == {"datastoreType": "kubernetes",
                           "kubeconfig": "/etc/kubernetes/admin.conf"}


@pytest.mark.parametrize(("router", "node"), [("R1", "10.0.0.5"), ("R2", "10.0.0.6")])
def test_routers_carry_the_import_filter(seed: tuple[dict[str, str], dict[str, str]],
                                         router: str, node: str) -> None:
    lines = seed[0][router].splitlines()
    assert f"  peer {node} route-policy K8S-FROM-NODE import" in lines
    assert "route-policy K8S-FROM-NODE permit node 10" in lines
    assert " if-match ip-prefix K8S-POD" in lines
    assert ("ip ip-prefix K8S-POD index 10 permit 192.168.0.0 16 greater-equal 26 less-equal 32"
            in lines)
    # Only node sessions are filtered; the R1-R2 session is not.
    assert sum("route-policy K8S-FROM-NODE import" in line for line in lines) == 1
    # Device order (REFERENCE §3.9): bgp, ospf, route-policy, ip ip-prefix.
    order = [next(i for i, line in enumerate(lines) if line.startswith(head))
             for head in ("bgp ", "ospf ", "route-policy ", "ip ip-prefix ")]
    assert order == sorted(order)
    # The import line is displayed under ipv4-family unicast (REFERENCE §4.9).
    assert lines.index(" ipv4-family unicast") < lines.index(
        f"  peer {node} route-policy K8S-FROM-NODE import")


def test_the_switch_has_no_filter(seed: tuple[dict[str, str], dict[str, str]]) -> None:
    assert "route-policy" not in seed[0]["SW1"]
    assert "ip-prefix" not in seed[0]["SW1"]


@pytest.mark.parametrize("router", ["R1", "R2"])
@pytest.mark.parametrize("which", ["seed", "rich"])
def test_router_configs_pass_the_linter(seed: tuple[dict[str, str], dict[str, str]],
                                        rich: tuple[dict[str, str], dict[str, str]],
                                        which: str, router: str) -> None:
    configs = (seed if which == "seed" else rich)[0]
    assert lint(configs[router]) == []


def _consistency(configs: dict[str, str], calico: dict[str, str]) -> None:
    """For every router peer that is a k8s node there is exactly one BGPPeer with the matching
    addresses and AS, and for every BGPPeer exactly one such router peer."""
    patches = node_patches(calico["nodes.sh"])
    node_as = {name: body["spec"]["bgp"]["asNumber"] for name, body in patches.items()}
    node_of = {body["spec"]["bgp"]["ipv4Address"].split("/")[0]: name
               for name, body in patches.items()}
    peers = bgp_peers(calico)
    routers = {name: router_view(cfg) for name, cfg in configs.items() if "\nbgp " in cfg}
    seen = 0
    for local_as, remote, own in routers.values():
        for address, asn in remote.items():
            if address not in node_of:
                continue
            seen += 1
            node = node_of[address]
            matches = [p for p in peers if p["spec"]["node"] == node
                       and p["spec"]["peerIP"] in own]
            assert len(matches) == 1, (node, own)
            assert matches[0]["spec"]["asNumber"] == local_as
            assert asn == node_as[node]
    for peer in peers:
        spec = peer["spec"]
        owners = [view for view in routers.values() if spec["peerIP"] in view[2]]
        assert len(owners) == 1, peer
        local_as, remote, _ = owners[0]
        address = next(a for a, n in node_of.items() if n == spec["node"])
        assert local_as == spec["asNumber"]
        assert remote.get(address) == node_as[spec["node"]]
    assert seen > 0, "no router peers with a k8s node"
    assert len(peers) == seen


def test_both_sides_agree_in_the_seed(seed: tuple[dict[str, str], dict[str, str]]) -> None:
    _consistency(*seed)


def test_both_sides_agree_with_ebgp_and_two_routers(
        rich: tuple[dict[str, str], dict[str, str]]) -> None:
    _consistency(*rich)
    assert len(bgp_peers(rich[1])) == 3


def test_consistency_check_fails_on_a_mismatch(
        seed: tuple[dict[str, str], dict[str, str]]) -> None:
    configs, calico = seed
    broken = dict(calico, **{"bgppeers.yaml": calico["bgppeers.yaml"].replace(
        "asNumber: 63400", "asNumber: 64512")})
    with pytest.raises(AssertionError):
        _consistency(configs, broken)
    missing = dict(configs, R2=configs["R2"].replace(" peer 10.0.0.6 as-number 63400\n", ""))
    with pytest.raises(AssertionError):
        _consistency(missing, calico)


def _update_golden(request: pytest.FixtureRequest) -> bool:
    option = request.config.getoption("--update-golden", default=False)
    return bool(option) or os.environ.get("VRPGEN_UPDATE_GOLDEN") == "1"


def test_golden_calico_files(seed: tuple[dict[str, str], dict[str, str]],
                             request: pytest.FixtureRequest) -> None:
    calico = seed[1]
    if _update_golden(request):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in GOLDEN.iterdir():
            stale.unlink()
        for name, text in calico.items():
            (GOLDEN / name).write_text(text)
    if not GOLDEN.is_dir():
        pytest.fail(f"no golden files in {GOLDEN}: run with VRPGEN_UPDATE_GOLDEN=1 and review")
    expected = {p.name: p.read_text() for p in Path(GOLDEN).iterdir()}
    assert sorted(expected) == sorted(calico)
    for name, text in calico.items():
        assert text == expected[name], f"{name} differs from {GOLDEN / name}"
