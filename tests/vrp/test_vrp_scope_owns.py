"""Ownership (issue 10): families vrpgen owns beyond what it renders, so that what leaves the
inventory leaves the device: `owns:` in the inventory (defaults → groups → device) and
`vrpgen compare --own FAMILY`. The default is unchanged: only what is rendered is managed."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from vrpgen import pipeline
from vrpgen.cli import app
from vrpgen.inventory.model import Owned
from vrpgen.vrp import Scope, plan
from vrpgen.vrp.scope import OWNABLE

runner = CliRunner()

RUNNING = """#
sysname R1
#
vlan batch 10 20
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
#
interface LoopBack1
 ip address 1.1.1.2 255.255.255.255
#
bgp 100
 router-id 1.1.1.1
 peer 10.0.0.2 as-number 200
 peer 10.0.0.3 as-number 300
 #
 ipv4-family unicast
  undo synchronization
  peer 10.0.0.2 enable
  peer 10.0.0.3 enable
#
ip route-static 0.0.0.0 0.0.0.0 192.0.2.1
ip route-static 10.9.0.0 255.255.0.0 192.0.2.9
#
return
"""

# LoopBack1 and the route to 10.9.0.0/16 have left the inventory; no VLANs, no bgp rendered.
INTENDED = """#
sysname R1
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
#
ip route-static 0.0.0.0 0.0.0.0 192.0.2.1
#
return
"""


def _sent(owns: tuple[str, ...] = ()) -> list[str]:
    return [c.text for c in plan(RUNNING, INTENDED, scope=Scope(owns=owns)).commands]


def test_without_ownership_nothing_outside_the_rendered_lines_is_removed() -> None:
    assert _sent() == []
    assert plan(RUNNING, INTENDED).unmanaged > 10


def test_an_owned_static_route_that_left_the_inventory_is_removed() -> None:
    sent = _sent(("static-routes",))
    assert "undo ip route-static 10.9.0.0 255.255.0.0 192.0.2.9" in sent  # REFERENCE §4.7
    assert not [t for t in sent if "0.0.0.0 0.0.0.0" in t]


def test_an_owned_loopback_that_left_the_inventory_is_removed() -> None:
    result = plan(RUNNING, INTENDED, scope=Scope(owns=("loopbacks",)))
    assert "interface LoopBack1" in result.running.children  # in the managed scope
    assert "-interface LoopBack1" in result.diff.splitlines()
    sent = [c.text for c in result.commands]
    assert "undo interface LoopBack1" in sent  # REFERENCE §4.3: a logical interface
    assert "interface LoopBack0" not in sent


def test_owned_vlans_are_removed_even_when_none_is_rendered() -> None:
    assert "undo vlan batch 10 20" in _sent(("vlans",))  # REFERENCE §4.2


def test_owned_bgp_peers_are_removed_and_the_process_stays() -> None:
    result = plan(RUNNING, INTENDED, scope=Scope(owns=("bgp-peers",)))
    sent = [c.text for c in result.commands]
    assert sent[0] == "bgp 100" and sent[-1] == "quit"
    assert {"undo peer 10.0.0.2", "undo peer 10.0.0.3"} <= set(sent)  # REFERENCE §4.9
    assert "undo bgp" not in sent
    lines = result.diff.splitlines()
    assert "  router-id 1.1.1.1" in lines and "   undo synchronization" in lines
    assert "- peer 10.0.0.2 as-number 200" in lines


def test_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot own"):
        Scope(owns=("interfaces",))


def test_the_inventory_and_the_scope_name_the_same_families() -> None:
    assert set(get_args(Owned)) == set(OWNABLE)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    run, new = tmp_path / "run.cfg", tmp_path / "new.cfg"
    run.write_text(RUNNING)
    new.write_text(INTENDED)
    return run, new


def test_compare_own_option(tmp_path: Path) -> None:
    run, new = _files(tmp_path)
    plain = runner.invoke(app, ["compare", str(run), str(new)])
    assert plain.exit_code == 0, plain.output
    owned = runner.invoke(app, ["compare", str(run), str(new), "--own", "static-routes",
                                "--own", "vlans"])
    assert owned.exit_code == 2, owned.output
    assert "undo ip route-static 10.9.0.0 255.255.0.0 192.0.2.9" in owned.output
    assert "undo vlan batch 10 20" in owned.output
    bad = runner.invoke(app, ["compare", str(run), str(new), "--own", "everything"])
    assert bad.exit_code != 0 and "everything" in bad.output  # a usage error
    assert pipeline.compare(run, new, owns=["vlans"]).commands


INVENTORY = """
defaults:
  platform: vrp5
  owns: [vlans]
