"""Shared fixtures: repository paths, ../shared (read in place, optional outside CI), the
golden-file comparison and an in-process CLI runner."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from shared_data import REQUIRE_SHARED, SHARED

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_SHARED and not SHARED.is_dir():
        pytest.exit(f"VRPGEN_REQUIRE_SHARED=1 but {SHARED} is absent", returncode=1)


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under VRPGEN_REQUIRE_SHARED=1 (CI) a skipped test is a failure."""
    if REQUIRE_SHARED and _SKIPPED and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REQUIRE_SHARED and _SKIPPED:
        terminalreporter.write_line(f"CI: {len(_SKIPPED)} test(s) skipped, and none may be "
                                    "(VRPGEN_REQUIRE_SHARED=1)", red=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output (review the git diff!)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file; with --update-golden, rewrite it instead."""
    update = bool(request.config.getoption("--update-golden"))

    def check(path: Path, actual: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"golden file {path} missing: run `make golden` and review it"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path.relative_to(REPO)}"

    return check


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run `vrpgen ARGS` in-process through the real entry point (error handling included)."""
    from vrpgen.cli import main

    def run(*args: str | Path) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["vrpgen", *map(str, args)])
        stdout, stderr = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return CliResult(code, stdout.getvalue(), stderr.getvalue())

    return run
