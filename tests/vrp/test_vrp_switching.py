"""Issue 12: Eth-Trunk/LACP, STP and VRRP remediation converges, and what the table cannot show:
removal orders (REFERENCE §4.6 delete), out-of-scope undos and the model's refusals."""

from __future__ import annotations

import pytest
from shared_data import need_shared
from vrp_cases import CASES, ET1, GE1, Case, cfg

from vrpgen.errors import DiffError
from vrpgen.vrp import Config, apply, normalise, parse, plan, plan_configs, serialize
from vrpgen.vrp.scope import Scope

ISSUE12 = [c for c in CASES if c.name.startswith(("eth-trunk-", "ce-lacp", "ne-max", "stp-",
                                                   "vrrp-"))]


def _converges(running: str, intended: str, platform: str = "vrp5",
               scope: Scope | None = None) -> list[str]:
    """The plan's commands; applied by the model they reach intended, and a second plan is
    empty (the circular test)."""
    p = plan_configs(parse(running), parse(intended), platform, scope)
    texts = [c.text for c in p.commands]
    after = normalise(apply(Config(p.running), texts, platform), platform)
    assert after.same_meaning(Config(p.intended)), "\n".join(texts)
    assert plan(serialize(after, platform), intended, platform, scope=scope).commands == []
    return texts


def test_issue12_table_cases_are_many() -> None:
    assert len(ISSUE12) >= 18


@pytest.mark.parametrize("case", ISSUE12, ids=[c.name for c in ISSUE12])
def test_circular(case: Case) -> None:
    running, intended, expected, platform = case.running, case.intended, case.expected, \
        case.platform
    p = plan_configs(parse(running), parse(intended), platform, None)
    after = normalise(apply(Config(p.running), [c.text for c in p.commands], platform),
                      platform)
    # the managed part reaches intended, and a second plan from there sends nothing
    assert after.same_meaning(Config(p.intended))
    assert plan(serialize(after, platform), intended, platform).commands == []
    assert [c.text for c in p.commands] == expected


def test_eth_trunk_deleted_members_first() -> None:
    """REFERENCE §4.6 delete: `undo eth-trunk` on every member, then `undo interface`."""
    ge2 = GE1.replace("0/0/1", "0/0/2")
    running = cfg(f"{ET1}| mode lacp-static", f"{GE1}| eth-trunk 1", f"{ge2}| eth-trunk 1")
    texts = _converges(running, cfg(GE1, ge2), scope=Scope(extra=("interface Eth-Trunk",)))
    assert texts == [GE1, "undo eth-trunk", "quit", ge2, "undo eth-trunk", "quit",
                     "undo interface Eth-Trunk1"]


def test_out_of_scope_stp_and_lacp_lines_undone_when_widened() -> None:
    running = cfg("lacp priority 100", "stp mode rstp|stp bpdu-protection")
    texts = _converges(running, cfg("sysname S"), scope=Scope(extra=("stp ", "lacp ")))
    assert texts == ["undo lacp priority", "undo stp mode", "undo stp bpdu-protection",
                     "sysname S"]  # sysname last (REFERENCE §5.3)
    assert plan(running, cfg("sysname S")).commands[0].text == "sysname S"
    assert len(plan(running, cfg("sysname S")).commands) == 1  # not widened: left alone


def test_vrrp_last_address_deletes_the_group_in_the_model() -> None:
    vlanif = "interface Vlanif10| ip address 10.0.10.2 255.255.255.0"
    running = parse(cfg(f"{vlanif}| vrrp vrid 10 virtual-ip 10.0.10.1|"
                        " vrrp vrid 10 priority 120"))
    after = apply(running, ["interface Vlanif10", "undo vrrp vrid 10 virtual-ip 10.0.10.1"])
    assert list(after.root.children["interface Vlanif10"].children) == ["ip address"]


def test_model_refuses_priority_on_a_root_and_a_busy_member() -> None:
    with pytest.raises(DiffError, match="root"):
        apply(parse(cfg("stp instance 0 root primary")), ["stp instance 0 priority 4096"])
    busy = parse(cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10"))
    with pytest.raises(DiffError, match="trunk"):
        apply(busy, [GE1, "eth-trunk 1"])


def test_risks_name_the_object() -> None:
    case = next(c for c in CASES if c.name == "vrrp-virtual-ip-added-before-old-removed")
    risks = plan(case.running, case.intended).risks
    assert all(r.level == "high" and "VRRP group 10 on Vlanif10" in r.reason for r in risks)
    case = next(c for c in CASES if c.name == "stp-root-replaced-by-priority")
    risks = plan(case.running, case.intended).risks
    assert {r.level for r in risks} == {"high"}
    assert any("spanning-tree mode to rstp" in r.reason for r in risks)
    assert any("root of spanning-tree instance 0" in r.reason for r in risks)
    case = next(c for c in CASES if c.name == "eth-trunk-back-to-manual-mode")
    assert any(r.level == "high" and "Eth-Trunk1" in r.reason
               for r in plan(case.running, case.intended).risks)


def test_corpus_stp_and_vrrp_lines_are_known() -> None:
    """The lines of the corpus this family takes its forms from parse as known specs."""
    for name in ("ce6800-mstp-vrrp-devicea.cfg", "ce6800-ethtrunk-lacp-static-devicea.cfg",
                 "ne40e-vrrp-vlanif-devicea.cfg"):
        path = need_shared("vrp", "corpus", "vrp8", name)
        config = parse(path.read_text())
        for node in config.root.children.values():
            for child in node.children.values():
                if child.text.startswith(("vrrp ", "stp ", "lacp ", "mode ", "eth-trunk")):
                    assert child.spec is not None, child.text
            if node.text.startswith(("stp instance", "stp bpdu", "lacp ")):
                assert node.spec is not None, node.text
