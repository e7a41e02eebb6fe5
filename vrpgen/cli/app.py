"""The typer application and the helpers every command module shares.

Command modules register their commands on `app`; only the CLI prints and picks exit codes.
"""

from __future__ import annotations

import os
import platform
from enum import StrEnum
from importlib import metadata
from typing import Annotated

import typer
from rich.console import Console

from vrpgen import __version__
from vrpgen.cli.exit_codes import EXIT_OK

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
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,  # credentials may be in scope: never print locals
    rich_markup_mode=None,
)

# emoji=False: rich would turn `inv.yml:100:` into `inv.yml💯`; paths and lines print verbatim.
# markup=False: nothing printed is parsed as rich markup (a device named `[bold]R2`, a username
# `admin[/]`, device output); styles come only from `style=` and rich.text.Text, never from text.
out = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


def version_text() -> str:
    """vrpgen's version and those of what it runs on: what a bug report needs first."""
    lines = [f"vrpgen {__version__}", f"python {platform.python_version()}"]
    for package in ("netmiko", "asyncssh", "jinja2", "pydantic", "typer"):
        try:
            lines.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{package} not installed")
    return "\n".join(lines)


def _version(value: bool) -> None:
    if value:
        out.print(version_text())
        raise typer.Exit(EXIT_OK)


def _no_color(value: bool) -> None:
    if value or os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        for console in (out, err):
            # no_color alone keeps bold and dim escapes; no colour system means plain text.
            console.no_color = True
            console._color_system = None


@app.callback()
def _global_options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the versions of vrpgen, Python, netmiko, asyncssh, jinja2 and exit.")] = False,
    no_color: Annotated[bool, typer.Option(
        "--no-color", callback=_no_color, is_eager=True,
        help="No colours (also when NO_COLOR is set, or output is not a terminal).")] = False,
) -> None:
    """vrpgen: generate, preview and push Huawei VRP configuration from a YAML inventory."""


class Platform(StrEnum):
    vrp5 = "vrp5"
    vrp8 = "vrp8"
