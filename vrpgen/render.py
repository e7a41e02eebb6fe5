"""Intent → VRP configuration text through Jinja2 templates; atomic writes of the results.

Templates only loop and branch; formatting (masks, wildcards, VLAN lists) is done by the
unit-tested filters below. A user templates directory, named explicitly (`--templates DIR`),
overrides built-in files one by one; every template runs in Jinja2's sandbox, and what it
renders must pass `vrpgen lint`.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import netaddr
import yaml
from jinja2.sandbox import SandboxedEnvironment

from vrpgen import files
from vrpgen.calico.manifests import CalicoManifests
from vrpgen.derive.intent import DeviceIntent
from vrpgen.errors import DiffError, RenderError, VrpgenError, printable
from vrpgen.files import read_regular
from vrpgen.vrp import grammar, lint, vlanlist

VLAN_ITEMS_PER_LINE = vlanlist.ITEMS_PER_LINE  # REFERENCE §4.2, §4.4: ten items a line


def builtin_templates() -> Path:
    """Shipped inside the wheel as vrpgen/templates; in a checkout, the top-level templates/."""
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


def vlan_items(vlans: Iterable[int]) -> list[str]:
    """Ascending, consecutive runs as `a to b` (even runs of two), as VRP displays (§4.2)."""
    return vlanlist.items(set(vlans))


def vlan_lines(vlans: Iterable[int], prefix: str) -> list[str]:
    """`prefix` + ten items a line, as the device wraps VLAN lists (REFERENCE §4.2, §4.4)."""
    if not vlans:  # every interface asks, most have none: no set, no chunking
        return []
    return [f"{prefix} {chunk}" for chunk in vlanlist.chunks(set(vlans))]


# A canonical `a.b.c.d/len` (what derive writes) split without building a netaddr object (six
# per device: a tenth of the render time at 10,000 devices); anything else goes to netaddr.
_CANONICAL_PREFIX = re.compile(
    r"((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))"
    r"/(3[0-2]|[12]?\d)", re.ASCII)
_MASKS = [grammar.mask_from_len(n) for n in range(33)]
_WILDCARDS = [str(netaddr.IPAddress(0xFFFFFFFF >> n if n < 32 else 0)) for n in range(33)]


def ip_mask(prefix: str) -> str:
    """`10.0.0.253/24` → `10.0.0.253 255.255.255.0`: masks are always dotted (§3.10)."""
    return _with_mask(prefix, _MASKS, "netmask")


def wildcard(prefix: str) -> str:
    """`10.0.0.0/24` → `10.0.0.0 0.0.0.255`: OSPF network statements take wildcards (§4.8)."""
    return _with_mask(prefix, _WILDCARDS, "hostmask")


def _with_mask(prefix: str, by_length: list[str], netaddr_name: str) -> str:
    """`ADDRESS MASK` of a prefix, the mask from `by_length` (or netaddr's `netaddr_name`)."""
    found = _CANONICAL_PREFIX.fullmatch(prefix)
    if found is not None:
        return f"{found[1]} {by_length[int(found[2])]}"
    net = netaddr.IPNetwork(prefix)
    return f"{net.ip} {getattr(net, netaddr_name)}"


# A user template is read whole into memory before any rendering; none is anywhere near this.
MAX_TEMPLATE_BYTES = 1024 * 1024
# Characters that must never reach a config line: control characters (a line may not hide a
# second command) and every character str.splitlines() treats as a line break but `\n`, which
# ends a line (searched in the whole text at once).
_BAD_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class _Templates(jinja2.BaseLoader):
    """User templates read once (regular *.j2 files, UTF-8, size-limited), then the built-in
    directory. Each template keeps its real path, so errors name the file the user edits."""

    def __init__(self, user: dict[str, tuple[str, Path]], builtin: Path) -> None:
        self.user = user
        self.builtin = jinja2.FileSystemLoader(str(builtin))

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        found = self.user.get(template)
        if found is not None:
            return found[0], str(found[1]), lambda: True
        return self.builtin.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return sorted(set(self.user) | set(self.builtin.list_templates()))


def user_templates(directory: Path) -> dict[str, tuple[str, Path]]:
    """Every *.j2 under `directory` (name → (text, path)); RenderError names a bad file."""
    if not directory.is_dir():
        what = "does not exist" if not directory.exists() else "is not a directory"
        raise RenderError(f"{directory}: templates directory {what} (--templates DIR)")
    found: dict[str, tuple[str, Path]] = {}
    for path in sorted(directory.rglob("*.j2")):
        name = path.relative_to(directory).as_posix()
        try:
            data = read_regular(path, MAX_TEMPLATE_BYTES)
        except VrpgenError as exc:
            raise RenderError(f"template {exc}") from exc
        try:
            found[name] = (data.decode("utf-8"), path)
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise RenderError(f"{path}:{line}: template is not UTF-8 text ({exc.reason} at "
                              f"byte {exc.start})") from exc
    return found


def overridden(directory: Path) -> list[tuple[Path, bool]]:
    """The user templates of `directory` and whether each replaces a built-in one."""
    builtin = builtin_templates()
    return [(path, (builtin / name).is_file())
            for name, (_, path) in sorted(user_templates(directory).items())]


def _data_fields(cls: type) -> frozenset[str]:
    """The public data fields of one of vrpgen's own intent dataclasses (nothing for any other
    type): values the templates may read as they are."""
    if not (dataclasses.is_dataclass(cls) and cls.__module__.startswith("vrpgen.")):
        return frozenset()
    return frozenset(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with its attribute verdicts cached: whether `obj.attr` is safe depends
    only on the type of `obj` and the name (jinja2.sandbox.is_internal_attribute tests the
    type), and a device's templates ask a few dozen names some 1,400 times each.

    A data field of an intent dataclass is read directly: it is plain data by construction
    (no leading underscore, not a method, so neither `str.format` nor an internal attribute),
    and the sandbox's full check of every read was a third of the rendering time. Anything
    else (methods, properties, other types) goes through the sandbox's own check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}
        self._fields: dict[type, frozenset[str]] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        fields = self._fields.get(kind)
        if fields is None:
            fields = self._fields[kind] = _data_fields(kind)
        if attribute in fields:
            return getattr(obj, attribute)  # the builtin: a method's name is not in scope
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        found = self._safe.get(key)
        if found is None:
            found = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return found


def environment(extra_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """A sandboxed environment (jinja2.sandbox): a template cannot reach Python internals,
    files or processes. User templates come only from the directories passed here (the
    first one wins), each of which must exist; then the built-in templates."""
    user: dict[str, tuple[str, Path]] = {}
    for directory in extra_dirs:
        for name, found in user_templates(directory).items():
            user.setdefault(name, found)
    env = _Sandbox(
        loader=_Templates(user, builtin_templates()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        # templates are read once per run: no stat of every included file per device
        auto_reload=False,
    )
    env.filters.update(vlan_lines=vlan_lines, ip_mask=ip_mask, wildcard=wildcard)
    return env


def render_device(env: jinja2.Environment, intent: DeviceIntent) -> str:
    """The device's configuration; any template failure is a RenderError naming the template
    file and line, and the output must be lines that `vrpgen lint` accepts."""
    try:
        text = env.get_template("device.j2").render(dev=intent)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: "
                          f"{exc.message}") from exc
    except RecursionError as exc:
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: templates include each "
                          "other without end (recursion too deep)") from exc
    except jinja2.TemplateNotFound as exc:
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: template {exc.name!r} "
                          "not found") from exc
    except jinja2.TemplateError as exc:
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: {exc}") from exc
    except UnicodeError as exc:
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: a template is not UTF-8 "
                          f"text: {exc}") from exc
    except Exception as exc:  # ZeroDivisionError, a filter given a bad value, …
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: "
                          f"{type(exc).__name__}: {exc}") from exc
    check_output(intent.name, text, intent.platform, intent.model)
    return text


