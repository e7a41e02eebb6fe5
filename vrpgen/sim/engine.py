"""The simulator's view of the shared VRP command model (vrpgen.vrp), behind a small interface.

The session layer needs only: parse a config text, serialize a config, and a stateful applier for
system view and below. `VrpEngine` binds that to vrpgen.vrp; tests may pass another engine.
"""

from __future__ import annotations

import copy
import importlib
import re
from typing import Any, Protocol

_SYSNAME = re.compile(r"^ ?sysname (\S.*?)\s*$", re.M)


class CommandErrorLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def column(self) -> int: ...
    @property
    def message(self) -> str: ...


class OutcomeLike(Protocol):
    @property
    def error(self) -> CommandErrorLike | None: ...
    @property
    def question(self) -> str | None: ...


class ApplierLike(Protocol):
    @property
    def view_name(self) -> str: ...
    @property
    def config(self) -> Any: ...
    def execute(self, line: str) -> OutcomeLike: ...
    def answer(self, yes: bool) -> OutcomeLike: ...


class Engine(Protocol):
    def parse(self, text: str) -> Any: ...
    def serialize(self, config: Any, platform: str) -> str: ...
    def applier(self, config: Any, platform: str) -> ApplierLike: ...


class VrpEngine:
    """vrpgen.vrp's parse / serialize / Applier (the shared command model)."""

    def __init__(self) -> None:
        self._vrp: Any = importlib.import_module("vrpgen.vrp")

    def parse(self, text: str) -> Any:
        return self._vrp.parse(text)

    def serialize(self, config: Any, platform: str) -> str:
        return str(self._vrp.serialize(config, platform=platform))

    def applier(self, config: Any, platform: str) -> ApplierLike:
        applier: ApplierLike = self._vrp.Applier(config, platform)
        return applier


def copy_config(config: Any) -> Any:
    """An independent copy for a VRP8 candidate (§1.1: edits never touch the running config)."""
    own_copy = getattr(config, "copy", None)
    return own_copy() if callable(own_copy) else copy.deepcopy(config)


def sysname_of(text: str, default: str) -> str:
    """The sysname of a display-form config (§4.1: ` sysname R1` on AR, `sysname R1` elsewhere)."""
    match = _SYSNAME.search(text)
    return match.group(1) if match else default


def outcome_left_system_view(outcome: OutcomeLike) -> bool:
    return bool(getattr(outcome, "left_system_view", False))


def outcome_output(outcome: OutcomeLike) -> str:
    """Informational text the applier wants printed (e.g. §2.5 `Info: …` after `vlan batch`)."""
    for name in ("output", "info", "message"):
        value = getattr(outcome, name, None)
        if isinstance(value, str) and value:
            return value
    return ""
