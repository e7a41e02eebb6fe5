"""`vrpgen backup` against the simulator over real SSH: files, failures kept per device,
and the password never in any output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, CliResult
from vrpgen.errors import PushError
from vrpgen.hosts import load_hosts
from vrpgen.push.targets import Credentials, Target, targets
from vrpgen.sim.faults import Faults
from vrpgen.sim.runner import DeviceSpec, SimThread

USER, PASSWORD = "backup-user", "pw-Never-Printed-42"
SEED_R1 = (REPO / "tests" / "golden" / "seed" / "R1.cfg").read_text()


@pytest.fixture(scope="module")
def sim() -> Iterator[SimThread]:
    specs = [DeviceSpec("R1", "vrp5", SEED_R1), DeviceSpec("R2", "vrp5"),
             DeviceSpec("SW1", "vrp8")]
    thread = SimThread(specs, username=USER, password=PASSWORD,
                       faults={"R2": Faults(refuse_login=True)})
    try:
        yield thread
    finally:
        thread.stop()


@pytest.fixture
def hosts(sim: SimThread, tmp_path: Path) -> Path:
    path = tmp_path / "hosts.yml"
    path.write_text(yaml.safe_dump({n: {"host": "127.0.0.1", "port": p}
                                    for n, p in sim.ports.items()}))
    return path


def test_backup_reads_each_device_and_keeps_failures_apart(
        hosts: Path, tmp_path: Path, cli: Callable[..., CliResult],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VRPGEN_USERNAME", USER)
    monkeypatch.setenv("VRPGEN_PASSWORD", PASSWORD)
    out = tmp_path / "running"
    result = cli("backup", REPO / "inventory", "--hosts", hosts, "-o", out)
    assert result.code == 1  # R2 refused the login
    assert sorted(p.name for p in out.glob("*.cfg")) == ["R1.cfg", "SW1.cfg"]
    r1 = (out / "R1.cfg").read_text()
    assert "peer 2.2.2.2 connect-interface LoopBack0" in r1 and r1.rstrip().endswith("return")
    assert "sysname SW1" in (out / "SW1.cfg").read_text()
    assert "R2: authentication failed" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert not list(out.glob(".*.tmp"))
    # What was read back is what the device holds: no change against the rendered R1.
    diff = cli("diff", REPO / "inventory", "--running", out, "--limit", "R1")
    assert diff.code == 0, diff.stdout + diff.stderr


def test_missing_credentials_without_a_terminal(hosts: Path, tmp_path: Path,
                                                cli: Callable[..., CliResult],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VRPGEN_USERNAME", raising=False)
    monkeypatch.delenv("VRPGEN_PASSWORD", raising=False)
    result = cli("backup", REPO / "inventory", "--hosts", hosts, "-o", tmp_path)
    assert result.code == 64 and "VRPGEN_PASSWORD" in result.stderr


def test_credentials_never_show_in_repr() -> None:
    creds = Credentials("admin", PASSWORD)
    assert PASSWORD not in repr(creds) and PASSWORD not in str(creds)


def test_hosts_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "hosts.yml"
    bad.write_text("R1: {host: 127.0.0.1, port: 99999}\n")
    with pytest.raises(PushError, match="port: 1-65535"):
        load_hosts(bad)
    with pytest.raises(PushError, match="cannot read hosts file"):
        load_hosts(tmp_path / "missing.yml")


def test_targets_need_an_address() -> None:
    found = targets({"R1": "vrp5", "CE": "vrp8"}, {"R1": ("192.0.2.1", 22), "CE": ("x", 2222)})
    assert found == [Target("CE", "x", 2222, "vrp8"), Target("R1", "192.0.2.1", 22, "vrp5")]
    assert found[0].device_type == "huawei_vrpv8" and found[1].device_type == "huawei"
    with pytest.raises(PushError, match="no address for R2"):
        targets({"R2": "vrp5"}, {"R2": None})


def test_hosts_file_round_trip(tmp_path: Path) -> None:
    from vrpgen.hosts import write_hosts

    path = tmp_path / "hosts.yml"
    write_hosts(path, {"R1": ("127.0.0.1", 10022), "SW1": ("127.0.0.1", 10023)}, "a test")
    assert path.read_text().startswith("# written by a test;")
    assert load_hosts(path) == {"R1": ("127.0.0.1", 10022), "SW1": ("127.0.0.1", 10023)}
