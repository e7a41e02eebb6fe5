"""The composition root: the only module that chains the stages.

load → validate → resolve → sessions → checks → derive → render. Each CLI command calls one
function here; each function returns values and raises VrpgenError subclasses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vrpgen.calico import CalicoIntent, build_manifests, derive_calico
from vrpgen.derive.checks import check
from vrpgen.derive.device import derive_device
from vrpgen.derive.intent import DeviceIntent
from vrpgen.derive.resolve import ResolvedDevice, resolve
from vrpgen.derive.routes import NodeRoutes, node_routes, route_table
from vrpgen.derive.sessions import ResolvedSession, resolve_sessions
from vrpgen.errors import DiffError, InputError, InventoryError, Issue, Severity, SourceRef
from vrpgen.files import read_regular, write_atomic
from vrpgen.hosts import load_hosts
from vrpgen.inventory.load import load
from vrpgen.inventory.model import Inventory
from vrpgen.inventory.validate import validate
from vrpgen.push.backup import BackupResult
from vrpgen.push.backup import backup as run_backup
from vrpgen.push.session import fetch_running
from vrpgen.push.targets import Credentials, targets
from vrpgen.render import environment, overridden, render_calico, render_device, write_all
from vrpgen.vrp import Plan, parse, plan

DEFAULT_INVENTORY = Path("inventory")


@dataclass(frozen=True)
class Built:
    """A valid inventory and every device's intent."""

    inventory: Inventory
    devices: dict[str, ResolvedDevice]
    sessions: list[ResolvedSession]
    intents: dict[str, DeviceIntent]
    warnings: list[Issue]
    root: Path
    calico: CalicoIntent | None = None  # None when the inventory has no k8s.calico section


@dataclass(frozen=True)
class RenderResult:
    configs: dict[str, str]  # device → configuration text
    platforms: dict[str, str]  # device → "vrp5" | "vrp8"
    warnings: list[Issue]
    written: list[Path] = field(default_factory=list)
    calico: dict[str, str] = field(default_factory=dict)  # DIR/calico/<name> → text
    # user templates in use: (path, True if it replaces a built-in one, False if it adds one)
    templates: list[tuple[Path, bool]] = field(default_factory=list)


def build(inventory: Path = DEFAULT_INVENTORY, *, strict: bool = False) -> Built:
    """Validate the inventory and derive every device's intent; all errors raised together."""
    source = load(inventory)
    model = validate(source.data, source.index)
    devices = resolve(model, source.index)
    sessions, issues = resolve_sessions(model, devices, source.index)
    issues += check(model, devices, sessions, source.index)
    errors = [i for i in issues if i.severity is Severity.ERROR or strict]
    if errors:
        raise InventoryError(errors)
    intents = {name: derive_device(device, model, sessions) for name, device in devices.items()}
    warnings = sorted((i for i in issues if i.severity is Severity.WARNING), key=Issue.sort_key)
    calico = derive_calico(model, devices, sessions)
    return Built(model, devices, sessions, intents, warnings, source.root, calico)


def select(built: Built, limit: Sequence[str] | None) -> list[str]:
    """Devices named in `limit` (device or group names); all devices when it is empty."""
    if not limit:
        return sorted(built.intents)
    chosen: set[str] = set()
    for item in limit:
        members = {n for n, d in built.devices.items() if item == n or item in d.groups}
        if not members:
            raise InventoryError([Issue("limit", f"{item!r} is neither a device nor a group",
                                        "devices: " + ", ".join(sorted(built.devices)),
                                        SourceRef("--limit", 1))])
        chosen |= members
    return sorted(chosen)


def render_inventory(inventory: Path = DEFAULT_INVENTORY, *, limit: Sequence[str] | None = None,
                     templates: Path | None = None, strict: bool = False) -> RenderResult:
    """Render in memory. User templates come only from `templates` (never from a folder
    that happens to lie beside the inventory), and run sandboxed."""
    dirs = [templates] if templates is not None else []
    env = environment(dirs)  # a missing or unreadable templates directory fails first
    used = overridden(templates) if templates is not None else []
    built = build(inventory, strict=strict)
    names = select(built, limit)
    configs = {name: render_device(env, built.intents[name]) for name in names}
    calico = render_calico(build_manifests(built.calico)) if built.calico is not None else {}
    return RenderResult(configs, {n: built.intents[n].platform for n in names}, built.warnings,
                        calico=calico, templates=used)


def render_to(out_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
              limit: Sequence[str] | None = None, templates: Path | None = None,
              strict: bool = False) -> RenderResult:
    """Render, then write DIR/<device>.cfg for each and DIR/calico/*; everything is rendered
    in memory first, so nothing is written if any device fails."""
    result = render_inventory(inventory, limit=limit, templates=templates, strict=strict)
    outputs = {out_dir / f"{name}.cfg": text for name, text in result.configs.items()}
    outputs.update({out_dir / "calico" / name: text for name, text in result.calico.items()})
    write_all(outputs)
    return RenderResult(result.configs, result.platforms, result.warnings, sorted(outputs),
                        result.calico, result.templates)


