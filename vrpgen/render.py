"""Intent → VRP configuration text through Jinja2 templates; atomic writes of the results.

Templates only loop and branch; formatting (masks, wildcards, VLAN lists) is done by the
unit-tested filters below. A user templates directory overrides built-in files one by one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import netaddr

from vrpgen.derive.intent import DeviceIntent
from vrpgen.errors import OutputError, RenderError

VLAN_ITEMS_PER_LINE = 10  # REFERENCE §4.2, §4.4: the device wraps lists at ten items


def builtin_templates() -> Path:
    """Shipped inside the wheel as vrpgen/templates; in a checkout, the top-level templates/."""
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


def vlan_items(vlans: Iterable[int]) -> list[str]:
    """Ascending, consecutive runs as `a to b` (even runs of two), as VRP displays (§4.2)."""
    items: list[str] = []
    ordered = sorted(set(vlans))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        items.append(str(ordered[i]) if i == j else f"{ordered[i]} to {ordered[j]}")
        i = j + 1
    return items


def vlan_lines(vlans: Iterable[int], prefix: str) -> list[str]:
    items = vlan_items(vlans)
    return [f"{prefix} " + " ".join(items[i:i + VLAN_ITEMS_PER_LINE])
            for i in range(0, len(items), VLAN_ITEMS_PER_LINE)]


def ip_mask(prefix: str) -> str:
    """`10.0.0.253/24` → `10.0.0.253 255.255.255.0`: masks are always dotted (§3.10)."""
    net = netaddr.IPNetwork(prefix)
    return f"{net.ip} {net.netmask}"


def wildcard(prefix: str) -> str:
    """`10.0.0.0/24` → `10.0.0.0 0.0.0.255`: OSPF network statements take wildcards (§4.8)."""
    net = netaddr.IPNetwork(prefix)
    return f"{net.ip} {net.hostmask}"


def environment(extra_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    search = [str(d) for d in extra_dirs if d.is_dir()] + [str(builtin_templates())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - device configuration, not HTML
    )
    env.filters.update(vlan_lines=vlan_lines, ip_mask=ip_mask, wildcard=wildcard)
    return env


def render_device(env: jinja2.Environment, intent: DeviceIntent) -> str:
    try:
        return env.get_template("device.j2").render(dev=intent)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: "
                          f"{exc.message}") from exc
    except jinja2.TemplateError as exc:
        where = _template_location()
        raise RenderError(f"{where}rendering {intent.name} failed: {exc}") from exc


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


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same directory, then rename over the target."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_all(outputs: dict[Path, str]) -> None:
    """All outputs were rendered before any is written: a failure leaves no partial set."""
    for path, text in sorted(outputs.items()):
        write_atomic(path, text)


__all__: list[Any] = ["environment", "render_device", "vlan_lines", "write_all"]
