"""`vrpgen sim`: a real background process, its hosts file, pid file, --load and --stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paramiko
import pytest
import yaml
from sim_support import PASSWORD, USER

REPO = Path(__file__).resolve().parents[2]


def free_port(count: int) -> int:
    """A base port with `count` free ports above it (probed, then released)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + count > 65535:
            continue
        socks = []
        try:
            for p in range(base, base + count):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port range")


def gone(pid: int) -> bool:
    """The process has exited (a zombie not yet reaped by init counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def vrpgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VRPGEN_USERNAME": USER, "VRPGEN_PASSWORD": PASSWORD}
    return subprocess.run([sys.executable, "-m", "vrpgen", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def show_running(port: int) -> str:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("127.0.0.1", port, USER, PASSWORD, look_for_keys=False, allow_agent=False)
    try:
        chan = client.invoke_shell("vt100", 511, 1000)
        chan.settimeout(10)
        chan.send(b"display current-configuration\n")
        data = ""
        while not data.endswith("return\r\n<R1>") and not data.endswith("return\r\n<SW1>"):
            data += chan.recv(65536).decode()
        return data
    finally:
        client.close()


@pytest.fixture
def detached(tmp_path: Path) -> Iterator[Callable[..., dict[str, Any]]]:
    pid_file = tmp_path / "sim.pid"
    started: list[int] = []

    def start(*args: str | Path) -> dict[str, Any]:
        hosts = tmp_path / "hosts.yml"
        result = vrpgen("sim", *args, "--hosts-out", hosts, "--pid-file", pid_file, "--detach")
        assert result.returncode == 0, result.stderr
        started.append(int(pid_file.read_text()))
        data = yaml.safe_load(hosts.read_text())
        assert isinstance(data, dict)
        return data

    yield start
    if pid_file.exists():
        vrpgen("sim", "--stop", "--pid-file", pid_file)


def test_detach_hosts_file_and_stop(detached: Callable[..., dict[str, Any]],
                                    tmp_path: Path) -> None:
    base = free_port(2)
    faults = tmp_path / "faults.yml"
    faults.write_text("PE1:\n  refuse_login: true\n")
    hosts = detached("--device", "R1:vrp5", "--device", "PE1:vrp8", "--base-port", str(base),
                     "--faults", faults)
    assert hosts == {"R1": {"host": "127.0.0.1", "port": base},
                     "PE1": {"host": "127.0.0.1", "port": base + 1}}
    pid = int((tmp_path / "sim.pid").read_text())
    assert "sysname R1" in show_running(base)
    with pytest.raises(paramiko.AuthenticationException):
        show_running(base + 1)
    stopped = vrpgen("sim", "--stop", "--pid-file", tmp_path / "sim.pid")
    assert stopped.returncode == 0, stopped.stderr
    assert not (tmp_path / "sim.pid").exists()
    assert gone(pid)
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", base), timeout=2):
        pass


def test_inventory_devices_loaded_from_backups(detached: Callable[..., dict[str, Any]],
                                               tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    seed = REPO / "tests" / "golden" / "seed"
    for name in ("R1", "R2", "SW1"):
        text = (seed / f"{name}.cfg").read_text().replace("\n", "\r\n")  # as saved: CRLF
        (backups / f"{name}.cfg").write_text(text, newline="")
    hosts = detached(REPO / "inventory", "--load", backups, "--base-port", str(free_port(3)))
    assert sorted(hosts) == ["R1", "R2", "SW1"]
    running = show_running(hosts["R1"]["port"])
    assert "bgp 64512\r\n" in running and "peer 10.0.0.5 reflect-client" in running


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--device", "R1:ios"], "expected NAME:vrp5 or NAME:vrp8"),
        (["--device", "R1:vrp5", "--load", "/nonexistent"], "cannot read backup"),
        (["--device", "R1:vrp5", "--faults", "/nonexistent.yml"], "cannot read faults file"),
        (["--stop", "--pid-file", "/nonexistent.pid"], "no simulator running"),
    ],
)
def test_user_errors_are_clean_messages(cli: Callable[..., Any], args: list[str],
                                        message: str) -> None:
    result = cli("sim", *args)
    assert result.code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
