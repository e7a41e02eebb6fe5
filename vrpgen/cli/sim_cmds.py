"""`vrpgen sim`: simulated VRP devices on loopback SSH ports, one per inventory device."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vrpgen.cli.app import QuietOpt, VerboseOpt, app, out
from vrpgen.sim.texts import PLATFORMS
from vrpgen.vrp import models

if TYPE_CHECKING:
    from vrpgen.sim.runner import Simulator

DEFAULT_HOSTS = Path("sim-hosts.yml")
DEFAULT_PID = Path("vrpgen-sim.pid")


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
            metavar="NAME:PLATFORM",
            help="vrp5, vrp8 or model (ce6800...) device instead of the inventory; repeatable"
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Start one simulated VRP device (SSH on 127.0.0.1) per inventory device.

    Credentials: VRPGEN_USERNAME / VRPGEN_PASSWORD (default vrpgen / vrpgen). Runs until
    interrupted, or in the background with --detach (stop it with --stop).
    """
    # deferred: the inventory stages and asyncssh load only when a simulator starts
    from vrpgen import pipeline
    from vrpgen.sim import daemon
    from vrpgen.sim.runner import load_specs
    if stop:
        pid = daemon.stop(pid_file or DEFAULT_PID)
        out.print(f"simulator pid {pid} stopped", markup=False)
        return
    if detach:
        pid = daemon.detach(sys.argv[1:], pid_file or DEFAULT_PID)
        out.print(f"simulator running, pid {pid}; hosts file: {hosts_out}", markup=False)
        return
    models: dict[str, str] = {}
    if device:
        platforms, models = _platforms(device)
    else:
        rendered = pipeline.render_inventory(inventory)
        platforms, models = dict(rendered.platforms), dict(rendered.models)
    specs = load_specs(platforms, load, models)
    from vrpgen.sim.faults import load_faults  # reads YAML: loaded only when needed
    fault_map = load_faults(faults, set(platforms)) if faults else {}

    def ready(sim: Simulator) -> None:
        for name, port in sim.ports.items():
            out.print(f"{name:<20} {sim.devices[name].platform}  127.0.0.1:{port}", markup=False)
        out.print(f"hosts file: {hosts_out}", markup=False)

    daemon.serve(specs, base_port=base_port, faults=fault_map, hosts_out=hosts_out,
                 pid_file=pid_file, ready=ready)


def _platforms(devices: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """`--device NAME:PLATFORM` or `NAME:MODEL` options → ({name: platform}, {name: model})."""
    platforms: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for item in devices:
        name, _, kind = item.partition(":")
        if name and kind in PLATFORMS:
            platforms[name] = kind
            continue
        try:
            family = models.family(kind)
        except models.UnknownModelError:
            family = None
        if not name or family is None:
            from vrpgen.sim.faults import SimError  # with the fault loader (YAML): on demand
            raise SimError(f"--device {item}: expected NAME:vrp5 or NAME:vrp8, or NAME:MODEL "
                           f"with a model of: {models.known_models()}") from None
        platforms[name], chosen[name] = family.platform, kind
    return platforms, chosen
