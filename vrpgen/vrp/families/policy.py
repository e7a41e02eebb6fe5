"""Policy family: `ip ip-prefix` lists (REFERENCE §4.10) and `route-policy` nodes with their
`if-match` and `apply` clauses (REFERENCE §4.11)."""

from __future__ import annotations

from dataclasses import replace

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import HIGH, MEDIUM, POLICY, SYSTEM, Rating, Risks, Spec, render, spec

ROUTE_POLICY, UNDO_ROUTE_POLICY = "route-policy", "undo-route-policy"
PREFIX, UNDO_PREFIX = "ip-prefix", "undo-ip-prefix"
IF_MATCH_PREFIX, UNDO_IF_MATCH_PREFIX = "if-match-prefix", "undo-if-match-prefix"
APPLY_COST, APPLY_LP = "apply-cost", "apply-lp"
APPLY_COMMUNITY, APPLY_AS_PATH, UNDO_APPLY = "apply-community", "apply-as-path", "undo-apply"

# REFERENCE §2.5
Q_LAST_IF_MATCH = "Warning: The last if-match clause of the node will be deleted. Continue? [Y/N]:"

RULE_POLICY = "route-policy"  # permit/deny change re-creates the node; adds before removals
RULE_PREFIX = "ip-prefix"  # the same index replaces the entry (§4.10)
RULES = frozenset({RULE_POLICY, RULE_PREFIX})

_POLICY = Rating(MEDIUM, "changes routing policy")
_RISKS = Risks(_POLICY, _POLICY)

SPECS: tuple[Spec, ...] = (
    spec(ROUTE_POLICY, "route-policy <name:word> <action:enum:permit|deny> node "
         "<node:int:0-65535>", SYSTEM, "section", "route-policy {name} node {node}",
         "undo route-policy {name} node {node}", opens=POLICY, remediation="family",
         rule=RULE_POLICY, ref="§4.11", risk=_RISKS),
    spec(UNDO_ROUTE_POLICY, ("undo route-policy <name:word>",
                             "undo route-policy <name:word> node <node:int:0-65535>"),
         SYSTEM, "undo", "route-policy {name}", action="policy-remove", remediation="command",
         ref="§4.11"),
    spec(PREFIX, "ip ip-prefix <name:word> [index <idx:int:1-4294967295>] "
         "<action:enum:permit|deny> <addr:ip> <len:len> [greater-equal <ge:int:0-32>] "
         "[less-equal <le:int:0-32>]", SYSTEM, "keyed", "ip ip-prefix {name} index {idx}",
         "undo ip ip-prefix {name} index {idx}", remediation="family", rule=RULE_PREFIX,
         ref="§4.10", risk=_RISKS),
    spec(UNDO_PREFIX, ("undo ip ip-prefix <name:word>",
                       "undo ip ip-prefix <name:word> index <idx:int:1-4294967295>"),
         SYSTEM, "undo", "ip ip-prefix {name}", action="prefix-remove", remediation="command",
         ref="§4.10"),
)
VIEW_SPECS: tuple[Spec, ...] = (
    spec(IF_MATCH_PREFIX, "if-match ip-prefix <p:word>", POLICY, "keyed",
         "if-match ip-prefix {p}", "undo if-match ip-prefix {p}", undo_question=Q_LAST_IF_MATCH,
         remediation="generic", ref="§4.11", risk=_RISKS),
    spec(UNDO_IF_MATCH_PREFIX, "undo if-match ip-prefix <p:word>", POLICY, "undo",
         "if-match ip-prefix {p}", action="remove", question=Q_LAST_IF_MATCH,
         remediation="command", ref="§4.11, §2.5"),
    spec(APPLY_COST, "apply cost <c:int:0-4294967295>", POLICY, "replace", "apply cost",
         "undo apply cost", remediation="generic", ref="§4.11", risk=_RISKS),
    spec(APPLY_LP, "apply local-preference <c:int:0-4294967295>", POLICY, "replace",
         "apply local-preference", "undo apply local-preference", remediation="generic",
         ref="§4.11", risk=_RISKS),
    # `apply community … [ additive ]` (§4.11): the values as typed (aa:nn, no-export, …).
    spec(APPLY_COMMUNITY, "apply community <c:text>", POLICY, "replace", "apply community",
         "undo apply community", remediation="generic", ref="§4.11", risk=_RISKS),
    # Not in REFERENCE: Huawei AR600/AR6000 V300R021 Command Reference (EDOC1100203224),
    # "apply as-path": `apply as-path AS&<1-10> additive`, undone by `undo apply as-path`.
    spec(APPLY_AS_PATH, "apply as-path <a:text>", POLICY, "replace", "apply as-path",
         "undo apply as-path", remediation="generic", ref="EDOC1100203224 apply as-path",
         risk=_RISKS),
    # the removals the apply clauses above send (§6.11: `undo` + the clause's key words)
    spec(UNDO_APPLY, "undo apply <what:enum:cost|local-preference|community|as-path>", POLICY,
         "undo", "apply {what}", action="remove", remediation="command", ref="§4.11, §6.11"),
)


def prefix(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """REFERENCE §4.10: an entry with the same index replaces the old one: no undo."""
    return [] if r is not None and r.text == i.text else [d.line(i)]


def policy(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """route-policy node; a permit/deny change re-creates the node (REFERENCE §4.11 [INFERRED])."""
    if r is not None and r.params["action"] != i.params["action"]:
        undo = d.spec(ROUTE_POLICY)
        assert undo is not None and undo.undo is not None
        drop = d.cmd(render(undo.undo, r.params, undo), ROUTE_POLICY, removal=True,
                     values=r.params)
        # no in-place permit/deny change is documented: between the two commands the node is
        # gone, and a peer using the policy sees the other nodes only
        drop = replace(drop, level=HIGH, reason=(
            f"re-creates node {r.params['node']} of route-policy {r.params['name']} as "
            f"{i.params['action']}: until it is back, routes it matched fall to the next node"))
        return [drop, *d.create(i)]
    if r is None:
        return d.create(i)
    removes, adds = d.children_diff(r, i)
    if not removes and not adds:
        return []
    return [enter(i.text), *adds, *removes, enter("quit")]  # adds first: never an empty node


def deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Removed policy nodes, then removed prefix entries: after everything that used them."""
    gone = [n for k, n in rk.items() if n.spec in (ROUTE_POLICY, PREFIX) and k not in ik]
    gone.sort(key=lambda n: n.spec == PREFIX)  # stable: running order within each kind
    return [c for c in map(d.remove, gone) if c is not None]
