"""backup and push: read running configurations from the devices (or the simulator) over SSH,
and push each device's plan in its change window."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from vrpgen import audit, files
from vrpgen.cli.app import (
    FormatOpt,
    OutputFormat,
    QuietOpt,
    VerboseOpt,
    app,
    detail,
    err,
    is_quiet,
    message,
    out,
    print_json,
    print_table,
    timing,
)
from vrpgen.cli.exit_codes import EXIT_FAILURE
from vrpgen.cli.inventory_cmds import InventoryArg, LimitOpt, print_warnings, split_limit
from vrpgen.errors import printable
from vrpgen.jsontext import dumps as json_text
from vrpgen.report import push as push_report

if TYPE_CHECKING:  # the push machinery loads with the commands that use it (start-up time)
    from vrpgen.push.backup import BackupResult
    from vrpgen.push.executor import DeviceResult
    from vrpgen.push.targets import Credentials

HostsOpt = Annotated[Path | None, typer.Option(
    "--hosts", help="Hosts file (device: {host, port}), e.g. from `vrpgen sim --hosts-out`; "
    "replaces the inventory's mgmt addresses.")]


def ask_credentials() -> Credentials:
    """From VRPGEN_USERNAME / VRPGEN_PASSWORD, else a prompt on a terminal; never from YAML."""
    from vrpgen.push.targets import Credentials, credentials_from_env
    found = credentials_from_env()
    if found is not None:
        return found
    if not sys.stdin.isatty():
        raise typer.BadParameter("set VRPGEN_USERNAME and VRPGEN_PASSWORD (no terminal to "
                                 "prompt on)", param_hint="credentials")
    username = typer.prompt("username")
    return Credentials(username, typer.prompt("password", hide_input=True))


AuditOpt = Annotated[Path | None, typer.Option(
    "--audit", metavar="FILE", help="Append one JSON line per device to FILE (time, user, "
    "command line, device, plan fingerprint, lines sent, result; never a secret); replaces "
    "the inventory's settings.audit_log.")]

# An option whose value could be a secret: its value never reaches the audit trail.
_SECRET_OPTION = re.compile(r"pass|secret|token|credential|key(?!s\b)", re.IGNORECASE)


def audit_trail(ctx: typer.Context, path: Path | None,
                credentials: Credentials) -> audit.AuditTrail:
    """This run's audit trail: the command line with the values of secret-looking options and
    the password hidden (the environment and hosts files never enter it)."""
    secret_options = {opt for param in ctx.command.params
                      if getattr(param, "is_flag", True) is False and param.name
                      and _SECRET_OPTION.search(param.name)
                      for opt in param.opts}
    argv = ["vrpgen", *sys.argv[1:]]
    return audit.AuditTrail(command=audit.command_line(argv, [credentials.password],
                                                       secret_options), path=path)


def report_audit(trail: audit.AuditTrail) -> None:
    """--verbose: where the trail went. A device was touched but its audit line could not be
    written: say so, exit 1."""
    if trail.path is not None:
        detail(f"audit trail: {trail.path}")
    for error in trail.errors:
        err.print(f"error: {printable(error)}", markup=False)
    if trail.errors:
        raise typer.Exit(EXIT_FAILURE)


@app.command()
def backup(
    ctx: typer.Context,
    inventory: InventoryArg = files.DEFAULT_INVENTORY,
    output: Annotated[Path, typer.Option("--output", "-o", help="Write DIR/<device>.cfg.")] = (
        files.DEFAULT_RUNNING),
    hosts: HostsOpt = None,
    limit: LimitOpt = None,
    workers: Annotated[int, typer.Option(help="Devices read in parallel.", min=1)] = 8,
    fmt: FormatOpt = OutputFormat.text,
    audit_file: AuditOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Read each device's running configuration into DIR/<device>.cfg (written atomically).

    Exit 0 when every device answered, 1 when any failed (the others are still written).
    """
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    credentials = ask_credentials()

    def done(result: BackupResult) -> None:  # device names and errors are never markup
        mark = Text("ok", style="green") if result.ok else Text("failed", style="red")
        message(Text.assemble(mark, " ", printable(result.device)))

    trail = audit_trail(ctx, audit_file, credentials)
    run = pipeline.backup(output, inventory, credentials=credentials, hosts=hosts,
                          limit=split_limit(limit), workers=workers, on_done=done, trail=trail)
    if fmt == OutputFormat.json:
        print_json(json_text(run.to_dict()))
    else:
        print_table(("device", "result", "lines", "file / error"), [
            (printable(r.device), "ok" if r.ok else "FAILED", str(r.lines),
             printable(str(r.path) if r.ok else (r.error or "")))
            for r in run.results])
    timing(f"backed up {len(run.results)} device(s)")
    report_audit(trail)
    if not run.ok:
        raise typer.Exit(EXIT_FAILURE)


