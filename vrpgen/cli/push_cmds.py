"""backup: read running configurations from the devices (or the simulator) over SSH."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from vrpgen import pipeline
from vrpgen.cli.app import app, err, out
from vrpgen.cli.exit_codes import EXIT_FAILURE
from vrpgen.cli.inventory_cmds import InventoryArg, LimitOpt, split_limit
from vrpgen.errors import printable
from vrpgen.push.backup import BackupResult
from vrpgen.push.targets import Credentials, credentials_from_env

HostsOpt = Annotated[Path | None, typer.Option(
    "--hosts", help="Hosts file (device: {host, port}), e.g. from `vrpgen sim --hosts-out`; "
    "replaces the inventory's mgmt addresses.")]


def ask_credentials() -> Credentials:
    """From VRPGEN_USERNAME / VRPGEN_PASSWORD, else a prompt on a terminal; never from YAML."""
    found = credentials_from_env()
    if found is not None:
        return found
    if not sys.stdin.isatty():
        raise typer.BadParameter("set VRPGEN_USERNAME and VRPGEN_PASSWORD (no terminal to "
                                 "prompt on)", param_hint="credentials")
    username = typer.prompt("username")
    return Credentials(username, typer.prompt("password", hide_input=True))


@app.command()
def backup(
    inventory: InventoryArg = pipeline.DEFAULT_INVENTORY,
    output: Annotated[Path, typer.Option("--output", "-o", help="Write DIR/<device>.cfg.")] = Path(
        "build/running"),
    hosts: HostsOpt = None,
    limit: LimitOpt = None,
    workers: Annotated[int, typer.Option(help="Devices read in parallel.", min=1)] = 8,
) -> None:
    """Read each device's running configuration into DIR/<device>.cfg (written atomically).

    Exit 0 when every device answered, 1 when any failed (the others are still written).
    """
    credentials = ask_credentials()

    def done(result: BackupResult) -> None:  # device names and errors are never markup
        mark = Text("ok", style="green") if result.ok else Text("failed", style="red")
        err.print(Text.assemble(mark, " ", printable(result.device)), highlight=False)

    results = pipeline.backup(output, inventory, credentials=credentials, hosts=hosts,
                              limit=split_limit(limit), workers=workers, on_done=done)
    table = Table("device", "result", "lines", "file / error")
    for result in results:  # rich.Text cells: a value in brackets is shown, not parsed
        detail = str(result.path) if result.ok else (result.error or "")
        table.add_row(Text(printable(result.device)), Text("ok" if result.ok else "FAILED"),
                      Text(str(result.lines)), Text(printable(detail)))
    out.print(table)
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILURE)
