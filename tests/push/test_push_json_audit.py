"""Issue 17 over real SSH to the simulator: `backup`, `push` and `diff --live` with
--format json (valid against docs/schemas, a failing device included; push's stdout is the
--report document), and the audit trail they append: one line per device and action, every
field, never a password."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from json_schemas import check, stdout_json
from push_support import (
    LAB_DEVICES,
    PASSWORD,
    USER,
    hosts_file,
    seed_data,
    seed_with_secrets,
    write_inventory,
)

import vrpgen
from tests.conftest import CliResult
from vrpgen.sim.faults import Faults
from vrpgen.sim.runner import DeviceSpec, SimThread

BGP_VARIABLE, BGP_PASSWORD = "VRPGEN_TEST_AUDIT_BGP_PW", "Bgp-Audit-Key-4711"
AUDIT_FIELDS = {"time", "user", "command", "action", "device", "fingerprint", "lines_sent",
                "result", "error", "vrpgen"}


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """The seed lab (BGP password from the environment) on simulated VRP5 devices; R2
    refuses every login. Yields (inventory, hosts file)."""
    data = seed_with_secrets(monkeypatch, BGP_VARIABLE, BGP_PASSWORD)
    inventory = write_inventory(tmp_path / "inv", data)
    with SimThread([DeviceSpec(n, "vrp5") for n in LAB_DEVICES], username=USER,
                   password=PASSWORD, faults={"R2": Faults(refuse_login=True)}) as sim:
        yield inventory, hosts_file(sim, tmp_path / "hosts.yml")


def audit_lines(path: Path) -> list[dict[str, Any]]:
    text = path.read_text()
    assert PASSWORD not in text and BGP_PASSWORD not in text
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        check("audit", line)
        assert set(line) == AUDIT_FIELDS and line["vrpgen"] == vrpgen.__version__
        assert line["time"].endswith("Z") and line["user"]
    return lines


def test_push_json_report_and_audit(lab: tuple[Path, Path], tmp_path: Path,
                                    cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    trail = tmp_path / "audit.jsonl"
    report = tmp_path / "report.json"
    result = cli("push", inventory, "--hosts", hosts, "--format", "json", "--report", report,
                 "--audit", trail, "--backup-dir", tmp_path / "backups",
                 "--connect-timeout", "10", "--command-timeout", "10")
    assert result.code == 1, result.stderr  # R2 failed
    document = stdout_json("push", result.stdout)
    assert document == check("push", json.loads(report.read_text()))  # one schema, one report
    devices = document["devices"]
    assert devices["R2"]["result"] == "failed" and "authentication" in devices["R2"]["reason"]
    assert devices["R1"]["result"] == devices["SW1"]["result"] == "applied"
    assert PASSWORD not in result.stdout + result.stderr
    assert BGP_PASSWORD not in result.stdout + result.stderr

    lines = audit_lines(trail)
    assert sorted(line["device"] for line in lines) == ["R1", "R2", "SW1"]
    for line in lines:
        detail = devices[line["device"]]
        assert line["action"] == "push" and line["result"] == detail["result"]
        assert line["lines_sent"] == detail["lines_sent"]
        assert line["fingerprint"] == detail["plan_fingerprint"]
        assert line["command"].startswith("vrpgen push ") and "--audit" in line["command"]
    by_device = {line["device"]: line for line in lines}
    assert by_device["R1"]["lines_sent"] > 0 and len(by_device["R1"]["fingerprint"]) == 64
    assert by_device["R2"]["error"] and by_device["R1"]["error"] is None

    # backup and diff --live append their own lines to the same trail
    backup = cli("backup", inventory, "--hosts", hosts, "-o", tmp_path / "running",
                 "--audit", trail, "-f", "json")
    assert backup.code == 1
    backed = stdout_json("backup", backup.stdout)["devices"]
    assert backed["R2"]["ok"] is False and backed["R2"]["path"] is None
    assert backed["R1"]["bytes"] == len((tmp_path / "running" / "R1.cfg").read_bytes())
    # what a backup read is what push left: its fingerprint is the next plan's
    live = cli("diff", inventory, "--live", "--hosts", hosts, "--audit", trail, "-f", "json")
    assert live.code == 1  # R2 cannot be read
    plans = stdout_json("diff", live.stdout)["devices"]
    assert plans["R1"]["commands"] == [] and plans["R1"]["fingerprint"] == \
        backed["R1"]["fingerprint"]
    lines = audit_lines(trail)
    seen = [(line["action"], line["device"], line["result"]) for line in lines[3:]]
    assert sorted(seen[:3]) == [("backup", "R1", "ok"), ("backup", "R2", "failed"),
                                ("backup", "SW1", "ok")]  # in the order devices finished
    assert seen[3:] == [("diff-live", "R1", "unchanged"), ("diff-live", "R2", "failed"),
                        ("diff-live", "SW1", "unchanged")]
    assert by_device["R1"]["fingerprint"] != lines[-3]["fingerprint"]  # R1 changed by push
    assert all(line["lines_sent"] == 0 for line in lines[3:])


def test_the_inventory_names_the_audit_log(lab: tuple[Path, Path], tmp_path: Path,
                                           cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    data = seed_data()
    data["settings"] = {"audit_log": "logs/audit.jsonl"}
    (inventory / "logs").mkdir()
    write_inventory(inventory, data)
    result = cli("-q", "backup", inventory, "--hosts", hosts, "-o", tmp_path / "running",
                 "--limit", "R1")
    assert result.code == 0, result.stderr
    assert result.stderr == ""  # --quiet: no progress line
    [line] = audit_lines(inventory / "logs" / "audit.jsonl")
    assert (line["action"], line["device"], line["result"]) == ("backup", "R1", "ok")
    # --audit replaces the inventory's setting
    other = tmp_path / "other.jsonl"
    cli("backup", inventory, "--hosts", hosts, "-o", tmp_path / "running", "--limit", "R1",
        "--audit", other)
    assert len(audit_lines(other)) == 1 and len(audit_lines(inventory / "logs" /
                                                            "audit.jsonl")) == 1


def test_an_unwritable_audit_log_stops_before_any_device(lab: tuple[Path, Path],
                                                         tmp_path: Path,
                                                         cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    result = cli("push", inventory, "--hosts", hosts, "--audit", tmp_path / "no" / "dir.jsonl",
                 "--backup-dir", tmp_path / "backups")
    assert result.code == 1 and "audit log" in result.stderr
    assert not (tmp_path / "backups").exists()  # no device was touched


def test_push_verbose_shows_each_step_and_quiet_nothing_but_results(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    args = ("push", inventory, "--hosts", hosts, "--limit", "R1", "--backup-dir",
            tmp_path / "backups")
    verbose = cli(*args, "-v")
    assert verbose.code == 0, verbose.stderr
    for step in ("R1: connected, running config backed up to", "command(s) planned",
                 "line(s) sent", "R1: verified", "R1: applied in"):
        assert step in verbose.stderr, step
    assert "pushed 1 device(s): " in verbose.stderr
    assert PASSWORD not in verbose.stderr and BGP_PASSWORD not in verbose.stderr
    assert "R1\tapplied\t" in verbose.stdout  # the table, plain: stdout is not a terminal
    quiet = cli(*args, "-q")
    assert quiet.code == 0 and quiet.stderr == ""
    assert "R1\tunchanged\t0\t" in quiet.stdout
