"""Remediation: the phases, in order, that take the running tree to the intended one.

Minimal and non-disruptive (REFERENCE §6); the rules live in the family modules, this module
orders them: VLAN creation and ip-prefix entries, route-policy nodes, interfaces, OSPF, BGP,
other top-level lines, then deletions of policies, prefixes and VLANs (§4.2, §4.10), and
`sysname` last (REFERENCE §5.3: a new sysname breaks the session). Only managed nodes are given
here (see scope.py).

Every top-level spec is dispatched by its `remediation` disposition (spec.py): a family spec to
the phase of its rule, a generic one to the generic diff, a spec kept as text is sent as written.
A family rule no phase implements fails at import, not silently in a plan (issue 8).

Nothing is dropped silently (issue 10): a section the model does not know that both sides have
is diffed line by line (added lines in their view path; a removed or changed line refused), and
every refusal of every family is collected: the device's plan then stops with
`RemediationError` ("cannot remediate: <lines>"). Each risk reason names its object: a reason
that does not already name the section it is sent in gets its view path appended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vrpgen.errors import RemediationError
from vrpgen.vrp import commands as cm
from vrpgen.vrp.families import (
    bgp,
    interface,
    management,
    ospf,
    policy,
    static,
    stp,
    system,
    vlan,
    vpn,
)
from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import Spec
from vrpgen.vrp.tree import classify

PerNode = Callable[[Node | None, Node, Diff], list[Command]]

# Top-level rules applied node by node, in the intended order, phase by phase.
_PHASES: tuple[dict[str, PerNode], ...] = (
    {vlan.RULE_BLOCK: vlan.block, policy.RULE_PREFIX: policy.prefix,
     policy.RULE_FILTER: policy.filter_entry, bgp.RULE_BFD: bgp.bfd},
    {policy.RULE_POLICY: policy.policy},
    {vpn.RULE_INSTANCE: vpn.instance},  # before the interfaces that bind to them (§4.5)
    {interface.RULE_INTERFACE: interface.interface},
    {static.RULE_ROUTE: static.route},  # after the interfaces and instances they use (§4.7)
    {stp.RULE_BRIDGE: stp.bridge},  # root role / bridge priority per instance
    {management.RULE_AAA: management.aaa, management.RULE_BANNER: management.banner,
     management.RULE_SNMP: management.snmp},
)
# Top-level rules applied to the whole tree by their own phase below.
_WHOLE = frozenset({vlan.RULE_BATCH, system.RULE_SYSNAME, ospf.RULE_PROCESS, bgp.RULE_PROCESS})
# Every rule the family modules implement; top-level or inside a family's own section rule.
_IMPLEMENTED = cm.RULES


def check_table(specs: Iterable[Spec]) -> None:
    """A family spec whose rule no family implements cannot be planned: refuse to load."""
    per_node = {rule for phase in _PHASES for rule in phase}
    for spec in specs:
        if spec.remediation != "family":
            continue
        if spec.rule not in _IMPLEMENTED:
            raise RuntimeError(f"spec {spec.id!r}: no family implements rule {spec.rule!r}")
        if spec.views == {cm.SYSTEM} and spec.rule not in per_node | _WHOLE:
            raise RuntimeError(f"spec {spec.id!r}: rule {spec.rule!r} has no top-level phase")


check_table(cm.SPECS)


@dataclass(slots=True)
class Result:
    commands: list[Command] = field(default_factory=list)
    unmanaged: int = 0


def remediate(running: Node, intended: Node, platform: str = "vrp5") -> Result:
    """Commands taking `running` (already cut to the managed scope) to `intended`."""
    d = Diff(cm.BY_ID, platform, lookalike=_lookalike)
    rk, ik = running.children, intended.children
    out = vlan.additions(rk, ik, d)
    family = _family_nodes(ik, d)
    for phase in _PHASES:
        for rule, key, node in family:
            if rule in phase:
                out.extend(phase[rule](rk.get(key), node, d))
    out.extend(ospf.processes(running, intended, d))
    out.extend(bgp.process(rk.get(bgp.KEY), ik.get(bgp.KEY), d))
    out.extend(_generic(rk, ik, d))
    out.extend(static.deletions(rk, ik, d))
    out.extend(interface.deletions(rk, ik, d))
    out.extend(policy.deletions(rk, ik, d))
    out.extend(management.snmp_deletions(rk, ik, d))
    out.extend(vlan.deletions(rk, ik, d))
    out.extend(system.sysname(rk, ik, d))
    for key, node in ik.items():
        spec = d.spec(node.spec)
        if (spec is None or spec.remediation == "command") and key not in rk:
            out.extend(d.create(node))  # unknown lines (and a stray typed undo): as written
        elif spec is None and (node.children or rk[key].children):
            out.extend(d.section(rk[key], node))  # a section the model does not know
    if d.refused:
        raise RemediationError(d.refused)
    return Result(_name_objects(out), d.unmanaged)


def _family_nodes(ik: dict[str, Node], d: Diff) -> list[tuple[str, str, Node]]:
    """(rule, key, node) of the intended top-level lines a family rule plans, classified once
    for all the phases; Eth-Trunks before the other interfaces: a trunk exists before a member
    joins it (REFERENCE §4.6), whatever order the intended text lists them in."""
    found: list[tuple[str, str, Node]] = []
    for key, node in ik.items():
        spec = d.spec(node.spec)
        if spec is not None and spec.remediation == "family" and spec.rule is not None:
            found.append((spec.rule, key, node))
    return ([f for f in found if f[1].startswith(_TRUNK_KEY)]
            + [f for f in found if not f[1].startswith(_TRUNK_KEY)])


_TRUNK_KEY = "interface Eth-Trunk"


def _name_objects(commands: list[Command]) -> list[Command]:
    """Every risk reason names its object: the view path (`interface X`, `bgp 100 >
    ipv4-family vpn-instance A`) is appended to a reason that does not name its section."""
    views: list[str | None] = [cm.SYSTEM]
    path: list[str] = []
    # per open section: (what it names, the ` (a > b)` suffix), built once per section rather
    # than once per command in it (a plan can hold tens of thousands of commands)
    named: list[tuple[str, str]] = []
    out: list[Command] = []
    for c in commands:
        if c.text == "quit":
            if path:
                path.pop()
                views.pop()
                named.pop()
            out.append(c)
            continue
        view = views[-1]
        found = None
        if c.level is None or _may_open(view, c.text):  # most commands: no need to classify
            found = classify(view, c.text)
        opens = found[0].opens if found is not None else None
        if c.level is not None and named and named[-1][0] not in c.reason:
            # dataclasses.replace, spelled out: replace() costs several times more per call
            c = Command(c.text, c.question, c.answer, c.level, c.reason + named[-1][1])
        out.append(c)
        if opens is not None or (c.level is None and found is None):
            path.append(c.text)
            views.append(opens)
            named.append((_object(c.text), f" ({' > '.join(path)})"))
    return out


_MAY_OPEN: dict[tuple[str, str], bool] = {}


def _may_open(view: str | None, text: str) -> bool:
    """Whether a spec that opens a view could match `text` in `view`: the specs its first word
    may name (cm.candidates, as the classifier looks them up) include one."""
    if view is None:
        return False
    key = (view, text.split(" ", 1)[0])
    found = _MAY_OPEN.get(key)
    if found is None:
        found = _MAY_OPEN[key] = any(s.opens for s, _ in cm.candidates(*key))
    return found


def _object(section: str) -> str:
    """What a section line names: `interface X` -> X, `bgp 100` -> 100."""
    words = section.split(" ", 1)
    return words[-1]


def _lookalike(text: str) -> tuple[Spec, dict[str, str]] | None:
    """(spec, params) `text` has in the first view of the table that knows it (for its risk)."""
    for view in cm.INDEX:
        found = classify(view, text)
        if found is not None:
            return found[0], found[1]
    return None


def _generic(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Top-level specs of the generic kinds, and those kept as text (sent as written, never
    removed: counted unmanaged), by the generic diff; additions first."""
    r_top = Node("", "", children={k: v for k, v in rk.items() if _is_generic(d, v)})
    i_top = Node("", "", children={k: v for k, v in ik.items() if _is_generic(d, v)})
    removes, adds = d.children_diff(r_top, i_top)
    return [*adds, *removes]


def _is_generic(d: Diff, node: Node) -> bool:
    spec = d.spec(node.spec)
    return spec is not None and spec.remediation in ("generic", "text")