KnownHostsOpt = Annotated[Path | None, typer.Option(
    "--known-hosts", help="Check each device's SSH host key against this known_hosts file; "
    "without it host keys are not checked (and the report says so).")]


@app.command()
def push(
    ctx: typer.Context,
    inventory: InventoryArg = files.DEFAULT_INVENTORY,
    limit: LimitOpt = None,
    hosts: HostsOpt = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Connect, back up and plan; print the plans; send nothing.")] = False,
    plan_file: Annotated[Path | None, typer.Option(
        "--plan", help="Push only what this reviewed plan (`vrpgen diff --plan`) says; a "
        "device whose running config changed since is refused.")] = None,
    workers: Annotated[int, typer.Option(help="Devices pushed in parallel.", min=1)] = 8,
    save: Annotated[bool, typer.Option(
        "--save", help="`save` after a verified push (answers its question).")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Write the report (atomically): JSON, or with a .html suffix one "
        "self-contained page with the topology (docs/reports.md).")] = None,
    confirm_timeout: Annotated[int | None, typer.Option(
        "--confirm-timeout", min=60, max=65535,
        help="VRP8: `commit trial N`; confirmed only after verification, otherwise the "
        "device rolls back by itself after N s.")] = None,
    known_hosts: KnownHostsOpt = None,
    rollback_on_error: Annotated[bool, typer.Option(
        "--rollback-on-error", help="VRP5: after a failure, send the commands that undo the "
        "applied lines (planned by the model) and verify.")] = False,
    rotate_secrets: Annotated[bool, typer.Option(
        "--rotate-secrets", help="Send every password line again (passwords are never "
        "compared: the device shows them ciphered).")] = False,
    connect_timeout: Annotated[float, typer.Option(
        "--connect-timeout", min=1, help="Seconds to connect and log in, per device.")] = 30.0,
    command_timeout: Annotated[float, typer.Option(
        "--command-timeout", min=1, help="Seconds to wait for each command's prompt.")] = 30.0,
    backup_dir: Annotated[Path, typer.Option(
        "--backup-dir", help="Back up to DIR/<device>/<UTC time>.cfg and DIR/<device>.cfg.")] = (
        files.DEFAULT_RUNNING),
    fmt: FormatOpt = OutputFormat.text,
    audit_file: AuditOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Push each device's plan: back up, send, commit (VRP8) or stop at the first error
    (VRP5), verify. Exit 0 when every device succeeded, 1 otherwise.

    --format json prints the report (the same document as --report) on stdout."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    from vrpgen.push.executor import Options
    from vrpgen.push.session import HostKeys
    credentials = ask_credentials()
    trail = audit_trail(ctx, audit_file, credentials)
    options = Options(backup_dir=backup_dir, dry_run=dry_run, save=save,
                      confirm_timeout=confirm_timeout, rollback_on_error=rollback_on_error,
                      rotate_secrets=rotate_secrets, connect_timeout=connect_timeout,
                      command_timeout=command_timeout,
                      host_keys=HostKeys(known_hosts) if known_hosts is not None else None)
    progress = Progress(TextColumn("push"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), console=err,
                        transient=True, disable=is_quiet())
    with progress:
        task = progress.add_task("", total=None)

        def begin(total: int) -> None:
            progress.update(task, total=total)

        def started(name: str) -> None:
            progress.update(task, description=printable(name))

        def done(result: DeviceResult) -> None:
            progress.advance(task)
            if is_quiet():
                return
            mark = Text(result.result, style=push_report.RESULT_STYLE.get(result.result) or "")
            progress.console.print(Text.assemble(mark, " ", printable(result.device)),
                                   highlight=False)

        run = pipeline.push(inventory, credentials=credentials, options=options, hosts=hosts,
                            limit=split_limit(limit), plan_file=plan_file, report=report,
                            workers=workers, on_begin=begin, on_start=started,
                            on_done=done, trail=trail)
    print_warnings(run.warnings)
    data = run.to_dict()
    if fmt == OutputFormat.json:
        print_json(push_report.as_json(data))
    else:
        for text, style in push_report.detail_lines(data, plans=dry_run):
            out.print(text, style=style, markup=False, highlight=False)
        print_table(("device", "result", "lines sent", "duration", "detail"),
                    [tuple(printable(cell) for cell in row)
                     for row in push_report.summary_rows(data)])
        for text, style in push_report.closing(data):
            out.print(text, style=style, markup=False, highlight=False)
    timing(f"pushed {len(run.results)} device(s)")
    report_audit(trail)
    if not run.ok:
        raise typer.Exit(EXIT_FAILURE)
