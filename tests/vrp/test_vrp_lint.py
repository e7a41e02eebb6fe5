"""Linter: rendered configs use only commands the model knows, in legal views, in display form."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrpgen.vrp import lint

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*/*.cfg"))


@pytest.mark.parametrize("inventory", ["inventory", "tests/inventories/large",
                                       "inventory/examples/campus",
                                       "inventory/examples/wan-edge",
                                       "inventory/examples/dc-fabric"])
def test_every_rendered_line_passes(inventory: str) -> None:
    from vrpgen.pipeline import render_inventory

    rendered = render_inventory(ROOT / inventory)
    assert rendered.configs
    for name, text in rendered.configs.items():
        issues = lint(text, rendered.platforms[name])
        assert issues == [], f"{name}: {issues}"


INVENTORIES = {"seed": ROOT / "inventory", "large": ROOT / "tests" / "inventories" / "large",
               "campus": ROOT / "inventory" / "examples" / "campus",
               "wan-edge": ROOT / "inventory" / "examples" / "wan-edge",
               "dc-fabric": ROOT / "inventory" / "examples" / "dc-fabric"}


@pytest.mark.parametrize("path", GOLDEN, ids=[f"{p.parent.name}-{p.name}" for p in GOLDEN])
def test_golden_configs_pass(path: Path) -> None:
    from vrpgen.pipeline import build

    # --platform matters (issue 10): a CloudEngine's 10GE ports do not exist on VRP5 (§4.3)
    platform = build(INVENTORIES[path.parent.name]).intents[path.stem].platform
    assert lint(path.read_text(), platform) == []


@pytest.mark.parametrize(
    ("text", "line", "fragment", "severity"),
    [
        ("#\ninterface GigabitEthernet0/0/1\n port link-typ trunk\n#\n", 3, "display form",
         "form"),
        ("#\ninterface GigabitEthernet0/0/1\n frobnicate\n#\n", 3, "not modelled", "note"),
        ("#\ninterface GigabitEthernet0/0/1\n port link-type trunkk\n#\n", 3, "wrong", "error"),
        ("#\nospf 1\n network 10.0.0.0 0.0.0.255\n#\n", 3, "ospf-area", "error"),
        ("#\nbgp 100\n peer 1.1.1.1 enable\n#\n", 3, "legal in: bgp-af", "error"),
        ("#\nip address 10.0.0.1 255.0.0.0\n#\n", 2, "legal in: interface", "error"),
        ("#\nip ip-prefix P permit 10.0.0.0 8\n#\n", 2, "index 10", "form"),
        ("#\ninterface LoopBack0\n ip address 1.1.1.1 32\n#\n", 3, "255.255.255.255", "form"),
        ("#\nbgp 100\n peer 1.1.1.1 as-number 2\n   deep\n#\n", 4, "deeper", "error"),
        ("#\ninterface Vlanif5000\n#\n", 2, "wrong value", "error"),
        ("#\ninterface GigabitEthernet0/0/1\n ip address 10.0.0.1\n#\n", 3, "incomplete",
         "error"),
    ],
)
def test_bad_lines_reported(text: str, line: int, fragment: str, severity: str) -> None:
    issues = lint(text)
    assert [i.line for i in issues] == [line]
    assert fragment in issues[0].message
    assert issues[0].severity == severity
