"""The composition root: the only module that chains the stages.

load (patterns expanded) → validate → resolve → links (pools, links) → sessions → checks →
derive → render. Each CLI command calls one
function here; each function returns values and raises VrpgenError subclasses.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vrpgen import audit, files, jsontext
from vrpgen.audit import AuditTrail
from vrpgen.calico import CalicoIntent, build_manifests, derive_calico
from vrpgen.configfiles import compare as compare
from vrpgen.configfiles import plan_texts, planning, read_config, rendering
from vrpgen.derive.checks import check
from vrpgen.derive.device import DeviceIntents
from vrpgen.derive.intent import DeviceIntent
from vrpgen.derive.links import link_devices
from vrpgen.derive.resolve import ResolvedDevice, resolve, resolve_partial
from vrpgen.derive.routes import NodeRoutes, node_routes, route_table
from vrpgen.derive.sessions import ResolvedSession, resolve_sessions
from vrpgen.errors import DiffError, InventoryError, Issue, Severity, SourceRef, VrpgenError
from vrpgen.files import write_atomic
from vrpgen.hosts import load_hosts
from vrpgen.inventory.load import load
from vrpgen.inventory.model import Inventory
from vrpgen.inventory.validate import validate, validate_partial
from vrpgen.push.backup import BackupResult
from vrpgen.push.backup import backup as run_backup
from vrpgen.push.executor import DeviceResult, Job, Options
from vrpgen.push.runner import push_all, read_all
from vrpgen.push.secrets import filled_values
from vrpgen.push.session import HostKeys, fetch_running
from vrpgen.push.targets import Credentials, Target, targets
from vrpgen.render import environment, overridden, render_calico, render_device, write_all
from vrpgen.report import graphviz, html
from vrpgen.report.dot import to_dot
from vrpgen.report.graph import Graph, build_graph
from vrpgen.report.mermaid import to_mermaid
from vrpgen.vrp import Plan, Scope

DEFAULT_INVENTORY = files.DEFAULT_INVENTORY


@dataclass(frozen=True)
class Built:
    """A valid inventory and every device's intent."""

    inventory: Inventory
    devices: dict[str, ResolvedDevice]
    sessions: list[ResolvedSession]
    intents: DeviceIntents
    warnings: list[Issue]
    root: Path
    calico: CalicoIntent | None = None  # None when the inventory has no k8s.calico section


@dataclass(frozen=True)
class RenderResult:
    configs: dict[str, str]  # device → configuration text (render_inventory; render_to: {})
    platforms: dict[str, str]  # device → "vrp5" | "vrp8"
    warnings: list[Issue]
    written: list[Path] = field(default_factory=list)
    calico: dict[str, str] = field(default_factory=dict)  # DIR/calico/<name> → text
    # user templates in use: (path, True if it replaces a built-in one, False if it adds one)
    templates: list[tuple[Path, bool]] = field(default_factory=list)
    # device → the families vrpgen owns there beyond what it renders (inventory `owns:`)
    owns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # device → the model set in the inventory (vrp/models.py): what lint and the simulator follow
    models: dict[str, str] = field(default_factory=dict)
    devices: list[str] = field(default_factory=list)  # the devices rendered, in name order


def build(inventory: Path = DEFAULT_INVENTORY, *, strict: bool = False) -> Built:
    """Validate the inventory and derive every device's intent; all errors raised together.
    The cyclic garbage collector is off meanwhile (configfiles.planning): the loaded data, the
    models and intents are millions of small objects that live to the end, which every
    collection would rescan (at 10,000 devices it cost more than the load itself)."""
    with planning():
        return _build(inventory, strict)


