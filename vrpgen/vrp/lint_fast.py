"""Fast path of the linter: prove that a display-form text has no lint issue, without a tree.

    clean_interfaces(text) -> tuple of interface names | None

Every rendered config is linted (render.check_output) and must come out clean; at fabric scale
most of its lines repeat from device to device (the same port bodies, the same ospf/bgp lines).
This walks the lines as `tree._parse` does (indentation -> view), but judges each distinct line
once per view and each distinct section (the text between top-level `#`) once, keeps both in
bounded caches, and builds no node: a parent only remembers its children's keys, to see the
placements `tree._place` would merge or replace.

It answers only what it can prove: None whenever a line would be an issue (unknown, malformed,
not in display form, indented too deep), would raise (control character, a number too long,
nesting too deep), or takes a placement rule other than "a new key under its parent" or an
additive set (a duplicate key, an AF option typed in the bgp view, an ip-prefix without index,
a line under a leaf or a set, a `public-key-code` blob, CR or NUL characters). The caller then
runs the full linter, whose answer is the reference; tests/vrp/test_vrp_lint_fast.py holds the
two to the same issues. The verdicts depend on the text only; the interface types a platform
or model lacks (REFERENCE §4.3) are the caller's check, on the names returned.
"""

from __future__ import annotations

from typing import Literal

from vrpgen.vrp import commands as cm
from vrpgen.vrp import tree
from vrpgen.vrp.families import interface, policy, vlan

# What a line is, before its view is known (tree._parse's order of tests).
_NORMAL, _HEADER, _SKIP, _RESET, _REFUSE = range(5)
# (key among its siblings, is an additive set, a set key it also adds (a `vlan N` adds to
# `vlan batch`, REFERENCE §4.2), the view it opens, its interface name); False: not provable.
Verdict = tuple[str, bool, str | None, str | None, str | None]
Judged = Verdict | Literal[False]
Line = tuple[int, int, dict[str, Judged]]

# Distinct raw lines seen, with their verdict per view. Bounded: emptied when full (a fabric's
# unique lines, its addresses and descriptions, would otherwise grow it without end).
_LINES: dict[str, Line] = {}
_LINES_MAX = 16_384
_NO_VIEWS: dict[str, Judged] = {}  # lines never judged (separators, refused)
_LEAF: dict[str, bool] = {}  # a leaf's children keys: never written (refused before)


# A chunk: the text between two top-level `#` separators (one section, mostly). Its walk starts
# at the system view whatever came before (tree._parse empties its stack at each `#`), so its
# outcome depends on its text alone: what it adds at the top (replayed against the other
# chunks' keys) and the interfaces it names. Rendered configs repeat whole chunks (the same
# port bodies on every leaf). A chunk holding a header line is not kept (whether a header is
# skipped depends on what came before). None: not provable.
Chunk = tuple[tuple[Verdict, ...], tuple[str, ...]]
_CHUNKS: dict[str, Chunk | None] = {}
_CHUNKS_MAX = 4_096


def clean_interfaces(text: str) -> tuple[str, ...] | None:
    """The names of the interfaces a clean text configures (for the platform's check), or None
    when the text may have an issue (then only the full linter can tell)."""
    if "\r" in text or "\x00" in text:
        return None  # other line ends or dropped NULs: the lint's line numbering differs
    root: dict[str, bool] = {}  # top-level keys -> is an additive set
    names: list[str] = []
    for text_of_chunk in text.split("\n#\n"):
        chunk = _CHUNKS.get(text_of_chunk, _UNSEEN)
        if chunk is _UNSEEN:
            chunk = _walk(text_of_chunk, bool(root))
        if chunk is None:
            return None
        tops, chunk_names = chunk
        for verdict in tops:
            if not _merge(verdict, root):
                return None
        names.extend(chunk_names)
    return tuple(names) if root else None  # nothing at the top: parse may refuse the text


_UNSEEN: Chunk = ((), ())


def _walk(text: str, top: bool) -> Chunk | None:  # noqa: C901  (the hot loop, inline)
    """The lines of one chunk as tree._parse places them, from the system view; `top`: a
    top-level line came before (a header line is then a command, REFERENCE §3.2)."""
    views: list[str | None] = [cm.SYSTEM]  # the view each open line opens (None: a leaf)
    keys: list[dict[str, bool]] = [{}]  # its children's keys -> is an additive set
    tops: list[Verdict] = []
    names: list[str] = []
    base = 0
    keep = True  # no header line: the outcome is the text's alone
    seen = _LINES.get
    for raw in text.split("\n"):
        line = seen(raw)
        if line is None:
            line = _remember(raw)
        kind, indent, verdicts = line
        if kind:
            if kind == _SKIP:
                continue
            if kind == _RESET:
                del views[1:], keys[1:]
                continue
            if kind == _REFUSE:
                return _keep(text, None)
            keep = False
            if len(views) == 1 and not (top or tops):
                continue  # a header line (REFERENCE §3.2)
        # depth as tree._parse counts it (REFERENCE §3.2, §3.4)
        open_ = len(views)
        if open_ == 1 or indent <= base:
            depth, base = 0, indent
        else:
            depth = indent - base
            if depth >= open_ or depth >= tree.MAX_DEPTH:
                return _keep(text, None) if keep else None  # too deep (or nested: raises)
        del views[depth + 1 :], keys[depth + 1 :]
        view = views[depth]
        if view is None:
            return _keep(text, None) if keep else None  # under a leaf or a set
        verdict = verdicts.get(view)
        if verdict is None:
            verdict = verdicts[view] = _judge(raw, view)
        if verdict is False:
            return _keep(text, None) if keep else None
        key, is_set, also, opens, name = verdict
        if depth == 0:
            tops.append(verdict)  # placed against the other chunks' top-level keys
        else:
            siblings = keys[depth]
            if is_set or also is not None:
                if not _merge(verdict, siblings):
                    return _keep(text, None) if keep else None
            elif key in siblings:
                return _keep(text, None) if keep else None  # tree._place merges or replaces
            else:
                siblings[key] = False
        if name is not None:
            names.append(name)
        views.append(opens)
        keys.append({} if opens is not None else _LEAF)
    chunk = (tuple(tops), tuple(names))
    return _keep(text, chunk) if keep else chunk


