"""Fixtures for the simulator tests: servers on free loopback ports, always stopped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fake_applier import FakeApplier
from sim_support import PASSWORD, USER

from vrpgen.sim.faults import ErrorRule, Faults
from vrpgen.sim.runner import DeviceSpec, SimThread


@pytest.fixture(scope="module")
def fake_sim() -> Iterator[SimThread]:
    """R5 (vrp5) and R8 (vrp8) on the stand-in applier, plus one device per fault."""
    faults = {
        "REFUSE": Faults(refuse_login=True),
        "DROP": Faults(drop_after=2),
        "HANG": Faults(hang_after=2),
        "SLOW": Faults(latency=0.3),
        "FAILC": Faults(fail_commit=True),
        "NEWPW": Faults(initial_password=True),
    }
    faults["ERR"] = Faults(errors=(ErrorRule(re.compile("^display version"), "Error: Busy now."),))
    specs = [
        DeviceSpec("R5", "vrp5"),
        DeviceSpec("R8", "vrp8"),
        *(DeviceSpec(n, "vrp8" if n == "FAILC" else "vrp5") for n in faults),
    ]
    sim = SimThread(specs, username=USER, password=PASSWORD, faults=faults, applier=FakeApplier)
    try:
        yield sim
    finally:
        sim.stop()

