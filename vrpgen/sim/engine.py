"""The simulator's typed seam onto the shared VRP command model: what runs configuration commands.

Configs are always `vrpgen.vrp.Config` (parsed and printed by `vrpgen.vrp`); only the applier is
pluggable, so the session tests can use a small stand-in with the same contract as
`vrpgen.vrp.Applier` (it works on its own copy of the config and answers with `vrpgen.vrp.Outcome`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from vrpgen.vrp import Config, Outcome


class ConfigApplier(Protocol):
    """The part of `vrpgen.vrp.Applier` a CLI session uses (system view and below)."""

    @property
    def view_name(self) -> str: ...
    @property
    def config(self) -> Config: ...
    def execute(self, line: str) -> Outcome: ...
    def answer(self, yes: bool) -> Outcome: ...


# `vrpgen.vrp.Applier` itself, or a stand-in: (config, platform[, model]) -> applier on a copy
# of config (the model only when the device has one: Device.new_applier).
ApplierFactory = Callable[..., ConfigApplier]
