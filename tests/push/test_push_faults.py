"""Issue 11: every simulator fault (vrpgen/sim/faults.py) during a push over real SSH: the device
is reported failed with its reason, the others succeed, every device reached is backed up, VRP8
keeps nothing of a failed push, VRP5's report lists the lines applied and their undo;
--rollback-on-error sends that undo; --confirm-timeout leaves an unverified VRP8 device to roll
back to its old config."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from push_support import PASSWORD, USER, hosts_file, push, running, write_inventory

from tests.conftest import CliResult
from vrpgen.sim.faults import ErrorRule, Faults
from vrpgen.sim.runner import DeviceSpec, SimThread
from vrpgen.vrp import plan
from vrpgen.vrp.scope import Scope

pytestmark = pytest.mark.usefixtures("creds")

FACTORY = "#\nsysname {name}\n#\nreturn\n"
FAULTS: dict[str, tuple[str, Faults]] = {
    "OK5": ("vrp5", Faults()),
    "OK8": ("vrp8", Faults()),
    "REFUSE": ("vrp5", Faults(refuse_login=True)),
    # commands of a session: screen-length, display, system-view, then the plan's lines
    "DROP5": ("vrp5", Faults(drop_after=6)),
    "DROP8": ("vrp8", Faults(drop_after=6)),
    "ERR5": ("vrp5", Faults(errors=(ErrorRule(re.compile("^port trunk allow-pass"),
                                              "Error: The VLAN is busy."),))),
    "ERR8": ("vrp8", Faults(errors=(ErrorRule(re.compile("^port trunk allow-pass"),
                                              "Error[12]: The VLAN is busy."),))),
    "HANG": ("vrp5", Faults(hang_after=6)),
    "FAILC": ("vrp8", Faults(fail_commit=True)),
    "ASK": ("vrp5", Faults(questions=(ErrorRule(re.compile("^port link-type"),
                                                "Warning: The port will flap. Continue? "
                                                "[Y/N]:"),))),
}


def switch(platform: str) -> dict[str, Any]:
    ports = {f"GigabitEthernet0/0/{n}": {"trunk_vlans": [10, 20]} for n in (1, 2, 3)}
    return {"role": "switch", "platform": platform, "vlans": [10, 20], "interfaces": ports}


def inventory(directory: Path, names: dict[str, str]) -> Path:
    return write_inventory(directory, {
        "defaults": {"platform": "vrp5"},
        "vlans": {10: {"name": "ten"}, 20: {"name": "twenty"}},
        "devices": {name: switch(platform) for name, platform in names.items()},
    })


@pytest.fixture(scope="module")
def sim() -> Iterator[SimThread]:
    specs = [DeviceSpec(n, p) for n, (p, _) in FAULTS.items()]
    with SimThread(specs, username=USER, password=PASSWORD,
                   faults={n: f for n, (_, f) in FAULTS.items()}) as thread:
        yield thread


def test_each_fault_stays_with_its_device(sim: SimThread, tmp_path: Path,
                                          cli: Callable[..., CliResult]) -> None:
    inv = inventory(tmp_path / "inv", {n: p for n, (p, _) in FAULTS.items()})
    hosts = hosts_file(sim, tmp_path / "hosts.yml")
    start = time.monotonic()
    result, report = push(cli, inv, hosts, tmp_path, "--command-timeout", "2",
                          "--workers", "16")
    took = time.monotonic() - start
    assert result.code == 1
    devices = report["devices"]
    assert {n for n, d in devices.items() if d["ok"]} == {"OK5", "OK8"}
    assert took < 8, "a hanging device must not delay the others beyond its own timeout"
    reasons = {n: d["reason"] or "" for n, d in devices.items()}
    assert "authentication failed" in reasons["REFUSE"]
    assert "connection" in reasons["DROP5"] and "connection" in reasons["DROP8"]
    assert "Error: The VLAN is busy." in reasons["ERR5"]
    assert "Error[12]: The VLAN is busy." in reasons["ERR8"]
    assert "no prompt within 2 s" in reasons["HANG"]
    assert "commit failed" in reasons["FAILC"]
    assert "unexpected question" in reasons["ASK"] and "port link-type" in reasons["ASK"]
    for name in FAULTS:  # every device reached was backed up before anything was sent
        backup = tmp_path / "backups" / f"{name}.cfg"
        assert backup.is_file() == (name != "REFUSE"), name
    for name in ("DROP8", "ERR8", "FAILC"):  # VRP8: nothing of a failed push is kept
        assert running(sim, name) == FACTORY.format(name=name), name
        assert devices[name]["lines_applied"] == [] and devices[name]["committed"] is False
    # VRP5: what took effect is listed, with the model's undo of it
    err5 = devices["ERR5"]
    assert err5["lines_applied"] and err5["lines_applied"][0].startswith("vlan batch")
    assert "vlan batch 10 20" in running(sim, "ERR5")
    assert any(c.startswith("undo vlan batch") for c in err5["undo"]) and \
        err5["rolled_back"] is None
    assert "see the report" in err5["reason"]
    assert devices["DROP5"]["lines_applied"]  # the lines before the drop
    assert "applied before the failure" in result.stdout and "--rollback-on-error" in \
        result.stdout
    assert running(sim, "ASK") == FACTORY.format(name="ASK") or \
        "port link-type" not in running(sim, "ASK")
    for line in ("OK5", "OK8", "REFUSE", "HANG", "failed", "applied"):
        assert line in result.stdout


def test_rollback_on_error_sends_the_undo_and_verifies(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    with SimThread([DeviceSpec("ERR5", "vrp5")], username=USER, password=PASSWORD,
                   faults={"ERR5": Faults(errors=(ErrorRule(re.compile("allow-pass vlan 10 20"),
                                                            "Error: The VLAN is busy."),))},
                   ) as sim:
        inv = inventory(tmp_path / "inv", {"ERR5": "vrp5"})
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        before = running(sim, "ERR5")
        result, report = push(cli, inv, hosts, tmp_path, "--rollback-on-error")
        assert result.code == 1
        detail = report["devices"]["ERR5"]
        assert detail["lines_applied"] and detail["undo"]
        assert detail["rolled_back"] is True and "rolled back and verified" in detail["reason"]
        assert not plan(running(sim, "ERR5"), before, "vrp5", Scope(extra=("",))).commands
        assert "vlan batch" not in running(sim, "ERR5")


def test_confirm_timeout_leaves_an_unverified_vrp8_device_to_roll_back(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    ignore = Faults(ignore=(re.compile("^port trunk allow-pass"),))
    specs = [DeviceSpec("C1", "vrp8"), DeviceSpec("C2", "vrp8")]
    with SimThread(specs, username=USER, password=PASSWORD, faults={"C2": ignore}) as sim:
        inv = inventory(tmp_path / "inv", {"C1": "vrp8", "C2": "vrp8"})
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        result, report = push(cli, inv, hosts, tmp_path, "--confirm-timeout", "60")
        assert result.code == 1
        ok, bad = report["devices"]["C1"], report["devices"]["C2"]
        assert ok["result"] == "applied" and ok["commit_trial"] == 60 and ok["confirmed"]
        assert sim.call(lambda: sim.devices["C1"].trial_previous) is None  # confirmed
        assert bad["result"] == "failed" and bad["verified"] is False
        assert bad["confirmed"] is None and "rolls back" in bad["reason"]
        assert "vlan batch 10 20" in running(sim, "C2")  # the trial runs until its time is up

        def time_up() -> None:
            sim.devices["C2"].trial_deadline = 0.0
            sim.devices["C1"].trial_deadline = 0.0 if sim.devices["C1"].trial_deadline else None

        sim.call(time_up)
        assert running(sim, "C2") == FACTORY.format(name="C2")  # back at its old config
        assert "vlan batch 10 20" in running(sim, "C1")  # confirmed: stays
