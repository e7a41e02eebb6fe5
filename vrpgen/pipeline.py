"""The composition root: the only module that chains the stages.

load → validate → resolve → sessions → checks → derive → render. Each CLI command calls one
function here; each function returns values and raises VrpgenError subclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vrpgen.calico import CalicoIntent, build_manifests, derive_calico
from vrpgen.derive.device import derive_device
from vrpgen.derive.intent import DeviceIntent
from vrpgen.derive.sessions import ResolvedSession, resolve_sessions
from vrpgen.errors import InventoryError, Issue, Severity, SourceRef
from vrpgen.inventory.checks import check
from vrpgen.inventory.load import load
from vrpgen.inventory.model import Inventory
from vrpgen.inventory.resolve import ResolvedDevice, resolve
from vrpgen.inventory.validate import validate
from vrpgen.push.backup import BackupResult
from vrpgen.push.backup import backup as run_backup
from vrpgen.push.targets import Credentials, load_hosts, targets
from vrpgen.render import environment, render_calico, render_device, write_all

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
    built = build(inventory, strict=strict)
    dirs = [templates] if templates is not None else []
    dirs.append(built.root / "templates")  # an inventory may override templates file by file
    env = environment(dirs)
    names = select(built, limit)
    configs = {name: render_device(env, built.intents[name]) for name in names}
    calico = render_calico(build_manifests(built.calico)) if built.calico is not None else {}
    return RenderResult(configs, {n: built.intents[n].platform for n in names}, built.warnings,
                        calico=calico)


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
                        result.calico)


def backup(out_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
           credentials: Credentials, hosts: Path | None = None,
           limit: Sequence[str] | None = None, workers: int = 8,
           on_done: Callable[[BackupResult], None] | None = None) -> list[BackupResult]:
    """Read each device's running configuration into OUT/<device>.cfg."""
    from vrpgen.push.session import fetch_running  # netmiko loads slowly: only when used

    built = build(inventory)
    names = select(built, limit)
    mgmt = {n: (d.mgmt.host, d.mgmt.port) if d.mgmt else None for n, d in built.devices.items()}
    chosen = {n: built.intents[n].platform for n in names}
    found = targets(chosen, mgmt, load_hosts(hosts) if hosts is not None else None)
    return run_backup(found, credentials, out_dir, fetch_running, workers, on_done)


def show(device: str, inventory: Path = DEFAULT_INVENTORY) -> DeviceIntent:
    built = build(inventory)
    if device not in built.intents:
        raise InventoryError([Issue("", f"no device named {device!r}",
                                    "devices: " + ", ".join(sorted(built.intents)),
                                    SourceRef(str(inventory), 1))])
    return built.intents[device]
