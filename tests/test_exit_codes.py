"""The exit codes README and `vrpgen --help` promise are the ones the code returns: a usage
error is never mistaken for "changes present"."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vrpgen.cli import exit_codes as app_module

REPO = Path(__file__).resolve().parents[1]
CliResult = Any  # tests/conftest.py's result of the `cli` fixture


def _codes_in_code() -> set[int]:
    return {value for name, value in vars(app_module).items()
            if name.startswith("EXIT_") and isinstance(value, int)}


def test_readme_table_matches_the_code() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("Exit codes"):text.index("## What it generates")]
    documented = {int(code) for code in re.findall(r"^\| *(\d+) *\|", table, re.M)}
    assert documented == _codes_in_code()


def test_help_names_every_code_but_the_pipe(cli: Callable[..., CliResult]) -> None:
    result = cli("--help")
    assert result.code == 0
    for code in _codes_in_code() - {app_module.EXIT_BROKEN_PIPE}:
        assert re.search(rf"\b{code}\b", result.stdout), code


def test_usage_errors_are_not_changes(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    config = tmp_path / "a.cfg"
    config.write_text("#\nsysname A\n#\nreturn\n", encoding="utf-8")
    for args in (("diff", "--format", "yaml"), ("compare", config, config, "--platform", "vrp9"),
                 ("show", "R1", "-f", "xml"), ("render", "--no-such-option"), ("compare",)):
        result = cli(*args)
        assert result.code == app_module.EXIT_USAGE, (args, result.stderr)
    assert cli("compare", config, config).code == app_module.EXIT_OK


def test_changes_present_is_two(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    a, b = tmp_path / "a.cfg", tmp_path / "b.cfg"
    a.write_text("#\nsysname A\n#\nreturn\n", encoding="utf-8")
    b.write_text("#\nsysname B\n#\nreturn\n", encoding="utf-8")
    assert cli("compare", a, b).code == app_module.EXIT_CHANGES == 2
