"""The generic diff of two sections: keyed, replace, set and nested section lines (REFERENCE §6).

`Diff` is one remediation run: it holds the command table (passed in by the orchestrator, so
the family modules that call it never import the table: no cycle), the platform, and the count
of running lines left alone. Removals use each spec's undo template; a spec without one, a line
the model does not know and a spec kept as text are never removed, only counted unmanaged.

Nothing is dropped silently (issue 10): inside a section the model does not know (an opaque
node with children), lines are added in their view path, and a running line intended lacks or
changes is refused (`refuse`): the orchestrator stops that device's plan with
`RemediationError` listing every refused line. In a section the model knows, a line it does not
know is left alone (counted unmanaged) unless intended changes it: an unknown line intended adds
whose first keyword a running-only unknown line of the same section shares is a change the model
cannot make (the old line would stay), refused too. A line holding a secret is shown encrypted
(REFERENCE §3.10, §6.3: secret values are never compared): when intended adds a line of the same
setting (the same words up to the secret), the running one is that setting re-sent, not a
change the model cannot make: left alone. In a section the model knows, a running line holding
a secret is never taken for a changed one (its value cannot be compared): left alone, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from vrpgen.vrp import vlanlist
from vrpgen.vrp.node import TRUNK_SET, Node, set_lines
from vrpgen.vrp.risk import Command, command, enter
from vrpgen.vrp.spec import Spec, render


def members(node: Node | None) -> set[int]:
    return set(node.members or ()) if node is not None else set()


def same(a: dict[str, Node], b: dict[str, Node]) -> bool:
    """Children equal in meaning (a cheap test before any diffing: most sections agree)."""
    if a.keys() != b.keys():
        return False
    for key, new in b.items():
        old = a[key]
        if old.text != new.text or old.members != new.members:
            return False
        if (old.children or new.children) and not same(old.children, new.children):
            return False
    return True


def lines_of(node: Node) -> int:
    """Lines a node left alone counts for: itself and its children."""
    return 1 + sum(lines_of(c) for c in node.children.values())


@dataclass(slots=True)
class Diff:
    specs: Mapping[str, Spec]
    platform: str = "vrp5"
    unmanaged: int = 0
    # For a line the model does not know where it stands (an address family it lacks): the
    # spec the same text has in a view the model knows, to rate its risk by.
    lookalike: Callable[[str], tuple[Spec, dict[str, str]] | None] | None = None
    # the view path being diffed (section texts), for refusals
    where: list[str] = field(default_factory=list)
    # values every rating may name: `ifn` (the interface being diffed), `vrf`, `af`
    context: dict[str, str] = field(default_factory=dict)
    # lines that cannot be remediated, with their view path and why (RemediationError)
    refused: list[str] = field(default_factory=list)

    @contextmanager
    def inside(self, text: str, **context: str) -> Iterator[None]:
        """Diff inside the section `text` (its path is named by refusals; `context` values are
        given to every rating in it)."""
        saved = dict(self.context)
        self.where.append(text)
        self.context.update(context)
        try:
            yield
        finally:
            self.where.pop()
            self.context = saved

    def refuse(self, line: str, why: str) -> None:
        """A change the model cannot make: the device's plan stops (never dropped silently)."""
        path = " > ".join([*self.where, line])
        self.refused.append(f"{path} ({why})")

    def spec(self, sid: str | None) -> Spec | None:
        return self.specs.get(sid) if sid is not None else None

    def cmd(
        self,
        text: str,
        sid: str | None,
        question: str | None = None,
        *,
        removal: bool = False,
        replaced: bool = False,
        values: dict[str, str] | None = None,
    ) -> Command:
        """A command sending `text` as spec `sid`'s line (or its undo), rated by that spec."""
        spec, values = self._rated_as(sid, text, values)
        return command(text, spec, question, removal=removal, replaced=replaced,
                       values=self._with_context(values))

    def _with_context(self, values: dict[str, str] | None) -> dict[str, str] | None:
        if not self.context:
            return values
        return {**self.context, **(values or {})}

    def line(self, node: Node, *, replaced: bool = False) -> Command:
        """Send a node's own line, with its spec's dialog."""
        spec = self.spec(node.spec)
        rated, values = self._rated_as(node.spec, node.text, node.params)
        return command(node.text, rated, spec.question if spec is not None else None,
                       replaced=replaced, values=self._with_context(values))

    def _rated_as(
        self, sid: str | None, text: str, values: dict[str, str] | None
    ) -> tuple[Spec | None, dict[str, str] | None]:
        spec = self.spec(sid)
        if spec is not None or self.lookalike is None:
            return spec, values
        found = self.lookalike(text)
        if found is None or found[0].remediation == "command":
            return None, values  # a typed undo form has no rating of its own: rated as an undo
        return found

    def set_cmd(self, node: Node, chunk: str, *, removal: bool = False,
                replaced: bool = False) -> Command:
        """One line of an additive set (REFERENCE §4.2, §4.4): add or undo `chunk`."""
        text = f"undo {node.key} {chunk}" if removal else f"{node.key} {chunk}"
        return self.cmd(text, node.spec, removal=removal, replaced=replaced, values={"v": chunk})

    def create(self, node: Node) -> list[Command]:
        """Lines that create `node` from nothing, children included, with `quit`s."""
        if node.members is not None:
            out = []
            for text in set_lines(node):
                removal = text.startswith("undo ")
                chunk = text[len(node.key) + (6 if removal else 1) :]
                out.append(self.set_cmd(node, chunk, removal=removal))
            return out
        spec = self.spec(node.spec)
        if (spec is not None and spec.kind == "section") or node.children:
            with self.inside(node.text):
                kids = [c for child in node.children.values() for c in self.create(child)]
            return [enter(node.text), *kids, enter("quit")]
        return [self.line(node)]

    def undo_of(self, node: Node) -> str | None:
        """The removal line of a node, or None when the model knows no safe undo or keeps the
        spec as text."""
        spec = self.spec(node.spec)
        if spec is None or spec.undo is None or spec.remediation == "text":
            return None
        return render(spec.undo, node.params, spec)

    def remove(self, node: Node) -> Command | None:
        """The undo of `node` as a command, or None (then counted unmanaged)."""
        line = self.undo_of(node)
        if line is None:
            self.unmanaged += lines_of(node)
            return None
        spec = self.specs[node.spec or ""]
        return self.cmd(line, node.spec, spec.undo_question, removal=True, values=node.params)

    def children_diff(
        self, r: Node | None, i: Node, skip: frozenset[str] = frozenset()
    ) -> tuple[list[Command], list[Command]]:
        """(removals, additions) between the children of two nodes of the same view.

        In a section the model does not know (`i` opaque), a running line intended lacks or
        changes is refused; elsewhere an unknown running line is left alone unless intended
        changes it (an added unknown line with the same first keyword)."""
        rk = r.children if r is not None else {}
        adds: list[Command] = []
        added_unknown: set[str] = set()
        added_secret: set[str] = set()
        for key, node in i.children.items():
            if key in skip:
                continue
            old = rk.get(key)
            spec = self.spec(node.spec)
            if node.members is not None:
                adds.extend(self.set_diff(old, node))
            elif old is None:
                adds.extend(self.create(node))
                if node.spec is None and not node.children:
                    added_unknown.add(_stem(node.text))
                    head = _secret_head(node.text)
                    if head != _NO_SECRET:
                        added_secret.add(head)
            elif node.children or old.children or (spec is not None and spec.kind == "section"):
                adds.extend(self.section(old, node))
            elif old.text != node.text and not (spec is not None and spec.secret):
                adds.append(self.line(node, replaced=True))
        removes = self._removals(rk, i, skip, added_unknown, added_secret)
        return removes, adds

    def _removals(self, rk: dict[str, Node], i: Node, skip: frozenset[str],
                  added_unknown: set[str], added_secret: set[str]) -> list[Command]:
        """Removals of the running lines intended lacks (see `children_diff`)."""
        opaque = i.spec is None and i.key != ""
        removes: list[Command] = []
        for key, old in rk.items():
            if key in skip or key in i.children:
                continue
            unknown_leaf = old.spec is None and not old.children
            if unknown_leaf and _secret_head(old.text) in added_secret:
                self.unmanaged += 1  # the same secret setting, re-sent by intended (§6.3)
            elif opaque:
                self._remove_strict(old, removes)
            elif (unknown_leaf and _stem(old.text) in added_unknown
                  and _secret_head(old.text) == _NO_SECRET):
                self.refuse(old.text, "intended changes a line the model knows no undo for")
            else:
                cmd = self.remove(old)
                if cmd is not None:
                    removes.append(cmd)
        return removes

    def _remove_strict(self, old: Node, removes: list[Command]) -> None:
        """A running line intended lacks, in a section the model does not know: its undo only
        where the table knows one for it (generic), else refused."""
        spec = self.spec(old.spec)
        if spec is not None and spec.remediation == "generic" and spec.undo is not None:
            cmd = self.remove(old)
            if cmd is not None:
                removes.append(cmd)
            return
        self.refuse(old.text, "no undo known for a line of a section the model does not know")

    def section(self, r: Node | None, i: Node) -> list[Command]:
        """Enter `i`, remove then add its children, quit; nothing when they already agree."""
        if r is None:
            return self.create(i)
        if same(r.children, i.children):
            return []
        with self.inside(i.text):
            removes, adds = self.children_diff(r, i)
        if not removes and not adds:
            return []
        return [enter(i.text), *removes, *adds, enter("quit")]

    def set_diff(self, old: Node | None, new: Node) -> list[Command]:
        """Additive set by set difference, 10 items a command (REFERENCE §4.2, §4.4)."""
        have = members(old) if old is not None else ({1} if new.key == TRUNK_SET else set())
        want = members(new)
        out = [self.set_cmd(new, c, removal=True, replaced=old is not None)
               for c in vlanlist.chunks(have - want)]
        out.extend(self.set_cmd(new, c) for c in vlanlist.chunks(want - have))
        return out


def _stem(text: str) -> str:
    """The first keyword of a line, `undo` aside (for a peer: `peer X keyword`): what two
    versions of one setting share."""
    words = text.split()
    if words and words[0] == "undo":
        words = words[1:]
    if words and words[0] == "peer":
        return " ".join(words[:3])
    return words[0] if words else ""


# REFERENCE §3.10, §4.8, §4.9: the keywords after which a line's value is a secret.
_SECRET_WORDS = frozenset({"password", "cipher", "simple", "plain", "irreversible-cipher"})


def _secret_head(text: str) -> str:
    """The words of a line up to its secret (`local-user admin password irreversible-cipher`),
    or "" when it holds none (then it matches nothing)."""
    words = text.split()
    for n, word in enumerate(words):
        if word in _SECRET_WORDS:
            rest = words[n + 1 : n + 2]
            if rest and rest[0] in _SECRET_WORDS:  # `password cipher X`
                n += 1
            return " ".join(words[: n + 1])
    return _NO_SECRET


_NO_SECRET = "\x00"
