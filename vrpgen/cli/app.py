"""The typer application and the helpers every command module shares.

Command modules register their commands on `app`; only the CLI prints and picks exit codes.
"""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.console import Console

try:  # typer 0.2x vendors click; older releases depend on it
    from typer._click.exceptions import ClickException as ClickException
    from typer._click.exceptions import UsageError as UsageError
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import (  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]
        ClickException as ClickException,
    )
    from click.exceptions import (  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]
        UsageError as UsageError,
    )

HELP = """vrpgen: generate, preview and push Huawei VRP configuration from a YAML inventory.

Exit codes: 0 ok; 1 invalid inventory or failure; 2 changes present (compare, diff);
3 internal error (set VRPGEN_DEBUG=1 for the traceback); 64 usage error; 130 interrupted.
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
# markup=False: nothing printed is parsed as rich markup (a device named `[bold]R2`, a username
# `admin[/]`, device output); styles come only from `style=` and rich.text.Text, never from text.
out = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


class Platform(StrEnum):
    vrp5 = "vrp5"
    vrp8 = "vrp8"