def _build(inventory: Path, strict: bool) -> Built:
    source = load(inventory)
    # One pass (README): schema errors first, then every later check on what parsed.
    parsed = validate_partial(source.data, source.index)
    source.data = {}  # the plain data is in the model now: free it before derive allocates
    if parsed.inventory is None:
        raise InventoryError(parsed.issues)
    model = parsed.inventory
    devices, issues = resolve_partial(model, source.index)
    linked = link_devices(model, devices, source.index, parsed.skipped)  # pools, links
    devices = linked.devices
    sessions, more = resolve_sessions(model, devices, source.index, parsed.skipped,
                                      linked.links)
    issues = (parsed.issues + issues + linked.issues + more
              + check(model, devices, sessions, source.index))
    issues = list(dict.fromkeys(issues))  # the ports of one range key report an issue once
    errors = [i for i in issues if i.severity is Severity.ERROR or strict]
    if errors:
        raise InventoryError(errors)
    intents = DeviceIntents(devices, model, sessions)  # derived when asked for
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


def topology(inventory: Path = DEFAULT_INVENTORY) -> Graph:
    """The inventory's topology (report/graph.py): devices, k8s nodes, links, sessions."""
    return _graph(build(inventory))


def _graph(built: Built) -> Graph:
    return build_graph(built.devices, built.sessions, built.inventory.k8s.nodes)


GRAPH_FORMATS = {".mmd": "Mermaid", ".dot": "Graphviz DOT", ".svg": "SVG (Graphviz)"}


def graph_text(inventory: Path, suffix: str) -> tuple[str, Graph]:
    """The topology drawn in the format a file suffix names (GRAPH_FORMATS); .svg runs
    Graphviz (a clear error when it is absent)."""
    graph = topology(inventory)
    if suffix == ".mmd":
        return to_mermaid(graph), graph
    dot = to_dot(graph, title=f"vrpgen topology: {inventory.name}")
    return (graphviz.to_svg(dot) if suffix == ".svg" else dot), graph


def _picture(graph: Graph, highlight: dict[str, str]) -> tuple[str | None, str]:
    """The topology as an inline SVG element for an HTML report; or None and why (no
    Graphviz, or `dot` failed): the report is written all the same, saying so."""
    if not graphviz.available():
        return None, html.NO_PICTURE
    try:
        return graphviz.inline(graphviz.to_svg(to_dot(graph, highlight=highlight))), ""
    except graphviz.GraphvizError as exc:  # after a push: its report must still be written
        return None, f"The topology picture could not be drawn: {exc}"


def change_report(preview_: Preview, inventory: Path = DEFAULT_INVENTORY, *,
                  unread: dict[str, str] | None = None) -> str:
    """`diff --format html`: the plans on one self-contained page with the topology, the
    changed devices highlighted by risk; `unread`: devices `diff --live` could not read."""
    graph = topology(inventory)
    states = {**html.change_states(preview_.plans), **dict.fromkeys(unread or {}, "failed")}
    svg, why = _picture(graph, states)
    return html.change_page(preview_.plans, graph, svg, no_picture=why, unread=unread or {},
                            title=f"vrpgen change report: {inventory.name}", generated=_now())


@dataclass
class _Rendering:
    """One render run: the environment, the chosen devices and what rendering them needs from
    the build (not the build itself: once every device is rendered, the inventory, sessions
    and indexes are freed before the Calico manifests are built), and the facts about each
    device gathered as it is rendered."""

    env: Any
    intents: DeviceIntents | None  # None once every device is rendered
    calico_intent: CalicoIntent | None
    warnings: list[Issue]
    names: list[str]
    platforms: dict[str, str] = field(default_factory=dict)
    owns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)

    def configs(self) -> Iterator[tuple[str, str]]:
        """(device, text) in name order; each intent is derived, rendered and dropped in turn."""
        intents = self.intents
        assert intents is not None, "a render run renders its devices once"
        with rendering():
            for name in self.names:
                intent = intents.take(name)
                text = render_device(self.env, intent)
                self.platforms[name], self.owns[name] = intent.platform, intent.owns
                if intent.model is not None:
                    self.models[name] = intent.model
                yield name, text
        self.intents = None

    def calico(self) -> dict[str, str]:
        found = self.calico_intent
        return render_calico(build_manifests(found)) if found is not None else {}

    def result(self, configs: dict[str, str], calico: dict[str, str], used: list[tuple[Path, bool]],
               written: list[Path] | None = None) -> RenderResult:
        return RenderResult(configs, self.platforms, self.warnings, written or [], calico,
                            used, self.owns, self.models, list(self.names))


