"""Issue 12: the rendered forms of static routes, Eth-Trunk/LACP, STP and VRRP per platform,
each lint-clean and applied by the model to an empty plan."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from vrpgen.pipeline import render_inventory
from vrpgen.vrp import apply, lint, parse, plan, serialize

INVENTORY = dedent("""\
    defaults: {{platform: {platform}}}
    devices:
      D1:
        role: {role}
        platform: {platform}  # also on the device: resolve reads interface names by it
        vlans: [10]
        lacp_priority: 100
        stp: {{mode: {mode}, priority: 8192, bpdu_protection: true}}
        interfaces:
          Vlanif10: {{ip: 10.10.0.2/24}}
          {port}1: {{ip: 10.9.0.1/30}}
          Eth-Trunk1: {{mode: lacp-static, members: [{port}2, {port}3],
                       trunk_vlans: [10], max_active_links: 1, stp: {{edged_port: true}}}}
          {port}2: {{description: member, lacp_priority: 10}}
        static_routes:
          - {{prefix: 0.0.0.0/0, next_hop: 10.9.0.2}}
          - {{prefix: 10.50.0.0/16, next_hop: 10.10.0.9, preference: 60, tag: 7,
              description: lab nets}}
          - {{prefix: 10.60.0.0/16, interface: NULL0, preference: 250}}
          - {{prefix: 10.70.0.0/16, interface: {port}1, next_hop: 10.9.0.2}}
          - {{prefix: 10.5.5.0/24, vpn_instance: sgbs, next_hop: 5.5.5.2}}
    """)
CE = {"platform": "vrp8", "role": "switch", "mode": "mstp", "port": "10GE1/0/"}
NE = {"platform": "vrp8", "role": "router", "mode": "rstp", "port": "GigabitEthernet0/1/"}


def _render(tmp_path: Path, values: dict[str, str]) -> str:
    (tmp_path / "inv.yml").write_text(INVENTORY.format(**values))
    return render_inventory(tmp_path / "inv.yml").configs["D1"]


@pytest.mark.parametrize("values", [CE, NE], ids=["ce", "ne"])
def test_lint_clean_and_converges(tmp_path: Path, values: dict[str, str]) -> None:
    text = _render(tmp_path, values)
    assert lint(text, "vrp8") == []
    start = "#\nsysname D1\n#\nreturn\n"
    after = apply(parse(start), [c.text for c in plan(start, text, "vrp8").commands], "vrp8")
    assert plan(serialize(after, "vrp8"), text, "vrp8").commands == []


def test_static_routes_display_form(tmp_path: Path) -> None:
    text = _render(tmp_path, CE)
    routes = [line for line in text.splitlines() if line.startswith("ip route-static")]
    assert routes == [  # REFERENCE §4.7: dotted masks, preference 60 hidden, description last
        "ip route-static 0.0.0.0 0.0.0.0 10.9.0.2",
        "ip route-static 10.50.0.0 255.255.0.0 10.10.0.9 tag 7 description lab nets",
        "ip route-static 10.60.0.0 255.255.0.0 NULL0 preference 250",
        "ip route-static 10.70.0.0 255.255.0.0 10GE1/0/1 10.9.0.2",
        "ip route-static vpn-instance sgbs 10.5.5.0 255.255.255.0 5.5.5.2",
    ]


def test_ce_forms(tmp_path: Path) -> None:
    text = _render(tmp_path, CE)
    assert "\nlacp priority 100\n" in text
    assert "stp mode" not in text  # MSTP: the default, not displayed
    assert "\nstp instance 0 priority 8192\nstp bpdu-protection\n#" in text
    assert "interface Eth-Trunk1\n port link-type trunk\n undo port trunk allow-pass vlan 1\n" \
        " port trunk allow-pass vlan 10\n stp edged-port enable\n mode lacp-static\n" \
        " lacp max active-linknumber 1\n#" in text  # corpus ce6800-ethtrunk-lacp-static
    assert "interface 10GE1/0/2\n undo shutdown\n description member\n eth-trunk 1\n" \
        " lacp priority 10\n#" in text
    assert "interface 10GE1/0/3\n undo shutdown\n eth-trunk 1\n#" in text


def test_ne_forms(tmp_path: Path) -> None:
    text = _render(tmp_path, NE)
    assert "\nstp mode rstp\nstp instance 0 priority 8192\nstp bpdu-protection\nstp enable\n" \
        in text  # NE40E displays `stp enable` (corpus ne40e-vrrp-vlanif)
    assert "interface Eth-Trunk1\n portswitch\n port link-type trunk\n" in text
    assert " max active-linknumber 1\n" in text and "lacp max" not in text  # §4.6 NE form
