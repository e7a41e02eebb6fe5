"""validate, render, show: the commands that work on the inventory alone."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vrpgen import files
from vrpgen.cli.app import (
    FormatOpt,
    OutputFormat,
    QuietOpt,
    VerboseOpt,
    app,
    err,
    message,
    out,
    print_json,
    timing,
)
from vrpgen.cli.exit_codes import EXIT_FAILURE
from vrpgen.errors import InventoryError, Issue, VrpgenError, YamlError
from vrpgen.jsontext import dumps as json_text

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


def print_warnings(warnings: list[Issue], *, always: bool = False) -> None:
    """Warnings on stderr; not under --quiet, unless they are the command's result
    (`validate`)."""
    for warning in warnings:
        if always:
            err.print(warning.format(), style="yellow", markup=False)
        else:
            message(warning.format(), style="yellow")


def split_limit(limit: list[str] | None) -> list[str] | None:
    if not limit:
        return None
    return [name.strip() for item in limit for name in item.split(",") if name.strip()]


@app.command()
def validate(inventory: InventoryArg = files.DEFAULT_INVENTORY,
             strict: StrictOpt = False,
             fmt: FormatOpt = OutputFormat.text,
             quiet: QuietOpt = False,
             verbose: VerboseOpt = False) -> None:
    """Check the inventory: schema and cross-device consistency. Exit 1 if invalid.

    --format json prints every error and warning (file, line, column, path, message, hint)
    on stdout, the invalid case included."""
    # deferred: only the commands that need the stages load them
    from vrpgen import pipeline
    from vrpgen.report.validation import validation
    try:
        built = pipeline.build(inventory, strict=strict)
    except (InventoryError, YamlError) as exc:
        if fmt != OutputFormat.json:
            raise
        print_json(json_text(validation(str(inventory), exc.issues, strict=strict)))
        raise typer.Exit(EXIT_FAILURE) from None
    timing("validated")
    if fmt == OutputFormat.json:
        print_json(json_text(validation(str(inventory), built.warnings, strict=strict,
                                         devices=len(built.intents),
                                         sessions=len(built.sessions))))
        return
    print_warnings(built.warnings, always=True)  # validate's findings, even under --quiet
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
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Render each device's VRP configuration into DIR/<device>.cfg (written atomically)."""
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    result = pipeline.render_to(output, inventory, limit=split_limit(limit),
                                templates=templates, strict=strict)
    for path, replaces in result.templates:
        what = "overrides the built-in template" if replaces else "adds a template"
        message(f"notice: {path} {what}")
    print_warnings(result.warnings)
    if result.written:  # one print: rich costs ~0.15 ms a call, 1.5 s for 10,000 files
        out.print("\n".join(f"wrote {path}" for path in result.written), markup=False)
    timing(f"rendered {len(result.devices)} device(s)")


@app.command()
def show(
    device: Annotated[str, typer.Argument(help="Device or k8s node name.")],
    inventory: Annotated[Path, typer.Option("--inventory", "-i", help="Inventory file or "
                                            "directory.")] = files.DEFAULT_INVENTORY,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.yaml,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Print the derived intent of DEVICE: every peer, network and VLAN resolved; for a k8s
    node, the routes it will learn (prefix, router, next hop, reachable)."""
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    shown = pipeline.show(device, inventory)
    intent = shown.to_dict()
    if fmt == "json":
        print_json(json.dumps(intent, indent=2))
    else:
        import yaml  # only `show` writes YAML (start-up time of the other commands)
        out.print(yaml.safe_dump(intent, sort_keys=False).rstrip(), markup=False)
    timing("shown")
    if isinstance(shown, pipeline.NodeShow) and shown.errors:
        raise InventoryError(shown.errors)  # printed, located, after the routes; exit 1
