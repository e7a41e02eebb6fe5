"""Issue 9, output: no value that is not vrpgen's own (device names, usernames, messages,
device output, file names) is ever parsed as rich markup."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.cli.app import err, out
from vrpgen.push.backup import BackupResult

SEED = REPO / "inventory"
R1 = REPO / "tests" / "golden" / "seed" / "R1.cfg"
NAMES = ["R1[/]", "[bold red]R2", "[link=file:///etc/passwd]R3[/link]"]


@pytest.mark.parametrize("console", [out, err])
def test_the_consoles_never_parse_markup(console: Any) -> None:
    for name in NAMES:
        with console.capture() as captured:
            console.print(f"wrote {name}")
        assert captured.get() == f"wrote {name}\n"


def test_backup_prints_device_names_and_errors_verbatim(
        tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> None:
    results = [BackupResult(NAMES[0], None, 0, "authentication failed for 'admin[/]'"),
               BackupResult(NAMES[1], tmp_path / "R2.cfg", 12, None)]

    def backup(*args: Any, on_done: Callable[[BackupResult], None] | None = None,
               **kwargs: Any) -> pipeline.BackupRun:
        for result in results:
            assert on_done is not None
            on_done(result)
        return pipeline.BackupRun(results, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z")

    monkeypatch.setattr(pipeline, "backup", backup)
    monkeypatch.setenv("VRPGEN_USERNAME", "admin[/]")
    monkeypatch.setenv("VRPGEN_PASSWORD", "pw")
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("backup", SEED, "-o", tmp_path)
    assert result.code == 1, result.stderr  # a device failed: not an internal error (3)
    assert "internal error" not in result.stderr
    assert f"failed {NAMES[0]}" in result.stderr and f"ok {NAMES[1]}" in result.stderr
    assert NAMES[0] in result.stdout and NAMES[1] in result.stdout
    assert "'admin[/]'" in result.stdout


def test_device_output_in_a_diff_is_verbatim(tmp_path: Path,
                                             cli: Callable[..., CliResult]) -> None:
    intended = tmp_path / "intended.cfg"
    intended.write_text(R1.read_text().replace("sysname R1", "sysname [red]R1[/]"))
    result = cli("compare", R1, intended)
    assert result.code == 2, result.stderr
    assert "+sysname [red]R1[/]" in result.stdout and "  sysname [red]R1[/]" in result.stdout


def test_file_names_are_printed_verbatim(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    folder = tmp_path / "[bold red]inv"
    folder.mkdir()
    shutil.copy(SEED / "lab.yml", folder / "lab.yml")
    assert f"{folder}: valid" in cli("validate", folder).stdout
    bad = tmp_path / "[red]x[bold].cfg"
    bad.write_text("#\nip address 10.0.0.1 255.0.0.0\nreturn\n")  # an error (issue 10)
    result = cli("lint", bad)
    assert result.code == 1 and f"{bad}:2: " in result.stdout  # findings are results


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_compare_never_shows_a_secret(cli: Callable[..., CliResult], tmp_path: Path,
                                      fmt: str) -> None:
    """A password with spaces, on either side, appears nowhere in what compare prints: not in
    the diff, the commands, the dialogs or the risks (the commands sent keep it)."""
    running = tmp_path / "running.cfg"
    intended = tmp_path / "intended.cfg"
    running.write_text("#\nbgp 100\n peer 10.0.0.2 as-number 100\n"
                       " peer 10.0.0.3 as-number 100\n"
                       " peer 10.0.0.3 password simple old secret words\n#\nreturn\n")
    intended.write_text("#\nbgp 100\n peer 10.0.0.2 as-number 100\n"
                        " peer 10.0.0.2 password cipher new S3cret phrase\n#\nreturn\n")
    result = cli("compare", running, intended, "--format", fmt)
    assert result.code == 2, result.stderr
    shown = result.stdout + result.stderr
    for secret in ("old secret words", "secret words", "S3cret", "phrase"):
        assert secret not in shown
    assert "peer 10.0.0.2 password cipher ******" in shown
