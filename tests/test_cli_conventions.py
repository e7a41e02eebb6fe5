"""CLI conventions: --version names what a bug report needs; colours can be turned off."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vrpgen

REPO = Path(__file__).resolve().parents[1]


def test_version_lists_vrpgen_python_and_the_libraries(cli: Callable[..., Any]) -> None:
    result = cli("--version")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"vrpgen {vrpgen.__version__}"
    assert lines[1] == f"python {sys.version.split()[0]}"
    for package in ("netmiko", "asyncssh", "jinja2"):
        assert any(re.fullmatch(rf"{package} \d+\.\d+\S*", line) for line in lines), package


def test_the_package_version_is_the_project_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert vrpgen.__version__ == project["version"]


def _styled(env: dict[str, str], *args: str) -> str:
    """stderr of a failing render under a pseudo-terminal-like forced colour console."""
    done = subprocess.run([sys.executable, "-m", "vrpgen", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    return done.stdout + done.stderr


def test_no_color_and_the_flag_turn_colours_off(tmp_path: Path) -> None:
    """FORCE_COLOR makes rich colour a pipe; NO_COLOR and --no-color must still win."""
    running, intended = tmp_path / "a.cfg", tmp_path / "b.cfg"
    running.write_text("#\nsysname A\n#\nreturn\n")
    intended.write_text("#\nsysname B\n#\nreturn\n")
    base = {"PATH": "/usr/bin:/bin", "FORCE_COLOR": "1", "PYTHONPATH": str(REPO)}
    coloured = _styled(base, "compare", str(running), str(intended))
    assert "\x1b[" in coloured  # the check can fail: colours are there when forced
    assert "\x1b[" not in _styled({**base, "NO_COLOR": "1"}, "compare", str(running),
                                  str(intended))
    assert "\x1b[" not in _styled(base, "--no-color", "compare", str(running), str(intended))


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vrpgen", *args], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
                                          **env}, timeout=60, check=False)


def test_completion_scripts_for_bash_zsh_and_fish() -> None:
    """typer's own mechanism; the shell is named here instead of detected."""
    markers = {"bash": "complete -o default -F _vrpgen_completion vrpgen",
               "zsh": "compdef _vrpgen_completion vrpgen",
               "fish": "complete --command vrpgen"}
    for shell, marker in markers.items():
        done = _run({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
                    "--show-completion", shell)
        assert done.returncode == 0, done.stderr
        assert marker in done.stdout, shell


def test_completion_completes_command_names() -> None:
    done = _run({"_VRPGEN_COMPLETE": "complete_bash", "COMP_WORDS": "vrpgen val",
                 "COMP_CWORD": "1"})
    assert done.stdout.split() == ["validate"]


def test_limit_completes_device_and_group_names_from_the_inventory(tmp_path: Path) -> None:
    """The names come from the inventory the command line names, not from ./inventory."""
    inventory = tmp_path / "site.yml"
    inventory.write_text("groups:\n  edge: {}\ndevices:\n  E1: {groups: [edge]}\n"
                         "  E2: {}\n  core: {}\n")
    done = _run({"_VRPGEN_COMPLETE": "complete_bash",
                 "COMP_WORDS": f"vrpgen render {inventory} --limit E", "COMP_CWORD": "4"})
    assert done.stdout.split() == ["E1", "E2"]
    done = _run({"_VRPGEN_COMPLETE": "complete_bash",
                 "COMP_WORDS": f"vrpgen diff {inventory} --limit e", "COMP_CWORD": "4"})
    assert done.stdout.split() == ["edge"]
    missing = _run({"_VRPGEN_COMPLETE": "complete_bash",
                    "COMP_WORDS": f"vrpgen render {tmp_path / 'none.yml'} --limit R",
                    "COMP_CWORD": "4"})
    assert missing.stdout.split() == [] and "Traceback" not in missing.stderr
