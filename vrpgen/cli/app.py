"""The typer application and the helpers every command module shares.

Command modules register their commands on `app`; only the CLI prints and picks exit codes.
"""

from __future__ import annotations

import logging
import os
import platform
import time
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vrpgen import __version__
from vrpgen.cli.exit_codes import EXIT_OK
from vrpgen.errors import printable

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
class ReaderGone(Exception):  # noqa: N818  (not an error: the reader of stdout left)
    """stdout's reader went away (`vrpgen diff | head`). Not an OSError: typer turns a
    BrokenPipeError raised inside a command into exit 1; main() turns this one into 141."""


class _Console(Console):
    def on_broken_pipe(self) -> None:  # rich's own handler exits 1
        raise ReaderGone


out = _Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
err = _Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


def version_text() -> str:
    """vrpgen's version and those of what it runs on: what a bug report needs first."""
    from importlib import metadata  # only for --version (start-up time)
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


# -- verbosity: -q/--quiet and -v/--verbose, on the root and on every command ------------------

QUIET, NORMAL, VERBOSE = -1, 0, 1


class _Steps(logging.Handler):
    """--verbose: vrpgen's own log records (push steps, already masked) as details on stderr;
    never a library's (netmiko's DEBUG log carries the bytes of the channel)."""

    def emit(self, record: logging.LogRecord) -> None:
        detail(printable(record.getMessage()))


_LOG = logging.getLogger("vrpgen")
_STEPS = _Steps(logging.INFO)


class _Verbosity:
    """The run's verbosity; set by the options' callbacks, reset by main() for each run."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.level = NORMAL
        self.started = time.monotonic()
        _LOG.removeHandler(_STEPS)
        _LOG.setLevel(logging.NOTSET)



verbosity = _Verbosity()


def _set_level(level: int) -> None:
    if verbosity.level not in (NORMAL, level):
        raise typer.BadParameter("-q/--quiet and -v/--verbose exclude each other")
    verbosity.level = level


def _quiet(value: bool) -> None:
    if value:
        _set_level(QUIET)


def _verbose(value: bool) -> None:
    if value:
        _set_level(VERBOSE)
        if _STEPS not in _LOG.handlers:
            _LOG.addHandler(_STEPS)
        _LOG.setLevel(logging.INFO)


QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", callback=_quiet, is_eager=True,
    help="Print only results and errors: no progress, notices or warnings.")]
VerboseOpt = Annotated[bool, typer.Option(
    "--verbose", "-v", callback=_verbose, is_eager=True,
    help="Also print details on stderr: each device's steps, timings.")]


def is_quiet() -> bool:
    return verbosity.level == QUIET


def is_verbose() -> bool:
    return verbosity.level >= VERBOSE


def message(text: str | Text, style: str | None = None) -> None:
    """A message for people (progress, notice, warning): stderr, not under --quiet."""
    if not is_quiet():
        err.print(text, style=style, markup=False, highlight=False)


def detail(text: str | Text, style: str | None = "dim") -> None:
    """A detail shown only with --verbose (steps, timings): stderr."""
    if is_verbose():
        err.print(text, style=style, markup=False, highlight=False)


def timing(what: str) -> None:
    """--verbose: how long the command took so far."""
    detail(f"{what}: {time.monotonic() - verbosity.started:.2f} s")


@app.callback()
def _global_options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the versions of vrpgen, Python, netmiko, asyncssh, jinja2 and exit.")] = False,
    no_color: Annotated[bool, typer.Option(
        "--no-color", callback=_no_color, is_eager=True,
        help="No colours (also when NO_COLOR is set, or output is not a terminal).")] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """vrpgen: generate, preview and push Huawei VRP configuration from a YAML inventory."""


# -- results: text or JSON on stdout -------------------------------------------------------------


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="text, or json on stdout (schema: docs/schemas/<command>.schema.json).")]


def print_json(text: str) -> None:
    """A JSON document on stdout, as it is: never through rich (no wrapping, no markup)."""
    try:
        typer.echo(text)
    except BrokenPipeError:
        raise ReaderGone from None


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table on a terminal; on a pipe or a file, plain tab-separated lines (a header line,
    then one line per row) that `cut` and `awk` read."""
    if out.is_terminal:
        table = Table(*headers)
        for row in rows:  # rich.Text cells: a value in brackets is shown, not parsed
            table.add_row(*(Text(cell) for cell in row))
        out.print(table)
        return
    try:
        for row in (headers, *rows):  # not through rich, which would expand the tabs
            out.file.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    except BrokenPipeError:
        raise ReaderGone from None


class Platform(StrEnum):
    vrp5 = "vrp5"
    vrp8 = "vrp8"
