"""Issue 14: links declared once and address pools (derive/links.py, derive/addressing.py):
addresses, descriptions and OSPF on both ends; the pool's slot rule (explicit index, else
declaration order; stable when devices or links are appended: a hypothesis property); explicit
addresses win and are checked against the pool; every error located at its line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vrpgen import pipeline
from vrpgen.errors import InventoryError, Issue


def _fabric(spines: int = 1, leaves: int = 2) -> dict[str, Any]:
    """A small CE fabric written out (no patterns): loopbacks and links from pools."""
    devices: dict[str, Any] = {}
    for s in range(1, spines + 1):
        devices[f"s{s}"] = {"loopback": {"pool": "lo"}, "ospf": {}}
    for n in range(1, leaves + 1):
        devices[f"l{n}"] = {"loopback": {"pool": "lo"}, "ospf": {}}
    links = [{"between": [f"s{s}:100GE1/0/{n}", f"l{n}:100GE1/0/{48 + s}"], "pool": "p2p",
              "ospf": {"area": 0, "cost": 10}}
             for s in range(1, spines + 1) for n in range(1, leaves + 1)]
    return {
        "defaults": {"model": "ce6800"},
        "pools": {"lo": {"prefix": "10.0.0.0/24", "kind": "loopback"},
                  "p2p": {"prefix": "10.1.0.0/24", "kind": "p2p"}},
        "groups": {},
        "devices": devices,
        "links": links,
    }


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _built(tmp_path: Path, data: dict[str, Any]) -> pipeline.Built:
    return pipeline.build(_write(tmp_path, data))


def _errors(tmp_path: Path, data: dict[str, Any]) -> list[Issue]:
    with pytest.raises(InventoryError) as caught:
        pipeline.build(_write(tmp_path, data))
    return caught.value.issues


def _line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "inv.yml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _addresses(built: pipeline.Built) -> dict[tuple[str, str], str]:
    out = {}
    for name, device in built.devices.items():
        if device.loopback is not None:
            out[(name, "LoopBack0")] = str(device.loopback.ip)
        for interface in device.interfaces:
            if interface.spec.ip is not None:
                out[(name, str(interface.name))] = str(interface.spec.ip)
    return out


def test_both_ends_get_address_description_and_ospf(tmp_path: Path) -> None:
    built = _built(tmp_path, _fabric())
    s1 = {str(i.name): i.spec for i in built.devices["s1"].interfaces}
    l2 = {str(i.name): i.spec for i in built.devices["l2"].interfaces}
    # link 2 is slot 1 of 10.1.0.0/24 in /30s: 10.1.0.4/30, hosts .5 and .6
    assert str(s1["100GE1/0/2"].ip) == "10.1.0.5/30"
    assert str(l2["100GE1/0/49"].ip) == "10.1.0.6/30"
    assert s1["100GE1/0/2"].description == "to l2 100GE1/0/49"
    assert l2["100GE1/0/49"].description == "to s1 100GE1/0/2"
    assert l2["100GE1/0/49"].ospf is not None and l2["100GE1/0/49"].ospf.cost == 10
    assert str(built.devices["l2"].loopback.ip) == "10.0.0.2/32"  # type: ignore[union-attr]


def test_the_interface_own_description_and_ospf_win(tmp_path: Path) -> None:
    data = _fabric()
    data["devices"]["l1"]["interfaces"] = {
        "100GE1/0/49": {"description": "uplink A", "ospf": {"area": 0, "cost": 50}}}
    built = _built(tmp_path, data)
    spec = {str(i.name): i.spec for i in built.devices["l1"].interfaces}["100GE1/0/49"]
    assert spec.description == "uplink A"
    assert spec.ospf is not None and spec.ospf.cost == 50
    assert str(spec.ip) == "10.1.0.2/30"


def test_rendered_on_both_ends(tmp_path: Path) -> None:
    configs = pipeline.render_inventory(_write(tmp_path, _fabric())).configs
    assert "interface 100GE1/0/1\n description to l1 100GE1/0/49\n undo portswitch\n" \
        " ip address 10.1.0.1 255.255.255.252\n ospf cost 10\n" in configs["s1"]
    assert "interface 100GE1/0/49\n description to s1 100GE1/0/1\n undo portswitch\n" \
        " ip address 10.1.0.2 255.255.255.252\n ospf cost 10\n" in configs["l1"]


def test_subnet_and_per_end_ip_and_31(tmp_path: Path) -> None:
    data = _fabric()
    data["links"][0] = {"between": ["s1:100GE1/0/1", "l1:100GE1/0/49"], "subnet": "10.9.0.0/31"}
    data["links"][1] = {"between": ["s1:100GE1/0/2", "l2:100GE1/0/49"],
                        "ip": ["10.9.1.9/29", "10.9.1.10/29"]}
    found = _addresses(_built(tmp_path, data))
    assert found[("s1", "100GE1/0/1")] == "10.9.0.0/31"
    assert found[("l1", "100GE1/0/49")] == "10.9.0.1/31"
    assert found[("l2", "100GE1/0/49")] == "10.9.1.10/29"


def test_sessions_over_links_use_the_link(tmp_path: Path) -> None:
    data = _fabric()
    data["devices"]["s1"]["bgp"] = {"as": 65000}
    data["devices"]["l1"]["bgp"] = {"as": 65001}
    data["bgp"] = {"sessions": [{"between": ["l1", "s1"]}]}
    built = _built(tmp_path, data)
    (session,) = built.sessions
    assert (session.a.name, session.a.address, session.b.address) == ("l1", "10.1.0.2",
                                                                      "10.1.0.1")


def test_link_to_a_k8s_node(tmp_path: Path) -> None:
    data = _fabric()
    data["k8s"] = {"nodes": {"node1": {"address": "10.30.0.6", "as": 64601}}}
    data["links"].append({"between": ["l1:10GE1/0/1", "node1"], "subnet": "10.30.0.4/30"})
    data["devices"]["l1"]["bgp"] = {"as": 65001}
    data["bgp"] = {"sessions": [{"between": ["l1", "node1"]}]}
    built = _built(tmp_path, data)
    assert _addresses(built)[("l1", "10GE1/0/1")] == "10.30.0.5/30"
    spec = {str(i.name): i.spec for i in built.devices["l1"].interfaces}["10GE1/0/1"]
    assert spec.description == "to k8s node node1"
    assert built.sessions[0].a.address == "10.30.0.5"


def test_explicit_link_address_wins_and_is_checked_against_the_pool(tmp_path: Path) -> None:
    data = _fabric(leaves=3)
    data["links"][1]["ip"] = ["10.1.0.201/30", "10.1.0.202/30"]  # in the pool, a free slot
    found = _addresses(_built(tmp_path, data))
    assert found[("l2", "100GE1/0/49")] == "10.1.0.202/30"
    # the explicit link takes no slot: the others keep theirs (l3 is the 2nd member: slot 1)
    assert found[("l3", "100GE1/0/49")] == "10.1.0.6/30"
    data["links"][1]["ip"] = ["10.7.0.1/30", "10.7.0.2/30"]
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "links.1.ip" and "outside pool p2p (10.1.0.0/24)" in issue.message
    data["links"][1]["ip"] = ["10.1.0.5/30", "10.1.0.6/30"]  # slot 1, which l3's link holds
    found_issues = [i for i in _errors(tmp_path, data) if i.path == "links.1.ip"]
    assert len(found_issues) == 1
    assert "overlaps slot 1 of pool p2p, given to link s1 100GE1/0/3 - l3 100GE1/0/49" in \
        found_issues[0].message


def test_explicit_loopback_wins_over_the_group_pool(tmp_path: Path) -> None:
    data = _fabric()
    data["groups"]["fabric"] = {"loopback": {"pool": "lo"}}
    data["devices"]["l2"] = {"groups": ["fabric"], "loopback": {"ip": "10.0.0.77/32"},
                             "ospf": {}}
    found = _addresses(_built(tmp_path, data))
    assert found[("l2", "LoopBack0")] == "10.0.0.77/32"
    data["devices"]["l2"]["loopback"]["ip"] = "10.0.0.0/32"  # slot 0: s1's
    overlaps = [i for i in _errors(tmp_path, data) if "overlaps" in i.message]
    assert [i.path for i in overlaps] == ["devices.l2.loopback.ip"]
    assert "overlaps slot 0 of pool lo, given to s1 LoopBack0" in overlaps[0].message


def test_indexed_slots_and_loopback_router_id(tmp_path: Path) -> None:
    data = _fabric()
    for i, name in enumerate(("s1", "l1", "l2")):
        data["devices"][name]["loopback"]["index"] = 100 + i
    built = _built(tmp_path, data)
    assert _addresses(built)[("l2", "LoopBack0")] == "10.0.0.102/32"
    assert str(built.intents["s1"].ospf.router_id) == "10.0.0.100"  # type: ignore[union-attr]


def test_exhaustion_names_the_pool_and_its_size(tmp_path: Path) -> None:
    data = _fabric(leaves=3)
    data["pools"]["p2p"]["prefix"] = "10.1.0.0/29"  # two /30s for three links
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "links.2.pool"
    assert "pool p2p (10.1.0.0/29: 2 slots of /30) is exhausted" in issue.message
    assert issue.ref is not None and issue.ref.line == _line_of(tmp_path, "l3:100GE1/0/49") + 1


def test_a_pool_mixing_indexed_and_unindexed_members_is_refused(tmp_path: Path) -> None:
    data = _fabric()
    data["devices"]["l1"]["loopback"]["index"] = 5
    issues = _errors(tmp_path, data)
    assert any("pool lo mixes members with an index" in i.message for i in issues)


def test_two_members_on_one_index(tmp_path: Path) -> None:
    data = _fabric()
    for name in ("s1", "l1", "l2"):
        data["devices"][name]["loopback"]["index"] = 7 if name != "l2" else 8
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "devices.l1.loopback.pool"
    assert "slot 7 of pool lo is already s1 LoopBack0's" in issue.message


@pytest.mark.parametrize(("change", "path", "message"), [
    (lambda d: d["links"][0].update(between=["s9:100GE1/0/1", "l1:100GE1/0/49"]),
     "links.0.between.0", "no device or k8s node named 's9'"),
    (lambda d: d["links"][0].update(between=["s1", "l1:100GE1/0/49"]),
     "links.0.between.0", "s1 is a device: name its interface"),
    (lambda d: d["links"][1].update(between=["s1:100GE1/0/1", "l2:100GE1/0/49"]),
     "links.1.between.0", "s1 100GE1/0/1 is already in the link at links.0"),
    (lambda d: d["links"][0].update(between=["s1:GigabitEthernet0/0/1", "l1:100GE1/0/49"]),
     "links.0.between.0", "s1:"),
    (lambda d: d["links"][0].update(pool=None, subnet="10.9.0.0/32"),
     "links.0.subnet", "link subnet 10.9.0.0/32 is too small"),
    (lambda d: d["links"][0].update(pool="lo"), "links.0.pool",
     "pool lo is a loopback pool; this needs a p2p pool"),
    (lambda d: d["links"][0].update(pool="nope"), "links.0.pool", "unknown pool 'nope'"),
    (lambda d: d["devices"]["l1"].update(interfaces={"100GE1/0/49": {"ip": "10.5.5.5/30"}}),
     "devices.l1.interfaces.100GE1/0/49.ip", "has ip 10.5.5.5/30, but its link at links.0"),
    (lambda d: d["devices"]["l1"].update(interfaces={"100GE1/0/49": {"access_vlan": 10}}),
     "devices.l1.interfaces.100GE1/0/49", "is a switched port"),
])
def test_link_errors_are_located(tmp_path: Path, change: Any, path: str, message: str) -> None:
    data = _fabric()
    change(data)
    issues = _errors(tmp_path, data)
    found = [i for i in issues if i.path == path and message in i.message]
    assert found, [i.format() for i in issues]
    assert found[0].ref is not None and found[0].ref.file.endswith("inv.yml")


def test_link_pattern_pairs_elements_and_indexes_slots(tmp_path: Path) -> None:
    data = _fabric(leaves=4)
    data["links"] = [{"between": ["s1:100GE1/0/[1-4]", "l[1-4]:100GE1/0/49"], "pool": "p2p",
                      "index": 10}]
    found = _addresses(_built(tmp_path, data))
    assert found[("l3", "100GE1/0/49")] == "10.1.0.50/30"  # slot 12 = 10 + 2
    assert found[("s1", "100GE1/0/4")] == "10.1.0.53/30"
    data["links"] = [{"between": ["s1:100GE1/0/[1-3]", "l[1-4]:100GE1/0/49"], "pool": "p2p"}]
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "links.0.between" and "ranges differ in length (3 and 4)" in \
        issue.message


# -- stability: appending never renumbers -------------------------------------------------------

@st.composite
def _fabrics(draw: st.DrawFn) -> dict[str, Any]:
    spines = draw(st.integers(1, 2))
    leaves = draw(st.integers(1, 5))
    data = _fabric(spines, leaves)
    if draw(st.booleans()):  # some members pinned by an explicit address
        data["devices"]["s1"]["loopback"]["ip"] = "10.0.0.200/32"
    return data


def _append(data: dict[str, Any], what: str) -> dict[str, Any]:
    grown = copy.deepcopy(data)
    new = f"l{len(grown['devices']) + 1}"
    grown["devices"][new] = {"loopback": {"pool": "lo"}, "ospf": {}}
    if what == "device and link":
        grown["links"].append({"between": [f"s1:100GE1/0/{20 + len(grown['links'])}",
                                           f"{new}:100GE1/0/49"], "pool": "p2p"})
    return grown


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_fabrics(), what=st.sampled_from(["device", "device and link"]))
def test_appending_a_device_or_link_renumbers_nothing(tmp_path: Path, data: dict[str, Any],
                                                      what: str) -> None:
    before = _addresses(_built(tmp_path, data))
    after = _addresses(_built(tmp_path, _append(data, what)))
    assert {k: after[k] for k in before} == before
    assert len(after) > len(before)


def test_lan_segments_from_a_pool(tmp_path: Path) -> None:
    data = _fabric()
    data["pools"]["lan"] = {"prefix": "10.20.0.0/16", "kind": "lan", "length": 24}
    data["devices"]["l1"]["interfaces"] = {"Vlanif100": {"ip_from": {"pool": "lan"}}}
    data["devices"]["l2"]["interfaces"] = {"Vlanif100": {"ip_from": {"pool": "lan"},
                                                         "ip": "10.20.9.1/24"}}
    found = _addresses(_built(tmp_path, data))
    assert found[("l1", "Vlanif100")] == "10.20.0.1/24"  # slot 0, its first host
    assert found[("l2", "Vlanif100")] == "10.20.9.1/24"  # explicit: wins, takes no slot
    data["devices"]["l2"]["interfaces"]["Vlanif100"]["ip"] = "10.99.0.1/24"
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "devices.l2.interfaces.Vlanif100.ip"
    assert "outside pool lan (10.20.0.0/16)" in issue.message
    data["devices"]["l2"]["interfaces"]["Vlanif100"] = {"ip_from": {"pool": "p2p"}}
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "devices.l2.interfaces.Vlanif100.ip_from.pool"
    assert "pool p2p is a p2p pool; this needs a lan pool" in issue.message


def test_a_node_end_outside_the_link_subnet(tmp_path: Path) -> None:
    data = _fabric()
    data["k8s"] = {"nodes": {"node1": {"address": "10.30.1.6", "as": 64601}}}
    data["links"].append({"between": ["l1:10GE1/0/1", "node1"], "subnet": "10.30.0.4/30"})
    (issue,) = _errors(tmp_path, data)
    assert issue.path == "links.2.between.1"
    assert "k8s node node1's address 10.30.1.6 is not a host of the link's subnet" in \
        issue.message


@pytest.mark.parametrize(("pool", "message"), [
    ({"prefix": "10.0.0.0/24", "kind": "lan"}, "a lan pool needs length"),
    ({"prefix": "10.0.0.0/24", "kind": "p2p", "length": 29}, "p2p pool's length is 30 or 31"),
    ({"prefix": "10.0.0.0/24", "kind": "lan", "length": 16}, "slots of /16 do not fit"),
])
def test_pool_definitions_are_checked(tmp_path: Path, pool: dict[str, Any],
                                      message: str) -> None:
    data = _fabric()
    data["pools"]["bad"] = pool
    issues = _errors(tmp_path, data)
    assert any(i.path == "pools.bad" and message in i.message for i in issues), \
        [i.format() for i in issues]
