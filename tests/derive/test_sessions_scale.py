"""Sessions over interfaces find their shared subnet through an index, not a scan: a spine with
800 leaves resolves every session to the right pair of addresses (the scan was quadratic)."""

from __future__ import annotations

from pathlib import Path

import netaddr
import pytest
import yaml

from vrpgen import pipeline

LEAVES = 800


def _fabric(path: Path, leaves: int, leaf_first: bool = False) -> Path:
    spine_ifs: dict[str, dict[str, str]] = {}
    devices: dict[str, object] = {}
    sessions = []
    links = netaddr.IPNetwork("10.128.0.0/16").subnet(31)
    for n in range(leaves):
        link = next(links)
        spine_ifs[f"GigabitEthernet{n // 48}/0/{n % 48}"] = {"ip": f"{link[0]}/31"}
        name = f"leaf{n}"
        devices[name] = {
            "role": "router", "platform": "vrp5",
            # A second, unrelated subnet first: the session must still find the link.
            "interfaces": {"GigabitEthernet0/0/1": {"ip": f"172.16.{n // 250}.{n % 250 + 1}/24"},
                           "GigabitEthernet0/0/0": {"ip": f"{link[1]}/31"}},
            "bgp": {"as": 65001 + n},
        }
        sessions.append({"between": [name, "spine1"] if leaf_first else ["spine1", name]})
    devices["spine1"] = {"role": "router", "platform": "vrp5", "interfaces": spine_ifs,
                         "bgp": {"as": 65000, "router_id": "10.255.0.1"}}
    path.write_text(yaml.safe_dump({"devices": devices, "bgp": {"sessions": sessions}}),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("leaf_first", [False, True])
def test_800_leaves_each_peer_on_its_own_link(tmp_path: Path, leaf_first: bool) -> None:
    built = pipeline.build(_fabric(tmp_path / "fabric.yml", LEAVES, leaf_first))
    assert len(built.sessions) == LEAVES
    links = netaddr.IPNetwork("10.128.0.0/16").subnet(31)
    by_leaf = {s.a.name if leaf_first else s.b.name: s for s in built.sessions}
    for n in range(LEAVES):
        link = next(links)
        session = by_leaf[f"leaf{n}"]
        spine, leaf = (session.b, session.a) if leaf_first else (session.a, session.b)
        assert (spine.address, leaf.address) == (str(link[0]), str(link[1]))
        assert not session.ibgp
    spine = built.intents["spine1"]
    assert spine.bgp is not None and len(spine.bgp.peers) == LEAVES


def test_a_mask_mismatch_still_finds_the_shared_subnet(tmp_path: Path) -> None:
    """One end's address lies in the other's wider subnet (a /30 against a /24): still a link,
    whichever end holds the wider subnet, as before the index."""
    data = {"devices": {
        "A": {"role": "router", "platform": "vrp5", "bgp": {"as": 65001},
              "interfaces": {"GigabitEthernet0/0/0": {"ip": "10.9.0.1/24"}}},
        "B": {"role": "router", "platform": "vrp5", "bgp": {"as": 65002},
              "interfaces": {"GigabitEthernet0/0/0": {"ip": "10.9.0.2/30"}}}},
        "bgp": {"sessions": [{"between": ["A", "B"]}, ]}}
    path = tmp_path / "mismatch.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    (session,) = pipeline.build(path).sessions
    assert (session.a.address, session.b.address) == ("10.9.0.1", "10.9.0.2")