def check_output(device: str, text: str, platform: str, model: str | None = None) -> None:
    """Rendered text is a configuration: no control character or line break inside a line,
    and every line a command `vrpgen lint` knows in a legal view (a template that emits an
    unknown command or view change is caught here, not on the device)."""
    bad = _BAD_OUTPUT.search(text)  # one scan of the text; the line only when one is found
    if bad is not None:
        lineno = text.count("\n", 0, bad.start()) + 1
        line = text.split("\n")[lineno - 1]
        raise RenderError(f"{device}.cfg:{lineno}: rendered line contains control "
                          f"character {bad.group()!r}: {printable(line)}")
    try:
        issues = lint(text, platform, model)
    except (DiffError, RecursionError) as exc:
        raise RenderError(f"{device}.cfg: rendered text is not a configuration: {exc}") from exc
    if issues:
        raise RenderError("\n".join(
            f"{device}.cfg:{i.line}: rendered line is not valid VRP: {i.message}: "
            f"{printable(i.text)}" for i in issues))


def _template_location() -> str:
    """The innermost template frame of the current exception, as `file:line: `."""
    tb = sys.exc_info()[2]
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


# libyaml's emitter when installed (PyYAML's own emitter took ~0.8 ms per BGPPeer)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_CALICO_HEADER = ("# Generated by vrpgen from the inventory; do not edit.\n"
                  "# calicoctl apply -f {name}, in the order given in docs/calico.md.\n")


