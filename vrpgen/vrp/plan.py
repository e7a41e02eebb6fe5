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

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from vrpgen.vrp import commands as cm
from vrpgen.vrp.families import bgp, interface, management
from vrpgen.vrp.remediation import remediate
from vrpgen.vrp.risk import Command, Risk
from vrpgen.vrp.scope import Scope, split
from vrpgen.vrp.secrets import mask
from vrpgen.vrp.sectiondiff import same
from vrpgen.vrp.tree import (
    Config,
    Node,
    block_lines,
    check_text,
    display_children,
    is_family,
    own_lines,
    parse,
    parse_lines,
    serialize,
    split_lines,
)


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
        rated = [c for c in self.commands if c.level is not None]
        return [Risk(c.level, c.reason, text)
                for c, text in zip(rated, shown_all([c.text for c in rated]), strict=True)
                if c.level is not None]  # always true: narrows the type for mypy

    @property
    def shown_commands(self) -> list[str]:
        """The commands' texts for a report or a screen: secrets masked. Send `commands`."""
        return shown_all([c.text for c in self.commands])

    @property
    def changed(self) -> bool:
        return bool(self.commands)

    @cached_property
    def diff(self) -> str:
        """Unified diff of the managed running config and what the device holds after the plan,
        in the intended's order, secrets masked (REFERENCE §6.3). Running lines the plan leaves
        alone are context (` `), never `-`. Built block by block along the trees: linear."""
        return "\n".join(unified(diff_script(self.running, self.intended)))

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
            "risks": [{"level": c.level, "reason": c.reason, "command": text}  # Risk.to_dict
                      for c, text in zip(self.commands, shown, strict=True)
                      if c.level is not None],
            "unmanaged": self.unmanaged,
            "fingerprint": self.fingerprint,
        }


def _mask(line: str) -> str:
    """One unified-diff line with its secret masked; the `+`/`-`/` ` marker is kept apart so
    that a top-level line's first keyword is still seen (`+snmp-agent community …`)."""
    if line.startswith(("+++ ", "--- ", "@@")) or not line:
        return line
    return line[0] + shown(line[1:])


# Every keyword after which secrets.mask finds a secret contains one of these (`password`,
# `cipher`, `irreversible-cipher`, `…authentication-mode`, `…-key`, `snmp-agent community`,
# `privacy-mode`):
# a line with none of them is shown as it is, without tokenising it.
_HINTS = ("password", "cipher", "authentication-mode", "-key", "community", "privacy-mode")
_SECRET_HINTS = re.compile("|".join(map(re.escape, _HINTS)), re.IGNORECASE)


def shown(text: str) -> str:
    """`secrets.mask`, skipped for the lines that cannot hold a secret (most of them)."""
    return mask(text) if _SECRET_HINTS.search(text) is not None else text


def shown_all(texts: list[str]) -> list[str]:
    """`shown` of every text; one scan of them all when none holds a hint (most plans)."""
    if not _may_hold_secret("\n".join(texts)):  # no hint holds a newline: none in any text
        return list(texts)
    return [shown(text) for text in texts]


def _may_hold_secret(text: str) -> bool:
    """_SECRET_HINTS.search for a long text (a hunk of the diff). On ASCII text `lower()` and
    `in` find the same hints ~15x faster than the IGNORECASE regex (measured on 80,000 lines);
    other text takes the regex, whose Unicode case folding `lower()` does not reproduce."""
    if text.isascii():
        low = text.lower()
        return any(hint in low for hint in _HINTS)
    return _SECRET_HINTS.search(text) is not None


# -- the text diff ------------------------------------------------------------------------------

CONTEXT = 2


@dataclass(slots=True)
class Script:
    """An edit script over display lines: `tags[k]` is " " (kept), "-" (removed) or "+"
    (added) for `lines[k]`. Two flat lists: extended in C, a block at a time."""

    tags: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, tag: str, lines: list[str]) -> None:
        self.tags.extend(tag * len(lines))
        self.lines.extend(lines)

    def one(self, tag: str, line: str) -> None:
        self.tags.append(tag)
        self.lines.append(line)


