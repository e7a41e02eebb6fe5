"""Config tree: parse `display current-configuration` text, serialise it back.

Parsing is one pass, linear in the number of lines, and keeps everything: a line the model
does not know is an opaque node keyed by its text; a line that cannot be placed is kept where it
fits best and reported in `Config.issues`. Values are normalised by the grammar (REFERENCE §3.10);
additive lists are merged (§4.2, §4.4); AF options shown in the bgp view move under
`ipv4-family unicast` (§4.9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vrpgen.errors import DiffError
from vrpgen.vrp import commands as cm
from vrpgen.vrp import fastpath, ifname
from vrpgen.vrp.families import bgp, interface, policy, vlan
from vrpgen.vrp.grammar import best
from vrpgen.vrp.node import BATCH, TRUNK_SET, Node, set_lines

__all__ = ["BATCH", "TRUNK_SET", "Config", "Node", "ParseIssue", "block_lines",
           "display_children", "is_family", "own_lines", "parse", "serialize", "set_lines",
           "view_depths"]

@dataclass(frozen=True, slots=True)
class ParseIssue:
    line: int
    text: str
    message: str


@dataclass(slots=True)
class Config:
    root: Node = field(default_factory=lambda: Node("", ""))
    header: list[str] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)

    def copy(self) -> Config:
        return Config(self.root.copy(), list(self.header), list(self.issues))

    def same_meaning(self, other: Config) -> bool:
        """Equal trees, order aside; an empty block that exists anyway (a VLAN in the batch,
        REFERENCE §4.2; a physical port, §4.3) equals an absent one."""
        return _top(self.root) == _top(other.root)


def _top(root: Node) -> frozenset[object]:
    return frozenset(
        (k, c.signature()) for k, c in root.children.items() if c.children or not _implicit(c)
    )


def _implicit(node: Node) -> bool:
    if node.spec == vlan.VLAN_BLOCK:
        return True
    return node.spec == interface.IFACE and ifname.is_physical(node.params["name"])


# No VRP value has more than a few dozen digits (a 32-bit number, an AS, a VLAN); a run of
# thousands would make int() refuse it deep inside the grammar (Python's 4300-digit limit).
MAX_DIGITS = 256
LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
# VRP nests views a few levels deep (bgp > ipv4-family > …); the tree walkers recurse per
# level, so deeper nesting is refused here with its line instead of a RecursionError later.
MAX_DEPTH = 32


Found = tuple[cm.Spec, dict[str, str], str]
# Lines seen before, in any config (the running and intended sides share most lines; the
# remediation and the reports classify the commands again). The params dicts are shared and
# never changed in place. Bounded: emptied when full.
_CLASSIFIED: dict[tuple[str | None, str], Found | None] = {}
_CLASSIFIED_MAX = 250_000


def classify(view: str | None, text: str) -> Found | None:
    """(spec, params, canonical text) of a line in `view`, or None if the model lacks it."""
    if view is None:
        return None
    key = (view, text)
    found = _CLASSIFIED.get(key, _NOT_SEEN)
    if found is _NOT_SEEN:
        if len(_CLASSIFIED) >= _CLASSIFIED_MAX:
            _CLASSIFIED.clear()
        found = _CLASSIFIED[key] = _classify(view, text)
    return found


def classify_once(view: str, text: str) -> Found | None:
    """`classify` without its memo: for a caller that keeps its own verdict per line
    (vrp/lint_fast.py), so unique lines are not held twice."""
    return _classify(view, text)


def _classify(view: str, text: str) -> Found | None:
    # the length test skips the regex scan on every line too short to hold such a number
    if len(text) > MAX_DIGITS and LONG_NUMBER.search(text) is not None:
        return None  # no command takes a number that long: the line is not one the model knows
    fast = fastpath.classify(view, text)
    if fast is not None:
        return fast
    first = text.split(" ", 1)[0]
    cands = cm.candidates(view, first)
    if not cands:
        return None
    forms = [f for _, f in cands]
    match, _ = best(text, forms)
    if match is None:
        return None
    spec = next(s for s, f in cands if f is match.form)
    return spec, match.params, match.text


def view_depths(lines: Sequence[str]) -> list[int]:
    """How deep in views each command of a remediation runs (0 = system view), for display:
    a command whose spec opens a view goes one level down, `quit` comes back up."""
    views = [cm.SYSTEM]
    depths = []
    for text in lines:
        if text == "quit":
            if len(views) > 1:
                views.pop()
            depths.append(len(views) - 1)
            continue
        depths.append(len(views) - 1)
        found = classify(views[-1], text)
        if found is not None and found[0].opens:
            views.append(found[0].opens)
    return depths


def make_node(spec: cm.Spec, params: dict[str, str], text: str, lineno: int) -> Node:
    key = cm.key_of(spec, params)
    node = Node(key, text, spec.id, params, line=lineno, opens=spec.opens)
    if spec.kind == "set":
        node.members = {int(v) for v in params["v"].split()}
    return node


def split_lines(text: str) -> list[str]:
    """The lines of a text as the device sent it: NULs dropped, any line ending."""
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


BINARY_CHAR = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def check_text(text: str, lines: Sequence[str] | None = None) -> None:
    """Raise DiffError for a text that cannot be a configuration: control characters (a
    binary file), or a number far longer than any VRP value. With the text's `lines`, the
    number scan (the slower one) runs only when a line is long enough to hold one."""
    bad = BINARY_CHAR.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise DiffError(f"line {line}: control character {bad.group()!r}: not a configuration")
    if lines is not None and all(len(line) <= MAX_DIGITS for line in lines):
        return
    long = LONG_NUMBER.search(text)
    if long is not None:
        line = text.count("\n", 0, long.start()) + 1
        raise DiffError(f"line {line}: a number of {len(long.group())} digits (more than "
                        f"{MAX_DIGITS}): not a configuration value")


def parse(text: str) -> Config:
    """`display current-configuration` text -> Config (see module docstring).

    Raises DiffError for input that is not a configuration text: control characters (a binary
    file), or not one line the model or the display format knows."""
    check_text(text)
    return parse_lines(split_lines(text))


def parse_lines(lines: list[str], numbers: Sequence[int] | None = None) -> Config:
    """`parse` of a text already checked (check_text) and split (split_lines); `numbers`: each
    line's number in the original text when some lines were left out (default 1, 2, …)."""
    numbered = enumerate(lines, start=1) if numbers is None else zip(numbers, lines, strict=True)
    cfg = _parse(numbered)
    known = any(n.spec is not None for n in cfg.root.children.values())
    if not known and any(line.strip() for line in lines) \
            and not any("#" in line or "return" in line for line in lines):
        raise DiffError("no line of this text is a VRP command or display separator")
    return cfg


