"""Issue 13: the wan-edge example renders lint-clean, is pushed to the simulator, and then
`diff --live` finds nothing left to do; no secret value (the BGP passwords given by
environment variables, the SSH password, the SNMPv3 keys) appears in any rendered file, plan,
report, backup, log line or output of the run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import PASSWORD, USER, hosts_file, push, running, unchanged

from tests.conftest import REPO, CliResult
from vrpgen.pipeline import render_inventory, render_to
from vrpgen.sim.runner import DeviceSpec, SimThread
from vrpgen.vrp import lint

WAN_EDGE = REPO / "inventory" / "examples" / "wan-edge"
SECRETS = {"WAN_ISP_A_PASSWORD": "Isp-A-Md5-Key-4711", "WAN_ISP_B_PASSWORD": "Isp-B-Md5-Key-0815",
           "WAN_IBGP_PASSWORD": "Ibgp-Md5-Key-2323", "WAN_NETOPS_PASSWORD": "Netops-Login-9090",
           "WAN_SNMP_AUTH_KEY": "Snmp-Auth-Key-5151", "WAN_SNMP_PRIV_KEY": "Snmp-Priv-Key-6262"}


def test_wan_edge_renders_lint_clean_without_warnings() -> None:
    result = render_inventory(WAN_EDGE)
    assert sorted(result.configs) == ["EDGE1", "EDGE2"]
    assert result.warnings == []
    for text in result.configs.values():
        assert lint(text, "vrp5") == []
        # every password and SNMP key is a placeholder push fills in, never a value
        assert "password cipher ${WAN_" in text
        assert "authentication-mode sha ${WAN_SNMP_AUTH_KEY}" in text
        assert "privacy-mode aes128 ${WAN_SNMP_PRIV_KEY}" in text


def test_wan_edge_applies_to_the_simulator_with_an_empty_rediff(
        tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("VRPGEN_USERNAME", USER)
    monkeypatch.setenv("VRPGEN_PASSWORD", PASSWORD)
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.DEBUG)
    rendered = render_to(tmp_path / "out", WAN_EDGE)
    outputs: list[str] = []
    with SimThread([DeviceSpec(n, "vrp5") for n in ("EDGE1", "EDGE2")], username=USER,
                   password=PASSWORD) as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        preview = cli("diff", WAN_EDGE, "--live", "--hosts", hosts, "--plan",
                      tmp_path / "plan.json", "--format", "json")
        assert preview.code == 2, preview.stderr
        outputs += [preview.stdout, preview.stderr]
        first, report = push(cli, WAN_EDGE, hosts, tmp_path)
        assert report["devices"]["EDGE1"]["result"] != "unchanged"
        assert first.code == 0, first.stdout + first.stderr
        outputs += [first.stdout, first.stderr, (tmp_path / "report.json").read_text()]
        edge1 = running(sim, "EDGE1")
        # the device holds the ISP password ciphered, and the policy objects as rendered
        assert "peer 203.0.113.1 password cipher %^%#" in edge1
        assert "route-policy ISP-IN permit node 10" in edge1
        assert "peer 203.0.113.1 bfd enable" in edge1
        assert "local-user netops password irreversible-cipher " in edge1
        assert "ntp-service unicast-server 192.0.2.123" in edge1
        # the SNMP keys ciphered, the banner, the AAA scheme and domain as rendered
        assert "snmp-agent usm-user v3 nms authentication-mode sha %^%#" in edge1
        assert "snmp-agent usm-user v3 nms privacy-mode aes128 %^%#" in edge1
        assert 'header login information "Authorized access only. Activity is logged."' in edge1
        assert " domain ops\n  authentication-scheme LOCAL-ONLY" in edge1
        unchanged(sim, rendered.configs, rendered.platforms)
        again = cli("diff", WAN_EDGE, "--live", "--hosts", hosts)
        assert again.code == 0, again.stdout  # nothing left to change
        outputs += [again.stdout, again.stderr]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    outputs += [p.read_text(errors="replace") for p in files]
    outputs += [caplog.text] + [r.getMessage() for r in caplog.records]
    assert any(p.suffix == ".cfg" for p in files)  # rendered files and backups were read
    for text in outputs:
        assert PASSWORD not in text
        for value in SECRETS.values():
            assert value not in text
