"""`vrpgen sim --stop` signals only a simulator started with that pid file (vrpgen.sim.daemon)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from vrpgen.sim import daemon
from vrpgen.sim.faults import SimError

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


@pytest.fixture
def spawn() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a harmless sleeping process with the given extra argv; always killed after."""
    started: list[subprocess.Popen[bytes]] = []

    def run(*argv: str) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen([*SLEEP, *argv])
        started.append(proc)
        return proc

    yield run
    for proc in started:
        proc.kill()
        proc.wait()


def pid_file_for(tmp_path: Path, pid: int) -> Path:
    path = tmp_path / "sim.pid"
    path.write_text(f"{pid}\n")
    return path


def test_stop_refuses_a_process_that_is_not_a_simulator(
    spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    proc = spawn()
    pid_file = pid_file_for(tmp_path, proc.pid)
    with pytest.raises(SimError, match="is not a vrpgen simulator"):
        daemon.stop(pid_file)
    assert proc.poll() is None  # not signalled
    assert pid_file.exists()
    assert daemon.running(pid_file) is None


def test_stop_refuses_a_simulator_of_another_pid_file(
    spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    proc = spawn("vrpgen", "sim", "--pid-file", str(tmp_path / "other.pid"))
    with pytest.raises(SimError, match="is not a vrpgen simulator"):
        daemon.stop(pid_file_for(tmp_path, proc.pid))
    assert proc.poll() is None


def test_stop_signals_the_simulator_named_by_its_pid_file(
    spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    pid_file = tmp_path / "sim.pid"
    proc = spawn("vrpgen", "sim", f"--pid-file={pid_file}")
    pid_file_for(tmp_path, proc.pid)
    assert daemon.running(pid_file) == proc.pid
    assert daemon.stop(pid_file) == proc.pid
    assert proc.wait(timeout=5) == -15  # SIGTERM
    assert not pid_file.exists()


def test_cli_stop_of_a_foreign_pid_is_a_clean_error(
    cli: Callable[..., Any], spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    proc = spawn()
    result = cli("sim", "--stop", "--pid-file", pid_file_for(tmp_path, proc.pid))
    assert result.code == 1
    assert f"pid {proc.pid} is not a vrpgen simulator" in result.stderr
    assert "Traceback" not in result.stderr
    assert proc.poll() is None
