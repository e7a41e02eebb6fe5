"""Pieces of `display` output cut from the display-form configuration text (REFERENCE §2.1, §3).

All functions take and return display form ("\\n" line ends, sections separated by `#`).
"""

from __future__ import annotations

import difflib
import re

_IFNAME = re.compile(r"^([A-Za-z][A-Za-z-]*?)\s*(\d[\d/.:]*)$")


def blocks(text: str) -> list[list[str]]:
    """Top-level sections: each a list of lines starting with a column-0 header, no `#` lines."""
    result: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.rstrip() == "#" or line.rstrip() == "return" or not line.strip():
            current = None
            continue
        if line.startswith("!") or line.startswith("["):
            continue  # headers such as `!Software Version …` / `[V200R003C00]` (§3.2)
        if not line.startswith(" ") or current is None:
            current = [line]
            result.append(current)
        else:
            current.append(line)
    return result


def wrap(lines: list[str]) -> str:
    """A fragment as the device prints it: `#`, the lines, `#`, `return` (§3.3, §3.7)."""
    return "\n".join(["#", *lines, "#", "return"])


def interface_names(text: str) -> list[str]:
    return [b[0].split(None, 1)[1].strip() for b in blocks(text) if b[0].startswith("interface ")]


def resolve_interface(typed: str, names: list[str]) -> str | None:
    """Map typed input (`g0/0/1`, `GigabitEthernet 0/0/1`, `loopback 0`) to a configured name.

    §2.1/§4.3: case-insensitive, optional space, the type abbreviated to a unique prefix.
    """
    match = _IFNAME.match(typed.strip())
    if not match:
        return None
    kind, number = match.group(1).lower(), match.group(2)
    hits: list[tuple[str, str]] = []
    for name in names:
        m = _IFNAME.match(name)
        if m and m.group(2) == number and m.group(1).lower().startswith(kind):
            hits.append((m.group(1).lower(), name))
    for hit_kind, name in hits:
        if hit_kind == kind:
            return name
    return hits[0][1] if len(hits) == 1 else None


def interface_block(text: str, name: str) -> list[str]:
    for block in blocks(text):
        if block[0].rstrip() == f"interface {name}":
            return block
    return []


def section_blocks(text: str, keyword: str) -> list[str]:
    """`display current-configuration configuration bgp`: every section whose header starts so."""
    lines: list[str] = []
    for block in blocks(text):
        if block[0].split()[0].lower().startswith(keyword.lower()):
            if lines:
                lines.append("#")
            lines.extend(block)
    return lines


def view_block(text: str, view_name: str) -> list[str]:
    """The block `display this` prints for a view name as the prompt shows it (§2.1 table)."""
    header = _view_header(view_name)
    if header is None:
        return []
    for block in blocks(text):
        if block[0].rstrip() == header or block[0].rstrip().startswith(header + " "):
            return block
    return []


def _view_header(view_name: str) -> str | None:
    if view_name.startswith("vlan") and view_name[4:].isdigit():
        return f"vlan {view_name[4:]}"
    m = re.match(r"^ospf-(\d+)", view_name)
    if m:
        return f"ospf {m.group(1)}"
    if view_name.startswith("bgp"):
        return "bgp"
    if view_name == "route-policy" or view_name.startswith("aaa"):
        return None
    return f"interface {view_name}"


def apply_filter(text: str, how: str, pattern: re.Pattern[str]) -> str:
    """`| include RE`, `| exclude RE`, `| begin RE` (§2.1)."""
    lines = text.splitlines()
    if how == "include":
        lines = [ln for ln in lines if pattern.search(ln)]
    elif how == "exclude":
        lines = [ln for ln in lines if not pattern.search(ln)]
    else:
        for i, ln in enumerate(lines):
            if pattern.search(ln):
                lines = lines[i:]
                break
        else:
            lines = []
    return "\n".join(lines)


def candidate_changes(running: str, candidate: str) -> str:
    """`display configuration candidate changes` (§1.1): a +/- diff of the uncommitted edits."""
    diff = difflib.unified_diff(running.splitlines(), candidate.splitlines(), lineterm="", n=1)
    return "\n".join(ln for ln in diff if not ln.startswith(("---", "+++", "@@")))
