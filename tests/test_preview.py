"""`vrpgen diff` / `compare` errors name the file they come from; all missing files at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import GOLDEN, REPO, CliResult

SEED = REPO / "inventory"


def test_every_missing_running_config_is_named(tmp_path: Path,
                                               cli: Callable[..., CliResult]) -> None:
    (tmp_path / "R1.cfg").write_text((GOLDEN / "seed" / "R1.cfg").read_text())
    result = cli("diff", SEED, "--running", tmp_path)
    assert result.code == 1
    assert "no running config for R2, SW1" in result.stderr
    assert "vrpgen backup" in result.stderr


def test_a_binary_running_config_names_its_file(tmp_path: Path,
                                                cli: Callable[..., CliResult]) -> None:
    (tmp_path / "R1.cfg").write_bytes(b"\x00\x01\x02binary")
    result = cli("diff", SEED, "--running", tmp_path, "--limit", "R1")
    assert result.code == 1
    assert result.stderr.startswith(f"{tmp_path / 'R1.cfg'}: ")
    assert "Traceback" not in result.stderr


def test_compare_names_the_bad_side(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    good = GOLDEN / "seed" / "R1.cfg"
    bad = tmp_path / "bad.cfg"
    bad.write_bytes(b"\x01\x02")
    assert cli("compare", bad, good).stderr.startswith(f"{bad}: ")
    assert cli("compare", good, bad).stderr.startswith(f"{bad}: ")


def test_plan_file_is_written_whole(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    running = tmp_path / "running"
    running.mkdir()
    for name in ("R1", "R2", "SW1"):
        (running / f"{name}.cfg").write_text(f"#\nsysname {name}\n#\nreturn\n")
    result = cli("diff", SEED, "--running", running, "--plan", tmp_path / "plan.json",
                 "--format", "json")
    assert result.code == 2
    saved = json.loads((tmp_path / "plan.json").read_text())
    assert saved == json.loads(result.stdout)
    assert sorted(saved["devices"]) == ["R1", "R2", "SW1"]
    assert saved["devices"]["R1"]["fingerprint"]
    assert not list(tmp_path.glob(".plan.json.*"))
