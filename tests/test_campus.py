"""Issue 12: the campus example (inventory/examples/campus) renders, every line is lint-clean,
and applied to factory-default devices through the model the simulator runs (vrp.Applier) it
reaches the rendered config: a second plan is empty. The SSH push is in
tests/push/test_push_campus.py; the configs themselves are golden (test_render_golden.py)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from vrpgen.pipeline import render_inventory
from vrpgen.sim.device import factory_config
from vrpgen.vrp import apply, lint, parse, plan, serialize

CAMPUS = REPO / "inventory" / "examples" / "campus"
RENDERED = render_inventory(CAMPUS)


def test_campus_has_two_cores_and_six_access_switches() -> None:
    assert sorted(RENDERED.configs) == ["acc1", "acc2", "acc3", "acc4", "acc5", "acc6",
                                        "core1", "core2"]
    assert set(RENDERED.platforms.values()) == {"vrp5"}
    assert RENDERED.warnings == []


@pytest.mark.parametrize("name", sorted(RENDERED.configs))
def test_every_line_lint_clean(name: str) -> None:
    assert lint(RENDERED.configs[name], "vrp5") == []


@pytest.mark.parametrize("name", sorted(RENDERED.configs))
def test_applied_from_factory_default_then_nothing_to_do(name: str) -> None:
    intended = RENDERED.configs[name]
    start = factory_config(name, "vrp5")
    first = plan(start, intended, "vrp5")
    after = apply(parse(start), [c.text for c in first.commands], "vrp5")
    assert plan(serialize(after, "vrp5"), intended, "vrp5").commands == []
    sent = [c.text for c in first.commands]
    # every trunk exists before a member joins it (REFERENCE §4.6)
    for n, text in enumerate(sent):
        if text.startswith("eth-trunk "):
            assert f"interface Eth-Trunk{text.split()[1]}" in sent[:n]


def test_vrrp_declared_once_on_both_cores() -> None:
    for core in ("core1", "core2"):
        text = RENDERED.configs[core]
        for vrid, vip in ((10, "10.10.0.1"), (20, "10.20.0.1"), (30, "10.30.0.1"),
                          (100, "10.100.0.1")):
            assert f" vrrp vrid {vrid} virtual-ip {vip}\n" in text
    assert " vrrp vrid 10 priority 120\n" in RENDERED.configs["core1"]
    assert "priority" not in RENDERED.configs["core2"].split("vrrp vrid 10 virtual-ip")[1] \
        .split("#")[0]
    assert "stp instance 0 root primary\n" in RENDERED.configs["core1"]
    assert "stp instance 0 root secondary\n" in RENDERED.configs["core2"]


def test_access_switch_uplinks_and_edged_ports() -> None:
    text = RENDERED.configs["acc3"]
    assert text.count(" mode lacp-static\n") == 2
    assert text.count(" stp edged-port enable\n") == 10
    assert text.count(" eth-trunk 1\n") == 2 and text.count(" eth-trunk 2\n") == 2
