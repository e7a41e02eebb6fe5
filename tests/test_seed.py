"""The seed lab renders everything the article typed plus the fixes of seed-topology.md."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from vrpgen.pipeline import build, render_inventory


@pytest.fixture(scope="module")
def configs() -> dict[str, str]:
    return render_inventory(REPO / "inventory").configs


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("line", [
    "peer 2.2.2.2 connect-interface LoopBack0",
    "peer 2.2.2.2 ebgp-max-hop 2",
    "peer 2.2.2.2 as-number 63400",
    "peer 10.0.0.5 as-number 64512",
    "peer 10.0.0.5 reflect-client",
    "network 1.1.1.1 0.0.0.0",
    "network 10.0.0.253 0.0.0.0",
    "ip address 1.1.1.1 255.255.255.255",
    "ip address 10.0.0.253 255.255.255.0",
    "area 0.0.0.0",
    "router-id 10.0.0.253",
    "ospf 1 router-id 1.1.1.1",
    "bgp 64512",
    "sysname R1",
    "interface LoopBack0",
])
def test_r1_carries(configs: dict[str, str], line: str) -> None:
    assert line in lines(configs["R1"])


def test_r2_mirrors_the_loopback_session(configs: dict[str, str]) -> None:
    r2 = lines(configs["R2"])
    for line in ("peer 1.1.1.1 as-number 64512", "peer 1.1.1.1 connect-interface LoopBack0",
                 "peer 1.1.1.1 ebgp-max-hop 2", "peer 10.0.0.6 reflect-client"):
        assert line in r2


def test_sw1_trunks(configs: dict[str, str]) -> None:
    sw1 = configs["SW1"]
    assert "vlan batch 10 20 30" in lines(sw1)
    for port in ("GigabitEthernet0/0/1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/3"):
        block = sw1.split(f"interface {port}\n")[1].split("#")[0]
        assert lines(block)[:3] == ["port link-type trunk", "undo port trunk allow-pass vlan 1",
                                    "port trunk allow-pass vlan 10 20 30"]


def test_no_abbreviations_reach_the_output(configs: dict[str, str]) -> None:
    text = "\n".join(configs.values())
    assert "interface l0" not in text
    assert "area 0\n" not in text
    addresses = [ln for ln in lines(text) if ln.startswith("ip address")]
    assert addresses and all(ln.count(".") == 6 for ln in addresses)  # dotted masks (§3.10)


def test_reflect_client_only_towards_nodes_in_the_same_as() -> None:
    built = build(REPO / "inventory")
    peers = {p.address: p for p in built.intents["R1"].bgp.peers}  # type: ignore[union-attr]
    assert peers["10.0.0.5"].reflect_client
    assert not peers["2.2.2.2"].reflect_client
