"""`vrpgen sim`: simulated VRP devices on loopback SSH ports, one per inventory device."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from vrpgen.cli.app import app, out
from vrpgen.sim.faults import Faults, SimError, load_faults
from vrpgen.sim.runner import DeviceSpec, credentials, start, write_hosts, write_pid
from vrpgen.sim.texts import PLATFORMS

DEFAULT_HOSTS = Path("sim-hosts.yml")
DEFAULT_PID = Path("vrpgen-sim.pid")
READY_TIMEOUT = 120.0


@app.command("sim")
def sim(
    inventory: Annotated[Path, typer.Argument(help="inventory directory")] = Path("inventory"),
    base_port: Annotated[
        int, typer.Option(help="first port; the next devices count upwards")
    ] = 10022,
    load: Annotated[
        Path | None, typer.Option(help="start each device from DIR/<device>.cfg (backups)")
    ] = None,
    faults: Annotated[Path | None, typer.Option(help="YAML file of per-device faults")] = None,
    hosts_out: Annotated[Path, typer.Option(help="hosts file to write (device → host, port)")] = (
        DEFAULT_HOSTS
    ),
    pid_file: Annotated[
        Path | None, typer.Option(help="write the pid here (default with --detach: vrpgen-sim.pid)")
    ] = None,
    detach: Annotated[
        bool, typer.Option("--detach", help="run in the background; stop with --stop")
    ] = False,
    stop: Annotated[
        bool, typer.Option("--stop", help="stop the simulator whose pid is in --pid-file")
    ] = False,
    device: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME:PLATFORM", help="vrp5 or vrp8 device instead of the inventory; repeatable"
        ),
    ] = None,
) -> None:
    """Start one simulated VRP device (SSH on 127.0.0.1) per inventory device.

    Credentials: VRPGEN_USERNAME / VRPGEN_PASSWORD (default vrpgen / vrpgen). Runs until
    interrupted, or in the background with --detach (stop it with --stop).
    """
    if stop:
        _stop(pid_file or DEFAULT_PID)
        return
    if detach:
        _detach(pid_file or DEFAULT_PID, hosts_out)
        return
    specs = _specs(inventory, device or [], load)
    fault_map = load_faults(faults, {s.name for s in specs}) if faults else {}
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(specs, base_port, fault_map, hosts_out, pid_file))


def _specs(inventory: Path, devices: list[str], load: Path | None) -> list[DeviceSpec]:
    platforms: dict[str, str] = {}
    if devices:
        for item in devices:
            name, _, platform = item.partition(":")
            if not name or platform not in PLATFORMS:
                raise SimError(f"--device {item}: expected NAME:vrp5 or NAME:vrp8")
            platforms[name] = platform
    else:
        from vrpgen.pipeline import render_inventory

        platforms = dict(render_inventory(inventory).platforms)
    specs = []
    for name, platform in platforms.items():
        text = None
        if load is not None:
            path = load / f"{name}.cfg"
            try:
                text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            except OSError as exc:
                raise SimError(f"{path}: cannot read backup: {exc.strerror}") from None
        specs.append(DeviceSpec(name, platform, text))
    return specs


async def _serve(
    specs: list[DeviceSpec],
    base_port: int,
    fault_map: dict[str, Faults],
    hosts_out: Path,
    pid_file: Path | None,
) -> None:
    username, password = credentials()
    sim = await start(
        specs, base_port=base_port, username=username, password=password, faults=fault_map
    )
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    try:
        write_hosts(hosts_out, sim)
        for name, port in sim.ports.items():
            out.print(f"{name:<20} {sim.devices[name].platform}  127.0.0.1:{port}", markup=False)
        out.print(f"hosts file: {hosts_out}", markup=False)
        if pid_file is not None:
            write_pid(pid_file)  # last: its presence means "ready" to a detaching parent
        sys.stdout.flush()
        await stopped.wait()
    finally:
        await sim.close()
        if pid_file is not None:
            pid_file.unlink(missing_ok=True)


def _detach(pid_file: Path, hosts_out: Path) -> None:
    """Re-run this command without --detach in a new session; return once it listens."""
    if _running(pid_file) is not None:
        raise SimError(f"{pid_file}: a simulator is already running (stop it with --stop)")
    pid_file.unlink(missing_ok=True)
    argv = [a for a in sys.argv[1:] if a != "--detach"]
    argv = _strip_option(argv, "--pid-file")
    cmd = [sys.executable, "-m", "vrpgen", *argv, "--pid-file", str(pid_file)]
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
            if _running(pid_file) == child.pid:
                msg = f"simulator running, pid {child.pid}; hosts file: {hosts_out}"
                out.print(msg, markup=False)
                return
            time.sleep(0.05)
        child.terminate()
        raise SimError(f"the simulator did not start within {READY_TIMEOUT:.0f} s")


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


def _running(pid_file: Path) -> int | None:
    """The pid in `pid_file` if that process is alive."""
    try:
        pid = int(pid_file.read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _alive(pid: int) -> bool:
    """True while `pid` runs; a zombie nobody reaped yet counts as stopped."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    except OSError as exc:
        return not isinstance(exc, ProcessLookupError)
    return stat.rpartition(")")[2].split()[0] != "Z"


def _stop(pid_file: Path) -> None:
    pid = _running(pid_file)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        raise SimError(f"{pid_file}: no simulator running")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        time.sleep(0.05)
    else:
        raise SimError(f"simulator pid {pid} did not stop within 15 s")
    pid_file.unlink(missing_ok=True)
    out.print(f"simulator pid {pid} stopped", markup=False)