def _start_render(inventory: Path, limit: Sequence[str] | None, templates: Path | None,
                  strict: bool) -> tuple[_Rendering, list[tuple[Path, bool]]]:
    dirs = [templates] if templates is not None else []
    env = environment(dirs)  # a missing or unreadable templates directory fails first
    used = overridden(templates) if templates is not None else []
    built = build(inventory, strict=strict)
    return _Rendering(env, built.intents, built.calico, built.warnings,
                      select(built, limit)), used


def render_inventory(inventory: Path = DEFAULT_INVENTORY, *, limit: Sequence[str] | None = None,
                     templates: Path | None = None, strict: bool = False) -> RenderResult:
    """Render in memory. User templates come only from `templates` (never from a folder
    that happens to lie beside the inventory), and run sandboxed."""
    run, used = _start_render(inventory, limit, templates, strict)
    configs = dict(run.configs())
    return run.result(configs, run.calico(), used)


def render_to(out_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
              limit: Sequence[str] | None = None, templates: Path | None = None,
              strict: bool = False) -> RenderResult:
    """Render, then write DIR/<device>.cfg for each and DIR/calico/*, all or none: each text
    is staged in a temporary file as soon as it is rendered (a fabric of 10,000 devices is
    never held in memory at once), and the files are renamed into place only once every
    device has rendered (files.write_all), so nothing is written if any device fails. The
    result names the devices and files; it keeps no text (`configs` is empty)."""
    run, used = _start_render(inventory, limit, templates, strict)
    written: list[Path] = []
    calico: dict[str, str] = {}

    def outputs() -> Iterator[tuple[Path, str]]:
        for name, text in run.configs():
            written.append(out_dir / f"{name}.cfg")
            yield written[-1], text
        calico.update(run.calico())
        for name, text in calico.items():
            written.append(out_dir / "calico" / name)
            yield written[-1], text

    write_all(outputs())
    return run.result({}, calico, used, sorted(written))


DEFAULT_RUNNING = files.DEFAULT_RUNNING


@dataclass(frozen=True)
class BackupRun:
    """Every device's backup (docs/schemas/backup.schema.json)."""

    results: list[BackupResult]
    started: str
    finished: str
    audit_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"started": self.started, "finished": self.finished, "ok": self.ok,
                "devices": {r.device: r.to_dict() for r in self.results}}


def backup(out_dir: Path = DEFAULT_RUNNING, inventory: Path = DEFAULT_INVENTORY, *,
           credentials: Credentials, hosts: Path | None = None,
           limit: Sequence[str] | None = None, workers: int = 8,
           on_done: Callable[[BackupResult], None] | None = None,
           trail: AuditTrail | None = None) -> BackupRun:
    """Read each device's running configuration into OUT/<device>.cfg; one audit line per
    device."""
    started = _now()
    built = build(inventory)
    names = select(built, limit)
    found = _targets(built, names, hosts)
    log = _audit_log(trail, built, [credentials.password])

    def done(result: BackupResult) -> None:
        log.write(audit.BACKUP, result.device, "ok" if result.ok else "failed",
                  fingerprint=result.fingerprint, error=result.error)
        if on_done is not None:
            on_done(result)

    results = run_backup(found, credentials, out_dir, fetch_running, workers, done)
    return BackupRun(results, started, _now(), log.errors)


def _audit_log(trail: AuditTrail | None, built: Built, secrets: Sequence[str]) -> AuditTrail:
    """The run's audit trail: `--audit FILE` (trail.path), else the inventory's
    settings.audit_log (relative to the inventory's folder), else none (a trail without a
    path writes nothing). Opened here, before any device is touched."""
    log = trail if trail is not None else AuditTrail(command=audit.command_line(
        ["vrpgen"], secrets))
    if log.path is None and built.inventory.settings.audit_log is not None:
        folder = built.root if built.root.is_dir() else built.root.parent
        log.path = folder / built.inventory.settings.audit_log
    log.secrets.extend(s for s in secrets if s)
    log.open()
    return log


