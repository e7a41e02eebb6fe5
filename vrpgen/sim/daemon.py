"""Run the simulator as a process: in the foreground, detached in the background, or stop it.

The pid file holds the pid alone (scripts may `kill $(cat FILE)`); it is written last, once every
server listens, so its presence means "ready". Before `stop()` signals that pid it checks, through
/proc, that the process is a `vrpgen sim` told to write this very pid file: a stale file whose pid
now belongs to another program must not get it killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from vrpgen.files import write_atomic
from vrpgen.sim.faults import Faults, SimError
from vrpgen.sim.runner import DeviceSpec, Simulator, credentials, start, write_hosts

READY_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0
PID_OPTION = "--pid-file"


def serve(
    specs: list[DeviceSpec],
    *,
    base_port: int,
    faults: Mapping[str, Faults],
    hosts_out: Path,
    pid_file: Path | None,
    ready: Callable[[Simulator], None],
) -> None:
    """Run in the foreground until SIGINT/SIGTERM; `ready(sim)` once every device listens."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(specs, base_port, faults, hosts_out, pid_file, ready))


async def _serve(
    specs: list[DeviceSpec],
    base_port: int,
    faults: Mapping[str, Faults],
    hosts_out: Path,
    pid_file: Path | None,
    ready: Callable[[Simulator], None],
) -> None:
    username, password = credentials()
    sim = await start(
        specs, base_port=base_port, username=username, password=password, faults=faults
    )
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    try:
        write_hosts(hosts_out, sim)
        ready(sim)
        sys.stdout.flush()  # the device lines are out before the pid file says "ready"
        if pid_file is not None:
            write_pid(pid_file)  # last: its presence means "ready" to a detaching parent
        await stopped.wait()
    finally:
        await sim.close()
        if pid_file is not None:
            pid_file.unlink(missing_ok=True)


def write_pid(path: Path) -> None:
    write_atomic(path, f"{os.getpid()}\n")


def detach(argv: Sequence[str], pid_file: Path) -> int:
    """Re-run `vrpgen ARGV` without --detach in a new session; return its pid once it listens."""
    if running(pid_file) is not None:
        raise SimError(f"{pid_file}: a simulator is already running (stop it with --stop)")
    pid_file.unlink(missing_ok=True)
    args = _strip_option([a for a in argv if a != "--detach"], PID_OPTION)
    cmd = [sys.executable, "-m", "vrpgen", *args, PID_OPTION, str(pid_file)]
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if child.poll() is not None:
                log.seek(0)
                text = log.read().decode(errors="replace").strip()
                raise SimError(f"the simulator did not start:\n{text}")
            if running(pid_file) == child.pid:
                return child.pid
            time.sleep(0.05)
        child.terminate()
        raise SimError(f"the simulator did not start within {READY_TIMEOUT:.0f} s")


def stop(pid_file: Path) -> int:
    """SIGTERM the simulator named by `pid_file` and wait for it to exit; returns its pid."""
    pid = read_pid(pid_file)
    if pid is None or not alive(pid):
        pid_file.unlink(missing_ok=True)
        raise SimError(f"{pid_file}: no simulator running")
    if not is_simulator(pid, pid_file):
        raise SimError(
            f"{pid_file}: pid {pid} is not a vrpgen simulator started with this pid file; "
            "not stopping it (if the simulator is gone, the pid file is stale: remove it)"
        )
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while alive(pid):
        if time.monotonic() > deadline:
            raise SimError(f"simulator pid {pid} did not stop within {STOP_TIMEOUT:.0f} s")
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    return pid


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def running(pid_file: Path) -> int | None:
    """The pid in `pid_file` if that process is alive and is our simulator."""
    pid = read_pid(pid_file)
    if pid is None or not alive(pid) or not is_simulator(pid, pid_file):
        return None
    return pid


def alive(pid: int) -> bool:
    """True while `pid` runs; a zombie nobody reaped yet counts as stopped."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    except OSError as exc:
        return not isinstance(exc, ProcessLookupError)  # EPERM: alive, someone else's
    return stat.rpartition(")")[2].split()[0] != "Z"


def is_simulator(pid: int, pid_file: Path) -> bool:
    """`pid` runs `vrpgen … sim … --pid-file F` with F this pid file (resolved in its cwd).

    Unreadable /proc entries (another user's process, no /proc) count as "not ours".
    """
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return False
    argv = raw.decode(errors="replace").rstrip("\0").split("\0")
    starts = [i for i, arg in enumerate(argv) if Path(arg).name == "vrpgen"]
    if not starts or "sim" not in argv[starts[0] + 1 :]:
        return False
    named = _option_value(argv, PID_OPTION)
    return named is not None and (cwd / named).resolve() == pid_file.resolve()


def _option_value(argv: list[str], name: str) -> str | None:
    """The last value of `name VALUE` / `name=VALUE` in argv (typer takes the last one)."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(f"{name}="):
            value = arg.partition("=")[2]
    return value


def _strip_option(argv: list[str], name: str) -> list[str]:
    result: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == name:
            skip = True
        elif not arg.startswith(f"{name}="):
            result.append(arg)
    return result
