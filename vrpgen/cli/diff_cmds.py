"""compare, diff, lint: the commands of the VRP diff engine (vrpgen.vrp does the work)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vrpgen import configfiles, files
from vrpgen.cli import push_cmds  # diff --live: ask_credentials
from vrpgen.cli.app import (
    FormatOpt,
    OutputFormat,
    Platform,
    QuietOpt,
    VerboseOpt,
    app,
    err,
    message,
    out,
    print_json,
    timing,
)
from vrpgen.cli.exit_codes import EXIT_CHANGES, EXIT_FAILURE
from vrpgen.cli.inventory_cmds import LimitOpt, print_warnings, split_limit
from vrpgen.errors import VrpgenError, printable
from vrpgen.report import plans
from vrpgen.report.lint import file_result, lint_document
from vrpgen.vrp import lint, models
from vrpgen.vrp.lint import FORM, LintIssue, not_modelled
from vrpgen.vrp.secrets import mask

if TYPE_CHECKING:
    from vrpgen.pipeline import Preview

PlatformOpt = Annotated[Platform, typer.Option("--platform", help="vrp5 or vrp8.")]
PlanOpt = Annotated[Path | None, typer.Option("--plan", help="Write the plan as JSON.")]


class CompareFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"  # one self-contained page (report/html.py), best with -o FILE


def _print(lines: list[plans.Line]) -> None:
    for text, style in lines:
        out.print(text, style=style, markup=False)


class Owned(StrEnum):
    """The families `--own` names (vrp.scope.OWNABLE)."""

    loopbacks = "loopbacks"
    static_routes = "static-routes"
    vlans = "vlans"
    bgp_peers = "bgp-peers"


@app.command()
def compare(
    running: Annotated[Path, typer.Argument(help="Running config (display output).")],
    intended: Annotated[Path, typer.Argument(help="Intended config.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.text,
    platform: PlatformOpt = Platform.vrp5,
    own: Annotated[list[Owned] | None, typer.Option(
        "--own", help="A family vrpgen owns beyond the lines INTENDED has, so that running "
        "lines of it that INTENDED lacks are removed (repeatable).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Remediation from RUNNING to INTENDED. Exit 0 no change, 2 changes, 1 error."""
    result = configfiles.compare(running, intended, platform.value,
                              owns=[o.value for o in own or ()])
    timing("planned")
    if fmt == "json":
        # written as it is: rich's rendering of a multi-megabyte text costs seconds
        print_json(plans.as_json(result.to_dict()))
    else:
        _print(plans.text_lines(None, result))
    if result.commands:
        raise typer.Exit(EXIT_CHANGES)


