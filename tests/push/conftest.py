"""Fixtures of the push tests: the SSH credentials in the environment."""

from __future__ import annotations

import pytest
from push_support import PASSWORD, USER


@pytest.fixture
def creds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VRPGEN_USERNAME", USER)
    monkeypatch.setenv("VRPGEN_PASSWORD", PASSWORD)