def _parse(numbered: Iterable[tuple[int, str]]) -> Config:
    cfg = Config()
    stack: list[Node] = [cfg.root]  # stack[d] = open node at depth d
    views: list[str | None] = [cm.SYSTEM]  # the view each open node opens
    blob: Node | None = None  # inside `public-key-code begin` … `end`: lines kept verbatim
    root = cfg.root.children
    base = 0  # indentation of the open top-level line
    for lineno, raw in numbered:
        line = raw.rstrip()  # REFERENCE §3.6: trailing spaces and terminal padding
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        if blob is not None:
            if stripped != "public-key-code end":
                key = f"{len(blob.children):05d}\x00{stripped}"
                blob.children[key] = Node(key, stripped, line=lineno)
                continue
            blob = None
        open_ = len(stack)
        if open_ == 1 and not root and is_header(stripped):
            cfg.header.append(stripped)
            continue
        indent = len(line) - len(stripped)
        if stripped == "#" or (indent == 0 and stripped == "return"):  # §3.3-3.7: separators
            if indent == 0:
                del stack[1:], views[1:]
            continue
        # REFERENCE §3.2: AR images indent global lines by one space, and print consecutive
        # ones without a separator (corpus AR1 ` snmp-agent local-engineid …` / ` snmp-agent`):
        # depth counts from the indentation of the open top-level line, and a line no deeper
        # than it is top-level too.
        if open_ == 1 or indent <= base:
            depth, base = 0, indent
        else:
            depth = indent - base
        if depth >= open_:
            cfg.issues.append(ParseIssue(lineno, line, "indented deeper than its section"))
            depth = open_ - 1
        _check_depth(depth, lineno)
        del stack[depth + 1 :], views[depth + 1 :]
        view = views[depth]
        # the classifier's own memo, read here first: most lines were seen before (the other
        # side of a compare shares most of them), and a call per line costs more than the lookup
        found = _CLASSIFIED.get((view, stripped), _NOT_SEEN)
        if found is _NOT_SEEN:
            found = classify(view, stripped)
        parent = stack[depth]
        node = _place_plain(parent, found, lineno) or _place(cfg, parent, found, stripped, lineno)
        if stripped == "public-key-code begin":
            blob = node
        stack.append(node)
        views.append(None if found is None or node.spec != found[0].id else found[0].opens)
    _finish(cfg.root)
    return cfg


