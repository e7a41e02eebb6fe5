"""Change plan: remediation, diff, risks, unmanaged count and fingerprint of one device.

    plan(running_text, intended_text, platform="vrp5", scope=None) -> Plan
Plan.commands (list[Command]: .text, .question, .answer: what is sent, secrets included),
.shown_commands (their texts for people, secrets masked), .diff (unified diff of the normalised
running vs intended within scope; secrets masked), .risks (list[Risk]: level, reason, command;
secrets masked), .unmanaged (running lines left alone), .fingerprint (sha256 of the normalised
running config), .to_dict() (JSON-ready, secrets masked).

Masking (vrp/secrets.py) replaces everything from a secret to the end of its line, so a secret
holding spaces (`peer X password simple a b c`) is hidden whole (REFERENCE §6.3).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from vrpgen.vrp.families import interface
from vrpgen.vrp.remediation import remediate
from vrpgen.vrp.risk import Command, Risk
from vrpgen.vrp.scope import Scope, split
from vrpgen.vrp.secrets import mask
from vrpgen.vrp.tree import Config, Node, parse, serialize


def normalise(config: Config, platform: str) -> Config:
    """Platform defaults made invisible as the device shows them (REFERENCE §3.8, §6.6):
    on VRP5 `undo shutdown` and `portswitch` are defaults, never shown (§4.4, §4.5). Empty
    blocks that exist anyway are equal to absent ones in `Config.same_meaning`."""
    root = config.root.children
    if platform == "vrp5":
        for node in root.values():
            if node.spec == interface.IFACE:
                for key in interface.SLOTS:
                    child = node.children.get(key)
                    if child is not None and child.spec in (interface.UNDO_SHUTDOWN,
                                                            interface.PORTSWITCH):
                        del node.children[key]
    return config


@dataclass
class Plan:
    commands: list[Command]
    unmanaged: int
    running: Node = field(repr=False)
    intended: Node = field(repr=False)
    source: Config | str = field(repr=False)
    platform: str = "vrp5"

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the normalised running config the plan was computed from."""
        source = self.source
        if isinstance(source, str):
            source = normalise(parse(source), self.platform)
        return fingerprint(source, self.platform)

    @property
    def risks(self) -> list[Risk]:
        """What each rated command risks; the command as people see it (secrets masked)."""
        return [Risk(c.level, c.reason, mask(c.text)) for c in self.commands
                if c.level is not None]

    @property
    def shown_commands(self) -> list[str]:
        """The commands' texts for a report or a screen: secrets masked. Send `commands`."""
        return [mask(c.text) for c in self.commands]

    @property
    def changed(self) -> bool:
        return bool(self.commands)

    @cached_property
    def diff(self) -> str:
        """Unified diff, running in the intended's order, secrets masked (REFERENCE §6.3)."""
        ordered = _ordered_like(self.running, self.intended)
        left = serialize(Config(ordered)).splitlines()
        right = serialize(Config(self.intended)).splitlines()
        lines = difflib.unified_diff(left, right, "running", "intended", lineterm="", n=2)
        return "\n".join(_mask(line) for line in lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for people and files: every command text has its secret masked."""
        shown = self.shown_commands
        return {
            "commands": shown,
            "dialogs": [
                {"index": n, "command": shown[n], "question": c.question, "answer": c.answer}
                for n, c in enumerate(self.commands)
                if c.question
            ],
            "diff": self.diff,
            "risks": [r.to_dict() for r in self.risks],
            "unmanaged": self.unmanaged,
            "fingerprint": self.fingerprint,
        }


def _mask(line: str) -> str:
    """One unified-diff line with its secret masked; the `+`/`-`/` ` marker is kept apart so
    that a top-level line's first keyword is still seen (`+snmp-agent community …`)."""
    if line.startswith(("+++ ", "--- ", "@@")) or not line:
        return line
    return line[0] + mask(line[1:])


def _ordered_like(running: Node, intended: Node) -> Node:
    out = Node(running.key, running.text, running.spec, running.params,
               members=running.members)
    for key, node in intended.children.items():
        if key in running.children:
            out.children[key] = _ordered_like(running.children[key], node)
    for key, node in running.children.items():
        out.children.setdefault(key, node)
    return out


def fingerprint(config: Config, platform: str = "vrp5") -> str:
    """sha256 of the normalised running config (header lines excluded)."""
    text = serialize(Config(config.root), platform)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_configs(
    running: Config, intended: Config, platform: str = "vrp5", scope: Scope | None = None
) -> Plan:
    normalise(running, platform)
    normalise(intended, platform)
    kept, want, unmanaged = split(running.root, intended.root, scope)
    result = remediate(kept, want, platform)
    return Plan(result.commands, unmanaged + result.unmanaged, kept, want, running, platform)


def plan(running: str, intended: str, platform: str = "vrp5", scope: Scope | None = None) -> Plan:
    """Parse both texts and compute the plan (see the module docstring).

    Top-level blocks that are identical line for line on both sides (after rstrip) cannot
    produce a command and are left out before parsing: on large configs most are."""
    r_text, i_text = _drop_identical(running, intended)
    result = plan_configs(parse(r_text), parse(i_text), platform, scope)
    result.source = running
    return result


# Blocks whose meaning reaches beyond themselves are always parsed: `vlan N` (part of the VLAN
# set, REFERENCE §4.2) and the families the managed scope follows (scope.py).
_KEEP = ("#", "vlan", "ospf", "route-policy", "ip ip-prefix", "return")


def _blocks(text: str) -> tuple[list[str], dict[str, tuple[int, int]], set[str]]:
    """Lines (rstripped), top-level block spans by header, and headers seen twice."""
    lines = [line.rstrip() for line in _split(text)]
    spans: dict[str, tuple[int, int]] = {}
    twice: set[str] = set()
    start = -1
    for n, line in enumerate([*lines, "#"]):
        if line[:1] not in ("", " "):
            if start >= 0:
                header = lines[start]
                if header in spans:
                    twice.add(header)
                spans[header] = (start, n)
                start = -1
            if not line.startswith(_KEEP):
                start = n
    return lines, spans, twice


def _split(text: str) -> list[str]:
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _drop_identical(running: str, intended: str) -> tuple[str, str]:
    r_lines, r_spans, r_twice = _blocks(running)
    i_lines, i_spans, i_twice = _blocks(intended)
    drop_r: list[tuple[int, int]] = []
    drop_i: list[tuple[int, int]] = []
    for header, (a, b) in i_spans.items():
        span = r_spans.get(header)
        if span is None or header in r_twice or header in i_twice:
            continue
        if b - a > 1 and r_lines[span[0] : span[1]] == i_lines[a:b]:
            drop_r.append(span)
            drop_i.append((a, b))
    if not drop_i:
        return running, intended
    return _without(r_lines, drop_r), _without(i_lines, drop_i)


def _without(lines: list[str], spans: list[tuple[int, int]]) -> str:
    keep = [True] * len(lines)
    for a, b in spans:
        keep[a:b] = [False] * (b - a)
    return "\n".join(line for line, k in zip(lines, keep, strict=True) if k)
