"""Issue 14: `vrpgen push` of the dc-fabric example over SSH to the simulator, each device run
as its model (CE6800 spines, CE5800 leaves: VRP8, two-stage commit, L2 ports by default):
ten factory-default switches brought to their rendered configs and verified, a re-diff empty,
then a second push that sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import PASSWORD, USER, hosts_file, push, unchanged

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
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        first, report = push(cli, FABRIC, hosts, tmp_path)
        assert first.code == 0, first.stdout + first.stderr
        for name in names:
            detail = report["devices"][name]
            assert detail["result"] == "applied" and detail["verified"] is True, detail
        unchanged(sim, rendered.configs, rendered.platforms)
        second, report = push(cli, FABRIC, hosts, tmp_path)
        assert second.code == 0, second.stdout + second.stderr
        assert all(d["result"] == "unchanged" and d["lines_sent"] == 0
                   for d in report["devices"].values())