def _check_depth(depth: int, lineno: int) -> None:
    if depth >= MAX_DEPTH:
        raise DiffError(f"line {lineno}: nested {depth + 1} levels deep (more than "
                        f"{MAX_DEPTH}): not a configuration")


_NOT_SEEN: tuple[cm.Spec, dict[str, str], str] = (cm.SPECS[0], {}, "")


def is_header(text: str) -> bool:
    return text.startswith("!") or (text.startswith("[V") and text.endswith("]"))


def _place(
    cfg: Config,
    parent: Node,
    found: tuple[cm.Spec, dict[str, str], str] | None,
    stripped: str,
    lineno: int,
) -> Node:
    if found is None:
        node = Node(stripped, stripped, line=lineno)
    else:
        spec, params, canon = found
        if spec.placed == cm.AF and parent.view() == cm.BGP:
            parent = af_of(parent)
        if spec.id == policy.PREFIX and "idx" not in params:
            params = dict(params, idx=next_index(parent, params["name"]))
            canon = prefix_text(params)
        node = make_node(spec, params, canon, lineno)
        if spec.kind == "undo" and spec.action == "set-remove":
            target = parent.children.get(TRUNK_SET)
            if target is None:
                target = parent.children[TRUNK_SET] = trunk_default(lineno)
            target.members = (target.members or set()) - {int(v) for v in params['v'].split()}
            return target
        if spec.id == vlan.VLAN_BLOCK:
            batch_add(parent, {int(params["id"])}, lineno)
    existing = parent.children.get(node.key)
    if existing is not None and node.members is not None and existing.members is not None:
        existing.members |= node.members  # REFERENCE §4.2/§4.4: continuation lines merge
        return existing
    if existing is not None and existing.spec is None and node.spec is None:
        n = 2
        while f"{node.key}\x00{n}" in parent.children:
            n += 1
        node.key = f"{node.key}\x00{n}"
        cfg.issues.append(ParseIssue(lineno, stripped, "duplicate line kept"))
    if node.key == TRUNK_SET:
        node.members = (node.members or set()) | {1}  # REFERENCE §4.4: VLAN 1 by default
    if existing is not None and existing.children and not node.children:
        existing.text, existing.params, existing.spec = node.text, node.params, node.spec
        existing.opens = node.opens
        return existing
    parent.children[node.key] = node
    return node


# Specs `_place` has no rule for beyond "a new key goes under its parent": no display
# placement (§4.9), no auto index (§4.10), no set or undo, not a `vlan N` block (§4.2).
_PLAIN = frozenset(
    s.id for s in cm.SPECS
    if s.placed is None and s.kind not in ("set", "undo")
    and s.id not in (policy.PREFIX, vlan.VLAN_BLOCK)
)


def _place_plain(parent: Node, found: Found | None, lineno: int) -> Node | None:
    """Most lines: a new key of a spec `_place` has no rule for, under its parent."""
    if found is None or found[0].id not in _PLAIN:
        return None
    spec, params, canon = found
    key = cm.key_of(spec, params)
    if key in parent.children or key == TRUNK_SET:
        return None
    node = parent.children[key] = Node(key, canon, spec.id, params, line=lineno,
                                       opens=spec.opens)
    return node


def trunk_default(lineno: int = 0) -> Node:
    """The allowed-VLAN set of a fresh trunk: VLAN 1 only (REFERENCE §4.4)."""
    return Node(TRUNK_SET, TRUNK_SET, interface.ALLOW_PASS, {}, members={1}, line=lineno)


def batch_add(root: Node, vlans: set[int], lineno: int = 0) -> None:
    """`vlan N` also adds N to `vlan batch` (REFERENCE §4.2); VLAN 1 is never listed."""
    vlans = vlans - {1}
    if not vlans:
        return
    batch = root.children.get(BATCH)
    if batch is None:
        root.children[BATCH] = Node(BATCH, BATCH, vlan.VLAN_BATCH, {}, members=set(vlans),
                                    line=lineno)
    else:
        batch.members = (batch.members or set()) | vlans


