"""Display depth of remediation commands: a view-opening command goes down, `quit` comes up."""

from __future__ import annotations

from vrpgen.vrp import plan, view_depths


def test_depths_follow_the_views() -> None:
    lines = ["interface GigabitEthernet0/0/1", "port link-type trunk", "quit",
             "ospf 1 router-id 2.2.2.2", "area 0.0.0.0", "undo network 10.0.0.0 0.0.0.3",
             "quit", "quit", "bgp 100", "ipv4-family unicast", "peer 10.0.0.2 reflect-client",
             "quit", "quit", "vlan batch 30"]
    assert view_depths(lines) == [0, 1, 0, 0, 1, 2, 1, 0, 0, 1, 2, 1, 0, 0]


def test_depths_of_a_real_plan_return_to_system_view() -> None:
    running = "#\nospf 1 router-id 1.1.1.1\n area 0.0.0.0\n  network 10.1.0.0 0.0.0.255\n#\n"
    intended = "#\nospf 1 router-id 2.2.2.2\n area 0.0.0.0\n#\n"
    texts = [c.text for c in plan(running, intended).commands]
    depths = view_depths(texts)
    assert texts[0].startswith("ospf 1") and depths[0] == 0
    assert depths[texts.index("undo network 10.1.0.0 0.0.0.255")] == 2
    assert depths[-1] == 0 and texts[-1] == "quit"
