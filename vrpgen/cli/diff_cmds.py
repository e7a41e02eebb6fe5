"""compare, diff, lint: the commands of the VRP diff engine (vrpgen.vrp does the work)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vrpgen import pipeline
from vrpgen.cli.app import Platform, app, err, out
from vrpgen.cli.exit_codes import EXIT_CHANGES, EXIT_FAILURE
from vrpgen.cli.inventory_cmds import LimitOpt, print_warnings, split_limit
from vrpgen.errors import VrpgenError, printable
from vrpgen.report import plans
from vrpgen.vrp import lint

PlatformOpt = Annotated[Platform, typer.Option("--platform", help="vrp5 or vrp8.")]
PlanOpt = Annotated[Path | None, typer.Option("--plan", help="Write the plan as JSON.")]


class CompareFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _print(lines: list[plans.Line]) -> None:
    for text, style in lines:
        out.print(text, style=style, markup=False)


@app.command()
def compare(
    running: Annotated[Path, typer.Argument(help="Running config (display output).")],
    intended: Annotated[Path, typer.Argument(help="Intended config.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.text,
    platform: PlatformOpt = Platform.vrp5,
) -> None:
    """Remediation from RUNNING to INTENDED. Exit 0 no change, 2 changes, 1 error."""
    result = pipeline.compare(running, intended, platform.value)
    if fmt == "json":
        out.print(plans.as_json(result.to_dict()), markup=False, highlight=False)
    else:
        _print(plans.text_lines(None, result))
    if result.commands:
        raise typer.Exit(EXIT_CHANGES)


@app.command("diff")
def diff_cmd(
    inventory: Annotated[Path, typer.Argument(help="Inventory file or directory.")] = (
        pipeline.DEFAULT_INVENTORY),
    running: Annotated[Path, typer.Option("--running", help="Directory of <device>.cfg.")] = Path(
        "running"),
    limit: LimitOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    plan_file: PlanOpt = None,
) -> None:
    """Render the inventory and compare each device with DIR/<device>.cfg."""
    result = pipeline.preview(running, inventory, limit=split_limit(limit))
    print_warnings(result.warnings)
    if plan_file is not None:
        pipeline.write_plan(plan_file, result)
    if fmt == "json":
        out.print(plans.as_json(result.to_dict()), markup=False, highlight=False)
    elif fmt == "markdown":
        out.print(plans.markdown(result.plans), markup=False, highlight=False)
    else:
        for name, p in result.plans.items():
            _print(plans.text_lines(name, p))
    if any(p.commands for p in result.plans.values()):
        raise typer.Exit(EXIT_CHANGES)


@app.command("lint")
def lint_cmd(
    files: Annotated[list[Path], typer.Argument(help="Config files to check.")],
    platform: PlatformOpt = Platform.vrp5,
) -> None:
    """Every line is a command the model knows, in a view where it is legal. Exit 1 if not."""
    bad = 0
    for path in files:  # a file that cannot be read or parsed is reported, then the next one
        try:
            issues = lint(pipeline.read_config(path), platform.value)
        except VrpgenError as exc:
            message = str(exc).removeprefix(f"{path}: ")
            err.print(f"{path}: {printable(message)}", markup=False)
            bad += 1
            continue
        for issue in issues:
            err.print(f"{path}:{issue.line}: {issue.message}: {printable(issue.text)}",
                      markup=False)
            bad += 1
    if bad:
        raise typer.Exit(EXIT_FAILURE)
    out.print(f"{len(files)} file(s): ok", markup=False)