def render_calico(manifests: CalicoManifests) -> dict[str, str]:
    """Calico resources as YAML files for DIR/calico/ (file name → text); data from
    vrpgen.calico, so the only thing done here is serialisation (ASNs stay integers)."""
    def dump(name: str, docs: Sequence[dict[str, Any]]) -> str:
        # one emitter for all documents: the same text as dumping each and joining with
        # `---` (anchors are per document either way), a third faster at 40,000 BGPPeers
        body = yaml.dump_all(docs, Dumper=_Dumper, sort_keys=False, default_flow_style=False)
        return _CALICO_HEADER.format(name=name) + body

    files = {"bgpconfiguration.yaml": dump("bgpconfiguration.yaml",
                                           [manifests.bgp_configuration])}
    if manifests.ip_pools:
        files["ippools.yaml"] = dump("ippools.yaml", manifests.ip_pools)
    if manifests.bgp_peers:
        files["bgppeers.yaml"] = dump("bgppeers.yaml", manifests.bgp_peers)
    if manifests.calicoctl_config is not None:
        files["calicoctl.cfg"] = ("# Generated by vrpgen: calicoctl --config calicoctl.cfg, "
                                  "or copy to /etc/calico/calicoctl.cfg\n"
                                  + yaml.safe_dump(manifests.calicoctl_config, sort_keys=False))
    if manifests.node_patches:
        files["nodes.sh"] = "\n".join((
            "#!/bin/sh",
            "# Generated by vrpgen: each k8s node's BGP AS and address, run before applying",
            "# bgppeers.yaml (docs/calico.md). Patch, never apply, a Node: applying replaces",
            "# what calico-node filled in. Arguments go to calicoctl: sh nodes.sh "
            "--config=calicoctl.cfg",
            "set -eu",
            *manifests.node_patches, ""))
    return files


def write_all(outputs: dict[Path, str] | Iterable[tuple[Path, str]]) -> None:
    """Outputs are written all or none (vrpgen.files.write_all), also when they come from a
    generator that renders as it goes: a failure or an interrupt, in rendering or in writing,
    leaves the previous files as they were."""
    files.write_all(outputs)


__all__: list[Any] = ["check_output", "environment", "overridden", "render_device", "vlan_lines",
                      "write_all"]
