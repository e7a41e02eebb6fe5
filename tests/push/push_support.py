"""Helpers of the push tests: lab inventories, simulators on free ports, hosts files, runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO, CliResult
from vrpgen.sim.runner import SimThread
from vrpgen.vrp import plan

USER, PASSWORD = "push-user", "Ssh-Push-Pw-5150"
SEED = REPO / "inventory" / "lab.yml"
LAB_DEVICES = ("R1", "R2", "SW1")


def seed_data(platform: str = "vrp5") -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED.read_text())
    data["defaults"]["platform"] = platform
    return data


def seed_with_secrets(monkeypatch: Any, variable: str, value: str) -> dict[str, Any]:
    """The seed lab whose Calico BGP password comes from `variable` (set to `value`), with the
    SSH credentials in the environment as push reads them."""
    monkeypatch.setenv("VRPGEN_USERNAME", USER)
    monkeypatch.setenv("VRPGEN_PASSWORD", PASSWORD)
    monkeypatch.setenv(variable, value)
    data = seed_data()
    data["k8s"]["calico"]["bgp_password"] = {"env": variable, "secret_name": "bgp-pw",
                                             "secret_key": "routers"}
    return data


def write_inventory(directory: Path, data: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "lab.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    return directory


def hosts_file(sim: SimThread, path: Path) -> Path:
    path.write_text(yaml.safe_dump({n: {"host": "127.0.0.1", "port": p}
                                    for n, p in sim.ports.items()}))
    return path


def running(sim: SimThread, name: str) -> str:
    return sim.call(lambda: sim.devices[name].running_text())


def push(cli: Callable[..., CliResult], inventory: Path, hosts: Path, work: Path,
         *args: str | Path) -> tuple[CliResult, dict[str, Any]]:
    """`vrpgen push` with short timeouts, its report read back (device → detail)."""
    report = work / "report.json"
    report.unlink(missing_ok=True)
    result = cli("push", inventory, "--hosts", hosts, "--report", report, "--backup-dir",
                 work / "backups", "--connect-timeout", "10", "--command-timeout", "10",
                 *args)
    data = json.loads(report.read_text()) if report.exists() else {"devices": {}}
    return result, data


def unchanged(sim: SimThread, configs: dict[str, str], platforms: dict[str, str]) -> None:
    """Every device's running config equals its rendered config under compare."""
    for name, text in configs.items():
        left = plan(running(sim, name), text, platforms[name])
        assert not left.commands, f"{name}: {left.shown_commands}"


def pushed_then_idle(cli: Callable[..., CliResult], inventory: Path, sim: SimThread,
                     configs: dict[str, str], platforms: dict[str, str],
                     work: Path) -> dict[str, Any]:
    """Push an example to factory-default simulated devices: every device applied and
    verified, each then runs its rendered config, and a second push sends nothing. The first
    push's report is returned for the caller's own checks."""
    hosts = hosts_file(sim, work / "hosts.yml")
    first, report = push(cli, inventory, hosts, work)
    assert first.code == 0, first.stdout + first.stderr
    for name in configs:
        detail = report["devices"][name]
        assert detail["result"] == "applied" and detail["verified"] is True, detail
    unchanged(sim, configs, platforms)
    second, again = push(cli, inventory, hosts, work)
    assert second.code == 0, second.stdout + second.stderr
    assert all(d["result"] == "unchanged" and d["lines_sent"] == 0
               for d in again["devices"].values())
    return report
