"""Issue 12: `vrpgen push` of the campus example over SSH to the simulator (VRP5): eight
factory-default switches brought to their rendered configs and verified, then a second push
that sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import PASSWORD, USER, pushed_then_idle

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.sim.runner import DeviceSpec, SimThread

pytestmark = pytest.mark.usefixtures("creds")
CAMPUS = REPO / "inventory" / "examples" / "campus"


def test_campus_pushed_verified_then_nothing_to_do(tmp_path: Path,
                                                   cli: Callable[..., CliResult]) -> None:
    rendered = pipeline.render_inventory(CAMPUS)
    names = sorted(rendered.configs)
    with SimThread([DeviceSpec(n, "vrp5") for n in names], username=USER,
                   password=PASSWORD) as sim:
        report = pushed_then_idle(cli, CAMPUS, sim, rendered.configs, rendered.platforms,
                                  tmp_path)
    for name in names:
        detail = report["devices"][name]
        assert detail["lines_applied"] == detail["planned"]