@dataclass(frozen=True)
class Preview:
    """The change plan of every device: intended (rendered) vs running (DIR/<device>.cfg)."""

    plans: dict[str, Plan]
    warnings: list[Issue]
    audit_errors: list[str] = field(default_factory=list)  # diff --live

    def to_dict(self) -> dict[str, Any]:
        return {"devices": {name: p.to_dict() for name, p in self.plans.items()}}


def preview(running_dir: Path, inventory: Path = DEFAULT_INVENTORY, *,
            limit: Sequence[str] | None = None, templates: Path | None = None,
            owns: Sequence[str] = ()) -> Preview:
    """Render the inventory and plan each device against running_dir/<device>.cfg; each device
    owns the families its inventory declares (`owns:`) and those of `owns`."""
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
                                 running_name=str(path), intended_name=f"rendered {name}",
                                 owns=_owned(rendered.owns.get(name, ()), owns))
    return Preview(plans, rendered.warnings)


def _owned(*layers: Sequence[str]) -> tuple[str, ...]:
    """The families of several layers, each once, in order."""
    return tuple(dict.fromkeys(f for layer in layers for f in layer))


def write_plan(path: Path, preview_: Preview) -> None:
    write_atomic(path, jsontext.dumps(preview_.to_dict()) + "\n")


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
        linked = link_devices(model, resolve(model, source.index), source.index)
        devices = linked.devices
        sessions, issues = resolve_sessions(model, devices, source.index, links=linked.links)
        issues = linked.issues + issues
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


# -- push and diff --live ------------------------------------------------------------------------


def _targets(built: Built, names: Sequence[str], hosts: Path | None) -> list[Target]:
    mgmt = {n: (d.mgmt.host, d.mgmt.port) if d.mgmt else None for n, d in built.devices.items()}
    chosen = {n: built.intents[n].platform for n in names}
    return targets(chosen, mgmt, load_hosts(hosts) if hosts is not None else None)


@dataclass(frozen=True)
class PushRun:
    """Every device's change window, and what was (not) checked for all of them."""

    results: list[DeviceResult]
    warnings: list[Issue]
    started: str
    finished: str
    options: Options
    audit_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        o = self.options
        return {
            "started": self.started, "finished": self.finished, "ok": self.ok,
            "dry_run": o.dry_run, "save": o.save, "confirm_timeout": o.confirm_timeout,
            "rollback_on_error": o.rollback_on_error, "rotate_secrets": o.rotate_secrets,
            "host_keys_checked": o.host_keys is not None,
            "notes": _notes(o),
            "devices": {r.device: r.to_dict() for r in self.results},
        }


