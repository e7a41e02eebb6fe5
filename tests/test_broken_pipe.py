"""A reader that goes away (`vrpgen diff | head`): the run ends quietly, exit 141 (128 +
SIGPIPE, as a shell expects), no traceback and no error line, whether the output goes through
rich (text), straight to stdout (JSON) or is short enough to sit in a buffer until exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def _configs(tmp_path: Path) -> tuple[Path, Path]:
    """Two configs whose plan is megabytes long: far more than a pipe holds."""
    small, big = tmp_path / "small.cfg", tmp_path / "big.cfg"
    small.write_text("#\nsysname A\n#\nreturn\n")
    routes = [f"ip route-static 10.{i // 256}.{i % 256}.0 255.255.255.0 192.0.2.1"
              for i in range(8000)]
    big.write_text("\n".join(["#", "sysname A", "#", *routes, "#", "return"]) + "\n")
    return small, big


def _run_into_closing_reader(*args: str | Path, read: int) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, "-m", "vrpgen", *map(str, args)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    assert process.stdout is not None and process.stderr is not None
    if read:
        process.stdout.read(read)
    process.stdout.close()  # the reader goes away
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_long_output_into_a_reader_that_leaves(tmp_path: Path, fmt: str) -> None:
    small, big = _configs(tmp_path)
    code, stderr = _run_into_closing_reader("compare", small, big, "-f", fmt, read=100)
    assert (code, stderr) == (141, "")


def test_a_short_output_into_a_reader_that_never_read(tmp_path: Path) -> None:
    code, stderr = _run_into_closing_reader("--version", read=0)
    assert (code, stderr) == (141, "")
