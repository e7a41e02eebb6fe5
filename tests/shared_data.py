"""../shared, read in place by the tests that need it (Calico CRDs, the VRP corpus) and never
copied into the project: outside CI those tests skip, naming what is missing, so that a clone of
the project alone passes; in CI (VRPGEN_REQUIRE_SHARED=1) a skip is a failure (conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
# .ci/run sets this: in CI ../shared is always there, so its absence (or any skip) is a failure.
REQUIRE_SHARED = os.environ.get("VRPGEN_REQUIRE_SHARED") == "1"


def shared_missing(*parts: str) -> str | None:
    """Why a test that reads ../shared/<parts> cannot run, or None when the path is there."""
    if SHARED.joinpath(*parts).exists():
        return None
    return (f"../shared/{'/'.join(parts)} is absent: these tests read it in place beside the "
            "clone (CI always has it)")


def need_shared(*parts: str) -> Path:
    """The path ../shared/<parts>; skips the test naming what is missing when it is absent."""
    reason = shared_missing(*parts)
    if reason is not None:
        pytest.skip(reason)
    return SHARED.joinpath(*parts)


def shared_files(parts: tuple[str, ...], pattern: str) -> list[object]:
    """Parameters for a test run once per file of ../shared/<parts> matching `pattern`; when
    the folder is absent, one skipped parameter whose reason names it."""
    reason = shared_missing(*parts)
    if reason is not None:
        return [pytest.param(None, id="shared-absent", marks=pytest.mark.skip(reason=reason))]
    files = sorted(SHARED.joinpath(*parts).glob(pattern))
    return [pytest.param(f, id=f.name) for f in files]