def diff_script(running: Node, intended: Node) -> Script:
    """Both managed trees as one edit script over their display lines: sections paired by key
    (intended order first, then running-only ones), so no line-matching search is needed."""
    out = Script([" "], ["#"])
    for old, new, node in _pairs(running, intended):
        if new is None:
            _running_only(node, 0, out, ())
        else:
            _pair(old, new, 0, out, ())
        # the separator goes and comes with its block
        out.one(out.tags[-1] if old is None or new is None else " ", "#")
    out.one(" ", "return")
    return out


Pair = tuple[Node | None, Node | None, Node]  # (running, intended, the one shown)


def _pairs(old: Node, new: Node) -> list[Pair]:
    rk = old.children
    pairs: list[Pair] = [(rk.get(k), c, c) for k, c in new.children.items()]
    pairs += [(c, None, c) for k, c in rk.items() if k not in new.children]
    if new.spec == bgp.PROCESS:  # REFERENCE §4.9: families after the session lines
        pairs.sort(key=lambda p: is_family(p[2]))
    return pairs


def _pair(old: Node | None, new: Node, depth: int, out: Script,
          gone: tuple[str, ...]) -> None:
    if old is None:
        out.add("+", block_lines(new, depth))
        return
    if new.members is not None or old.members is not None:
        if old.members == new.members and old.key == new.key:
            out.add(" ", own_lines(old, depth))
        else:
            out.add("-", own_lines(old, depth))
            out.add("+", own_lines(new, depth))
        return
    a, b = own_lines(old, depth), own_lines(new, depth)
    # REFERENCE §6.3: a password's value is never compared (an SNMP key's algorithm is)
    if a == b or (_secret(new) and old.params.get("alg") == new.params.get("alg")):
        out.add(" ", a)
    else:
        out.add("-", a)
        out.add("+", b)
    if same(old.children, new.children):
        for child in display_children(new):
            out.add(" ", block_lines(child, depth + 1))
        return
    gone = _removed_whole(old, new) or gone
    pad = " " * (depth + 1)
    for r, i, node in _pairs(old, new):
        if i is None:
            _running_only(node, depth + 1, out, gone)
        elif (r is not None and not r.children and not i.children and r.members is None
              and i.members is None and (depth or not is_family(i))):
            # a plain line (most of them): inline, without building its own_lines
            # a secret is never compared; an SNMP key's algorithm is (vrp/families/management.py)
            if r.text == i.text or (_secret(i) and r.params.get("alg") == i.params.get("alg")):
                out.one(" ", pad + r.text)
            else:
                out.one("-", pad + r.text)
                out.one("+", pad + i.text)
        else:
            _pair(r, i, depth + 1, out, gone)


def _removed_whole(old: Node, new: Node) -> tuple[str, ...]:
    """Line prefixes one undo removes whole in this section: `undo peer X` all of X's lines
    (REFERENCE §4.9), `undo local-user U` all of U's (vrp/families/management.py)."""
    if new.spec == bgp.PROCESS:
        return tuple(f"peer {c.params['p']} " for c in old.children.values()
                     if c.spec == bgp.PEER_AS and c.key not in new.children)
    if new.spec == management.AAA:
        return tuple(f"local-user {u} " for u in management.users_gone(old, new))
    return ()


def _running_only(node: Node, depth: int, out: Script, gone: tuple[str, ...]) -> None:
    out.add(" " if left_alone(node, gone) else "-", block_lines(node, depth))


def _secret(node: Node) -> bool:
    spec = cm.BY_ID.get(node.spec) if node.spec is not None else None
    return spec is not None and spec.secret


def left_alone(node: Node, gone: tuple[str, ...] = ()) -> bool:
    """A running line intended lacks that the remediation keeps (and counts unmanaged): one
    the model does not know, knows no undo for, or keeps as text (sectiondiff.Diff.remove);
    except the lines of a peer that `undo peer X` removes whole (REFERENCE §4.9)."""
    if gone and node.text.startswith(gone):
        return False
    spec = cm.BY_ID.get(node.spec) if node.spec is not None else None
    return spec is None or spec.undo is None or spec.remediation == "text"


