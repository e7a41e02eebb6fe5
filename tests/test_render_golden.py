"""Rendered configs equal the reviewed golden files, byte for byte, and are deterministic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, REPO
from vrpgen.pipeline import render_inventory, render_to

CASES = {
    "seed": REPO / "inventory",
    "large": REPO / "tests" / "inventories" / "large",
    "campus": REPO / "inventory" / "examples" / "campus",  # issue 12
    "wan-edge": REPO / "inventory" / "examples" / "wan-edge",
    "dc-fabric": REPO / "inventory" / "examples" / "dc-fabric",  # issue 14
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_configs_match_golden(case: str, golden: Callable[[Path, str], None],
                                       request: pytest.FixtureRequest) -> None:
    result = render_inventory(CASES[case])
    if not request.config.getoption("--update-golden"):
        expected_devices = sorted(p.stem for p in (GOLDEN / case).glob("*.cfg"))
        assert sorted(result.configs) == expected_devices
    for device, text in result.configs.items():
        golden(GOLDEN / case / f"{device}.cfg", text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_render_is_deterministic(case: str) -> None:
    first = render_inventory(CASES[case]).configs
    second = render_inventory(CASES[case]).configs
    assert first == second


def test_render_writes_one_file_per_device(tmp_path: Path) -> None:
    result = render_to(tmp_path / "out", CASES["seed"])
    written = sorted(p.name for p in (tmp_path / "out").glob("*.cfg"))
    assert written == ["R1.cfg", "R2.cfg", "SW1.cfg"]
    assert result.devices == ["R1", "R2", "SW1"]
    assert result.configs == {}, "render_to keeps no text: it is written as it is rendered"
    in_memory = render_inventory(CASES["seed"]).configs
    assert (tmp_path / "out" / "R1.cfg").read_text() == in_memory["R1"]
    assert not list((tmp_path / "out").glob(".*.tmp")), "temporary files left behind"
