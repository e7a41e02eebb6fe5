"""The typer application and the helpers every command module shares.

Command modules register their commands on `app`; only the CLI prints and picks exit codes.
"""

from __future__ import annotations

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_FAILURE = 1  # invalid inventory, unreadable file, failed operation
EXIT_CHANGES = 2  # compare/diff: changes present (as diff(1)); also click's usage errors
EXIT_INTERNAL = 3  # a bug in vrpgen: reported with a traceback only under VRPGEN_DEBUG=1
EXIT_INTERRUPTED = 130

HELP = """vrpgen: generate, preview and push Huawei VRP configuration from a YAML inventory.

Exit codes: 0 ok; 1 invalid inventory or failure; 2 changes present (compare, diff) or a
usage error; 3 internal error (set VRPGEN_DEBUG=1 for the traceback); 130 interrupted.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,  # credentials may be in scope: never print locals
    rich_markup_mode=None,
)

# emoji=False: rich would turn `inv.yml:100:` into `inv.yml💯`; paths and lines print verbatim.
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
