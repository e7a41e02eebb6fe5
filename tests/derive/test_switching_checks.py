"""Issue 12: the located checks of Eth-Trunks, static routes and VRRP groups; each error names
file, line and what to change, all of them in one run."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from vrpgen.errors import InventoryError, Issue, Severity
from vrpgen.pipeline import build

BASE = dedent("""\
    devices:
      c1:
        role: switch
        vlans: [10]
        interfaces:
          Vlanif10: {ip: 10.10.0.2/24}
          Eth-Trunk1: {mode: lacp-static, members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}
        static_routes:
          - {prefix: 0.0.0.0/0, next_hop: 10.10.0.254}
      c2:
        role: switch
        vlans: [10]
        interfaces:
          Vlanif10: {ip: 10.10.0.3/24}
          Eth-Trunk1: {mode: lacp-static, members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}
    vrrp:
      users:
        vrid: 10
        interface: Vlanif10
        virtual_ip: 10.10.0.1
        members:
          c1: {priority: 120}
          c2: {}
    """)


def _issues(tmp_path: Path, text: str) -> list[Issue]:
    (tmp_path / "inv.yml").write_text(text)
    try:
        built = build(tmp_path / "inv.yml")
    except InventoryError as exc:
        return list(exc.issues)
    return built.warnings


def _one(issues: list[Issue], fragment: str) -> Issue:
    """The first issue saying `fragment` (a group-level problem may be said once per member)."""
    found = [i for i in issues if fragment in i.message]
    assert found, [i.format() for i in issues]
    return found[0]


def test_base_is_valid(tmp_path: Path) -> None:
    assert _issues(tmp_path, BASE) == []


@pytest.mark.parametrize(("old", "new", "line", "fragment", "hint"), [
    ("members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n    static",
     "members: [GE0/0/1, Foo0/0/2], trunk_vlans: [10]}\n    static", 7, "does not exist",
     "physical port"),
    ("members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n    static",
     "members: [GE0/0/1, Vlanif10], trunk_vlans: [10]}\n    static", 7, "cannot be a member",
     "physical port"),
    ("      Eth-Trunk1: {mode: lacp-static, members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n"
     "    static",
     "      Eth-Trunk1: {mode: lacp-static, members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n"
     "      Eth-Trunk2: {members: [GE0/0/2]}\n    static", 8, "already a member", "one Eth-Trunk"),
    ("      Vlanif10: {ip: 10.10.0.2/24}\n",
     "      Vlanif10: {ip: 10.10.0.2/24}\n      GE0/0/1: {access_vlan: 10}\n", 7,
     "member of Eth-Trunk1", "move them to Eth-Trunk1"),
    ("      Vlanif10: {ip: 10.10.0.2/24}\n",
     "      Vlanif10: {ip: 10.10.0.2/24}\n      GE0/0/5: {lacp_priority: 10}\n", 7,
     "in no Eth-Trunk", "members"),
    ("members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n    static",
     "members: [GE0/0/1, GE0/0/2], trunk_vlans: [10], max_active_links: 1}\n    static", 7,
     "no vrp5 form", "remove max_active_links"),
    ("next_hop: 10.10.0.254}", "next_hop: 10.20.0.1}", 9, "in no connected subnet",
     "10.10.0.0/24 (Vlanif10)"),
    ("next_hop: 10.10.0.254}", "next_hop: 10.10.0.2}", 9, "own address", "neighbour"),
    ("next_hop: 10.10.0.254}\n",
     "next_hop: 10.10.0.254}\n      - {prefix: 0.0.0.0/0, next_hop: 10.10.0.254}\n", 10,
     "same route as static_routes[0]", "remove one"),
    ("next_hop: 10.10.0.254}", "next_hop: 10.10.0.254, interface: GE0/0/9}", 9,
     "has no address", "give GigabitEthernet0/0/9 an ip"),
    ("virtual_ip: 10.10.0.1", "virtual_ip: 10.20.0.1", 20, "not a host of", "unused address"),
    ("virtual_ip: 10.10.0.1", "virtual_ip: 10.10.0.3", 20, "interface address of c2",
     "no device has"),
    ("      Vlanif10: {ip: 10.10.0.3/24}", "      Vlanif10: {ip: 10.10.0.3/25}", 21,
     "do not share one subnet", "same subnet"),
    ("      Vlanif10: {ip: 10.10.0.2/24}\n", "      Vlanif10: {ip: 10.10.0.2/24}\n"
     "      GE0/0/9: {ip: 10.9.0.1/30, stp: {edged_port: true}}\n", 7, "is routed (ip)",
     "remove stp"),
    ("vrrp:\n", "  c3:\n    role: switch\n    interfaces:\n"
     "      GE0/0/9: {ip: 10.10.0.1/24}\nvrrp:\n", 24, "interface address of c3",
     "no device has"),
    ("      c2: {}\n", "      c2: {}\n  again: {vrid: 11, interface: Vlanif10, "
     "virtual_ip: 10.10.0.1, members: {c1: {}, c2: {}}}\n", 24, "also group users's",
     "its own virtual IP"),
    ("      c2: {}", "      c22: {}", 23, "no device named 'c22'", "did you mean 'c2'"),
])
def test_located_error(tmp_path: Path, old: str, new: str, line: int, fragment: str,
                       hint: str) -> None:
    assert old in BASE
    issue = _one(_issues(tmp_path, BASE.replace(old, new)), fragment)
    assert issue.severity is Severity.ERROR
    assert issue.ref is not None and issue.ref.line == line, issue.format()
    assert issue.hint is not None and hint in issue.hint


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("members: [GE0/0/1, GE0/0/2], trunk_vlans: [10]}\n    static",
     "trunk_vlans: [10]}\n    static", "has no members"),
    ("      c1: {priority: 120}\n", "      c1: {}\n", "every member has priority 100"),
    ("      c2: {}\n", "", "one member has no backup"),
])
def test_warning(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    assert old in BASE
    issue = _one(_issues(tmp_path, BASE.replace(old, new)), fragment)
    assert issue.severity is Severity.WARNING


def test_every_error_in_one_run(tmp_path: Path) -> None:
    broken = BASE.replace("next_hop: 10.10.0.254}", "next_hop: 10.20.0.1}") \
        .replace("virtual_ip: 10.10.0.1", "virtual_ip: 10.10.0.3") \
        .replace("      Vlanif10: {ip: 10.10.0.2/24}\n",
                 "      Vlanif10: {ip: 10.10.0.2/24}\n      GE0/0/1: {access_vlan: 10}\n")
    messages = " | ".join(i.message for i in _issues(tmp_path, broken))
    for fragment in ("in no connected subnet", "interface address of c2",
                     "member of Eth-Trunk1"):
        assert fragment in messages


def test_both_members_of_a_group_derived_from_one_declaration(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text(BASE)
    built = build(tmp_path / "inv.yml")
    for name, priority in (("c1", 120), ("c2", None)):
        vlanif = next(i for i in built.intents[name].interfaces if i.name == "Vlanif10")
        assert [(g.vrid, g.virtual_ip, g.priority) for g in vlanif.vrrp] == \
            [(10, "10.10.0.1", priority)]
        members = [i.name for i in built.intents[name].interfaces if i.eth_trunk == 1]
        assert members == ["GigabitEthernet0/0/1", "GigabitEthernet0/0/2"]


def test_routed_eth_trunk_gets_undo_portswitch_on_a_switch(tmp_path: Path) -> None:
    text = BASE.replace("trunk_vlans: [10]}\n    static", "ip: 10.9.0.1/30}\n    static")
    (tmp_path / "inv.yml").write_text(text)
    trunk = next(i for i in build(tmp_path / "inv.yml").intents["c1"].interfaces
                 if i.name == "Eth-Trunk1")
    assert trunk.portswitch == "undo portswitch"  # REFERENCE §4.4, §4.6