def unified(script: Script, context: int = CONTEXT) -> list[str]:
    """A unified diff (`--- running`, `+++ intended`, hunks with `context` lines around each
    change) of an edit script; secrets masked. Linear in the length of the script."""
    tags, texts = script.tags, script.lines
    changes = [k for k, tag in enumerate(tags) if tag != " "]
    if not changes:
        return []
    groups: list[tuple[int, int]] = []
    start = end = changes[0]
    for k in changes[1:]:
        if k - end - 1 > 2 * context:
            groups.append((start, end))
            start = k
        end = k
    groups.append((start, end))
    a_at = b_at = 0  # line numbers (0-based) in running / intended of tags[done]
    done = 0
    lines = ["--- running", "+++ intended"]
    for first, last in groups:
        lo, hi = max(0, first - context), min(len(tags), last + context + 1)
        skipped = tags[done:lo]
        a_at += len(skipped) - skipped.count("+")
        b_at += len(skipped) - skipped.count("-")
        hunk = tags[lo:hi]
        a_len = len(hunk) - hunk.count("+")
        b_len = len(hunk) - hunk.count("-")
        lines.append(f"@@ -{_range(a_at, a_len)} +{_range(b_at, b_len)} @@")
        shown_hunk = [tag + text for tag, text in zip(hunk, texts[lo:hi], strict=True)]
        if _may_hold_secret("\n".join(shown_hunk)):
            shown_hunk = [_mask(line) for line in shown_hunk]
        lines.extend(shown_hunk)
        a_at += a_len
        b_at += b_len
        done = hi
    return lines


def _range(start: int, length: int) -> str:
    """A hunk range as unified diffs write it (`5`, `5,3`, `4,0` for an empty one)."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


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
    produce a command and are left out before parsing: on large configs most are. The lines
    left keep their numbers in the texts, for the errors that name a line."""
    r_all, i_all = _rstripped(running), _rstripped(intended)
    check_text(running, r_all)
    check_text(intended, i_all)
    (r_lines, r_numbers), (i_lines, i_numbers) = _drop_identical(r_all, i_all)
    r_config = parse_lines(r_lines, r_numbers)
    result = plan_configs(r_config, parse_lines(i_lines, i_numbers), platform, scope)
    # The fingerprint needs the whole running config: the one parsed when no block was left out
    # (normalised by plan_configs; the remediation reads the trees, never changes them).
    result.source = r_config if r_numbers is None else running
    return result


# Blocks whose meaning reaches beyond themselves are always parsed: `vlan N` (part of the VLAN
# set, REFERENCE §4.2) and the families the managed scope follows (scope.py).
_KEEP = ("#", "vlan", "ospf", "route-policy", "ip ip-prefix", "return")

# Lines and, when some were left out, the number of each in its text.
Lines = tuple[list[str], list[int] | None]


def _rstripped(text: str) -> list[str]:
    return [line.rstrip() for line in split_lines(text)]


def _blocks(lines: list[str]) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Top-level block spans (by header) of rstripped lines, and the headers seen twice."""
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
    return spans, twice


def _drop_identical(r_lines: list[str], i_lines: list[str]) -> tuple[Lines, Lines]:
    r_spans, r_twice = _blocks(r_lines)
    i_spans, i_twice = _blocks(i_lines)
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
        return (r_lines, None), (i_lines, None)
    return _without(r_lines, drop_r), _without(i_lines, drop_i)


def _without(lines: list[str], spans: list[tuple[int, int]]) -> Lines:
    keep = [True] * len(lines)
    for a, b in spans:
        keep[a:b] = [False] * (b - a)
    numbers = [n for n, k in enumerate(keep, start=1) if k]
    return [lines[n - 1] for n in numbers], numbers