def backup(out_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
           credentials: Credentials, hosts: Path | None = None,
           limit: Sequence[str] | None = None, workers: int = 8,
           on_done: Callable[[BackupResult], None] | None = None) -> list[BackupResult]:
    """Read each device's running configuration into OUT/<device>.cfg."""
    built = build(inventory)
    names = select(built, limit)
    mgmt = {n: (d.mgmt.host, d.mgmt.port) if d.mgmt else None for n, d in built.devices.items()}
    chosen = {n: built.intents[n].platform for n in names}
    found = targets(chosen, mgmt, load_hosts(hosts) if hosts is not None else None)
    return run_backup(found, credentials, out_dir, fetch_running, workers, on_done)


@dataclass(frozen=True)
class Preview:
    """The change plan of every device: intended (rendered) vs running (DIR/<device>.cfg)."""

    plans: dict[str, Plan]
    warnings: list[Issue]

    def to_dict(self) -> dict[str, Any]:
        return {"devices": {name: p.to_dict() for name, p in self.plans.items()}}


def read_config(path: Path) -> str:
    """A configuration file as text: a regular file of at most files.MAX_INPUT_BYTES (a FIFO
    or a device is refused without blocking); undecodable bytes are kept visible, not fatal."""
    try:
        return read_regular(path).decode("utf-8", errors="replace")
    except InputError as exc:
        raise DiffError(str(exc)) from exc


def plan_texts(running: str, intended: str, platform: str, *, running_name: str,
               intended_name: str) -> Plan:
    """vrp.plan, with a parse error attributed to the file it came from."""
    try:
        return plan(running, intended, platform)
    except DiffError as exc:
        try:
            parse(running)
        except DiffError:
            raise DiffError(f"{running_name}: {exc}") from exc
        raise DiffError(f"{intended_name}: {exc}") from exc


def compare(running: Path, intended: Path, platform: str = "vrp5") -> Plan:
    return plan_texts(read_config(running), read_config(intended), platform,
                      running_name=str(running), intended_name=str(intended))


def preview(running_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
            limit: Sequence[str] | None = None, templates: Path | None = None) -> Preview:
    """Render the inventory and plan each device against running_dir/<device>.cfg."""
    rendered = render_inventory(inventory, limit=limit, templates=templates)
    # exists(), not is_file(): a FIFO or a folder named R1.cfg is refused by read_config, by name
    missing = [name for name in rendered.configs if not (running_dir / f"{name}.cfg").exists()]
    if missing:
        raise DiffError(f"{running_dir}: no running config for " + ", ".join(sorted(missing))
                        + " (expected <device>.cfg, e.g. from `vrpgen backup`)")
    plans = {}
    for name, text in sorted(rendered.configs.items()):
        path = running_dir / f"{name}.cfg"
        plans[name] = plan_texts(read_config(path), text, rendered.platforms[name],
                                 running_name=str(path), intended_name=f"rendered {name}")
    return Preview(plans, rendered.warnings)


def write_plan(path: Path, preview_: Preview) -> None:
    write_atomic(path, json.dumps(preview_.to_dict(), indent=2) + "\n")


@dataclass(frozen=True)
class NodeShow:
    """`vrpgen show NODE`: the routes the node will learn, and the inventory's errors. The
    routes are shown even when the inventory is invalid, since they explain next-hop errors."""

    routes: NodeRoutes
    errors: list[Issue]

    def to_dict(self) -> dict[str, Any]:
        return self.routes.to_dict()


def show(name: str, inventory: Path = DEFAULT_INVENTORY) -> DeviceIntent | NodeShow:
    """A device's intent, or the routes a k8s node will learn."""
    source = load(inventory)
    model = validate(source.data, source.index)
    if name in model.k8s.nodes and name not in model.devices:
        devices = resolve(model, source.index)
        sessions, issues = resolve_sessions(model, devices, source.index)
        if any(i.severity is Severity.ERROR for i in issues):
            raise InventoryError([i for i in issues if i.severity is Severity.ERROR])
        issues = check(model, devices, sessions, source.index)
        table = route_table(model, devices, sessions)
        return NodeShow(node_routes(table, name),
                        [i for i in issues if i.severity is Severity.ERROR])
    built = build(inventory)
    if name in built.intents:
        return built.intents[name]
    nodes = sorted(model.k8s.nodes)
    raise InventoryError([Issue("", f"no device named {name!r}",
                                "devices: " + ", ".join(sorted(built.intents))
                                + ("; k8s nodes: " + ", ".join(nodes) if nodes else ""),
                                SourceRef(str(inventory), 1))])
