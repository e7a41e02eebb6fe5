"""The file-level pipeline: read configuration files, plan between two of them (`compare`), the
planning step every preview shares. Light on purpose: `vrpgen compare` and `vrpgen lint` load
this and vrp/, not the inventory stages (which cost half a second of imports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from vrpgen.errors import DiffError, InputError, RemediationError
from vrpgen.files import read_regular
from vrpgen.vrp import Plan, Scope, parse, plan


def read_config(path: Path) -> str:
    """A configuration file as text: a regular file of at most files.MAX_INPUT_BYTES (a FIFO
    or a device is refused without blocking); undecodable bytes are kept visible, not fatal."""
    try:
        return read_regular(path).decode("utf-8", errors="replace")
    except InputError as exc:
        raise DiffError(str(exc)) from exc


@contextmanager
def planning() -> Iterator[None]:
    """Parsing and planning without the cyclic garbage collector. A config tree is hundreds of
    thousands of small objects without reference cycles (reference counting frees them), which
    every collection would rescan: measured on 80,000 lines, the collector took ~40 % of
    `vrpgen compare`. On the way out the objects built so far are frozen out of later
    collections (`gc.freeze`), so writing the plan's diff and JSON does not rescan them either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def rendering() -> Iterator[None]:
    """Rendering device by device with the collector on, after freezing what build made out of
    its collections (`gc.freeze`): each device's short-lived objects that refer to each other
    (template contexts, lint trees) are freed as rendering goes, instead of piling up until the
    process ends, and no collection rescans the inventory, the sessions or the indexes."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def plan_texts(running: str, intended: str, platform: str, *, running_name: str,
               intended_name: str, owns: Sequence[str] = ()) -> Plan:
    """vrp.plan, with a parse error attributed to the file it came from; `owns`: the families
    vrpgen owns on the device beyond what intended renders (vrp.scope.OWNABLE)."""
    scope = Scope(owns=tuple(owns)) if owns else None
    try:
        with planning():
            result = plan(running, intended, platform, scope)
            result.diff  # noqa: B018  every report shows it: built while the collector is off
            return result
    except RemediationError as exc:
        # the device's plan stops; the refused lines stay listed, one per line
        raise RemediationError([f"{running_name} -> {intended_name}: {line}"
                                for line in exc.lines]) from exc
    except DiffError as exc:
        try:
            parse(running)
        except DiffError:
            raise DiffError(f"{running_name}: {exc}") from exc
        raise DiffError(f"{intended_name}: {exc}") from exc


def compare(running: Path, intended: Path, platform: str = "vrp5", *,
            owns: Sequence[str] = ()) -> Plan:
    """The plan from one running config file to one intended config file."""
    return plan_texts(read_config(running), read_config(intended), platform,
                      running_name=str(running), intended_name=str(intended), owns=owns)
