"""Issue 11, secrets: a whole push run (diff --live with its plan file, push with its report,
backups, every log line at DEBUG, stdout and stderr) never holds the SSH password or a BGP
password; the device keeps the BGP password ciphered; --rotate-secrets sends it again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import LAB_DEVICES, PASSWORD, USER, hosts_file, push, running, seed_with_secrets
from push_support import write_inventory as write

from tests.conftest import CliResult
from vrpgen.sim.runner import DeviceSpec, SimThread

BGP_VARIABLE, BGP_PASSWORD = "VRPGEN_TEST_PUSH_BGP_PW", "Bgp-Push-Key-8086"


def test_no_password_in_any_output_of_a_run(tmp_path: Path, cli: Callable[..., CliResult],
                                           monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    data = seed_with_secrets(monkeypatch, BGP_VARIABLE, BGP_PASSWORD)
    inv = write(tmp_path / "inv", data)
    caplog.set_level(logging.DEBUG)
    outputs: list[str] = []
    with SimThread([DeviceSpec(n, "vrp5") for n in LAB_DEVICES], username=USER,
                   password=PASSWORD) as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        preview = cli("diff", inv, "--live", "--hosts", hosts, "--plan", tmp_path / "plan.json",
                      "--format", "json")
        assert preview.code == 2
        outputs += [preview.stdout, preview.stderr]
        first, report = push(cli, inv, hosts, tmp_path, "--plan", tmp_path / "plan.json")
        assert first.code == 0, first.stdout + first.stderr
        assert any("password cipher ${" + BGP_VARIABLE + "}" in c or "password cipher ******"
                   in c for c in report["devices"]["R1"]["planned"])
        r1 = running(sim, "R1")
        assert "password cipher %^%#" in r1 and BGP_PASSWORD not in r1  # ciphered on device
        outputs += [first.stdout, first.stderr, (tmp_path / "report.json").read_text()]
        again, report = push(cli, inv, hosts, tmp_path)
        assert report["devices"]["R1"]["result"] == "unchanged"  # passwords are not compared
        rotated, report = push(cli, inv, hosts, tmp_path, "--rotate-secrets")
        assert rotated.code == 0, rotated.stdout
        assert any("password" in c for c in report["devices"]["R1"]["lines_applied"])
        outputs += [again.stdout, again.stderr, rotated.stdout, rotated.stderr,
                    (tmp_path / "report.json").read_text()]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.parent.name == "R1" for p in files)  # timestamped backups
    outputs += [p.read_text(errors="replace") for p in files]
    outputs += [caplog.text] + [r.getMessage() for r in caplog.records]
    assert len(caplog.records) > 0
    for text in outputs:
        assert PASSWORD not in text
        assert BGP_PASSWORD not in text