groups:
  routers: {role: router, owns: [loopbacks, static-routes]}
devices:
  R1:
    groups: [routers]
    loopback: {ip: 1.1.1.1/32}
  R2:
    groups: [routers]
    owns: [bgp-peers]
    loopback: {ip: 2.2.2.2/32}
  S1:
    role: switch
"""


def test_inventory_owns_merges_defaults_groups_device(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text(INVENTORY)
    built = pipeline.build(tmp_path / "inv.yml")
    assert built.intents["R1"].owns == ("loopbacks", "static-routes")  # the group's
    assert built.intents["R2"].owns == ("bgp-peers",)  # the device's own list wins
    assert built.intents["S1"].owns == ("vlans",)  # the defaults'
    rendered = pipeline.render_inventory(tmp_path / "inv.yml")
    assert rendered.owns["R1"] == ("loopbacks", "static-routes")


def test_preview_plans_removals_of_owned_families(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text(INVENTORY)
    rendered = pipeline.render_inventory(tmp_path / "inv.yml")
    running = tmp_path / "running"
    running.mkdir()
    for name, text in rendered.configs.items():
        extra = "ip route-static 10.9.0.0 255.255.0.0 192.0.2.9\n#\n"
        (running / f"{name}.cfg").write_text(text.replace("return", extra + "return"))
    result = pipeline.preview(running, tmp_path / "inv.yml")
    r1 = [c.text for c in result.plans["R1"].commands]
    assert r1 == ["undo ip route-static 10.9.0.0 255.255.0.0 192.0.2.9"]
    assert result.plans["S1"].commands == []  # S1 owns VLANs, not routes
    owned = pipeline.preview(running, tmp_path / "inv.yml", owns=["static-routes"])
    assert [c.text for c in owned.plans["S1"].commands] == r1


POLICY_RUNNING = """#
bgp 100
 peer 10.0.0.2 as-number 200
 #
 ipv4-family unicast
  peer 10.0.0.2 enable
  peer 10.0.0.2 route-policy OLD-IN import
#
route-policy OLD-IN permit node 10
 if-match ip-prefix OLD
#
route-policy OLD-IN deny node 20
#
ip ip-prefix OLD index 10 permit 10.0.0.0 8
#
ntp-service unicast-server 192.0.2.1
#
return
"""
POLICY_INTENDED = """#
bgp 100
 peer 10.0.0.2 as-number 200
 #
 ipv4-family unicast
  peer 10.0.0.2 enable
#
return
"""


def test_owned_policies_go_after_the_sessions_that_used_them() -> None:
    """Issue 13: a policy that leaves the inventory is removed, node by node and then its
    prefix list, only after the peer stopped using it (REFERENCE §4.10, §4.11)."""
    session = ["bgp 100", "ipv4-family unicast", "undo peer 10.0.0.2 route-policy OLD-IN import",
               "quit", "quit"]
    # not owned: the policy, its list and the NTP server are left alone
    assert [c.text for c in plan(POLICY_RUNNING, POLICY_INTENDED).commands] == session
    owned = plan(POLICY_RUNNING, POLICY_INTENDED, scope=Scope(owns=("route-policies", "ntp")))
    assert [c.text for c in owned.commands] == [
        *session, "undo ntp-service unicast-server 192.0.2.1",
        "undo route-policy OLD-IN node 10", "undo route-policy OLD-IN node 20",
        "undo ip ip-prefix OLD index 10"]


def test_owned_filters_go_after_the_policies_that_matched_them() -> None:
    """A community or AS-path filter that leaves the inventory is removed entry by entry, only
    after the policy node matching it is gone (a node matching a missing filter permits every
    route: vrp/families/policy.py)."""
    running = POLICY_RUNNING.replace(
        "route-policy OLD-IN deny node 20\n",
        "route-policy OLD-IN deny node 20\n if-match community-filter C\n"
        " if-match as-path-filter A\n#\nip community-filter basic C permit 65000:1\n#\n"
        "ip as-path-filter A permit ^65001$\n")
    owned = plan(running, POLICY_INTENDED, scope=Scope(owns=("route-policies",)))
    texts = [c.text for c in owned.commands]
    assert texts[-5:-3] == ["undo route-policy OLD-IN node 10",
                            "undo route-policy OLD-IN node 20"]
    assert sorted(texts[-3:]) == ["undo ip as-path-filter A permit ^65001$",
                                  "undo ip community-filter basic C permit 65000:1",
                                  "undo ip ip-prefix OLD index 10"]
    # not owned: the filters stay
    assert not any("filter" in t for t in (c.text for c in plan(running,
                                                                  POLICY_INTENDED).commands))
