"""Command-line entry point: registers the command modules and maps errors to exit codes."""

from __future__ import annotations

import os
import sys
import traceback

# Importing a command module registers its commands on `app`.
from vrpgen.cli import (  # noqa: F401
    diff_cmds,  # compare, diff, lint
    inventory_cmds,  # validate, render, show
    push_cmds,  # backup
    sim_cmds,  # sim
)
from vrpgen.cli.app import (
    EXIT_FAILURE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    app,
    err,
)
from vrpgen.errors import VrpgenError

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI; a VrpgenError is a clean message and exit 1, never a traceback."""
    try:
        app()
    except VrpgenError as exc:
        err.print(str(exc), markup=False)
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: say so plainly, traceback only on request
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False)
        if os.environ.get("VRPGEN_DEBUG") == "1":
            traceback.print_exc()
        else:
            err.print("set VRPGEN_DEBUG=1 to see the traceback and report it", markup=False)
        sys.exit(EXIT_INTERNAL)
