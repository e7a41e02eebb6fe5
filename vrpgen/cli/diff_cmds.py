"""compare, diff, lint: the commands of the VRP diff engine (vrpgen.vrp does the work)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from vrpgen import pipeline
from vrpgen.cli.app import EXIT_CHANGES, EXIT_FAILURE, app, err, out
from vrpgen.cli.inventory_cmds import LimitOpt, print_warnings, split_limit
from vrpgen.errors import DiffError
from vrpgen.vrp import Command, Plan, lint, view_depths

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text, json or markdown.")]
PlatformOpt = Annotated[str, typer.Option("--platform", help="vrp5 or vrp8.")]
PlanOpt = Annotated[Path | None, typer.Option("--plan", help="Write the plan as JSON.")]
_STYLE: dict[str, str | None] = {"high": "bold red", "medium": "yellow", "low": None}


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise DiffError(f"--format must be one of {', '.join(allowed)}, not {fmt!r}")


def _print_text(name: str | None, result: Plan) -> None:
    if name:
        out.print(f"== {name}", style="bold", markup=False)
    if not result.commands:
        out.print(f"no changes ({result.unmanaged} unmanaged lines left alone)", markup=False)
        return
    for line in result.diff.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else None
        out.print(line, style=style, markup=False)
    out.print("commands:", style="bold", markup=False)
    for cmd, text in zip(result.commands, _indented(result.commands), strict=True):
        suffix = f"   [answers {cmd.answer} to: {cmd.question}]" if cmd.question else ""
        out.print(f"  {text}{suffix}", style=_STYLE.get(cmd.level or ""), markup=False)
    out.print("risks:", style="bold", markup=False)
    for risk in result.risks:
        if risk.level != "low":
            out.print(f"  {risk.level:6} {risk.command}: {risk.reason}",
                      style=_STYLE[risk.level], markup=False)
    low = sum(1 for r in result.risks if r.level == "low")
    out.print(f"  {low} low-risk changes; {result.unmanaged} unmanaged lines left alone",
              markup=False)


def _indented(commands: list[Command]) -> list[str]:
    """Commands indented by view depth, as an engineer reads them; what is sent is unchanged."""
    texts = [c.text for c in commands]
    return [" " * depth + text for depth, text in zip(view_depths(texts), texts, strict=True)]


def _markdown(plans: dict[str, Plan]) -> str:
    lines = ["| device | commands | high | medium | low | unmanaged |", "|---|---|---|---|---|---|"]
    for name, p in plans.items():
        levels = [r.level for r in p.risks]
        lines.append(f"| {name} | {len(p.commands)} | {levels.count('high')} | "
                     f"{levels.count('medium')} | {levels.count('low')} | {p.unmanaged} |")
    for name, p in plans.items():
        if p.commands:
            lines += ["", f"## {name}", "", "```diff", p.diff, "```", "", "```",
                      *_indented(p.commands), "```"]
    return "\n".join(lines)


@app.command()
def compare(
    running: Annotated[Path, typer.Argument(help="Running config (display output).")],
    intended: Annotated[Path, typer.Argument(help="Intended config.")],
    fmt: FormatOpt = "text",
    platform: PlatformOpt = "vrp5",
) -> None:
    """Remediation from RUNNING to INTENDED. Exit 0 no change, 2 changes, 1 error."""
    _check_format(fmt, ("text", "json"))
    result = pipeline.compare(running, intended, platform)
    if fmt == "json":
        out.print(json.dumps(result.to_dict(), indent=2), markup=False, highlight=False)
    else:
        _print_text(None, result)
    if result.commands:
        raise typer.Exit(EXIT_CHANGES)


@app.command("diff")
def diff_cmd(
    inventory: Annotated[Path, typer.Argument(help="Inventory file or directory.")] = (
        pipeline.DEFAULT_INVENTORY),
    running: Annotated[Path, typer.Option("--running", help="Directory of <device>.cfg.")] = Path(
        "running"),
    limit: LimitOpt = None,
    fmt: FormatOpt = "text",
    plan_file: PlanOpt = None,
) -> None:
    """Render the inventory and compare each device with DIR/<device>.cfg."""
    _check_format(fmt, ("text", "json", "markdown"))
    result = pipeline.preview(running, inventory, limit=split_limit(limit))
    print_warnings(result.warnings)
    plans = result.plans
    if plan_file is not None:
        pipeline.write_plan(plan_file, result)
    document = result.to_dict()
    if fmt == "json":
        out.print(json.dumps(document, indent=2), markup=False, highlight=False)
    elif fmt == "markdown":
        out.print(_markdown(plans), markup=False, highlight=False)
    else:
        for name, p in plans.items():
            _print_text(name, p)
    if any(p.commands for p in plans.values()):
        raise typer.Exit(EXIT_CHANGES)


@app.command("lint")
def lint_cmd(
    files: Annotated[list[Path], typer.Argument(help="Config files to check.")],
    platform: PlatformOpt = "vrp5",
) -> None:
    """Every line is a command the model knows, in a view where it is legal. Exit 1 if not."""
    bad = 0
    for path in files:
        for issue in lint(pipeline.read_config(path), platform):
            err.print(f"{path}:{issue.line}: {issue.message}: {issue.text}", markup=False)
            bad += 1
    if bad:
        raise typer.Exit(EXIT_FAILURE)
    out.print(f"{len(files)} file(s): ok", markup=False)
