"""validate, render, show: the commands that work on the inventory alone."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml

from vrpgen import files
from vrpgen.cli.app import app, err, out
from vrpgen.errors import InventoryError, Issue, VrpgenError

InventoryArg = Annotated[Path, typer.Argument(help="Inventory file or directory.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
def complete_limit(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --limit: the device and group names of the command's inventory
    (read, not validated: a half-written inventory still completes)."""
    from vrpgen.inventory.load import load  # deferred: only a completion request pays

    # While completing, click has not bound the INVENTORY argument yet: it is in ctx.args.
    typed = [arg for arg in ctx.args if not arg.startswith("-")]
    inventory = Path(typed[0] if typed else
                     str(ctx.params.get("inventory") or files.DEFAULT_INVENTORY))
    try:
        data = load(inventory).data
    except VrpgenError:
        return []
    names = {str(n) for section in ("devices", "groups")
             if isinstance(data.get(section), dict) for n in data[section]}
    return sorted(n for n in names if n.startswith(incomplete))


LimitOpt = Annotated[list[str] | None, typer.Option(
    "--limit", "-l", help="Only these devices or groups (repeat, or comma-separate).",
    autocompletion=complete_limit)]
TemplatesOpt = Annotated[Path | None, typer.Option(
    "--templates", exists=True, file_okay=False, dir_okay=True,
    help="Directory whose *.j2 templates override the built-in ones file by file (the only "
    "way to use your own templates; they run sandboxed).")]


class ShowFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def print_warnings(warnings: list[Issue]) -> None:
    for warning in warnings:
        err.print(warning.format(), style="yellow", markup=False)


def split_limit(limit: list[str] | None) -> list[str] | None:
    if not limit:
        return None
    return [name.strip() for item in limit for name in item.split(",") if name.strip()]


@app.command()
def validate(inventory: InventoryArg = files.DEFAULT_INVENTORY,
             strict: StrictOpt = False) -> None:
    """Check the inventory: schema and cross-device consistency. Exit 1 if invalid."""
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    built = pipeline.build(inventory, strict=strict)
    print_warnings(built.warnings)
    out.print(f"{inventory}: valid ({len(built.intents)} devices, {len(built.sessions)} BGP "
              f"sessions, {len(built.warnings)} warnings)", markup=False)


@app.command()
def render(
    inventory: InventoryArg = files.DEFAULT_INVENTORY,
    output: Annotated[Path, typer.Option("--output", "-o", help="Write DIR/<device>.cfg.")] = Path(
        "build/configs"),
    limit: LimitOpt = None,
    templates: TemplatesOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Render each device's VRP configuration into DIR/<device>.cfg (written atomically)."""
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    result = pipeline.render_to(output, inventory, limit=split_limit(limit),
                                templates=templates, strict=strict)
    for path, replaces in result.templates:
        what = "overrides the built-in template" if replaces else "adds a template"
        err.print(f"notice: {path} {what}", markup=False)
    print_warnings(result.warnings)
    for path in result.written:
        out.print(f"wrote {path}", markup=False)


@app.command()
def show(
    device: Annotated[str, typer.Argument(help="Device or k8s node name.")],
    inventory: Annotated[Path, typer.Option("--inventory", "-i", help="Inventory file or "
                                            "directory.")] = files.DEFAULT_INVENTORY,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.yaml,
) -> None:
    """Print the derived intent of DEVICE: every peer, network and VLAN resolved; for a k8s
    node, the routes it will learn (prefix, router, next hop, reachable)."""
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    shown = pipeline.show(device, inventory)
    intent = shown.to_dict()
    if fmt == "json":
        out.print(json.dumps(intent, indent=2), markup=False)
    else:
        out.print(yaml.safe_dump(intent, sort_keys=False).rstrip(), markup=False)
    if isinstance(shown, pipeline.NodeShow) and shown.errors:
        raise InventoryError(shown.errors)  # printed, located, after the routes; exit 1