def _notes(options: Options) -> list[str]:
    notes = ["passwords are not compared: the device shows them ciphered (REFERENCE §6.3); "
             "--rotate-secrets sends them again"]
    if options.host_keys is None:
        notes.append("SSH host keys were not checked (no --known-hosts)")
    return notes


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def read_reviewed(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """A plan file (`vrpgen diff --plan`): device → (fingerprint, commands as shown)."""
    try:
        data = json.loads(read_config(path))
        devices = data["devices"]
        return {str(name): (str(p["fingerprint"]), tuple(str(c) for c in p["commands"]))
                for name, p in devices.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DiffError(f"{path}: not a plan file written by `vrpgen diff --plan` "
                        f"({type(exc).__name__})") from None


def push(inventory: Path = DEFAULT_INVENTORY, *, credentials: Credentials, options: Options,
         hosts: Path | None = None, limit: Sequence[str] | None = None,
         plan_file: Path | None = None, report: Path | None = None, workers: int = 8,
         on_begin: Callable[[int], None] | None = None,
         on_start: Callable[[str], None] | None = None,
         on_done: Callable[[DeviceResult], None] | None = None,
         trail: AuditTrail | None = None) -> PushRun:
    """Render, then push each device's plan (push/executor.py); write the JSON report and,
    as each device finishes, its audit line."""
    started = _now()
    rendered = render_inventory(inventory, limit=limit)
    built = build(inventory)
    found = _targets(built, sorted(rendered.configs), hosts)
    reviewed = read_reviewed(plan_file) if plan_file is not None else None
    jobs = []
    for target in found:
        fingerprint: str | None = None
        commands: tuple[str, ...] | None = None
        if reviewed is not None:
            # a device the plan does not name is refused: it has no reviewed fingerprint
            fingerprint, commands = reviewed.get(target.name, ("(not in the plan)", ()))
        owns = rendered.owns.get(target.name, ())
        jobs.append(Job(target, rendered.configs[target.name], fingerprint, commands,
                        Scope(owns=tuple(owns)) if owns else None))
    if not options.environ:
        options = Options(**{**_fields(options), "environ": dict(os.environ)})
    log = _audit_log(trail, built, [credentials.password, *(
        value for text in rendered.configs.values()
        for value in filled_values(text, options.environ))])

    def done(result: DeviceResult) -> None:
        log.write(audit.PUSH, result.device, result.result, fingerprint=result.fingerprint,
                  lines_sent=result.sent, error=result.reason if not result.ok else None)
        if on_done is not None:
            on_done(result)

    if on_begin is not None:
        on_begin(len(jobs))
    results = push_all(jobs, credentials, options, workers=workers, on_start=on_start,
                       on_done=done)
    run = PushRun(results, rendered.warnings, started, _now(), options, log.errors)
    if report is not None:
        write_atomic(report, _push_report(report, run, built, inventory))
    return run


def _push_report(path: Path, run: PushRun, built: Built, inventory: Path) -> str:
    """JSON, or with a .html suffix the HTML page with the topology (results highlighted)."""
    data = run.to_dict()
    if path.suffix.lower() not in (".html", ".htm"):
        return jsontext.dumps(data) + "\n"
    svg, why = _picture(_graph(built), html.push_states(data))
    return html.push_page(data, svg, no_picture=why,
                          title=f"vrpgen push report: {inventory.name}")


def _fields(options: Options) -> dict[str, Any]:
    return {name: getattr(options, name) for name in Options.__dataclass_fields__}


def diff_live(inventory: Path = DEFAULT_INVENTORY, *, credentials: Credentials,
              hosts: Path | None = None, limit: Sequence[str] | None = None,
              workers: int = 8, timeout: float = 30.0,
              host_keys: HostKeys | None = None,
              trail: AuditTrail | None = None) -> tuple[Preview, dict[str, str]]:
    """As `preview`, with each running config read from its device (push/session.py);
    returns the plans of the devices that answered and the errors of those that did not.
    One audit line per device read (or not)."""
    rendered = render_inventory(inventory, limit=limit)
    built = build(inventory)
    found = _targets(built, sorted(rendered.configs), hosts)
    log = _audit_log(trail, built, [credentials.password, *(
        value for text in rendered.configs.values()
        for value in filled_values(text, os.environ))])
    texts, errors = read_all(found, credentials, workers=workers, timeout=timeout,
                             host_keys=host_keys)
    plans: dict[str, Plan] = {}
    failure: VrpgenError | None = None
    for name in sorted(texts.keys() | errors.keys()):
        if name in errors:
            log.write(audit.DIFF_LIVE, name, "failed", error=errors[name])
            continue
        try:
            plans[name] = plan_texts(texts[name], rendered.configs[name],
                                     rendered.platforms[name], running_name=f"{name} (live)",
                                     intended_name=f"rendered {name}",
                                     owns=rendered.owns.get(name, ()))
        except VrpgenError as exc:  # audited, then raised once every device is
            log.write(audit.DIFF_LIVE, name, "failed", error=str(exc))
            failure = failure or exc
            continue
        log.write(audit.DIFF_LIVE, name, "changes" if plans[name].commands else "unchanged",
                  fingerprint=plans[name].fingerprint)
    if failure is not None:
        raise failure
    return Preview(plans, rendered.warnings, log.errors), errors
