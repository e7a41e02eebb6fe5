"""Command-line entry point: registers the command modules and maps errors to exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

import typer

# Importing a command module registers its commands on `app`.
from vrpgen.cli import (  # noqa: F401
    diff_cmds,  # compare, diff, lint
    inventory_cmds,  # validate, render, show
    push_cmds,  # backup, push
    report_cmds,  # graph
    sim_cmds,  # sim
)
from vrpgen.cli.app import ClickException, ReaderGone, UsageError, app, err, verbosity
from vrpgen.cli.exit_codes import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILURE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from vrpgen.errors import VrpgenError

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI and map every outcome to one exit code (README: Exit codes); a VrpgenError
    is a clean message and exit 1, never a traceback."""
    verbosity.reset()  # -q/-v hold for one run (in-process tests run many)
    try:
        _run()
    finally:
        verbosity.reset()


def _run() -> None:
    try:
        code = app(standalone_mode=False, prog_name="vrpgen")  # also under `python -m vrpgen`
        sys.stdout.flush()  # a short output's reader that left shows here, not at exit
    except UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except ClickException as exc:  # e.g. an unreadable file argument
        exc.show()
        sys.exit(EXIT_FAILURE)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except VrpgenError as exc:
        err.print(str(exc), markup=False)
        sys.exit(EXIT_FAILURE)
    except (BrokenPipeError, ReaderGone):
        _quiet_broken_pipe()
    except Exception as exc:  # a bug: say so plainly, traceback only on request
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False)
        if os.environ.get("VRPGEN_DEBUG") == "1":
            traceback.print_exc()
        else:
            err.print("set VRPGEN_DEBUG=1 to see the traceback and report it", markup=False)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _quiet_broken_pipe() -> None:
    """The reader went away (`vrpgen diff | head`): end as a shell expects, with no message
    and no second error when Python flushes stdout at exit."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)