def _keep(text: str, chunk: Chunk | None) -> Chunk | None:
    if len(_CHUNKS) >= _CHUNKS_MAX:
        _CHUNKS.clear()
    _CHUNKS[text] = chunk
    return chunk


def _merge(verdict: Verdict, siblings: dict[str, bool]) -> bool:
    """Record a line among its siblings: a new key, or an additive set (its own, or the
    `vlan batch` a `vlan N` adds to); False where tree._place would merge it into, or replace,
    a line of another kind (only sets merge: REFERENCE §4.2, §4.4)."""
    key, is_set, also, _, _ = verdict
    if is_set:
        if not siblings.get(key, True):
            return False
        siblings[key] = True
    elif key in siblings:
        return False
    else:
        siblings[key] = False
    if also is not None:
        if not siblings.get(also, True):
            return False
        siblings[also] = True
    return True


def _remember(raw: str) -> Line:
    if len(_LINES) >= _LINES_MAX:
        _LINES.clear()
    line = _LINES[raw] = _line(raw)
    return line


_SKIP_LINE: Line = (_SKIP, 0, _NO_VIEWS)
_RESET_LINE: Line = (_RESET, 0, _NO_VIEWS)
_REFUSE_LINE: Line = (_REFUSE, 0, _NO_VIEWS)


def _line(raw: str) -> Line:
    """What a raw line is, as tree.check_text and tree._parse see it."""
    if tree.BINARY_CHAR.search(raw) is not None:
        return _REFUSE_LINE  # not a configuration: parse raises
    if len(raw) > tree.MAX_DIGITS and tree.LONG_NUMBER.search(raw) is not None:
        return _REFUSE_LINE
    line = raw.rstrip()  # REFERENCE §3.6
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if not stripped:
        return _SKIP_LINE
    if stripped == "public-key-code begin":
        return _REFUSE_LINE  # a verbatim blob follows (tree._parse keeps it as text)
    if stripped == "#" or (indent == 0 and stripped == "return"):  # §3.3-3.7: separators
        return _RESET_LINE if indent == 0 else _SKIP_LINE
    return (_HEADER if tree.is_header(stripped) else _NORMAL), indent, {}


def _judge(raw: str, view: str) -> Judged:
    """The verdict of a line in `view`: False where lint would report it, or tree._place has a
    rule for it beyond a new key or an additive set."""
    stripped = raw.rstrip().lstrip(" ")
    found = tree.classify_once(view, stripped)
    if found is None:
        return False  # not modelled here: a note, or an error
    spec, params, canon = found
    if spec.placed == cm.AF and view == cm.BGP:
        return False  # moved under ipv4-family (REFERENCE §4.9)
    if spec.id == policy.PREFIX and "idx" not in params:
        return False  # index assigned from its siblings (REFERENCE §4.10)
    try:
        return _verdict(spec, params, canon, raw)
    except (KeyError, ValueError):
        return False  # a value tree._place cannot read: let the full parse say what it does


def _verdict(spec: cm.Spec, params: dict[str, str], canon: str, raw: str) -> Judged:
    if spec.kind == "undo" and spec.action == "set-remove":
        _read_members(params)
        return tree.TRUNK_SET, True, None, None, None  # takes members from the trunk's set
    key = cm.key_of(spec, params)
    if spec.kind == "set":
        _read_members(params)
        return (key, True, None, None, None) if spec.opens is None and key else False
    if not key or key == tree.TRUNK_SET or raw.strip() != canon:
        return False  # not in display form (REFERENCE §2.1, §3.10), or a key tree reserves
    also = None
    if spec.id == vlan.VLAN_BLOCK and int(params["id"]) != 1:
        also = tree.BATCH  # `vlan N` adds N to `vlan batch`, never VLAN 1 (REFERENCE §4.2)
    name = params.get("name", "") if spec.id == interface.IFACE else None
    return key, False, also, spec.opens, name


def _read_members(params: dict[str, str]) -> None:
    """Raise as tree.make_node / tree._place do when a set's members are not numbers."""
    for v in params["v"].split():
        int(v)
