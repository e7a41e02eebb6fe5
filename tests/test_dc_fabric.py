"""Issue 14: the dc-fabric example (inventory/examples/dc-fabric) written with links, pools and
name patterns renders the fabric it describes, every line lint-clean for its model, applied to
factory-default devices through the model-aware Applier (the simulator's) it reaches the
rendered config (a second plan is empty), and its Calico manifests equal the reviewed golden
files. The device configs themselves are golden in test_render_golden.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, REPO
from vrpgen.pipeline import build, render_inventory
from vrpgen.sim.device import factory_config
from vrpgen.vrp import apply, lint, parse, plan, serialize

FABRIC = REPO / "inventory" / "examples" / "dc-fabric"
RENDERED = render_inventory(FABRIC)
LEAVES = [f"leaf{n:02d}" for n in range(1, 9)]


def test_two_spines_eight_leaves_no_warning() -> None:
    assert sorted(RENDERED.configs) == [*LEAVES, "spine1", "spine2"]
    assert RENDERED.models == {**dict.fromkeys(LEAVES, "ce5800"), "spine1": "ce6800",
                               "spine2": "ce6800"}
    assert set(RENDERED.platforms.values()) == {"vrp8"}
    # the rack warnings of issue 13 are answered by allowed_local_as on the nodes
    assert RENDERED.warnings == []


@pytest.mark.parametrize("name", sorted(RENDERED.configs))
def test_every_line_lint_clean_for_its_model(name: str) -> None:
    assert lint(RENDERED.configs[name], "vrp8", RENDERED.models[name]) == []


@pytest.mark.parametrize("name", sorted(RENDERED.configs))
def test_applied_to_the_model_then_nothing_to_do(name: str) -> None:
    intended, model = RENDERED.configs[name], RENDERED.models[name]
    start = factory_config(name, "vrp8")
    first = plan(start, intended, "vrp8")
    after = apply(parse(start), [c.text for c in first.commands], "vrp8", model)
    assert plan(serialize(after, "vrp8"), intended, "vrp8").commands == []


def test_addresses_come_from_the_pools_by_slot() -> None:
    built = build(FABRIC)
    loopbacks = {n: str(d.loopback.ip) for n, d in built.devices.items() if d.loopback}
    assert loopbacks["spine1"] == "10.0.0.1/32" and loopbacks["spine2"] == "10.0.0.2/32"
    assert [loopbacks[leaf] for leaf in LEAVES] == [f"10.0.0.{10 + n}/32" for n in range(1, 9)]
    leaf05 = RENDERED.configs["leaf05"]
    # spine1 port 5 ↔ leaf05: slot 4 of 10.1.0.0/24 in /30s; spine2: slot 8 + 4
    assert "interface 100GE1/0/49\n description to spine1 100GE1/0/5\n undo portswitch\n" \
        " ip address 10.1.0.18 255.255.255.252\n" in leaf05
    assert " ip address 10.1.0.50 255.255.255.252\n" in leaf05
    assert "interface 100GE1/0/5\n description to leaf05 100GE1/0/49\n undo portswitch\n" \
        " ip address 10.1.0.17 255.255.255.252\n" in RENDERED.configs["spine1"]
    assert "interface Vlanif100\n description k8s servers\n ip address 10.20.5.1 " \
        "255.255.255.0\n" in leaf05


def test_sessions_from_patterns_and_racks_in_their_own_as() -> None:
    spine1 = RENDERED.configs["spine1"]
    for n in range(1, 9):
        assert f"  peer 10.0.0.{10 + n} reflect-client\n" in spine1
    leaf07 = RENDERED.configs["leaf07"]
    assert " peer 10.20.7.11 as-number 64604\n" in leaf07
    assert " peer 10.20.7.12 as-number 64604\n" in leaf07
    assert "  peer 10.0.0.1 next-hop-local\n" in leaf07


def test_calico_manifests_match_golden(golden: Callable[[Path, str], None]) -> None:
    expected = sorted(p.name for p in (GOLDEN / "dc-fabric" / "calico").iterdir())
    assert sorted(RENDERED.calico) == expected
    for name, text in RENDERED.calico.items():
        golden(GOLDEN / "dc-fabric" / "calico" / name, text)
    peers = RENDERED.calico["bgppeers.yaml"]
    assert peers.count("kind: BGPPeer") == 16
    assert peers.count("numAllowedLocalASNumbers: 1") == 16


def test_without_allowed_local_as_the_racks_are_warned(tmp_path: Path) -> None:
    """The rack warnings of issue 13 (derive/policy_checks.py): nodes of one AS on one leaf
    drop each other's routes as an AS loop unless Calico allows their own AS."""
    for path in FABRIC.glob("*.yml"):
        text = path.read_text().replace(", allowed_local_as: 1", "")
        (tmp_path / path.name).write_text(text)
    warnings = build(tmp_path).warnings
    assert len(warnings) == 16  # each node of each leaf's pair
    first = warnings[0]
    assert first.message == ("rack1-node1 shares AS 64601 with rack1-node2 over "
                             "eBGP to leaf01: it drops the others' routes as an AS loop")
    assert first.ref is not None and first.ref.file.endswith("10-racks.yml")
