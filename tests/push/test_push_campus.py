"""Issue 12: `vrpgen push` of the campus example over SSH to the simulator (VRP5): eight
factory-default switches brought to their rendered configs and verified, then a second push
that sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import PASSWORD, USER, hosts_file, push, unchanged

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
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        first, report = push(cli, CAMPUS, hosts, tmp_path)
        assert first.code == 0, first.stdout + first.stderr
        for name in names:
            detail = report["devices"][name]
            assert detail["result"] == "applied" and detail["verified"] is True, detail
            assert detail["lines_applied"] == detail["planned"]
        unchanged(sim, rendered.configs, rendered.platforms)
        second, report = push(cli, CAMPUS, hosts, tmp_path)
        assert second.code == 0, second.stdout + second.stderr
        assert all(d["result"] == "unchanged" and d["lines_sent"] == 0
                   for d in report["devices"].values())
