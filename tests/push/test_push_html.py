"""`push --report FILE.html` over SSH to the simulator: the same self-contained page as the
change report, with per device the result, the lines applied, the verification and the
backup path; a failed device says why; no password anywhere."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

import pytest
from picture_tools import assert_self_contained
from push_support import LAB_DEVICES, PASSWORD, USER, hosts_file, seed_data, write_inventory

from tests.conftest import CliResult
from vrpgen.sim.faults import Faults
from vrpgen.sim.runner import DeviceSpec, SimThread

BGP_VARIABLE, BGP_PASSWORD = "VRPGEN_TEST_HTML_PUSH_BGP", "Bgp-Html-Key-2718"


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """The seed lab (a BGP password from the environment) on simulated VRP5 devices; R2
    refuses every login."""
    monkeypatch.setenv("VRPGEN_USERNAME", USER)
    monkeypatch.setenv("VRPGEN_PASSWORD", PASSWORD)
    monkeypatch.setenv(BGP_VARIABLE, BGP_PASSWORD)
    data = seed_data()
    data["bgp"]["sessions"][0]["password"] = {"env": BGP_VARIABLE}
    inventory = write_inventory(tmp_path / "inv", data)
    with SimThread([DeviceSpec(n, "vrp5") for n in LAB_DEVICES], username=USER,
                   password=PASSWORD, faults={"R2": Faults(refuse_login=True)}) as sim:
        yield inventory, hosts_file(sim, tmp_path / "hosts.yml")


def test_push_html_report(lab: tuple[Path, Path], tmp_path: Path,
                          cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    page_path = tmp_path / "push.html"
    result = cli("push", inventory, "--hosts", hosts, "--report", page_path, "--format",
                 "json", "--backup-dir", tmp_path / "backups", "--connect-timeout", "10",
                 "--command-timeout", "10")
    assert result.code == 1, result.stderr  # R2 failed
    run = json.loads(result.stdout)  # the same run, as JSON on stdout
    page = page_path.read_text()
    assert_self_contained(page)
    assert PASSWORD not in page and BGP_PASSWORD not in page
    assert "NOT all succeeded" in page
    for name, device in run["devices"].items():
        row = f'<tr data-device="{name}" data-result="{device["result"]}">'
        assert row in page, name
        assert f'<h2 id="device-{name}">' in page
    r1 = run["devices"]["R1"]
    assert r1["result"] == "applied" and r1["verified"] is True and r1["lines_applied"]
    assert "<tr><th>verified (read back, nothing left to do)</th><td>yes</td></tr>" in page
    assert f"<h3>Lines applied ({len(r1['lines_applied'])})</h3>" in page
    for line in r1["lines_applied"]:
        assert escape(line.strip()) in page
    assert "password cipher ******" in page  # the session's password line, masked
    assert escape(r1["backup"]) in page and Path(r1["backup"]).is_file()
    r2 = run["devices"]["R2"]
    assert r2["result"] == "failed" and escape(r2["reason"]) in page
    assert '<span class="result result-failed">failed</span>' in page
    if "<svg" in page:  # with Graphviz: the picture, the pushed devices highlighted
        assert page.count("<svg") == 1 and "</svg>" in page
    else:
        assert "needs Graphviz" in page


def test_diff_live_html_names_the_devices_it_could_not_read(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    inventory, hosts = lab
    page_path = tmp_path / "change.html"
    result = cli("diff", inventory, "--live", "--hosts", hosts, "--format", "html", "-o",
                 page_path)
    assert result.code == 1, result.stderr  # R2 could not be read
    page = page_path.read_text()
    assert_self_contained(page)
    assert '<tr data-device="R2" data-risk="unread">' in page and "authentication" in page
    assert '<tr data-device="R1" data-risk="high">' in page  # the session's password line
    assert "1 NOT read" in page and PASSWORD not in page and BGP_PASSWORD not in page