@app.command("diff")
def diff_cmd(
    ctx: typer.Context,
    inventory: Annotated[Path, typer.Argument(help="Inventory file or directory.")] = (
        files.DEFAULT_INVENTORY),
    running: Annotated[Path, typer.Option("--running", help="Directory of <device>.cfg.")] = (
        files.DEFAULT_RUNNING),
    limit: LimitOpt = None,
    fmt: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text; json, markdown, or html (a self-contained change report "
        "with the topology: docs/reports.md).")] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the json, markdown or html document to "
        "FILE (atomically) instead of stdout.")] = None,
    plan_file: PlanOpt = None,
    live: Annotated[bool, typer.Option(
        "--live", help="Read each running config from its device over SSH (as push does) "
        "instead of --running.")] = False,
    hosts: Annotated[Path | None, typer.Option(
        "--hosts", help="With --live: hosts file (device: {host, port}), e.g. from "
        "`vrpgen sim --hosts-out`.")] = None,
    audit_file: Annotated[Path | None, typer.Option(
        "--audit", metavar="FILE", help="With --live: append one JSON line per device read to "
        "FILE (replaces the inventory's settings.audit_log).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Render the inventory and compare each device with DIR/<device>.cfg (or, with --live,
    with the device itself). Exit 0 no change, 2 changes, 1 error (a device that could not
    be read counts as an error). With --live, one audit line per device (--audit FILE or the
    inventory's settings.audit_log)."""
    if output is not None and fmt == DiffFormat.text:
        raise typer.BadParameter("--output writes a document: add --format json, markdown or "
                                 "html", param_hint="--output")
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    failed: dict[str, str] = {}
    trail = None
    if live:
        credentials = push_cmds.ask_credentials()
        trail = push_cmds.audit_trail(ctx, audit_file, credentials)
        result, failed = pipeline.diff_live(inventory, credentials=credentials, hosts=hosts,
                                            limit=split_limit(limit), trail=trail)
    else:
        result = pipeline.preview(running, inventory, limit=split_limit(limit))
    timing(f"planned {len(result.plans)} device(s)")
    print_warnings(result.warnings)
    for name, error in sorted(failed.items()):  # an error: printed even under --quiet
        err.print(f"{printable(name)}: not read: {printable(error)}", markup=False)
    if plan_file is not None:
        pipeline.write_plan(plan_file, result)
        message(f"plan written to {plan_file}")
    _show(result, fmt, output, inventory, failed)
    if trail is not None:
        push_cmds.report_audit(trail)
    if failed:
        raise typer.Exit(EXIT_FAILURE)
    if any(p.commands for p in result.plans.values()):
        raise typer.Exit(EXIT_CHANGES)


def _show(result: Preview, fmt: DiffFormat, output: Path | None, inventory: Path,
          unread: dict[str, str]) -> None:
    """The plans as text on stdout, or as a document (json, markdown, html) on stdout or in
    --output FILE."""
    from vrpgen import pipeline  # deferred, as in diff_cmd
    if fmt == DiffFormat.text:
        for name, p in result.plans.items():
            _print(plans.text_lines(name, p))
        return
    document = (plans.as_json(result.to_dict()) if fmt == DiffFormat.json
                else plans.markdown(result.plans) if fmt == DiffFormat.markdown
                else pipeline.change_report(result, inventory, unread=unread))
    if output is None:
        print_json(document)  # as it is, not through rich: large plans, no markup
        return
    files.write_atomic(output, document if document.endswith("\n") else document + "\n")
    message(f"{fmt} report written to {output}")


@app.command("lint")
def lint_cmd(
    files: Annotated[list[Path], typer.Argument(help="Config files to check.")],
    platform: PlatformOpt = Platform.vrp5,
    model: Annotated[str | None, typer.Option(
        "--model", help="Device model or family (s5700, ar, ce6800, ce12800, ne40e...): implies "
        "the platform; interface types the model lacks are errors.")] = None,
    notes: Annotated[bool, typer.Option(
        "--notes", help="List every line vrpgen does not model (and every line not in "
        "display form), not just their count.")] = False,
    fmt: FormatOpt = OutputFormat.text,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Every known command in a view where it is legal and well formed (exit 1 if not). Lines
    vrpgen does not model are legitimate VRP: counted as notes, never an error (exit 0).

    Findings go to stdout (--format json: every finding of every file, notes included); a
    file that cannot be read or parsed is an error on stderr (in the JSON: its `error`)."""
    if model is not None:
        try:
            models.family(model)
        except models.UnknownModelError as exc:  # a bad option value: a usage error
            raise typer.BadParameter(str(exc), param_hint="--model") from None
    bad = 0
    unmodelled = 0
    documents = []
    for path in files:  # a file that cannot be read or parsed is reported, then the next one
        try:
            issues = lint(configfiles.read_config(path), platform.value, model)
        except VrpgenError as exc:
            message_ = str(exc).removeprefix(f"{path}: ")
            documents.append(file_result(str(path), None, message_))
            if fmt != OutputFormat.json:
                err.print(f"{path}: {printable(message_)}", markup=False)
            bad += 1
            continue
        documents.append(file_result(str(path), issues))
        bad += sum(1 for issue in issues if issue.error)
        if fmt != OutputFormat.json:
            for issue in issues:
                if issue.error or notes:
                    label = "" if issue.error else "note: "
                    out.print(f"{path}:{issue.line}: {label}{issue.message}: "
                              f"{printable(mask(issue.text))}", markup=False)
            unmodelled += _print_notes(path, issues)
        timing(f"{path}: linted")
    if fmt == OutputFormat.json:
        print_json(plans.as_json(lint_document(platform.value, documents)))
    elif not bad:
        suffix = f" ({unmodelled} lines not modelled by vrpgen)" if unmodelled else ""
        out.print(f"{len(files)} file(s): ok{suffix}", markup=False)
    if bad:
        raise typer.Exit(EXIT_FAILURE)


def _print_notes(path: Path, issues: list[LintIssue]) -> int:
    """The per-file count of lines vrpgen does not model and of lines not in display form."""
    count = not_modelled(issues)
    forms = sum(1 for i in issues if i.severity == FORM)
    parts = [f"{count} lines not modelled by vrpgen"] if count else []
    parts += [f"{forms} lines not in display form"] if forms else []
    if parts:
        out.print(f"{path}: " + ", ".join(parts), markup=False)
    return count