def af_of(process: Node) -> Node:
    """The `ipv4-family unicast` child of a bgp node, created if missing (REFERENCE §4.9)."""
    af = process.children.get(bgp.AF_KEY)
    if af is None:
        af = process.children[bgp.AF_KEY] = bgp.family_node()
    return af


def next_index(root: Node, name: str) -> str:
    """REFERENCE §4.10: index auto-assigned 10, 20, … when omitted."""
    prefix = f"ip ip-prefix {name} index "
    used = [int(k[len(prefix) :]) for k in root.children if k.startswith(prefix)]
    return str((max(used) // 10 + 1) * 10 if used else 10)


def prefix_text(p: dict[str, str]) -> str:
    """Display form of an ip-prefix entry: explicit index, mask length (REFERENCE §4.10)."""
    text = f"ip ip-prefix {p['name']} index {p['idx']} {p['action']} {p['addr']} {p['len']}"
    if p.get("ge"):
        text += f" greater-equal {p['ge']}"
    if p.get("le"):
        text += f" less-equal {p['le']}"
    return text


def _finish(node: Node) -> None:
    """Implied lines: trunk ports without a list allow VLAN 1 (REFERENCE §4.4); an IPv4 peer's
    `peer X as-number` implies `peer X enable` under ipv4-family unicast (§4.9)."""
    for child in node.children.values():
        if child.spec == interface.IFACE:
            lt = child.children.get(interface.LINK_TYPE_KEY)
            if lt is not None and lt.params.get("t") == "trunk" and TRUNK_SET not in child.children:
                child.children[TRUNK_SET] = trunk_default()
        elif child.spec == bgp.PROCESS:
            implied_enable(child)


def implied_enable(process: Node) -> None:
    peers = [n.params["p"] for n in process.children.values() if n.spec == bgp.PEER_AS]
    peers = [p for p in peers if p.count(".") == 3]
    if peers:
        bgp.implied_enable(af_of(process), peers)


# -- serialise ------------------------------------------------------------------------------


def serialize(config: Config, platform: str = "vrp5") -> str:
    """Config -> display form: `#` separators, one space per level, `return` (REFERENCE §3)."""
    out: list[str] = list(config.header)
    out.append("#")
    previous: str | None = None
    for node in config.root.children.values():
        if node.spec == vlan.VLAN_BLOCK and previous == vlan.VLAN_BLOCK and platform == "vrp5":
            out.pop()  # REFERENCE §4.2: VRP5 prints consecutive vlan blocks without `#`
        _emit(node, 0, out)
        out.append("#")
        previous = node.spec
    out.append("return")
    return "\n".join(out) + "\n"


def _emit(node: Node, depth: int, out: list[str]) -> None:
    if node.members is not None:
        out.extend(own_lines(node, depth))
        return
    if depth == 1 and is_family(node):
        out.extend(own_lines(node, depth))
    else:
        out.append(" " * depth + node.text)  # own_lines' usual case, without a list a line
    if node.children:
        for child in display_children(node):
            _emit(child, depth + 1, out)


def own_lines(node: Node, depth: int) -> list[str]:
    """A node's own display lines at `depth`, children excluded: its line (with the ` #` before
    an address family, REFERENCE §3.5), or every line of an additive set (§4.2, §4.4)."""
    pad = " " * depth
    if node.members is not None:
        return [pad + line for line in set_lines(node)]
    if depth == 1 and is_family(node):
        return [" #", pad + node.text]
    return [pad + node.text]


def block_lines(node: Node, depth: int = 0) -> list[str]:
    """Every display line of a node and its children, as `serialize` prints them."""
    out: list[str] = []
    _emit(node, depth, out)
    return out


def display_children(node: Node) -> list[Node]:
    """Children in display order: in a bgp process session lines first, then the families
    (REFERENCE §4.9)."""
    kids = list(node.children.values())
    if node.spec == bgp.PROCESS:
        kids = [k for k in kids if not is_family(k)] + [k for k in kids if is_family(k)]
    return kids


def is_family(node: Node) -> bool:
    """An address family of a bgp process (shown after the session lines, REFERENCE §4.9)."""
    return node.spec == bgp.FAMILY or node.text.startswith(
        ("ipv4-family", "ipv6-family", "l2vpn-family", "vpls-family", "evpn"))
