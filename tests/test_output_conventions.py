"""Output conventions (issue 17): -q/-v on every command, results on stdout and messages on
stderr, tables only on a terminal, and README's usage agreeing with each command's options."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from rich.console import Console

from tests.conftest import REPO, CliResult
from vrpgen.cli import main  # noqa: F401  registers every command on the app

app_module = sys.modules["vrpgen.cli.app"]  # the package's `app` attribute is the Typer app

SEED = REPO / "inventory"
SEED_CONFIGS = REPO / "tests" / "golden" / "seed"
JSON_COMMANDS = {"validate", "lint", "backup", "push", "compare", "diff", "show"}


def _commands() -> dict[str, typer.main.TyperCommand]:
    group = typer.main.get_command(app_module.app)
    return dict(group.commands)  # type: ignore[attr-defined]


def _options(command: typer.main.TyperCommand) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", ())
            if opt.startswith("-")}


def test_every_command_takes_quiet_and_verbose_and_json_where_ci_reads_it() -> None:
    commands = _commands()
    assert set(commands) >= JSON_COMMANDS | {"render", "sim"}
    for name, command in commands.items():
        assert {"-q", "--quiet", "-v", "--verbose"} <= _options(command), name
    for name in JSON_COMMANDS:
        param = next(p for p in commands[name].params if "--format" in getattr(p, "opts", ()))
        choices = param.type_descriptor.annotation  # type: ignore[attr-defined]
        assert "json" in {c.value for c in choices}, name


def test_quiet_and_verbose_exclude_each_other(cli: Callable[..., CliResult]) -> None:
    assert cli("validate", SEED, "-q", "-v").code == 64
    assert cli("-q", "validate", SEED, "--verbose").code == 64


def _templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "extra.j2").write_text("")
    return folder


def test_quiet_prints_results_only(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    templates = _templates(tmp_path)
    normal = cli("render", SEED, "-o", tmp_path / "a", "--templates", templates)
    assert normal.code == 0 and "notice:" in normal.stderr
    quiet = cli("render", SEED, "-o", tmp_path / "b", "--templates", templates, "-q")
    assert quiet.code == 0 and quiet.stderr == ""
    assert quiet.stdout.count("wrote ") == normal.stdout.count("wrote ") > 0  # the results
    failed = cli("-q", "validate", tmp_path / "missing.yml")
    assert failed.code == 1 and "does not exist" in failed.stderr  # errors still print


def test_verbose_adds_timings_on_stderr_and_leaves_stdout_alone(
        cli: Callable[..., CliResult], tmp_path: Path) -> None:
    normal = cli("validate", SEED)
    verbose = cli("validate", SEED, "-v")
    assert verbose.stdout == normal.stdout
    assert re.search(r"^validated: \d+\.\d\d s$", verbose.stderr, re.M)
    changed = tmp_path / "R1.cfg"
    changed.write_text((SEED_CONFIGS / "R1.cfg").read_text().replace("sysname R1", "sysname X"))
    result = cli("-v", "compare", changed, SEED_CONFIGS / "R1.cfg", "-f", "json")
    assert result.code == 2 and "planned: " in result.stderr and result.stdout.startswith("{")


def test_messages_go_to_stderr(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    running = tmp_path / "running"
    running.mkdir()
    for name in ("R1", "R2", "SW1"):
        (running / f"{name}.cfg").write_text((SEED_CONFIGS / f"{name}.cfg").read_text())
    result = cli("diff", SEED, "--running", running, "--plan", tmp_path / "plan.json")
    assert result.code == 0
    assert "plan written to" in result.stderr and "plan written" not in result.stdout
    assert "no changes" in result.stdout


@pytest.mark.parametrize("terminal", [True, False])
def test_tables_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, terminal: bool) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(app_module, "out", Console(file=buffer, force_terminal=terminal,
                                                   width=100, markup=False))
    app_module.print_table(("device", "result"), [("R1", "ok"), ("[b]R2", "FAILED")])
    text = buffer.getvalue()
    if terminal:
        assert "┃" in text or "│" in text
        assert "[b]R2" in text
    else:
        assert text == "device\tresult\nR1\tok\n[b]R2\tFAILED\n"


def _usage_block() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Use")
    return text[text.index("```sh", start):text.index("```\n", text.index("```sh", start) + 5)]


def test_readme_usage_names_every_option_of_every_command() -> None:
    """README's synopsis and each command's options agree both ways: every option is named
    (long or short form), every name is an option (-q/-v/--help, on every command, are said
    once under it)."""
    usage = _usage_block()
    chunks = re.split(r"^vrpgen (\w+)", usage, flags=re.M)[1:]
    documented = {chunks[i]: set(re.findall(r"(?<![\w-])--?[a-zA-Z][a-z-]*", chunks[i + 1]))
                  for i in range(0, len(chunks), 2)}
    commands = _commands()
    assert set(documented) == set(commands)
    for name, command in commands.items():
        params = [set(getattr(p, "opts", ())) for p in command.params
                  if getattr(p, "opts", ())[0].startswith("-")]
        undocumented = [sorted(opts) for opts in params if not opts & documented[name]
                        and not opts & {"--quiet", "--verbose", "--help"}]
        assert undocumented == [], name
        unknown = documented[name] - set().union(*params)
        assert unknown == set(), name
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "-q/--quiet" in text and "-v/--verbose" in text
