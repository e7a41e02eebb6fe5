"""Issue 14: `vrpgen push` of the dc-fabric example over SSH to the simulator, each device run
as its model (CE6800 spines, CE5800 leaves: VRP8, two-stage commit, L2 ports by default):
ten factory-default switches brought to their rendered configs and verified, a re-diff empty,
then a second push that sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import PASSWORD, USER, pushed_then_idle

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.sim.runner import DeviceSpec, SimThread

pytestmark = pytest.mark.usefixtures("creds")
FABRIC = REPO / "inventory" / "examples" / "dc-fabric"


def test_fabric_pushed_verified_then_nothing_to_do(tmp_path: Path,
                                                   cli: Callable[..., CliResult]) -> None:
    rendered = pipeline.render_inventory(FABRIC)
    names = sorted(rendered.configs)
    specs = [DeviceSpec(n, rendered.platforms[n], model=rendered.models[n]) for n in names]
    with SimThread(specs, username=USER, password=PASSWORD) as sim:
        pushed_then_idle(cli, FABRIC, sim, rendered.configs, rendered.platforms, tmp_path)
